// The SLS state accessor of a RunningEmulator (emulator.sls): what tests use to arrange and
// inspect logstores, groups and checkpoints without HTTP. Each change persists the state file
// like an HTTP call would.

import { slsErrors } from "./sls-emulator-errors";
import { activityKey, type SlsCheckpoint } from "./sls-emulator-consumer-activity";
import type { SlsService } from "./sls-emulator-service";

export interface SlsStateAccessor {
  /** Creates a logstore with CreateLogStore's rules, no HTTP. @default shards - 2 */
  createLogstore(project: string, logstore: string, options?: { shards?: number }): void;
  /** Deletes a logstore with its groups and their checkpoints (DeleteLogStore), no HTTP. */
  deleteLogstore(project: string, logstore: string): void;
  /** In creation order. Throws for an unknown project or logstore. */
  listGroups(
    project: string,
    logstore: string,
  ): { name: string; timeout: number; order: boolean }[];
  /** Creates a group with the service's rules (quota, duplicates, names), no HTTP. */
  createGroup(
    project: string,
    logstore: string,
    group: { name: string; timeout: number; order: boolean },
  ): void;
  /** Deletes one group and its checkpoints; throws ConsumerGroupNotExist when missing. */
  deleteGroup(project: string, logstore: string, group: string): void;
  /** The group's checkpoints in shard order, as GetCheckPoint answers them. */
  checkpoints(project: string, logstore: string, group: string): SlsCheckpoint[];
  /**
   * Sets checkpoints of a group shard by shard (other shards keep theirs). updateTime defaults
   * to now in the configured unit, checkpoint and consumer to "".
   */
  setCheckpoints(
    project: string,
    logstore: string,
    group: string,
    checkpoints: readonly SlsCheckpointInput[],
  ): void;
}

export type SlsCheckpointInput = Pick<SlsCheckpoint, "shard"> & Partial<SlsCheckpoint>;

export function slsStateAccessor(
  sls: SlsService,
  persist: () => void,
  now: () => number,
): SlsStateAccessor {
  return {
    createLogstore: (project, logstore, options) => {
      sls.state.createLogstore(project, {
        name: logstore,
        ttl: 30,
        shardCount: options?.shards ?? 2,
      });
      persist();
    },
    deleteLogstore: (project, logstore) => {
      sls.state.deleteLogstore(project, logstore);
      persist();
    },
    listGroups: (project, logstore) => sls.state.list(project, logstore),
    createGroup: (project, logstore, group) => {
      sls.state.create(project, logstore, group);
      persist();
    },
    deleteGroup: (project, logstore, group) => {
      sls.state.requireGroup(project, logstore, group);
      sls.state.delete(project, logstore, group);
      persist();
    },
    checkpoints: (project, logstore, group) => {
      sls.state.requireGroup(project, logstore, group);
      return sls.state.activity.checkpoints(activityKey(project, logstore, group));
    },
    setCheckpoints: (project, logstore, group, checkpoints) => {
      const updateTime = sls.state.activity.updateTime(now());
      const full = checkpoints.map((c) => ({
        shard: c.shard,
        checkpoint: c.checkpoint ?? "",
        updateTime: c.updateTime ?? updateTime,
        consumer: c.consumer ?? "",
      }));
      setSlsCheckpoints(sls, { project, logstore, group }, full);
      persist();
    },
  };
}

/** Checks the group and every shard before setting any checkpoint. */
export function setSlsCheckpoints(
  sls: SlsService,
  target: { project: string; logstore: string; group: string },
  checkpoints: readonly SlsCheckpoint[],
): void {
  const { project, logstore, group } = target;
  sls.state.requireGroup(project, logstore, group);
  const shards = sls.state.shardCount(project, logstore);
  const outside = checkpoints.find((c) => c.shard >= shards);
  if (outside) throw slsErrors.shardNotExist(outside.shard);
  sls.state.activity.set(activityKey(project, logstore, group), checkpoints);
}
