// DMS identifiers: queue IDs are UUIDs, group IDs "g-" + UUID,
// project IDs 32 hex digits.

import { createHash, randomUUID } from "node:crypto";

export const DMS_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const DMS_GROUP_ID = /^g-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const DMS_PROJECT_ID = /^[0-9a-f]{32}$/i;

/**
 * A UUID v4 derived from the project and queue name, so a configured queue without an id keeps
 * the same id across restarts and machines (emulator-only).
 */
export function configuredQueueId(projectId: string, name: string): string {
  const bytes = createHash("sha256").update(`dms-queue:${projectId}/${name}`, "utf8").digest();
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function newQueueId(): string {
  return randomUUID();
}

export function newGroupId(): string {
  return `g-${randomUUID()}`;
}

/** 32 lower-case hex digits, like the gateway's request_id 8080d377bffeb6d519b0567c09cebe6b. */
export function newDmsRequestId(): string {
  return randomUUID().replace(/-/g, "");
}
