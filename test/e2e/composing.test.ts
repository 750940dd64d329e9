// Groups ordered among the other resources of their stack, with real terraform, under both
// executors. Each logstore or queue is a resource of the stack (a stand-in,
// examples/referenced-containers/container-stand-in.js, that creates and deletes it through
// the emulator's signed SLS CreateLogStore/DeleteLogStore and DMS queue create/delete, as a
// provider does; the cloud deletes a container's groups with it), and resources of the app
// wait for groups:
//
//   Logstore ◄── OrdersReader (dependsOn)          ◄── UsesReader (dependsOn: [group])
//            ◄── OrdersAudit  (node.addDependency)
//   Queue    ◄── Billing/Workers (parent's node.addDependency) ◄── UsesWorkers (node.addDependency)
//            ◄── Billing/Audit   (dependsOn)
//
// | step                                  | expected                                                        |
// |---------------------------------------|-----------------------------------------------------------------|
// | one apply from nothing                | succeeds: every group made after its container, UsesX after X   |
// | plan again                            | no changes                                                      |
// | a timeout changed                     | one UpdateConsumerGroup, no create, no delete                   |
// | queue and its groups removed together | both groups deleted (200) by the prune before the queue goes    |
// | destroy                               | both SLS groups deleted (200) before the logstore is destroyed  |

import * as path from "node:path";
import type { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { TerraformData } from "../../lib/constructs/terraform-data";
import { DMS_PROJECT, dmsEmulatorConfig } from "../support/dms-fixtures";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { PROJECT, slsEmulatorConfig } from "../support/sls-fixtures";
import { expectSuccess, type TerraformRun } from "../support/terraform-workspace";

jest.setTimeout(180_000);

const STAND_IN = path.join(
  __dirname,
  "..",
  "..",
  "examples",
  "referenced-containers",
  "container-stand-in.js",
);
const EXECUTORS = ["batched", "per-group"] as const;

// The project exists, its logstore and queue do not: the stack's stand-ins create them.
const e2e = useEmulatorAndTerraform({
  sls: slsEmulatorConfig([]),
  dms: { ...dmsEmulatorConfig(), projects: { [DMS_PROJECT]: { queues: [] } } },
});

describe.each(EXECUTORS)("groups composed with their containers, %s executor", (executor) => {
  const stackName = `compose-${executor}`;
  const synth = (opts: { timeout?: number; withQueue?: boolean } = {}) =>
    e2e.workspace.synth(stackName, (stack) => declare(stack, opts), {
      "cdktf-consumer-groups:executor": executor,
    });

  beforeAll(() => {
    // Each executor starts from nothing: the other's destroy deleted both containers.
    expect(() => slsGroups()).toThrow(/logstore orders dose not exist/);
    expect(e2e.emulator.dms.listQueues(DMS_PROJECT)).toEqual([]);
  });

  it("deploys from nothing in one apply: containers, then groups, then what waits for them", async () => {
    synth();
    expectSuccess(await e2e.workspace.init(stackName), "terraform init");
    e2e.emulator.resetCalls();

    const apply = await e2e.workspace.apply(stackName);

    expectSuccess(apply, "first apply");
    expect(slsGroups()).toEqual(["orders-audit", "orders-reader"]);
    expect(dmsGroups()).toEqual(["billing-audit", "billing-workers"]);
    expect(apply.output).toContain("stand-in: found sls group orders-reader");
    expect(apply.output).toContain("stand-in: found dms group billing-workers");
    expect(calls().filter((c) => c.status >= 400)).toEqual([]);
    expect(
      actions()
        .filter((a) => /^Create(LogStore|Queue)$/.test(a))
        .sort(),
    ).toEqual(["CreateLogStore", "CreateQueue"]);
    expect(before(apply, "stand-in: sls container created", creatorOf("orders-reader"))).toBe(true);
    expect(before(apply, "stand-in: dms container created", creatorOf("billing-workers"))).toBe(
      true,
    );
  });

  it("plans no changes on a second run", async () => {
    expect((await e2e.workspace.plan(stackName)).code).toBe(0);
  });

  it("applies a timeout change as an update in place: no create, no delete", async () => {
    synth({ timeout: 120 });
    e2e.emulator.resetCalls();

    const apply = await e2e.workspace.apply(stackName);

    expectSuccess(apply, "apply after a timeout change");
    expect(actions().filter((a) => a === "UpdateConsumerGroup")).toHaveLength(1);
    // The per-group `ensure` tries a create first: answered "already exists", it changes nothing.
    expect(calls().filter((c) => /^(Create|Delete)/.test(c.action) && c.status < 300)).toEqual([]);
    expect(e2e.emulator.sls.listGroups(PROJECT, "orders")).toContainEqual({
      name: "orders-reader",
      timeout: 120,
      order: false,
    });
    expect(apply.output).toMatch(
      executor === "batched"
        ? /1 added, 1 changed, 1 destroyed/
        : /1 added, 0 changed, 1 destroyed/,
    );
  });

  it("deletes groups removed with their queue before the queue is destroyed", async () => {
    synth({ timeout: 120, withQueue: false });
    e2e.emulator.resetCalls();

    const apply = await e2e.workspace.apply(stackName);

    expectSuccess(apply, "apply without the queue and its groups");
    expect(deletes()).toEqual([
      `${DMS_PROJECT}/billing/billing-audit ok`,
      `${DMS_PROJECT}/billing/billing-workers ok`,
    ]);
    expect(apply.output).toContain("stand-in: dms container billing destroyed with 0 group(s)");
    expect(actions()).toContain("DeleteQueue");
    expect(e2e.emulator.dms.listQueues(DMS_PROJECT)).toEqual([]);
    expect(
      before(apply, "consumer_groups_manifest: Destruction complete", "Queue[0]: Destroying"),
    ).toBe(true);
  });

  it("deletes each group, deletion protection consulted, before its logstore on destroy", async () => {
    e2e.emulator.resetCalls();

    const destroy = await e2e.workspace.destroy(stackName);

    expectSuccess(destroy, "destroy");
    expect(deletes()).toEqual([
      `${PROJECT}/orders/orders-audit ok`,
      `${PROJECT}/orders/orders-reader ok`,
    ]);
    expect(destroy.output).toContain("stand-in: sls container orders destroyed with 0 group(s)");
    expect(actions()).toContain("DeleteLogStore");
    expect(() => slsGroups()).toThrow(/logstore orders dose not exist/);
    expect(before(destroy, /_group: Destruction complete/g, "Logstore: Destroying")).toBe(true);
    expect(
      before(destroy, "UsesReader: Destruction complete", /orders-reader_\w+_group: Destroying/),
    ).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

function declare(stack: TerraformStack, opts: { timeout?: number; withQueue?: boolean }): void {
  const url = e2e.emulator.url;
  const logstore = standIn(stack, "Logstore", ["sls", PROJECT, "orders"]);
  const sls = { region: "cn-hangzhou", endpoint: url, project: PROJECT, logstore: "orders" };
  const reader = new SlsConsumerGroup(stack, "OrdersReader", {
    ...sls,
    name: "orders-reader",
    timeout: opts.timeout ?? 60,
    dependsOn: [logstore],
  });
  new SlsConsumerGroup(stack, "OrdersAudit", {
    ...sls,
    name: "orders-audit",
    timeout: 60,
  }).node.addDependency(logstore);
  checker(stack, "UsesReader", ["sls", PROJECT, "orders", "orders-reader"], [reader]);

  // Removed, the queue keeps its block with count = 0, as Terraform's docs advise for a resource with a destroy
  // hook (a resource left out of the code runs none), so the stand-in's delete runs.
  const queue = standIn(stack, "Queue", ["dms", DMS_PROJECT, "billing"], [logstore]);
  if (opts.withQueue === false) {
    queue.count = 0;
    return;
  }
  const dms = {
    region: "cn-north-4",
    endpoint: url,
    projectId: DMS_PROJECT,
    queue: { name: "billing" },
  };
  const billing = new Construct(stack, "Billing");
  billing.node.addDependency(queue);
  const workers = new DmsQueueConsumerGroup(billing, "Workers", {
    ...dms,
    name: "billing-workers",
  });
  new DmsQueueConsumerGroup(stack, "BillingAudit", {
    ...dms,
    name: "billing-audit",
    dependsOn: [queue],
  });
  checker(stack, "UsesWorkers", [
    "dms",
    DMS_PROJECT,
    "billing",
    "billing-workers",
  ]).node.addDependency(workers);
}

/** A container resource: created by its create hook, destroyed (with its groups) by its destroy hook. */
function standIn(
  stack: TerraformStack,
  id: string,
  [service, project, name]: string[],
  dependsOn?: TerraformData[],
): TerraformData {
  const url = e2e.emulator.url;
  const r = new TerraformData(stack, id, {
    triggersReplace: { service: service!, name: name! },
    dependsOn,
    provisioners: [
      {
        type: "local-exec",
        interpreter: ["node", STAND_IN, "create", url, service!, project!],
        command: name!,
      },
      {
        type: "local-exec",
        when: "destroy",
        interpreter: ["node", STAND_IN, "destroy", url, service!, project!],
        command: name!,
      },
    ],
  });
  r.overrideLogicalId(id);
  return r;
}

/** A resource of the app that fails to create unless the group exists. */
function checker(
  stack: TerraformStack,
  id: string,
  [service, project, container, group]: string[],
  dependsOn?: { readonly fqn: string }[],
): TerraformData {
  const r = new TerraformData(stack, id, {
    triggersReplace: { group: group! },
    dependsOn,
    provisioners: [
      {
        type: "local-exec",
        interpreter: [
          "node",
          STAND_IN,
          "expect-group",
          e2e.emulator.url,
          service!,
          project!,
          container!,
        ],
        command: group!,
      },
    ],
  });
  r.overrideLogicalId(id);
  return r;
}

const calls = () => e2e.emulator.calls();
const actions = () => calls().map((c) => c.action);
const deletes = () =>
  calls()
    .filter((c) => c.action === "DeleteConsumerGroup")
    .map((c) => `${c.target ?? ""} ${c.status < 300 ? "ok" : c.status}`)
    .sort();
const slsGroups = () =>
  e2e.emulator.sls
    .listGroups(PROJECT, "orders")
    .map((g) => g.name)
    .sort();
const dmsGroups = () =>
  e2e.emulator.dms
    .listGroups(DMS_PROJECT, "billing")
    .map((g) => g.name)
    .sort();

/** The hook's report that it created the group, from the reconciler or the group's Settings. */
function creatorOf(group: string): string {
  return `/${group}: created`;
}

/**
 * Whether `first` is printed before `second` (every match of a global pattern `first` before the
 * first match of `second`).
 */
function before(run: TerraformRun, first: string | RegExp, second: string | RegExp): boolean {
  const at = (p: string | RegExp) =>
    typeof p === "string"
      ? [run.output.indexOf(p)].filter((i) => i >= 0)
      : [...run.output.matchAll(p.global ? p : new RegExp(p.source, "g"))].map((m) => m.index);
  const a = at(first);
  const b = at(second);
  if (!a.length || !b.length) throw new Error(`${first} or ${second} not in:\n${run.output}`);
  return Math.max(...a) < Math.min(...b);
}
