// Whether an SLS consumer group is in use: some shard's checkpoint was committed within the
// window (GetCheckPoint without `shard` answers every shard). SLS offers no way to read
// heartbeats without joining the group, so consumers of a logstore that receives no data commit
// nothing and look idle (docs/deletion-protection.md).
// `updateTime` may be in seconds, milliseconds or microseconds: checkpoint-time.ts reads it.

import type { SlsCheckpoint } from "./client/sls-checkpoints";
import type { InUseEvidence } from "../../../runtime/deletion-guard";
import { checkpointTimeMs } from "./sls-checkpoint-time";

/** The most recent commit within `windowSeconds` of `nowMs`, if any. */
export interface SlsActivity {
  readonly shard: number;
  readonly consumer: string;
  /** Whole seconds since the commit (0 for a commit "in the future", a skewed clock). */
  readonly ageSeconds: number;
}

/**
 * The newest commit no older than the window (an age equal to the window is still in use);
 * undefined when every shard is older, has never committed, or there are no rows.
 */
export function slsActivityWithin(
  rows: readonly SlsCheckpoint[],
  nowMs: number,
  windowSeconds: number,
): SlsActivity | undefined {
  let newest: { row: SlsCheckpoint; at: number } | undefined;
  for (const row of rows) {
    // A commit without a consumer is no consumer's: the consumer libraries always name theirs,
    // while a forced commit by a tool (this library's copyCheckpointsFrom, an operator's reset)
    // names none. Counting those would keep a freshly copied group "in use" for the window.
    if (!row.consumer) continue;
    const at = checkpointTimeMs(row.updateTime);
    if (at === 0) continue;
    if (!newest || at > newest.at) newest = { row, at };
  }
  if (!newest) return undefined;
  const ageMs = Math.max(0, nowMs - newest.at);
  if (ageMs > windowSeconds * 1000) return undefined;
  return {
    shard: newest.row.shard,
    consumer: newest.row.consumer,
    ageSeconds: Math.floor(ageMs / 1000),
  };
}

/** The evidence a refusal prints: "shard 3 committed 42 s ago by consumer worker-7". */
export function slsEvidence(activity: SlsActivity, windowSeconds: number): InUseEvidence {
  const by = activity.consumer ? ` by consumer ${activity.consumer}` : "";
  return {
    summary:
      `shard ${activity.shard} committed ${activity.ageSeconds} s ago${by} ` +
      `(in use = a commit within the last ${windowSeconds} s)`,
    remedy: `Stop the group's consumers and wait until no shard has committed for ${windowSeconds} s`,
  };
}
