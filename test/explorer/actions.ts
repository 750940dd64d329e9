// The user actions the explorer generates, as plain data, and what each code change does to
// the app model. A code change returns undefined when it does not apply to the app as it is
// (nothing to remove, the new name is taken, ...); the generator's `check` skips those.
// Indices (`pick`, `stack`, `name`) are taken modulo the pool, so any number is valid input.

import {
  DMS_NAMES,
  DMS_QUEUES,
  SLS_LOGSTORES,
  SLS_NAMES,
  STACK_NAMES,
  declaredIdentities,
  groupsOfStack,
  identityOf,
  pickGroup,
  type AppModel,
  type EndpointForm,
  type GroupDecl,
  type Policy,
  type Protection,
  type Service,
} from "./app-model";

/** An emulator fault active during one deploy or destroy (see real-system.ts). */
export type FaultName =
  | "creates-fail"
  | "deletes-fail"
  | "all-calls-fail"
  /** Only the deploy's first create (SLS or DMS) is refused. */
  | "one-create-fails"
  /** Only the deploy's first SLS settings update is refused. */
  | "one-update-fails";

/**
 * How the stacks are deployed after a change: every stack whose configuration changed, in the
 * app's order or reversed (so a group moved across stacks is deployed in both orders), the
 * first failure ending the deploy as `cdktf deploy` does. `fault`: the emulator fails those
 * calls during this deploy. `killAt`: the first stack's apply runs with -parallelism=1 and is
 * SIGKILLed when its cloud call number `killAt` (from 0) hangs. "none": synthesized only.
 */
export type Deploy =
  | "none"
  | {
      order: "forward" | "reverse";
      fault?: FaultName;
      killAt?: number;
      /** Run with CONSUMER_GROUPS_ALLOW_DELETE=* (the emergency override of deletion protection). */
      allowDelete?: true;
      /**
       * Run with CONSUMER_GROUPS_FORGET=<forget>: a removed group of that name is no longer
       * managed and not deleted (the way out of a removal that cannot be carried out).
       */
      forget?: string;
    };

export type CodeChange =
  | {
      kind: "add";
      service: Service;
      name: number;
      container: number;
      stack: number;
      form: EndpointForm;
      policy: Policy;
      timeout: number;
      order: boolean;
      queueBy: "id" | "name";
      /** @default WHEN_IN_USE */
      protection?: Protection;
      /**
       * SLS only, for scripted sequences: copyCheckpointsFrom the SLS name this designates,
       * whether or not such a group exists (the generator never sets it; it copies only from a
       * live group, with "rename-via-copy").
       */
      copyFrom?: number;
      /** The container given as a reference (absent in sequences written before references). */
      reference?: boolean;
    }
  | { kind: "remove"; pick: number }
  /** A group's container switched between a literal and a reference (of the same value). */
  | { kind: "toggle-reference"; pick: number }
  | { kind: "rename"; pick: number; name: number }
  | { kind: "settings"; pick: number; timeout: number; order: boolean }
  | { kind: "move-in-stack"; pick: number }
  | { kind: "move-to-stack"; pick: number; stack: number }
  | { kind: "split-stack"; stack: number }
  | { kind: "merge-stacks"; from: number; into: number }
  | { kind: "endpoint-form"; pick: number; form: EndpointForm }
  | { kind: "queue-form"; pick: number }
  | { kind: "switch-executor" }
  | { kind: "toggle-removal-policy"; pick: number }
  /** Set a group's deletionProtection. */
  | { kind: "protection"; pick: number; protection: Protection }
  /**
   * Step 1 of the README's safe rename: a new SLS group next to a live one (same stack,
   * parent, logstore and settings) with copyCheckpointsFrom naming it. Step 3 (removing the old
   * group) is the ordinary "remove".
   */
  | { kind: "rename-via-copy"; pick: number; name: number }
  /**
   * A rename in one step: a live SLS group replaced, in one code change, by a group of another
   * name with copyCheckpointsFrom naming it (`keepId`: under the same construct id). The deploy
   * must create the new group and copy the checkpoints before the prune deletes the old one.
   */
  | { kind: "rename-with-copy"; pick: number; name: number; keepId: boolean };

export type Action =
  | (CodeChange & { deploy: Deploy })
  /** Deploy again without a code change (a re-apply after a failure). */
  | { kind: "deploy"; deploy: Exclude<Deploy, "none"> }
  /** `terraform destroy` of one stack; on success the stack leaves the app. */
  | { kind: "destroy-stack"; stack: number; fault?: FaultName; allowDelete?: true }
  /**
   * Consumers commit a checkpoint now on shard `pick` % 2 (SLS) or leave messages waiting
   * (DMS) in the declared group `pick` designates, if it is live.
   */
  | { kind: "consumers-active"; pick: number }
  /**
   * The consumers of the `pick`-th group the explorer made active stop: every SLS shard's
   * last commit moves before the in-use window; a DMS group's waiting messages drop to 0.
   */
  | { kind: "consumers-stop"; pick: number }
  /**
   * One of Terraform's own verbs on the stack `stack` designates, then the apply a user runs
   * after it (verbs.ts). `pick` chooses the group resource. Run on a stack whose last apply
   * is its current configuration, except `target`, which is for a stack with pending changes.
   */
  | { kind: "verb"; verb: Verb; stack: number; pick: number }
  /**
   * The group `pick` designates declared a second time, in the stack `stack` designates:
   * `queueFlip` names a DMS group's queue the other way (only the cloud can tell), and
   * `skipValidation` synthesizes with cdktf's flag. Synth must refuse, or the apply of that
   * stack must fail with HOOK_DECLARED_TWICE, deleting nothing; then the user removes it.
   */
  | { kind: "duplicate"; pick: number; stack: number; queueFlip: boolean; skipValidation: boolean }
  /**
   * A group whose create can never succeed, added to the stack `stack` designates and deployed
   * (the apply fails, naming it), then removed and deployed again. "malformed-id": a DMS queue
   * id the service calls malformed; the removal must converge deleting nothing.
   * "unreachable": an endpoint on a loopback port where nothing listens; the removal may fail
   * only by naming CONSUMER_GROUPS_FORGET, and converges with it, deleting nothing.
   */
  | {
      kind: "never-created";
      how: "malformed-id" | "unreachable";
      service: Service;
      stack: number;
    }
  /**
   * "rename-with-copy" (without keepId) while the source's logstore is at its group quota
   * (filled with other groups for the deploy): the apply must fail with
   * HOOK_COPY_BEFORE_DELETE, nothing of the source deleted; then the fillers go, and the rename
   * is left for a later deploy.
   */
  | { kind: "copy-at-quota"; pick: number; name: number };

export const VERBS = [
  "replace",
  "taint",
  "untaint",
  "target",
  "state-rm-group",
  "state-rm-reconciler",
  "state-rm-manifest",
  "import",
  "refresh-only",
] as const;
export type Verb = (typeof VERBS)[number];

const NOT_CODE = new Set([
  "deploy",
  "destroy-stack",
  "consumers-active",
  "consumers-stop",
  "verb",
  "duplicate",
  "never-created",
  "copy-at-quota",
]);

export function isCodeChange(action: Action): action is CodeChange & { deploy: Deploy } {
  return !NOT_CODE.has(action.kind);
}

/**
 * The app after the change, or undefined when the change does not apply. `isLive` (the
 * emulator's state now) lets "rename-via-copy" copy only from a group that exists, as the README
 * flow does; without it any declared SLS group qualifies.
 */
export function changeCode(
  app: AppModel,
  change: CodeChange,
  isLive: (identity: string) => boolean = () => true,
): AppModel | undefined {
  switch (change.kind) {
    case "add":
      return add(app, change);
    case "remove": {
      const group = pickGroup(app, change.pick);
      return group && { ...app, groups: app.groups.filter((g) => g !== group) };
    }
    case "rename": {
      const group = pickGroup(app, change.pick);
      if (!group) return undefined;
      const pool: readonly string[] = group.service === "sls" ? SLS_NAMES : DMS_NAMES;
      const name = pool[change.name % pool.length]!;
      if (declaredIdentities(app).has(identityOf({ ...group, name }))) return undefined;
      // A renamed group is a new group: it no longer copies from anywhere (nor from itself).
      const { copyFrom: _dropped, ...rest } = group;
      return replace(app, group, { ...rest, name }, true);
    }
    case "settings": {
      const group = pickGroup(app, change.pick, "sls");
      if (!group || (group.timeout === change.timeout && group.order === change.order)) {
        return undefined;
      }
      return replace(app, group, { timeout: change.timeout, order: change.order });
    }
    case "move-in-stack": {
      const group = pickGroup(app, change.pick);
      return group && replace(app, group, { parent: group.parent === "" ? "Team" : "" });
    }
    case "move-to-stack": {
      const group = pickGroup(app, change.pick);
      const stack = STACK_NAMES[change.stack % STACK_NAMES.length]!;
      if (!group || group.stack === stack) return undefined;
      return replace(withStack(app, stack), group, { stack });
    }
    case "split-stack":
      return split(app, change.stack);
    case "merge-stacks": {
      const from = app.stacks[change.from % app.stacks.length];
      const into = app.stacks[change.into % app.stacks.length];
      if (!from || !into || from === into || groupsOfStack(app, from).length === 0) {
        return undefined;
      }
      const groups = app.groups.map((g) => (g.stack === from ? { ...g, stack: into } : g));
      return { ...app, groups };
    }
    case "endpoint-form": {
      const group = pickGroup(app, change.pick);
      if (!group || group.endpointForm === change.form) return undefined;
      return replace(app, group, { endpointForm: change.form });
    }
    case "queue-form": {
      const group = pickGroup(app, change.pick, "dms");
      return group && replace(app, group, { queueBy: group.queueBy === "id" ? "name" : "id" });
    }
    case "switch-executor":
      return { ...app, executor: app.executor === "batched" ? "per-group" : "batched" };
    case "toggle-removal-policy": {
      const group = pickGroup(app, change.pick);
      const removalPolicy = group?.removalPolicy === "RETAIN" ? "DESTROY" : "RETAIN";
      return group && replace(app, group, { removalPolicy });
    }
    case "protection": {
      const group = pickGroup(app, change.pick);
      if (!group || (group.protection ?? "WHEN_IN_USE") === change.protection) return undefined;
      return replace(app, group, { protection: change.protection });
    }
    case "toggle-reference": {
      const group = pickGroup(app, change.pick);
      // copyCheckpointsFrom needs literals (synth refuses it with a reference).
      if (!group || group.copyFrom !== undefined) return undefined;
      const { byReference, ...rest } = group;
      return replace(app, group, byReference ? rest : { ...rest, byReference: true }, true);
    }
    case "rename-via-copy":
      return renameViaCopy(app, change, isLive);
    case "rename-with-copy":
      return renameWithCopy(app, change, isLive);
  }
}

function renameWithCopy(
  app: AppModel,
  change: Extract<CodeChange, { kind: "rename-with-copy" }>,
  isLive: (identity: string) => boolean,
): AppModel | undefined {
  const source = pickGroup(app, change.pick, "sls");
  if (!source || !isLive(identityOf(source))) return undefined;
  // copyCheckpointsFrom needs literals: the new group names its logstore by a literal.
  const { copyFrom: _dropped, byReference: _literal, ...rest } = source;
  const group: GroupDecl = {
    ...rest,
    name: SLS_NAMES[change.name % SLS_NAMES.length]!,
    copyFrom: source.name,
    ...(change.keepId ? {} : { constructId: `G${app.serial}` }),
  };
  if (declaredIdentities(app).has(identityOf(group))) return undefined;
  const groups = app.groups.map((g) => (g === source ? group : g));
  return { ...app, groups, serial: change.keepId ? app.serial : app.serial + 1 };
}

function renameViaCopy(
  app: AppModel,
  change: Extract<CodeChange, { kind: "rename-via-copy" }>,
  isLive: (identity: string) => boolean,
): AppModel | undefined {
  const source = pickGroup(app, change.pick, "sls");
  if (!source || !isLive(identityOf(source))) return undefined;
  const { byReference: _literal, ...literal } = source;
  const group: GroupDecl = {
    ...literal,
    constructId: `G${app.serial}`,
    name: SLS_NAMES[change.name % SLS_NAMES.length]!,
    removalPolicy: "DESTROY",
    protection: "WHEN_IN_USE",
    copyFrom: source.name,
  };
  if (declaredIdentities(app).has(identityOf(group))) return undefined;
  return { ...app, groups: [...app.groups, group], serial: app.serial + 1 };
}

// ---------------------------------------------------------------------------------------

function add(app: AppModel, change: Extract<CodeChange, { kind: "add" }>): AppModel | undefined {
  const sls = change.service === "sls";
  const names: readonly string[] = sls ? SLS_NAMES : DMS_NAMES;
  const containers: readonly string[] = sls ? SLS_LOGSTORES : DMS_QUEUES;
  const group: GroupDecl = {
    service: change.service,
    constructId: `G${app.serial}`,
    name: names[change.name % names.length]!,
    container: containers[change.container % containers.length]!,
    queueBy: change.queueBy,
    timeout: change.timeout,
    order: change.order,
    endpointForm: change.form,
    removalPolicy: change.policy,
    ...(change.protection === undefined ? {} : { protection: change.protection }),
    ...(sls && change.copyFrom !== undefined
      ? { copyFrom: SLS_NAMES[change.copyFrom % SLS_NAMES.length]! }
      : change.reference
        ? { byReference: true as const }
        : {}),
    stack: STACK_NAMES[change.stack % STACK_NAMES.length]!,
    parent: "",
  };
  if (declaredIdentities(app).has(identityOf(group))) return undefined;
  const withIt = withStack(app, group.stack);
  return { ...withIt, groups: [...withIt.groups, group], serial: app.serial + 1 };
}

/** Half of a stack's groups (every second one) move to a stack the app does not have yet. */
function split(app: AppModel, index: number): AppModel | undefined {
  const from = app.stacks[index % Math.max(app.stacks.length, 1)];
  const to = STACK_NAMES.find((s) => !app.stacks.includes(s));
  const members = from === undefined ? [] : groupsOfStack(app, from);
  if (to === undefined || members.length < 2) return undefined;
  const moving = new Set(members.filter((_, i) => i % 2 === 1));
  const groups = app.groups.map((g) => (moving.has(g) ? { ...g, stack: to } : g));
  return { ...withStack(app, to), groups };
}

function withStack(app: AppModel, stack: string): AppModel {
  return app.stacks.includes(stack) ? app : { ...app, stacks: [...app.stacks, stack] };
}

function replace(
  app: AppModel,
  group: GroupDecl,
  changes: Partial<GroupDecl>,
  whole = false,
): AppModel {
  const next = (g: GroupDecl): GroupDecl => (whole ? (changes as GroupDecl) : { ...g, ...changes });
  return { ...app, groups: app.groups.map((g) => (g === group ? next(g) : g)) };
}
