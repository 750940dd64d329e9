// SLS logstore and consumer-group state and its rules, callable without HTTP (moto's
// models.py). projects -> logstores -> groups, in creation order. Projects come from the
// configuration; logstores from it or from CreateLogStore.

import {
  SlsConsumerActivity,
  activityKey,
  restoreCheckpoints,
  snapshotCheckpoints,
  type SlsCheckpoint,
  type SlsUpdateTimeUnit,
} from "./sls-emulator-consumer-activity";
import { slsErrors } from "./sls-emulator-errors";
import {
  SLS_GROUP_NAME,
  SLS_MAX_GROUPS_PER_LOGSTORE,
  SLS_TIMEOUT_RANGE,
  isSlsTimeout,
} from "../sls-rules";

export interface SlsGroupRecord {
  name: string;
  /** Consumer heartbeat timeout, seconds. */
  timeout: number;
  order: boolean;
}

/**
 * A group as the state keeps it. `generation` is emulator-only: the service-wide creation serial
 * (1, 2, 3, ...), never reused, so a group deleted and created again under the same name shows a
 * new number. It is in snapshots (GET /_emulator/state, the state file), never in an API answer.
 */
export interface SlsStoredGroup extends SlsGroupRecord {
  generation: number;
}

export interface SlsStateSnapshot {
  projects: Record<
    string,
    {
      logstores: Record<
        string,
        // checkpoints: by group name, only groups that have any (sls-emulator-consumer-activity.ts).
        // shards: the shard count of a logstore created by CreateLogStore (configured ones
        // take theirs from the configuration).
        {
          groups: SlsStoredGroup[];
          checkpoints?: Record<string, SlsCheckpoint[]>;
          shards?: number;
        }
      >;
    }
  >;
}

export interface SlsStateOptions {
  readonly projects: Readonly<
    Record<
      string,
      {
        readonly logstores: readonly string[];
        /** Shard count per logstore name. @default - shardsPerLogstore */
        readonly shards?: Readonly<Record<string, number>>;
      }
    >
  >;
  /** Shards 0..n-1 of every logstore without its own count. @default 2 */
  readonly shardsPerLogstore?: number;
  /** @default "microseconds" (sls-emulator-consumer-activity.ts says why) */
  readonly checkpointUpdateTimeUnit?: SlsUpdateTimeUnit;
  /** @default 30 (SLS_MAX_GROUPS_PER_LOGSTORE) */
  readonly maxGroupsPerLogstore?: number;
  /** @default "not-found": deleting a missing group answers 404 ConsumerGroupNotExist */
  readonly deleteMissingGroup?: "not-found" | "ok";
}

/** Logstore names: 3-63 of a-z, 0-9, - and _, starting and ending with a letter or digit. */
const LOGSTORE_NAME = /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/;
/** A project's logstore quota. */
export const SLS_MAX_LOGSTORES_PER_PROJECT = 200;
/** Data retention, days (3650: kept for ever). */
const TTL_RANGE = { min: 1, max: 3650 };
/** Shards a logstore can be created with. */
const SHARD_RANGE = { min: 1, max: 100 };

export class SlsState {
  readonly #projects = new Map<string, Map<string, SlsStoredGroup[]>>();
  /** Shard counts of logstores created by CreateLogStore, by "project/logstore". */
  readonly #createdShards = new Map<string, number>();
  /** The last generation handed out. */
  #generation = 0;
  readonly #max: number;
  readonly #deleteMissing: "not-found" | "ok";
  readonly #config: SlsStateOptions["projects"];
  readonly #shardsPerLogstore: number;
  /** Checkpoints and heartbeats of every group; a group's go when it is deleted. */
  readonly activity: SlsConsumerActivity;

  constructor(options: SlsStateOptions) {
    this.#config = options.projects;
    this.#shardsPerLogstore = options.shardsPerLogstore ?? 2;
    this.activity = new SlsConsumerActivity(options.checkpointUpdateTimeUnit);
    this.#max = options.maxGroupsPerLogstore ?? SLS_MAX_GROUPS_PER_LOGSTORE;
    this.#deleteMissing = options.deleteMissingGroup ?? "not-found";
    this.reset();
  }

  /** Throws ProjectNotExist / LogStoreNotExist; used first by every route. */
  groupsOf(project: string, logstore: string): SlsStoredGroup[] {
    const logstores = this.#projects.get(project);
    if (!logstores) throw slsErrors.projectNotExist(project);
    const groups = logstores.get(logstore);
    if (!groups) throw slsErrors.logStoreNotExist(logstore);
    return groups;
  }

  list(project: string, logstore: string): SlsGroupRecord[] {
    return this.groupsOf(project, logstore).map(({ name, timeout, order }) => ({
      name,
      timeout,
      order,
    }));
  }

  /** CreateLogStore: ProjectNotExist, ParameterInvalid, LogStoreAlreadyExist, quota. */
  createLogstore(project: string, input: { name: string; ttl: number; shardCount: number }): void {
    const logstores = this.#projects.get(project);
    if (!logstores) throw slsErrors.projectNotExist(project);
    const { name, ttl, shardCount } = input;
    if (!LOGSTORE_NAME.test(name)) {
      throw slsErrors.logstoreBodyInvalid(
        `logstoreName ${JSON.stringify(name)} must be 3-63 characters of a-z, 0-9, - and _, ` +
          "starting and ending with a letter or digit",
      );
    }
    if (!isIntegerIn(ttl, TTL_RANGE)) {
      throw slsErrors.logstoreBodyInvalid(`ttl must be an integer from 1 to 3650 (days)`);
    }
    if (!isIntegerIn(shardCount, SHARD_RANGE)) {
      throw slsErrors.logstoreBodyInvalid(`shardCount must be an integer from 1 to 100`);
    }
    if (logstores.has(name)) throw slsErrors.logStoreAlreadyExist(name);
    if (logstores.size >= SLS_MAX_LOGSTORES_PER_PROJECT) {
      throw slsErrors.logStoreQuotaExceed(SLS_MAX_LOGSTORES_PER_PROJECT);
    }
    logstores.set(name, []);
    this.#createdShards.set(`${project}/${name}`, shardCount);
  }

  /** DeleteLogStore: its groups and their checkpoints go with it. */
  deleteLogstore(project: string, logstore: string): void {
    const groups = this.groupsOf(project, logstore);
    for (const g of groups) this.activity.dropGroup(activityKey(project, logstore, g.name));
    this.#projects.get(project)?.delete(logstore);
    this.#createdShards.delete(`${project}/${logstore}`);
  }

  create(project: string, logstore: string, group: SlsGroupRecord): void {
    const groups = this.groupsOf(project, logstore);
    if (!SLS_GROUP_NAME.test(group.name)) {
      throw slsErrors.createBodyInvalid(`consumerGroup must be ${SLS_GROUP_NAME.text}`);
    }
    if (!isSlsTimeout(group.timeout)) {
      throw slsErrors.createBodyInvalid(`timeout must be an integer from ${SLS_TIMEOUT_RANGE}`);
    }
    if (groups.some((g) => g.name === group.name)) throw slsErrors.groupAlreadyExist();
    if (groups.length >= this.#max) throw slsErrors.groupQuotaExceed(this.#max);
    groups.push({
      name: group.name,
      timeout: group.timeout,
      order: group.order,
      generation: ++this.#generation,
    });
  }

  update(
    project: string,
    logstore: string,
    name: string,
    changes: { timeout?: number; order?: boolean },
  ): void {
    const groups = this.groupsOf(project, logstore);
    if (changes.timeout !== undefined && !isSlsTimeout(changes.timeout)) {
      throw slsErrors.updateBodyInvalid(`timeout must be an integer from ${SLS_TIMEOUT_RANGE}`);
    }
    const group = groups.find((g) => g.name === name);
    if (!group) throw slsErrors.groupNotExist();
    if (changes.timeout !== undefined) group.timeout = changes.timeout;
    if (changes.order !== undefined) group.order = changes.order;
  }

  /** Returns whether a group was removed. */
  delete(project: string, logstore: string, name: string): boolean {
    const groups = this.groupsOf(project, logstore);
    const index = groups.findIndex((g) => g.name === name);
    if (index < 0) {
      if (this.#deleteMissing === "ok") return false;
      throw slsErrors.groupNotExist();
    }
    groups.splice(index, 1);
    this.activity.dropGroup(activityKey(project, logstore, name));
    return true;
  }

  /** Throws ConsumerGroupNotExist when missing (GetCheckPoint, the SLS API documentation). */
  requireGroup(project: string, logstore: string, name: string): SlsGroupRecord {
    const group = this.groupsOf(project, logstore).find((g) => g.name === name);
    if (!group) throw slsErrors.groupNotExist();
    return group;
  }

  /** Shards are numbered 0..shardCount-1; throws for an unknown project or logstore. */
  shardCount(project: string, logstore: string): number {
    this.groupsOf(project, logstore);
    return (
      this.#createdShards.get(`${project}/${logstore}`) ??
      this.#config[project]?.shards?.[logstore] ??
      this.#shardsPerLogstore
    );
  }

  snapshot(): SlsStateSnapshot {
    const projects: SlsStateSnapshot["projects"] = {};
    for (const [project, logstores] of this.#projects) {
      const entry: SlsStateSnapshot["projects"][string] = { logstores: {} };
      for (const [logstore, groups] of logstores) {
        const shards = this.#createdShards.get(`${project}/${logstore}`);
        entry.logstores[logstore] = {
          groups: groups.map((g) => ({ ...g })),
          ...snapshotCheckpoints(this.activity, project, logstore, groups),
          ...(shards === undefined ? {} : { shards }),
        };
      }
      projects[project] = entry;
    }
    return { projects };
  }

  /**
   * Restores groups from a snapshot. Projects and logstores the snapshot has but the current
   * configuration lacks are added too, so a state file never loses groups silently.
   */
  restore(snapshot: unknown): void {
    const projects = (snapshot as Partial<SlsStateSnapshot> | null)?.projects;
    if (!projects || typeof projects !== "object") {
      throw new Error('SLS state must be {"projects": {...}}');
    }
    for (const [project, entry] of Object.entries(projects)) {
      const logstores = this.#projects.get(project) ?? new Map<string, SlsStoredGroup[]>();
      this.#projects.set(project, logstores);
      for (const [logstore, store] of Object.entries(entry?.logstores ?? {})) {
        const groups = (store?.groups ?? []).map(readGroup);
        logstores.set(logstore, groups);
        if (typeof store?.shards === "number") {
          this.#createdShards.set(`${project}/${logstore}`, store.shards);
        }
        restoreCheckpoints(this.activity, project, logstore, store?.checkpoints);
        for (const g of groups) this.#generation = Math.max(this.#generation, g.generation);
      }
    }
    // Groups from a state file written before generations existed get fresh ones.
    for (const logstores of this.#projects.values()) {
      for (const groups of logstores.values()) {
        for (const g of groups) g.generation ||= ++this.#generation;
      }
    }
  }

  /** Back to the configuration: configured logstores without groups; created ones are gone. */
  reset(): void {
    this.#projects.clear();
    this.#createdShards.clear();
    this.activity.clear();
    for (const [project, { logstores }] of Object.entries(this.#config)) {
      this.#projects.set(project, new Map(logstores.map((ls) => [ls, []])));
    }
  }
}

/** A stored group; generation 0 when the file has none (restore() then gives it one). */
function readGroup(value: unknown): SlsStoredGroup {
  const { name, timeout, order, generation } = (value ?? {}) as Record<string, unknown>;
  if (typeof name !== "string" || typeof timeout !== "number" || typeof order !== "boolean") {
    throw new Error(`SLS state has a malformed group: ${JSON.stringify(value)}`);
  }
  return { name, timeout, order, generation: typeof generation === "number" ? generation : 0 };
}

function isIntegerIn(value: number, range: { min: number; max: number }): boolean {
  return Number.isInteger(value) && value >= range.min && value <= range.max;
}
