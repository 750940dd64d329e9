/** Thrown for an identity or payload the hook cannot use; `message` says which field and why. */
export class PayloadError extends Error {
  readonly code = "HOOK_BAD_PAYLOAD";
  constructor(message: string) {
    super(message);
    this.name = "PayloadError";
  }
}
