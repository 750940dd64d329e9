// `check`'s activity column for SLS: when a checkpoint was last committed, and by whom. One
// GetCheckPoint per listed group (every shard at once); a failed read is reported on that
// group only and does not fail the listing.

import type { SlsCheckpoint } from "./client/sls-checkpoints";
import type { SlsClient } from "./client/sls-client";
import type { Call } from "../../../runtime/call-policy";
import { Phase, formatFailure } from "../../../runtime/failure";
import { createLimiter } from "../../../runtime/reconcile-run";
import type { GroupActivity, LastCommit } from "../../../runtime/live-model";
import { checkpointTimeMs } from "./sls-checkpoint-time";

/** How many GetCheckPoint calls of one logstore are in flight at once. */
const ACTIVITY_PARALLELISM = 8;

/** The activity of each named group of one logstore, by name. */
export async function readSlsActivity(args: {
  readonly client: SlsClient;
  readonly call: Call;
  readonly logstore: string;
  /** region/project/logstore, for messages. */
  readonly where: string;
  readonly names: readonly string[];
  readonly credentialVariables: string | undefined;
}): Promise<Map<string, GroupActivity>> {
  const { client, call, logstore, where, names, credentialVariables } = args;
  const limit = createLimiter(ACTIVITY_PARALLELISM);
  const read = async (name: string): Promise<[string, GroupActivity]> => {
    const what = `read checkpoints of sls ${where}/${name}`;
    try {
      const checkpoints = await limit(() => call(what, () => client.getCheckPoint(logstore, name)));
      return [name, { lastCommit: lastCommitOf(checkpoints) }];
    } catch (e) {
      const context = credentialVariables ? { credentialVariables } : {};
      return [name, { error: formatFailure(what, e, context, Phase.CHECK) }];
    }
  };
  return new Map(await Promise.all(names.map(read)));
}

/** The most recent commit over all shards; null when no shard has a checkpoint. */
export function lastCommitOf(checkpoints: readonly SlsCheckpoint[]): LastCommit | null {
  let latest: { ms: number; c: SlsCheckpoint } | undefined;
  for (const c of checkpoints) {
    const ms = checkpointTimeMs(c.updateTime);
    if (!latest || ms > latest.ms) latest = { ms, c };
  }
  if (!latest) return null;
  return {
    time: new Date(latest.ms).toISOString(),
    shard: latest.c.shard,
    consumer: latest.c.consumer,
  };
}
