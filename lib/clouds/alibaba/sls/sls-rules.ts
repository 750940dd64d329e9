// The rules an SLS consumer group's names and settings follow, checked at synth by the
// construct and again by the hook (whose input may come from an old state file).

import { pattern } from "../../../contract/rules";

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

export const SLS_TIMEOUT_MIN = 1;
export const SLS_TIMEOUT_MAX = 86_400;
/** The SLS timeout range as messages write it. */
export const SLS_TIMEOUT_RANGE = `${SLS_TIMEOUT_MIN} to ${SLS_TIMEOUT_MAX}`;

/** How many consumer groups one logstore holds. */
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
