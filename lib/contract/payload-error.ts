import { LIBRARY_RELEASE, RELEASE_FIELD } from "./names";

/** Thrown for an identity or payload the hook cannot use; `message` says which field and why. */
export class PayloadError extends Error {
  readonly code = "HOOK_BAD_PAYLOAD";
  constructor(
    message: string,
    /** What to do, when it is not "synth again" (a payload or state of a newer release). */
    readonly hint?: string,
  ) {
    super(message);
    this.name = "PayloadError";
  }
}

/**
 * "cdktf-consumer-groups 0.4.0", the release that wrote a payload or manifest this hook cannot
 * read, from its `by` field; a newer format without one still names this release as older.
 */
export function writerOf(raw: unknown): string {
  const by = (raw as Record<string, unknown> | null | undefined)?.[RELEASE_FIELD];
  return typeof by === "string" && /^[0-9A-Za-z.+-]{1,40}$/.test(by)
    ? `cdktf-consumer-groups ${by}`
    : `a release of cdktf-consumer-groups newer than ${LIBRARY_RELEASE}`;
}

/** Whether a format version (number or string) is above every one this hook reads. */
export function isNewerFormat(v: unknown, newest: number): boolean {
  const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === "number" && Number.isInteger(n) && n > newest;
}
