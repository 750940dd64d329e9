// The RunningEmulator's direct state accessors (no HTTP): what tests use to arrange and inspect
// groups. Each mutation persists the state file like an HTTP call would.

import type { DmsMessageCounts } from "../clouds/huawei/dms/emulator/dms-emulator-message-counts";
import type { DmsService } from "../clouds/huawei/dms/emulator/dms-emulator-service";
import { slsErrors } from "../clouds/alibaba/sls/emulator/sls-emulator-errors";
import {
  activityKey,
  type SlsCheckpoint,
} from "../clouds/alibaba/sls/emulator/sls-emulator-consumer-activity";
import type { SlsService } from "../clouds/alibaba/sls/emulator/sls-emulator-service";

export interface SlsStateAccessor {
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

export interface DmsStateAccessor {
  /** In creation order. Throws for an unknown project. */
  listQueues(projectId: string): { id: string; name: string }[];
  /** Ready and still initialising groups, in creation order. */
  listGroups(projectId: string, queueIdOrName: string): { id: string; name: string }[];
  /** Creates a group with the service's rules (quota, duplicates, names), no HTTP; its id. */
  createGroup(projectId: string, queueIdOrName: string, name: string): string;
  /** Creates a queue with the service's rules, no HTTP; its id. */
  createQueue(projectId: string, name: string): string;
  /** Deletes one group (by ID or name) of a queue (by ID or name). */
  deleteGroup(projectId: string, queueIdOrName: string, groupIdOrName: string): void;
  /**
   * Sets message counters of a group (the others keep their values) that its queue's group list
   * answers; returns all its counters.
   */
  setMessageCounts(
    projectId: string,
    queueIdOrName: string,
    groupIdOrName: string,
    counts: DmsMessageCounts,
  ): DmsMessageCounts;
}

export function slsStateAccessor(
  sls: SlsService,
  persist: () => void,
  now: () => number,
): SlsStateAccessor {
  return {
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

export function dmsStateAccessor(dms: DmsService, persist: () => void): DmsStateAccessor {
  return {
    listQueues: (projectId) =>
      dms.state.queuesOf(projectId).map((q) => ({ id: q.id, name: q.name })),
    listGroups: (projectId, queue) =>
      dms.state.queueByIdOrName(projectId, queue).groups.map((g) => ({ id: g.id, name: g.name })),
    createGroup: (projectId, queue, name) => {
      const { id } = dms.state.queueByIdOrName(projectId, queue);
      const [group] = dms.state.createGroups(projectId, id, [name]);
      persist();
      return group?.id ?? "";
    },
    createQueue: (projectId, name) => {
      const { id } = dms.state.createQueue(projectId, { name });
      persist();
      return id;
    },
    deleteGroup: (projectId, queue, group) => {
      const { id: queueId } = dms.state.queueByIdOrName(projectId, queue);
      const { id } = dms.state.groupByIdOrName(projectId, queueId, group);
      dms.state.deleteGroup(projectId, queueId, id);
      persist();
    },
    setMessageCounts: (projectId, queue, group, counts) => {
      const record = dms.state.groupByIdOrName(projectId, queue, group);
      record.messages = { ...record.messages, ...counts };
      persist();
      return { ...record.messages };
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
