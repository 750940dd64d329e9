// One error type for every cloud's client, so the hook and the retry loop decide on a
// classified `kind`, never on a raw HTTP status (DMS answers throttling with a 404, for one).

import type { CloudContract } from "../contract/cloud-contract";

/** What an error says about the cloud it came from: its service key, name and container. */
export type CloudLabels = Pick<CloudContract, "service" | "label" | "container">;

/** What an error means for the caller. */
export const ErrorKind = {
  NOT_FOUND: "NOT_FOUND",
  ALREADY_EXISTS: "ALREADY_EXISTS",
  QUOTA_EXCEEDED: "QUOTA_EXCEEDED",
  AUTH: "AUTH",
  VALIDATION: "VALIDATION",
  CLOCK_SKEW: "CLOCK_SKEW",
  THROTTLED: "THROTTLED",
  SERVER: "SERVER",
  NETWORK: "NETWORK",
  TIMEOUT: "TIMEOUT",
} as const;
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind];

/** Kinds a retry may fix. CLOCK_SKEW is retried once, after correcting the clock. */
export const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  ErrorKind.THROTTLED,
  ErrorKind.SERVER,
  ErrorKind.NETWORK,
  ErrorKind.TIMEOUT,
]);

/**
 * Kinds after which a write may or may not have been applied: the request reached the
 * server and no answer came back, or the server failed mid-way. A create that ends like
 * this must look the group up before it is sent again.
 */
export const AMBIGUOUS_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  ErrorKind.NETWORK,
  ErrorKind.TIMEOUT,
  ErrorKind.SERVER,
]);

const BRAND = Symbol.for("cdktf-consumer-groups.CloudApiError");

export interface CloudApiErrorInit {
  readonly cloud: CloudLabels;
  readonly kind: ErrorKind;
  /** HTTP status, or 0 when no answer arrived. */
  readonly status: number;
  /** The cloud's own error code (e.g. ConsumerGroupAlreadyExist, DMS.10240018), or a transport code. */
  readonly cloudCode: string;
  readonly cloudMessage: string;
  readonly requestId?: string;
  readonly method: string;
  /** Request path (never the query string or headers, which could carry secrets). */
  readonly path: string;
  /** Server `Date` header, used to correct clock skew. */
  readonly serverDate?: string;
  /** Seconds from a Retry-After header, if the server sent one. */
  readonly retryAfterSeconds?: number;
  /**
   * The proxy the request went through when it got no answer, e.g.
   * `HTTPS_PROXY http://***@proxy.corp:3128` (user info masked).
   */
  readonly proxy?: string;
}

export class CloudApiError extends Error {
  readonly cloud: CloudLabels;
  readonly kind: ErrorKind;
  readonly status: number;
  readonly cloudCode: string;
  readonly cloudMessage: string;
  readonly requestId: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly serverDate: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly proxy: string | undefined;

  constructor(init: CloudApiErrorInit) {
    const status = init.status === 0 ? "no answer" : String(init.status);
    const request = init.requestId ? ` (request ${init.requestId})` : "";
    super(
      `${init.method} ${init.path}: ${status} ${init.cloudCode}: ${init.cloudMessage}${request}`,
    );
    this.name = "CloudApiError";
    this.cloud = init.cloud;
    this.kind = init.kind;
    this.status = init.status;
    this.cloudCode = init.cloudCode;
    this.cloudMessage = init.cloudMessage;
    this.requestId = init.requestId;
    this.method = init.method;
    this.path = init.path;
    this.serverDate = init.serverDate;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.proxy = init.proxy;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** The cloud's service key, e.g. "sls". */
  get service(): string {
    return this.cloud.service;
  }

  /** Stable code for docs and scripts, e.g. SLS_QUOTA_EXCEEDED. */
  get code(): string {
    return `${this.service.toUpperCase()}_${this.kind}`;
  }

  get retryable(): boolean {
    return RETRYABLE_KINDS.has(this.kind);
  }
}

/** Brand check that works across separately bundled copies of this class. */
export function isCloudApiError(e: unknown): e is CloudApiError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
