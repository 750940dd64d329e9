// The rules a DMS queue consumer group's names and ids follow, checked at synth by the
// construct and again by the hook (whose input may come from an old state file).

import { pattern } from "../../../contract/rules";

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
/** How many consumer groups one queue holds. */
export const DMS_MAX_GROUPS_PER_QUEUE = 3;
/**
 * What the DMS client accepts as a project, queue or group id: they go into URL paths
 * unescaped. Real ones are 32 hex digits, a UUID, and g-<UUID>.
 */
export const DMS_PATH_ID = pattern(
  /^[A-Za-z0-9_-]{1,64}$/,
  "1-64 characters of A-Z, a-z, 0-9, _ or -",
);

/** How long a DMS ensure waits for a new group to be listed (documented: 1-3 s to initialise). */
export const DEFAULT_DMS_READY_TIMEOUT_MS = 15_000;
