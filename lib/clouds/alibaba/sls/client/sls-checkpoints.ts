// The checkpoint calls' shapes (GetCheckPoint, UpdateCheckPoint): what GetCheckPoint answers and what
// UpdateCheckPoint sends. The calls themselves are SlsClient methods; this file keeps client.ts
// within its size budget and holds the path and the answer parser.

/** One shard's checkpoint as GetCheckPoint answers it. */
export interface SlsCheckpoint {
  readonly shard: number;
  /** The cursor the group's consumers committed (base64); "" when none was committed. */
  readonly checkpoint: string;
  /** When it was committed: microseconds since the epoch as observed (the reference says seconds). */
  readonly updateTime: number;
  /** The consumer that committed it; "" for a forced update without one. */
  readonly consumer: string;
}

/** The body of UpdateCheckPoint. */
export interface SlsCheckpointUpdate {
  readonly shard: number;
  readonly checkpoint: string;
}

/** Query of GetCheckPoint: every shard, or one. */
export function getCheckpointQuery(shard: number | undefined): Record<string, string> {
  return shard === undefined ? {} : { shard: String(shard) };
}

/**
 * Query of UpdateCheckPoint without a consumer: the service accepts that only with
 * forceSuccess=true, which also skips its "consumer must be live" check.
 */
export const FORCED_CHECKPOINT_QUERY: Readonly<Record<string, string>> = {
  type: "checkpoint",
  forceSuccess: "true",
};

/**
 * The GetCheckPoint answer: a bare array of {shard, checkpoint, updateTime, consumer}. Missing
 * checkpoint and consumer read as "", a missing updateTime as 0 (a new group's entries may be
 * empty). undefined = unreadable.
 */
export function parseSlsCheckpoints(body: unknown): SlsCheckpoint[] | undefined {
  if (!Array.isArray(body)) return undefined;
  const checkpoints: SlsCheckpoint[] = [];
  for (const item of body as unknown[]) {
    const { shard, checkpoint, updateTime, consumer } = (item ?? {}) as Record<string, unknown>;
    if (!Number.isInteger(shard) || (shard as number) < 0) return undefined;
    if (checkpoint !== undefined && typeof checkpoint !== "string") return undefined;
    if (consumer !== undefined && typeof consumer !== "string") return undefined;
    if (updateTime !== undefined && typeof updateTime !== "number") return undefined;
    checkpoints.push({
      shard: shard as number,
      checkpoint: checkpoint ?? "",
      updateTime: updateTime ?? 0,
      consumer: consumer ?? "",
    });
  }
  return checkpoints;
}
