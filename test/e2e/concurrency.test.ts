// Two stacks, each its own workspace and state, applied and destroyed AT THE SAME TIME with
// real `terraform` against one emulator, on the same SLS logstore and the same DMS queue. Each
// case starts a fresh emulator that already holds one unrelated group per container (created
// outside Terraform), which must survive everything. Each stack's hooks reach the emulator
// through their own loopback proxy with a barrier (support/concurrency-barrier.ts): the first
// calls of each run are held until both stacks have one in flight, so the runs really overlap
// however the two Terraform processes happen to be scheduled.
//
// | case                         | expected at the emulator                                        |
// |------------------------------|-----------------------------------------------------------------|
// | -parallelism=1, both apply   | exactly the union of both stacks, each group created once,      |
// |                              | settings as declared, no error answer                           |
// | -parallelism=10, both apply  | the same                                                        |
// | both destroy (each case)     | each destroy deletes its own groups only, once; containers hold |
// |                              | only the unrelated groups                                       |
// | same name in both stacks     | current behaviour, not a feature: one creates, one adopts; the  |
// |                              | first destroy deletes the group for both (see the case)         |
//
// The DMS queue holds at most 3 groups: stack A declares one (queue by id), stack B one (queue
// by name), plus the unrelated group, so the queue is exactly full after the applies.

import type { TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import {
  BILLING_QUEUE,
  BILLING_QUEUE_ID,
  DMS_KEY,
  DMS_PROJECT,
  dmsEmulatorConfig,
  dmsEnv,
} from "../support/dms-fixtures";
import { startBarrierProxies, type BarrierProxies } from "../support/concurrency-barrier";
import { assertHookBundleBuilt } from "../support/hook-process";
import { LOGSTORE, PROJECT, SLS_KEY, slsEmulatorConfig, slsEnv } from "../support/sls-fixtures";
import {
  TerraformWorkspace,
  expectSuccess,
  requireTerraform,
} from "../support/terraform-workspace";
import type { EmulatorCall } from "../../lib/emulator/emulated-service";

jest.setTimeout(60_000);

interface SlsDecl {
  readonly name: string;
  readonly timeout: number;
  readonly order: boolean;
}

interface StackDecl {
  readonly stack: string;
  readonly sls: readonly SlsDecl[];
  /** Group names on the billing queue. */
  readonly dms: readonly string[];
  /** How this stack refers to the billing queue. */
  readonly queue: { id: string } | { name: string };
}

const KEEP_SLS: SlsDecl = { name: "unrelated-sls", timeout: 77, order: true };
const KEEP_DMS = "unrelated-billing";

const STACK_A: StackDecl = {
  stack: "stack-a",
  sls: Array.from({ length: 8 }, (_, i) => ({
    name: `a-sls-${i + 1}`,
    timeout: 60 + i * 10,
    order: i % 2 === 0,
  })),
  dms: ["a-billing"],
  queue: { id: BILLING_QUEUE_ID },
};
const STACK_B: StackDecl = {
  stack: "stack-b",
  sls: Array.from({ length: 8 }, (_, i) => ({
    name: `b-sls-${i + 1}`,
    timeout: 600 + i,
    order: i % 3 === 0,
  })),
  dms: ["b-billing"],
  queue: { name: BILLING_QUEUE },
};

let emulator: RunningEmulator;
/** Stack A's hooks call the emulator through proxies.urls[0], stack B's through urls[1]. */
let proxies: BarrierProxies;
let workspaces: TerraformWorkspace[] = [];

beforeAll(() => {
  requireTerraform();
  assertHookBundleBuilt();
});

beforeEach(async () => {
  // A fresh emulator per case, with DMS's initialisation delay so `ensure` polls the list
  // while the other stack creates and lists on the same queue.
  emulator = await startEmulator({
    sls: slsEmulatorConfig(),
    dms: dmsEmulatorConfig({ groupInitDelayMs: 300 }),
  });
  emulator.sls.createGroup(PROJECT, LOGSTORE, KEEP_SLS);
  emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE_ID, KEEP_DMS);
  proxies = await startBarrierProxies(emulator.port);
});

afterEach(async () => {
  await proxies?.close();
  await emulator?.close();
  for (const w of workspaces) w.cleanup();
  workspaces = [];
});

/** A workspace of its own (own dir, own state) per stack, synthesized and initialised. */
async function prepare(decl: StackDecl, endpoint: string): Promise<TerraformWorkspace> {
  const workspace = new TerraformWorkspace({ ...slsEnv(SLS_KEY), ...dmsEnv(DMS_KEY) });
  workspaces.push(workspace);
  workspace.synth(decl.stack, (stack: TerraformStack) => {
    for (const g of decl.sls) {
      new SlsConsumerGroup(stack, `Sls-${g.name}`, {
        region: "cn-hangzhou",
        endpoint,
        project: PROJECT,
        logstore: LOGSTORE,
        name: g.name,
        timeout: g.timeout,
        order: g.order,
      });
    }
    for (const name of decl.dms) {
      new DmsQueueConsumerGroup(stack, `Dms-${name}`, {
        region: "cn-north-4",
        endpoint,
        projectId: DMS_PROJECT,
        queue: decl.queue,
        name,
      });
    }
  });
  expectSuccess(await workspace.init(decl.stack), `terraform init ${decl.stack}`);
  return workspace;
}

function apply(workspace: TerraformWorkspace, stack: string, parallelism: number) {
  return workspace.terraform(stack, [
    "apply",
    "-input=false",
    "-auto-approve",
    "-no-color",
    `-parallelism=${parallelism}`,
  ]);
}

function destroy(workspace: TerraformWorkspace, stack: string, parallelism: number) {
  return workspace.terraform(stack, [
    "destroy",
    "-input=false",
    "-auto-approve",
    "-no-color",
    `-parallelism=${parallelism}`,
  ]);
}

describe.each([1, 10])("two stacks applied and destroyed at once, -parallelism=%i", (n) => {
  it("ends with exactly the union of both stacks, then with only the unrelated groups", async () => {
    const [wa, wb] = await Promise.all([
      prepare(STACK_A, proxies.urls[0]),
      prepare(STACK_B, proxies.urls[1]),
    ]);
    emulator.resetCalls();
    proxies.arm();

    const [applyA, applyB] = await Promise.all([
      apply(wa, STACK_A.stack, n),
      apply(wb, STACK_B.stack, n),
    ]);

    expectSuccess(applyA, `apply ${STACK_A.stack}`);
    expectSuccess(applyB, `apply ${STACK_B.stack}`);
    // The barrier opened because both stacks had a hook connected: the runs overlapped. (Which
    // stack's group calls come first after that is up to the scheduler: at -parallelism=10 one
    // stack's creates can all be answered while the other's hooks still start up.)
    expect(proxies.outcome()).toBe("both");
    const applyCalls = emulator.calls();
    // No error answer at all: neither stack saw, let alone touched, the other's groups.
    expect(applyCalls.filter((c) => c.status >= 400)).toEqual([]);
    expect(applyCalls.filter((c) => c.action === "UpdateConsumerGroup")).toEqual([]);
    // Each declared group created exactly once (nothing duplicated, nothing retried).
    const declared = [...STACK_A.sls, ...STACK_B.sls];
    const declaredDms = [...STACK_A.dms, ...STACK_B.dms];
    expect(successTargets(applyCalls, "CreateConsumerGroup")).toEqual(
      declared.map((g) => `${PROJECT}/${LOGSTORE}/${g.name}`).sort(),
    );
    expect(successTargets(applyCalls, "CreateConsumerGroups")).toEqual(
      declaredDms.map((name) => `${DMS_PROJECT}/${BILLING_QUEUE}/${name}`).sort(),
    );
    // Each stack's hooks report its own groups as created, none adopted.
    expect(reported(applyA.output, "created")).toEqual(names(STACK_A));
    expect(reported(applyB.output, "created")).toEqual(names(STACK_B));
    expect(applyA.output + applyB.output).not.toMatch(/adopted|already gone/);
    // The final state: the union of both, with the declared settings, plus the unrelated group.
    expect(slsState()).toEqual(bySlsName([KEEP_SLS, ...declared]));
    expect(dmsState()).toEqual([KEEP_DMS, ...declaredDms].sort());
    // Each stack plans no changes afterwards.
    const plans = await Promise.all([wa.plan(STACK_A.stack), wb.plan(STACK_B.stack)]);
    expect(plans.map((p) => p.code)).toEqual([0, 0]);

    emulator.resetCalls();
    proxies.arm();
    const [destroyA, destroyB] = await Promise.all([
      destroy(wa, STACK_A.stack, n),
      destroy(wb, STACK_B.stack, n),
    ]);

    expectSuccess(destroyA, `destroy ${STACK_A.stack}`);
    expectSuccess(destroyB, `destroy ${STACK_B.stack}`);
    expect(proxies.outcome()).toBe("both");
    const destroyCalls = emulator.calls();
    expect(destroyCalls.filter((c) => c.status >= 400)).toEqual([]);
    // Each destroy deleted its own groups and nothing else; none found its group already gone
    // (which would mean the other stack's destroy had deleted it).
    expect(reported(destroyA.output, "deleted")).toEqual(names(STACK_A));
    expect(reported(destroyB.output, "deleted")).toEqual(names(STACK_B));
    expect(destroyA.output + destroyB.output).not.toMatch(/already gone/);
    expect(successTargets(destroyCalls, "DeleteConsumerGroup")).toEqual(
      [
        ...declared.map((g) => `${PROJECT}/${LOGSTORE}/${g.name}`),
        ...declaredDms.map((name) => `${DMS_PROJECT}/${BILLING_QUEUE}/${name}`),
      ].sort(),
    );
    // Only the unrelated groups are left, unchanged.
    expect(slsState()).toEqual([KEEP_SLS]);
    expect(dmsState()).toEqual([KEEP_DMS]);
  });
});

// The same group declared in two separately synthesized apps. Synth refuses the same group
// declared twice only within one app (README, "SlsConsumerGroup props": "Synth fails … for the
// same group declared twice"); across apps nothing sees both declarations, and the README's rule
// is to declare each group once. This case pins down what happens today when that rule is
// broken, so a change in behaviour is noticed; it is not behaviour to rely on:
// - apply: the cloud has no owner field, so the second stack's reconcile finds the group
//   existing (its POST answered "exists", or its list already showing it) and adopts it (that is
//   how a killed apply converges, and it cannot tell the two apart);
// - destroy of either stack deletes the group, because each state holds it; the other stack's
//   state still does, its plan shows no changes (terraform_data never reads the cloud), and its
//   own destroy later finds the group already gone (404 counts as deleted).
describe("the same group declared in two stacks (a conflict across apps)", () => {
  it("is adopted by the second apply and deleted for both by the first destroy", async () => {
    const shared: SlsDecl = { name: "shared-reader", timeout: 300, order: false };
    const a: StackDecl = { ...STACK_A, sls: [shared, STACK_A.sls[0]!], dms: [] };
    const b: StackDecl = { ...STACK_B, sls: [shared, STACK_B.sls[0]!], dms: [] };
    const [wa, wb] = await Promise.all([prepare(a, proxies.urls[0]), prepare(b, proxies.urls[1])]);
    emulator.resetCalls();
    proxies.arm();

    const [applyA, applyB] = await Promise.all([apply(wa, a.stack, 10), apply(wb, b.stack, 10)]);

    expectSuccess(applyA, `apply ${a.stack}`);
    expectSuccess(applyB, `apply ${b.stack}`);
    expect(proxies.outcome()).toBe("both");
    // Whichever POST came first created the group. The other stack's reconcile either posted
    // too, got "exists" and adopted it (settings set), or listed the logstore after the create
    // and found it in sync: which one depends on when its list ran.
    const both = applyA.output + applyB.output;
    expect(count(both, `/${shared.name}: created`)).toBe(1);
    expect(
      count(both, `/${shared.name}: settings set to timeout 300, order false`) +
        count(both, `/${shared.name}: in sync, nothing to do`),
    ).toBe(1);
    expect(successTargets(emulator.calls(), "CreateConsumerGroup")).toEqual(
      [shared, a.sls[1]!, b.sls[1]!].map((g) => `${PROJECT}/${LOGSTORE}/${g.name}`).sort(),
    );
    expect(slsState()).toEqual(bySlsName([KEEP_SLS, shared, a.sls[1]!, b.sls[1]!]));

    // The first destroy deletes the shared group although stack B still declares it.
    const destroyA = await destroy(wa, a.stack, 10);
    expectSuccess(destroyA, `destroy ${a.stack}`);
    expect(reported(destroyA.output, "deleted")).toEqual([a.sls[1]!.name, shared.name].sort());
    expect(slsState()).toEqual(bySlsName([KEEP_SLS, b.sls[1]!]));
    // Stack B cannot see it: its plan shows no changes, so an apply would not recreate it.
    expect((await wb.plan(b.stack)).code).toBe(0);

    const destroyB = await destroy(wb, b.stack, 10);
    expectSuccess(destroyB, `destroy ${b.stack}`);
    expect(reported(destroyB.output, "deleted")).toEqual([b.sls[1]!.name]);
    expect(reported(destroyB.output, "already gone")).toEqual([shared.name]);
    expect(slsState()).toEqual([KEEP_SLS]);
    expect(dmsState()).toEqual([KEEP_DMS]);
  });
});

function names(decl: StackDecl): string[] {
  return [...decl.sls.map((g) => g.name), ...decl.dms].sort();
}

/** Group names a hook log reports with `what`, e.g. "sls cn-hangzhou/p/l/name: deleted (…". */
function reported(output: string, what: "created" | "deleted" | "already gone"): string[] {
  const re = new RegExp(`(?:sls|dms) \\S+/([A-Za-z0-9_-]+): ${what}\\b`, "g");
  return [...output.matchAll(re)].map((m) => m[1]!).sort();
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** Targets of the calls of `action` the emulator answered with success, sorted (duplicates kept). */
function successTargets(calls: EmulatorCall[], action: string): string[] {
  return calls
    .filter((c) => c.action === action && c.status < 300)
    .map((c) => c.target ?? "")
    .sort();
}

function slsState(): SlsDecl[] {
  return bySlsName(emulator.sls.listGroups(PROJECT, LOGSTORE));
}

function bySlsName(groups: readonly SlsDecl[]): SlsDecl[] {
  return groups
    .map((g) => ({ name: g.name, timeout: g.timeout, order: g.order }))
    .sort((x, y) => x.name.localeCompare(y.name));
}

function dmsState(): string[] {
  return emulator.dms
    .listGroups(DMS_PROJECT, BILLING_QUEUE_ID)
    .map((g) => g.name)
    .sort();
}
