// Runtime errors of the hook: a stable code, what failed, and what to do about it.

const BRAND = Symbol.for("cdktf-consumer-groups.HookError");

export const HookErrorCode = {
  BAD_USAGE: "HOOK_BAD_USAGE",
  BAD_PAYLOAD: "HOOK_BAD_PAYLOAD",
  MISSING_CREDENTIALS: "HOOK_MISSING_CREDENTIALS",
  /** A credential variable holds whitespace around the key, or a character no key has. */
  MALFORMED_CREDENTIALS: "HOOK_MALFORMED_CREDENTIALS",
  /** A credential source that is set up (a role, a profile, a metadata service) failed. */
  CREDENTIALS_FAILED: "HOOK_CREDENTIALS_FAILED",
  INSECURE_ENDPOINT: "HOOK_INSECURE_ENDPOINT",
  GROUP_VANISHED: "HOOK_GROUP_VANISHED",
  GROUP_NOT_READY: "HOOK_GROUP_NOT_READY",
  QUEUE_NOT_FOUND: "HOOK_QUEUE_NOT_FOUND",
  QUEUE_AMBIGUOUS: "HOOK_QUEUE_AMBIGUOUS",
  /** SLS copyCheckpointsFrom names a group the logstore does not have, and the group is new. */
  COPY_SOURCE_MISSING: "HOOK_COPY_SOURCE_MISSING",
  /**
   * A prune kept a group another group copies its checkpoints from, because that copy could
   * not be created first (at the group quota, for one).
   */
  COPY_BEFORE_DELETE: "HOOK_COPY_BEFORE_DELETE",
  /** HTTPS_PROXY (or another proxy variable) is not a URL. */
  BAD_PROXY: "HOOK_BAD_PROXY",
  /** The CA certificate file of `caCertificateFile` cannot be used. */
  CA_FILE: "HOOK_CA_FILE",
  /** The endpoint's TLS certificate failed verification. */
  TLS_CERTIFICATE: "HOOK_TLS_CERTIFICATE",
  /** An error the hook does not classify (a gap in the library). */
  UNEXPECTED: "HOOK_UNEXPECTED",
  /** Deletion protection refused a delete: the group is in use, or protection is ALWAYS. */
  DELETE_PROTECTED: "HOOK_DELETE_PROTECTED",
  /** The app declares one group twice, in spellings only the cloud can compare (DMS queue). */
  DECLARED_TWICE: "HOOK_DECLARED_TWICE",
  /** The app declares more groups on one queue than it holds, counted across spellings. */
  QUEUE_OVER_QUOTA: "HOOK_QUEUE_OVER_QUOTA",
} as const;
export type HookErrorCode = (typeof HookErrorCode)[keyof typeof HookErrorCode];

/** Where a hook reads its credentials from, as messages say it. */
export const TERRAFORM_RUN_ENVIRONMENT =
  "the environment of the terraform run (cdktf deploy passes its environment on)";

export class HookError extends Error {
  constructor(
    readonly code: HookErrorCode,
    message: string,
    /** What the user should do; appended to the message when printed. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = "HookError";
    Object.defineProperty(this, BRAND, { value: true });
  }
}

export function isHookError(e: unknown): e is HookError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
