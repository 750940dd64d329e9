// What consumers do inside an SLS consumer group: per-shard checkpoints (GetCheckPoint,
// UpdateCheckPoint) and heartbeats that hand out shards (ConsumerGroupHeartBeat). Owned by
// SlsState, which drops a group's activity when the group is deleted: checkpoints live inside
// the group, so deleting the group loses them.
// Checkpoints are persisted with the state; heartbeats (live consumers, shard owners) are not:
// consumers send one every few seconds and come back on their own after a restart.

import { slsErrors } from "./sls-emulator-errors";
import { assignShards } from "./sls-emulator-shard-assignment";

export interface SlsCheckpoint {
  shard: number;
  /** The consumer's cursor, base64 as the consumer libraries send it. */
  checkpoint: string;
  /** See SlsUpdateTimeUnit. */
  updateTime: number;
  /** "" when committed without a consumer (forceSuccess=true). */
  consumer: string;
}

/**
 * The unit of updateTime in GetCheckPoint answers. The API reference says seconds; values seen
 * from the service (1524224984800922) are microseconds since the epoch, so the emulator answers
 * microseconds unless configured otherwise.
 */
export type SlsUpdateTimeUnit = "microseconds" | "seconds";

interface GroupActivity {
  readonly checkpoints: Map<number, SlsCheckpoint>;
  /** Live consumer -> ms of its last heartbeat, in the order they joined. */
  readonly consumers: Map<string, number>;
  /** Shard -> the consumer it was last assigned to. */
  owners: Map<number, string>;
}

export class SlsConsumerActivity {
  readonly #groups = new Map<string, GroupActivity>();

  constructor(private readonly unit: SlsUpdateTimeUnit = "microseconds") {}

  /** Every committed shard in shard order, or only `shard` ([] when it has none). */
  checkpoints(group: string, shard?: number): SlsCheckpoint[] {
    const all = [...(this.#groups.get(group)?.checkpoints.values() ?? [])];
    return all
      .filter((c) => shard === undefined || c.shard === shard)
      .sort((a, b) => a.shard - b.shard)
      .map((c) => ({ ...c }));
  }

  /**
   * UpdateCheckPoint. With forceSuccess the commit is always taken; without it the consumer
   * must be live (have sent a heartbeat within the group's timeout), as consumers committing
   * through the consumer libraries are. Whether it also holds the shard is not checked.
   */
  commit(
    group: string,
    input: { shard: number; checkpoint: string; consumer?: string; forceSuccess: boolean },
    shardCount: number,
    live: { at: number; timeoutSeconds: number },
  ): void {
    if (!Number.isInteger(input.shard) || input.shard < 0 || input.shard >= shardCount) {
      throw slsErrors.shardNotExist(input.shard);
    }
    if (!input.forceSuccess) {
      if (input.consumer === undefined || input.consumer === "") {
        throw slsErrors.consumerNotExist("", "give consumer or set forceSuccess=true");
      }
      const activity = this.#expire(group, live.at, live.timeoutSeconds);
      if (!activity.consumers.has(input.consumer)) {
        throw slsErrors.consumerNotExist(input.consumer, "it sent no heartbeat within timeout");
      }
    }
    this.#activity(group).checkpoints.set(input.shard, {
      shard: input.shard,
      checkpoint: input.checkpoint,
      updateTime: this.updateTime(live.at),
      consumer: input.consumer ?? "",
    });
  }

  /** Admin: sets checkpoints as given (no liveness or time rules), shard by shard. */
  set(group: string, entries: readonly SlsCheckpoint[]): void {
    const { checkpoints } = this.#activity(group);
    for (const entry of entries) checkpoints.set(entry.shard, { ...entry });
  }

  /**
   * ConsumerGroupHeartBeat: marks `consumer` live at `at`, forgets consumers silent for longer
   * than the group's timeout, rebalances, and returns the shards `consumer` now holds. The
   * shards the consumer says it holds are not consulted: the emulator reassigns at once.
   */
  heartbeat(
    group: string,
    consumer: string,
    shardCount: number,
    live: { at: number; timeoutSeconds: number },
  ): number[] {
    const activity = this.#expire(group, live.at, live.timeoutSeconds);
    activity.consumers.set(consumer, live.at);
    activity.owners = assignShards(shardCount, activity.owners, [...activity.consumers.keys()]);
    return [...activity.owners]
      .filter(([, owner]) => owner === consumer)
      .map(([shard]) => shard)
      .sort((a, b) => a - b);
  }

  /** The emulator clock (ms) in the configured updateTime unit. */
  updateTime(ms: number): number {
    return this.unit === "seconds" ? Math.floor(ms / 1000) : ms * 1000;
  }

  dropGroup(group: string): void {
    this.#groups.delete(group);
  }

  clear(): void {
    this.#groups.clear();
  }

  #activity(group: string): GroupActivity {
    let activity = this.#groups.get(group);
    if (!activity) {
      activity = { checkpoints: new Map(), consumers: new Map(), owners: new Map() };
      this.#groups.set(group, activity);
    }
    return activity;
  }

  #expire(group: string, at: number, timeoutSeconds: number): GroupActivity {
    const activity = this.#activity(group);
    for (const [consumer, last] of activity.consumers) {
      if (at - last > timeoutSeconds * 1000) activity.consumers.delete(consumer);
    }
    return activity;
  }
}

/** The key of one group's activity. Names cannot hold "/", so keys cannot collide. */
export function activityKey(project: string, logstore: string, group: string): string {
  return `${project}/${logstore}/${group}`;
}

/** A checkpoint read back from a state file or an admin body; throws a message naming it. */
export function readCheckpoint(value: unknown, where: string): SlsCheckpoint {
  const { shard, checkpoint, updateTime, consumer } = (value ?? {}) as Record<string, unknown>;
  if (
    typeof shard !== "number" ||
    !Number.isInteger(shard) ||
    shard < 0 ||
    typeof checkpoint !== "string" ||
    typeof updateTime !== "number" ||
    typeof consumer !== "string"
  ) {
    throw new Error(
      `${where} has a malformed checkpoint ${JSON.stringify(value)}: expected ` +
        '{"shard": <integer >= 0>, "checkpoint": "<string>", "updateTime": <number>, ' +
        '"consumer": "<string>"}',
    );
  }
  return { shard, checkpoint, updateTime, consumer };
}

/** The "checkpoints" entry of a logstore in the state snapshot; {} when no group has any. */
export function snapshotCheckpoints(
  activity: SlsConsumerActivity,
  project: string,
  logstore: string,
  groups: readonly { name: string }[],
): { checkpoints?: Record<string, SlsCheckpoint[]> } {
  const checkpoints: Record<string, SlsCheckpoint[]> = {};
  for (const { name } of groups) {
    const list = activity.checkpoints(activityKey(project, logstore, name));
    if (list.length > 0) checkpoints[name] = list;
  }
  return Object.keys(checkpoints).length > 0 ? { checkpoints } : {};
}

/** Restores a logstore's "checkpoints" entry from the state file (absent in older files). */
export function restoreCheckpoints(
  activity: SlsConsumerActivity,
  project: string,
  logstore: string,
  value: unknown,
): void {
  if (value === undefined) return;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`SLS state: checkpoints of ${project}/${logstore} must be an object`);
  }
  for (const [group, list] of Object.entries(value)) {
    const where = `SLS state ${project}/${logstore}/${group}`;
    if (!Array.isArray(list)) throw new Error(`${where}: checkpoints must be an array`);
    activity.set(
      activityKey(project, logstore, group),
      list.map((c) => readCheckpoint(c, where)),
    );
  }
}
