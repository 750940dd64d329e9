// The DMS state accessor of a RunningEmulator (emulator.dms): what tests use to arrange and
// inspect queues and groups without HTTP. Each change persists the state file like an HTTP call
// would.

import type { DmsMessageCounts } from "./dms-emulator-message-counts";
import type { DmsService } from "./dms-emulator-service";

export interface DmsStateAccessor {
  /** In creation order. Throws for an unknown project. */
  listQueues(projectId: string): { id: string; name: string }[];
  /** Ready and still initialising groups, in creation order. */
  listGroups(projectId: string, queueIdOrName: string): { id: string; name: string }[];
  /** Creates a group with the service's rules (quota, duplicates, names), no HTTP; its id. */
  createGroup(projectId: string, queueIdOrName: string, name: string): string;
  /** Creates a queue with the service's rules, no HTTP; its id. */
  createQueue(projectId: string, name: string): string;
  /** Deletes a queue (by ID or name) with its groups, as DELETE .../queues/{id} does. */
  deleteQueue(projectId: string, queueIdOrName: string): void;
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
    deleteQueue: (projectId, queue) => {
      const { id } = dms.state.queueByIdOrName(projectId, queue);
      dms.state.deleteQueue(projectId, id);
      persist();
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
