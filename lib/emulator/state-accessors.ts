// The RunningEmulator's direct state accessors (no HTTP): what tests use to arrange and inspect
// groups. Each mutation persists the state file like an HTTP call would.

import type { DmsService } from "./dms/service";
import type { SlsService } from "./sls/service";

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
}

export interface DmsStateAccessor {
  /** In creation order. Throws for an unknown project. */
  listQueues(projectId: string): { id: string; name: string }[];
  /** Ready and still initialising groups, in creation order. */
  listGroups(projectId: string, queueIdOrName: string): { id: string; name: string }[];
  /** Creates a group with the service's rules (quota, duplicates, names), no HTTP; its id. */
  createGroup(projectId: string, queueIdOrName: string, name: string): string;
  /** Creates a queue with the service's rules, no HTTP; its id. */
  createQueue(projectId: string, name: string): string;
}

export function slsStateAccessor(sls: SlsService, persist: () => void): SlsStateAccessor {
  return {
    listGroups: (project, logstore) => sls.state.list(project, logstore),
    createGroup: (project, logstore, group) => {
      sls.state.create(project, logstore, group);
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
  };
}
