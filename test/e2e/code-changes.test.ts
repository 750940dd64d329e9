// What happens to cloud groups when the *code* changes, with real terraform: a construct deleted from the code, the same with RETAIN, a removal policy toggled
// both ways, a construct moved in the tree. The steps build on each other, in order:
//
// | step                                   | expected at the emulator                        |
// |----------------------------------------|-------------------------------------------------|
// | apply A, B (RETAIN), C, D              | 4 groups created (2 SLS, 2 DMS)                 |
// | delete A (SLS) and C (DMS) from code   | A and C deleted by the manifest's prune hook    |
// | delete B (RETAIN) from code            | B kept, "retained" logged                       |
// | toggle D DESTROY -> RETAIN -> DESTROY  | no delete, no create, at every step             |
// | move D elsewhere in the construct tree | plan shows no changes; apply calls nothing      |
// | destroy                                | D deleted; B (no longer managed) still there    |

import type { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { DmsQueueConsumerGroup, RemovalPolicy, SlsConsumerGroup } from "../../lib";
import { BILLING_QUEUE_ID, DMS_PROJECT } from "../support/dms-fixtures";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { LOGSTORE, PROJECT } from "../support/sls-fixtures";
import { expectSuccess } from "../support/terraform-workspace";

const STACK = "code-changes";
jest.setTimeout(120_000);

const e2e = useEmulatorAndTerraform();

interface Declared {
  a?: boolean;
  b?: boolean;
  c?: boolean;
  dPolicy?: RemovalPolicy;
  dNested?: boolean;
}

function synth(d: Declared): void {
  e2e.workspace.synth(STACK, (stack: TerraformStack) => {
    const sls = {
      region: "cn-hangzhou",
      endpoint: e2e.emulator.url,
      project: PROJECT,
      logstore: LOGSTORE,
      timeout: 60,
    };
    const dms = { region: "cn-north-4", endpoint: e2e.emulator.url, projectId: DMS_PROJECT };
    if (d.a) new SlsConsumerGroup(stack, "A", { ...sls, name: "group-a" });
    if (d.b)
      new SlsConsumerGroup(stack, "B", {
        ...sls,
        name: "group-b",
        removalPolicy: RemovalPolicy.RETAIN,
      });
    if (d.c)
      new DmsQueueConsumerGroup(stack, "C", {
        ...dms,
        queue: { id: BILLING_QUEUE_ID },
        name: "group-c",
      });
    const parent = d.dNested ? new Construct(new Construct(stack, "Billing"), "Workers") : stack;
    new DmsQueueConsumerGroup(parent, d.dNested ? "MovedD" : "D", {
      ...dms,
      queue: { name: "shipping" },
      name: "group-d",
      removalPolicy: d.dPolicy ?? RemovalPolicy.DESTROY,
    });
  });
}

async function applyChange(d: Declared, what: string) {
  synth(d);
  e2e.emulator.resetCalls();
  const run = await e2e.workspace.apply(STACK);
  expectSuccess(run, what);
  return run;
}

describe("code changes with real terraform", () => {
  it("creates every declared group", async () => {
    synth({ a: true, b: true, c: true });
    expectSuccess(await e2e.workspace.init(STACK), "terraform init");

    expectSuccess(await e2e.workspace.apply(STACK), "first apply");

    expect(sls()).toEqual(["group-a", "group-b"]);
    expect(dms(BILLING_QUEUE_ID)).toEqual(["group-c"]);
    expect(dms("shipping")).toEqual(["group-d"]);
  });

  it("deletes the groups whose constructs were deleted from the code", async () => {
    const run = await applyChange({ b: true }, "apply without A and C");

    expect(sls()).toEqual(["group-b"]);
    expect(dms(BILLING_QUEUE_ID)).toEqual([]);
    expect(run.output).toMatch(/sls cn-hangzhou\/shop-prod\/orders\/group-a: deleted/);
    expect(run.output).toMatch(/dms cn-north-4\/\w+\/[\w-]+\/group-c: deleted/);
    expect(creates()).toEqual([]);
  });

  it("keeps a RETAIN group whose construct was deleted, and says so", async () => {
    const run = await applyChange({}, "apply without B");

    expect(sls()).toEqual(["group-b"]);
    expect(run.output).toContain("group-b: kept (RETAIN), not deleted");
    expect(deletes()).toEqual([]);
  });

  it("deletes nothing and creates nothing when a removal policy is toggled both ways", async () => {
    await applyChange({ dPolicy: RemovalPolicy.RETAIN }, "apply with D RETAIN");
    expect([...deletes(), ...creates()]).toEqual([]);

    await applyChange({ dPolicy: RemovalPolicy.DESTROY }, "apply with D DESTROY again");
    expect([...deletes(), ...creates()]).toEqual([]);
    expect(dms("shipping")).toEqual(["group-d"]);
  });

  it("changes nothing when a construct moves in the tree", async () => {
    synth({ dNested: true });
    e2e.emulator.resetCalls();

    const plan = await e2e.workspace.plan(STACK);
    expect(plan.code).toBe(0);
    expectSuccess(await e2e.workspace.apply(STACK), "apply after the move");

    expect(e2e.emulator.calls()).toEqual([]);
    expect(dms("shipping")).toEqual(["group-d"]);
  });

  it("deletes the declared groups on destroy and leaves the retained one alone", async () => {
    expectSuccess(await e2e.workspace.destroy(STACK), "destroy");

    expect(dms("shipping")).toEqual([]);
    expect(sls()).toEqual(["group-b"]);
  });
});

function sls(): string[] {
  return e2e.emulator.sls
    .listGroups(PROJECT, LOGSTORE)
    .map((g) => g.name)
    .sort();
}

function dms(queue: string): string[] {
  return e2e.emulator.dms
    .listGroups(DMS_PROJECT, queue)
    .map((g) => g.name)
    .sort();
}

function deletes(): string[] {
  return e2e.emulator
    .calls()
    .filter((c) => c.action === "DeleteConsumerGroup")
    .map((c) => c.target ?? "");
}

function creates(): string[] {
  return e2e.emulator
    .calls()
    .filter((c) => c.action.startsWith("CreateConsumerGroup"))
    .map((c) => c.target ?? "");
}
