// DMS queue and consumer-group state and its rules, callable without HTTP (moto's models.py).
// projects -> queues -> groups, in creation order. Rules: the DMS API documentation.

import { dmsErrors } from "./dms-emulator-errors";
import {
  DMS_GROUP_ID,
  DMS_UUID,
  configuredQueueId,
  newGroupId,
  newQueueId,
} from "./dms-emulator-ids";
import {
  readQueue,
  type DmsGroupRecord,
  type DmsQueueRecord,
  type DmsStateSnapshot,
} from "./dms-emulator-records";
import { DMS_GROUP_NAME } from "../dms-rules";

export interface DmsStateOptions {
  readonly projects: Readonly<
    Record<string, { readonly queues: readonly { name: string; id?: string }[] }>
  >;
  /** @default 3 */
  readonly maxGroupsPerQueue?: number;
  /** @default 0 */
  readonly groupInitDelayMs?: number;
}

export interface NewQueue {
  name: string;
  description?: string;
  queueMode?: string;
  redrivePolicy?: string;
  maxConsumeCount?: number;
}

/** Product "Notes and Constraints": 30 queues per project by default. */
export const DMS_MAX_QUEUES_PER_PROJECT = 30;
export const DMS_DEFAULT_MAX_GROUPS_PER_QUEUE = 3;
const NAME_CHARACTERS = /^[A-Za-z0-9_-]*$/;

export class DmsState {
  readonly #projects = new Map<string, DmsQueueRecord[]>();
  readonly #config: DmsStateOptions["projects"];
  readonly #now: () => number;
  /** The last generation handed out. */
  #generation = 0;
  readonly maxGroups: number;
  readonly initDelayMs: number;

  constructor(options: DmsStateOptions, now: () => number) {
    this.#config = options.projects;
    this.#now = now;
    this.maxGroups = options.maxGroupsPerQueue ?? DMS_DEFAULT_MAX_GROUPS_PER_QUEUE;
    this.initDelayMs = options.groupInitDelayMs ?? 0;
    for (const [projectId, { queues }] of Object.entries(options.projects)) {
      for (const queue of queues) {
        if (queue.id !== undefined && !DMS_UUID.test(queue.id)) {
          throw new Error(
            `DMS emulator config: queue ${JSON.stringify(queue.name)} of project ${projectId} has ` +
              `id ${JSON.stringify(queue.id)}; a queue id must be a UUID (or leave it out)`,
          );
        }
      }
    }
    this.reset();
  }

  hasProject(projectId: string): boolean {
    return this.#projects.has(projectId);
  }

  /** Every queue of a configured project; throws DMS.10240104 for an unknown project. */
  queuesOf(projectId: string): DmsQueueRecord[] {
    const queues = this.#projects.get(projectId);
    if (!queues) throw dmsErrors.projectMismatch(`project ${projectId} is not emulated`);
    return queues;
  }

  /** By path ID: DMS.10240015 when malformed, DMS.10240401 when unknown. */
  queue(projectId: string, queueId: string): DmsQueueRecord {
    const queues = this.queuesOf(projectId);
    if (!DMS_UUID.test(queueId)) throw dmsErrors.queueIdInvalid(queueId);
    const queue = queues.find((q) => q.id === queueId);
    if (!queue) throw dmsErrors.queueNotFound(queueId);
    return queue;
  }

  /** By ID or, failing that, by name (the admin accessor's lookup). */
  queueByIdOrName(projectId: string, idOrName: string): DmsQueueRecord {
    const queues = this.queuesOf(projectId);
    const queue = queues.find((q) => q.id === idOrName) ?? queues.find((q) => q.name === idOrName);
    if (!queue) throw dmsErrors.queueNotFound(idOrName);
    return queue;
  }

  createQueue(projectId: string, input: NewQueue): DmsQueueRecord {
    const queues = this.queuesOf(projectId);
    const { name } = input;
    if (!NAME_CHARACTERS.test(name)) throw dmsErrors.nameInvalidCharacters(name);
    if (name.length < 1 || name.length > 64) throw dmsErrors.queueNameLength(name);
    // Case-sensitive: the reference could not confirm either way.
    if (queues.some((q) => q.name === name)) throw dmsErrors.queueExists(name);
    if (queues.length >= DMS_MAX_QUEUES_PER_PROJECT) {
      throw dmsErrors.quotaInsufficient(
        `a project can have at most ${DMS_MAX_QUEUES_PER_PROJECT} queues`,
      );
    }
    const queue: DmsQueueRecord = {
      id: newQueueId(),
      name,
      description: input.description ?? "",
      queueMode: input.queueMode ?? "NORMAL",
      redrivePolicy: input.redrivePolicy ?? "disable",
      ...(input.maxConsumeCount === undefined ? {} : { maxConsumeCount: input.maxConsumeCount }),
      created: this.#now(),
      groups: [],
    };
    queues.push(queue);
    return queue;
  }

  /** Also drops the queue's groups (UNVERIFIED that DMS cascades, the API documentation). */
  deleteQueue(projectId: string, queueId: string): void {
    const queue = this.queue(projectId, queueId);
    const queues = this.queuesOf(projectId);
    queues.splice(queues.indexOf(queue), 1);
  }

  /**
   * All or nothing (the emulator's choice; only ">3 in one request" is documented as atomic,
   * the API documentation). Order: request size, each name, duplicates, then the total on the queue.
   */
  createGroups(projectId: string, queueId: string, names: readonly string[]): DmsGroupRecord[] {
    const queue = this.queue(projectId, queueId);
    if (names.length > this.maxGroups) throw dmsErrors.tooManyGroups(this.maxGroups);
    for (const name of names) checkGroupName(name);
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name) || queue.groups.some((g) => g.name === name)) {
        throw dmsErrors.groupExists(name);
      }
      seen.add(name);
    }
    // Initialising groups count: they exist, they are only not listed yet.
    if (queue.groups.length + names.length > this.maxGroups) {
      throw dmsErrors.tooManyGroups(this.maxGroups);
    }
    const createdAt = this.#now();
    const created = names.map((name) => ({
      id: newGroupId(),
      name,
      createdAt,
      generation: ++this.#generation,
    }));
    queue.groups.push(...created);
    return created.map((g) => ({ ...g }));
  }

  /** The groups an HTTP list shows: those past their initialisation delay. */
  listedGroups(projectId: string, queueId: string): DmsGroupRecord[] {
    const readyBefore = this.#now() - this.initDelayMs;
    return this.queue(projectId, queueId)
      .groups.filter((g) => g.createdAt <= readyBefore)
      .map((g) => ({ ...g }));
  }

  /** DMS.10240016 when the ID is malformed, DMS.10240405 when unknown. */
  deleteGroup(projectId: string, queueId: string, groupId: string): void {
    const queue = this.queue(projectId, queueId);
    if (!DMS_GROUP_ID.test(groupId)) throw dmsErrors.groupIdInvalid(groupId);
    const index = queue.groups.findIndex((g) => g.id === groupId);
    if (index < 0) throw dmsErrors.groupNotFound(groupId);
    queue.groups.splice(index, 1);
  }

  /** Admin: a group by ID or name in a queue by ID or name; DMS.10240405 when unknown. */
  groupByIdOrName(projectId: string, queueIdOrName: string, idOrName: string): DmsGroupRecord {
    const { groups } = this.queueByIdOrName(projectId, queueIdOrName);
    const group = groups.find((g) => g.id === idOrName) ?? groups.find((g) => g.name === idOrName);
    if (!group) throw dmsErrors.groupNotFound(idOrName);
    return group;
  }

  snapshot(): DmsStateSnapshot {
    const projects: DmsStateSnapshot["projects"] = {};
    for (const [projectId, queues] of this.#projects) {
      projects[projectId] = {
        queues: queues.map((q) => ({ ...q, groups: q.groups.map((g) => ({ ...g })) })),
      };
    }
    return { projects };
  }

  /**
   * Restores queues and groups from a snapshot, matched by queue ID. Projects and queues the
   * configuration lacks are added too, so a state file never loses groups silently.
   */
  restore(snapshot: unknown): void {
    const projects = (snapshot as Partial<DmsStateSnapshot> | null)?.projects;
    if (!projects || typeof projects !== "object") {
      throw new Error('DMS state must be {"projects": {...}}');
    }
    for (const [projectId, entry] of Object.entries(projects)) {
      const queues = this.#projects.get(projectId) ?? [];
      this.#projects.set(projectId, queues);
      for (const value of entry?.queues ?? []) {
        const queue = readQueue(value);
        for (const g of queue.groups) this.#generation = Math.max(this.#generation, g.generation);
        const index = queues.findIndex((q) => q.id === queue.id);
        if (index < 0) queues.push(queue);
        else queues[index] = queue;
      }
    }
    // Groups from a state file written before generations existed get fresh ones.
    for (const queues of this.#projects.values()) {
      for (const queue of queues) {
        for (const g of queue.groups) g.generation ||= ++this.#generation;
      }
    }
  }

  /** Back to the configuration: configured queues without groups; created queues are gone. */
  reset(): void {
    this.#projects.clear();
    const created = this.#now();
    for (const [projectId, { queues }] of Object.entries(this.#config)) {
      this.#projects.set(
        projectId,
        queues.map((q) => ({
          id: q.id ?? configuredQueueId(projectId, q.name),
          name: q.name,
          description: "",
          queueMode: "NORMAL",
          redrivePolicy: "disable",
          created,
          groups: [],
        })),
      );
    }
  }
}

/** DMS.10240007 for characters outside [A-Za-z0-9_-], DMS.10240012 for the length. */
function checkGroupName(name: string): void {
  if (DMS_GROUP_NAME.test(name)) return;
  if (!NAME_CHARACTERS.test(name)) throw dmsErrors.nameInvalidCharacters(name);
  throw dmsErrors.groupNameLength(name);
}
