// Naming and range rules, checked at synth time by the constructs and again by the hook
// (the hook's input can come from an old state file, so it trusts nothing).

import type { Service } from "./names";

export interface Rule {
  readonly test: (value: string) => boolean;
  /** Human-readable rule, used in error messages: "must be …". */
  readonly text: string;
}

const pattern = (re: RegExp, text: string): Rule => ({ test: (v) => re.test(v), text });

/** Java SDK client-side rule (`CodingUtils.CONSUMER_GROUP_PATTERN`); the server rule is undocumented. */
export const SLS_GROUP_NAME = pattern(
  /^[A-Za-z0-9_-]{1,128}$/,
  "1-128 characters of A-Z, a-z, 0-9, _ or -",
);
export const SLS_PROJECT_NAME = pattern(
  /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
  "3-63 characters of a-z, 0-9 or -, starting and ending with a letter or digit",
);
export const SLS_LOGSTORE_NAME = pattern(
  /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/,
  "3-63 characters of a-z, 0-9, _ or -, starting and ending with a letter or digit",
);
/** Region ids as Alibaba Cloud spells them, e.g. cn-hangzhou, ap-southeast-1. */
export const REGION_ID = pattern(/^[a-z]{2,}(-[a-z0-9]+){1,4}$/, "a region id such as cn-hangzhou");

/** the DMS API documentation: 1-32 letters, digits, - and _; unique within the queue. */
export const DMS_GROUP_NAME = pattern(
  /^[A-Za-z0-9_-]{1,32}$/,
  "1-32 characters of A-Z, a-z, 0-9, _ or -",
);
/** the DMS API documentation: 1-64 letters, digits, - and _; unique within the project. */
export const DMS_QUEUE_NAME = pattern(
  /^[A-Za-z0-9_-]{1,64}$/,
  "1-64 characters of A-Z, a-z, 0-9, _ or -",
);
/** Queue ids are UUIDs; project ids 32 hex digits. Both go into URL paths, so only this set. */
export const DMS_QUEUE_ID = pattern(
  /^[A-Za-z0-9-]{1,64}$/,
  "a queue id such as 0611d466-a327-4b7b-8034-f84a0f6a6f42",
);
export const DMS_PROJECT_ID = pattern(
  /^[A-Za-z0-9]{1,64}$/,
  "a project id (32 hex digits, e.g. 0a1b2c3d4e5f40718293a4b5c6d7e8f9)",
);
export const DMS_MAX_GROUPS_PER_QUEUE = 3;
/**
 * What the DMS client accepts as a project, queue or group id: they go into URL paths
 * unescaped. Real ones are 32 hex digits, a UUID, and g-<UUID>.
 */
export const DMS_PATH_ID = pattern(
  /^[A-Za-z0-9_-]{1,64}$/,
  "1-64 characters of A-Z, a-z, 0-9, _ or -",
);

/** The names the payloads give credential variables by. */
export const ENV_NAME = pattern(
  /^[A-Za-z_][A-Za-z0-9_]{0,254}$/,
  "an environment variable name (1-255 letters, digits and _, not starting with a digit)",
);

/**
 * A file the hook reads (caCertificateFile, a credentials file): a newline or NUL in a path is
 * a mistake or an attack; 4096 is Linux's PATH_MAX. Whether the file exists is for the hook to
 * say, at apply time, on the machine that runs Terraform.
 */
export const FILE_PATH = pattern(
  // eslint-disable-next-line no-control-regex
  /^[^\x00-\x1f\x7f]{1,4096}$/,
  "a file path: 1-4096 characters, without control characters (newline, NUL, …)",
);

export const SLS_TIMEOUT_MIN = 1;
export const SLS_TIMEOUT_MAX = 86_400;
/** The SLS timeout range as messages write it. */
export const SLS_TIMEOUT_RANGE = `${SLS_TIMEOUT_MIN} to ${SLS_TIMEOUT_MAX}`;

/**
 * How far the date of a signed request may be from the cloud's clock: SLS (RequestTimeTooSkewed),
 * the DMS API gateway (X-Sdk-Date) and STS all refuse a request beyond 15 minutes.
 */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
export const SLS_MAX_GROUPS_PER_LOGSTORE = 30;

/** A group copies checkpoints from another group of its logstore, never from itself. */
export function isOwnCopySource(source: string, groupName: string): boolean {
  return source === groupName;
}

export function isSlsTimeout(value: unknown): value is number {
  return (
    typeof value === "number" &&
    Number.isInteger(value) &&
    value >= SLS_TIMEOUT_MIN &&
    value <= SLS_TIMEOUT_MAX
  );
}

/** Hosts for which plain http:// is allowed without an explicit opt-in. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * What holds a cloud's groups and how many it may hold: the quota the constructs check at
 * synth, the services report, and failure hints name ("30 consumer groups per logstore").
 */
export const GROUP_QUOTA = {
  sls: { container: "logstore", limit: SLS_MAX_GROUPS_PER_LOGSTORE },
  dms: { container: "queue", limit: DMS_MAX_GROUPS_PER_QUEUE },
} as const satisfies Record<Service, { readonly container: string; readonly limit: number }>;
