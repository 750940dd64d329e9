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
  type Service,
} from "./app-model";

/** An emulator fault active during one deploy or destroy (see real-system.ts). */
export type FaultName = "creates-fail" | "deletes-fail" | "all-calls-fail";

/**
 * How the stacks are deployed after a change: every stack whose configuration changed, in the
 * app's order or reversed (so a group moved across stacks is deployed in both orders), the
 * first failure ending the deploy as `cdktf deploy` does. `fault`: the emulator fails those
 * calls during this deploy. `killAt`: the first stack's apply runs with -parallelism=1 and is
 * SIGKILLed when its cloud call number `killAt` (from 0) hangs. "none": synthesized only.
 */
export type Deploy = "none" | { order: "forward" | "reverse"; fault?: FaultName; killAt?: number };

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
    }
  | { kind: "remove"; pick: number }
  | { kind: "rename"; pick: number; name: number }
  | { kind: "settings"; pick: number; timeout: number; order: boolean }
  | { kind: "move-in-stack"; pick: number }
  | { kind: "move-to-stack"; pick: number; stack: number }
  | { kind: "split-stack"; stack: number }
  | { kind: "merge-stacks"; from: number; into: number }
  | { kind: "endpoint-form"; pick: number; form: EndpointForm }
  | { kind: "queue-form"; pick: number }
  | { kind: "switch-executor" }
  | { kind: "toggle-removal-policy"; pick: number };

export type Action =
  | (CodeChange & { deploy: Deploy })
  /** Deploy again without a code change (a re-apply after a failure). */
  | { kind: "deploy"; deploy: Exclude<Deploy, "none"> }
  /** `terraform destroy` of one stack; on success the stack leaves the app. */
  | { kind: "destroy-stack"; stack: number; fault?: FaultName };

export function isCodeChange(action: Action): action is CodeChange & { deploy: Deploy } {
  return action.kind !== "deploy" && action.kind !== "destroy-stack";
}

/** The app after the change, or undefined when the change does not apply. */
export function changeCode(app: AppModel, change: CodeChange): AppModel | undefined {
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
      return replace(app, group, { name });
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
  }
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

function replace(app: AppModel, group: GroupDecl, changes: Partial<GroupDecl>): AppModel {
  return { ...app, groups: app.groups.map((g) => (g === group ? { ...g, ...changes } : g)) };
}
