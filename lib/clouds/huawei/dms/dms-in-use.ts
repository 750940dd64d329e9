// Whether a DMS queue consumer group is in use. The guard is about data rather than activity:
// messages waiting for the group (`available_messages` > 0 in the queue's group list, asked for
// with include_messages_num=true) are discarded by a delete. The delete lists the groups anyway
// to find the group's id, so this costs no extra call.

import type { DmsGroup } from "./client/dms-types";
import type { InUseEvidence } from "../../../runtime/deletion-guard";

/** The evidence a refusal prints ("120 messages waiting"), or undefined when none wait. */
export function dmsEvidence(group: DmsGroup): InUseEvidence | undefined {
  const waiting = group.availableMessages ?? 0;
  if (!(waiting > 0)) return undefined;
  return {
    summary: `${waiting} messages waiting`,
    remedy: "Let its consumers drain the group until no messages wait",
  };
}
