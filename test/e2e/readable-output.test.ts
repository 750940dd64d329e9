// What a reviewer reads, with real terraform: the plan of a change to a deployed stack, and the
// error of a failed hook. A failed hook's error names the group, its code and the fix, in a few
// lines and with no payload JSON; a plan shows the group that changed, not the whole stack.
//
// | step                                          | expected                                                       |
// |-----------------------------------------------|----------------------------------------------------------------|
// | apply, a group on a logstore that is missing  | fails in at most 25 lines: the group, SLS_NOT_FOUND, the fix;  |
// |                                               | no payload JSON (either executor)                              |
// | destroy of a group whose delete fails         | the same for the delete hook                                   |
// | one group added to a deployed 50-group stack  | 3 to add, 2 to destroy; at most 40 lines, that group only      |
// | one group removed from it                     | 2 to add, 3 to destroy; at most 40 lines, that group only      |
// | one group's timeout changed                   | 1 to add, 1 to change, 1 to destroy; its old and new settings  |
// | one group renamed                             | 3 to add, 3 to destroy; at most 60 lines, that group only      |
// | a group moved to another stack of the app     | a removal in one stack, an addition in the other               |

import type { TerraformStack } from "cdktf";
import { SlsConsumerGroup } from "../../lib";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { PROJECT, slsEmulatorConfig } from "../support/sls-fixtures";
import { expectSuccess, type TerraformRun } from "../support/terraform-workspace";

jest.setTimeout(180_000);

const e2e = useEmulatorAndTerraform({ sls: slsEmulatorConfig(["orders", "payments"]) });

/** Lines that carry a payload: JSON of an identity, a transport or a stored manifest. */
const PAYLOAD_JSON = /\{"v":|"transport"|"identity"|"credentials"|deflate:/;

const lines = (run: TerraformRun) => run.output.trim().split("\n");

/** What an apply or destroy printed after its plan: its progress and its errors. */
function afterPlan(run: TerraformRun): string[] {
  const all = lines(run);
  const plan = all.map((l) => l.startsWith("Plan: ")).lastIndexOf(true);
  return all.slice(plan + 1);
}

/** Fails with the whole output when `shown` has more than `max` lines. */
function expectAtMostLines(shown: string[], max: number): void {
  if (shown.length > max) {
    throw new Error(`${shown.length} lines, over ${max}:\n${shown.join("\n")}`);
  }
}

describe.each(["batched", "per-group"] as const)("a failed hook, %s executor", (executor) => {
  const stackName = `fails-${executor}`;
  const synth = (name: string, logstore: string) =>
    e2e.workspace.synth(
      stackName,
      (stack: TerraformStack) => {
        new SlsConsumerGroup(stack, "Reader", {
          region: "cn-hangzhou",
          endpoint: e2e.emulator.url,
          project: PROJECT,
          logstore,
          name,
          timeout: 60,
        });
      },
      { "cdktf-consumer-groups:executor": executor },
    );

  it("says which group failed, its code and the fix, in at most 25 lines and no payload", async () => {
    synth("reader", "missing-logstore");
    expectSuccess(await e2e.workspace.init(stackName), "terraform init");

    const apply = await e2e.workspace.apply(stackName);
    expect(apply.code).toBe(1);
    expect(apply.output).toContain("shop-prod/missing-logstore/reader");
    expect(apply.output).toContain("SLS_NOT_FOUND");
    expect(lines(apply).filter((l) => PAYLOAD_JSON.test(l))).toEqual([]);
    expectAtMostLines(afterPlan(apply), 25);
  });

  it("says the same of a delete that fails, in at most 25 lines and no payload", async () => {
    synth("reader", "orders");
    expectSuccess(await e2e.workspace.apply(stackName), "apply on an existing logstore");
    e2e.emulator.faults.add({
      service: "sls",
      times: "always",
      fault: { kind: "error", status: 403, code: "Unauthorized", message: "denied" },
    });
    try {
      const destroy = await e2e.workspace.destroy(stackName);
      expect(destroy.code).toBe(1);
      expect(destroy.output).toContain("shop-prod/orders/reader");
      expect(destroy.output).toMatch(/SLS_[A-Z_]+/);
      expect(lines(destroy).filter((l) => PAYLOAD_JSON.test(l))).toEqual([]);
      expectAtMostLines(afterPlan(destroy), 25);
    } finally {
      e2e.emulator.faults.clear();
    }
    expectSuccess(await e2e.workspace.destroy(stackName), "destroy once the cloud answers");
  });
});

describe("the plan of a change to a deployed 50-group stack", () => {
  const stackName = "fifty";
  interface Change {
    readonly groups?: number;
    readonly timeoutOfFirst?: number;
    readonly nameOfFirst?: string;
  }
  const synth = (change: Change = {}) =>
    e2e.workspace.synth(stackName, (stack: TerraformStack) => {
      for (let i = 0; i < (change.groups ?? 50); i++) {
        new SlsConsumerGroup(stack, `G${i}`, {
          region: "cn-hangzhou",
          endpoint: e2e.emulator.url,
          project: PROJECT,
          logstore: i % 2 ? "payments" : "orders",
          name: i === 0 ? (change.nameOfFirst ?? "group-0") : `group-${i}`,
          timeout: i === 0 ? (change.timeoutOfFirst ?? 60) : 60,
        });
      }
    });

  beforeAll(async () => {
    synth();
    expectSuccess(await e2e.workspace.init(stackName), "terraform init");
    expectSuccess(await e2e.workspace.apply(stackName), "apply of 50 groups");
  });

  // The counts docs/reading-plans.md explains.
  it.each<[string, Change, string[], string, number]>([
    ["one group added", { groups: 51 }, ["group-50"], "3 to add, 0 to change, 2 to destroy", 40],
    ["one group removed", { groups: 49 }, ["group-49"], "2 to add, 0 to change, 3 to destroy", 40],
    ["one group's timeout", { timeoutOfFirst: 90 }, [], "1 to add, 1 to change, 1 to destroy", 40],
    [
      "one group renamed",
      { nameOfFirst: "group-0-v2" },
      ["group-0", "group-0-v2"],
      "3 to add, 0 to change, 3 to destroy",
      60,
    ],
  ])("plans %s as that group only", async (_what, change, groups, counts, max) => {
    synth(change);

    const run = await plan(stackName);

    expect(run.output).toContain(`Plan: ${counts}.`);
    // That group, and no other group of the stack (by name, or in an address).
    const shown = new Set([...run.output.matchAll(/group-\d+(-v2)?(?![\w-])/g)].map((m) => m[0]));
    expect([...shown].sort()).toEqual(groups);
    expectAtMostLines(lines(run), max);
  });

  it("shows a settings change as the group's old and new values", async () => {
    synth({ timeoutOfFirst: 90 });

    const run = await plan(stackName);

    expect(run.output).toMatch(/~ input\s+= "order=false timeout=60" -> "order=false timeout=90"/);
    expect(run.output).toMatch(
      /~ groups = "reconciles 50 groups \(digest \w+\)" -> "reconciles 50 groups \(digest \w+\)"/,
    );
  });
});

describe("the plan of a group moved to another stack of the app", () => {
  const synthApp = (moved: boolean) => {
    const group = (stack: TerraformStack, name: string) =>
      new SlsConsumerGroup(stack, name, {
        region: "cn-hangzhou",
        endpoint: e2e.emulator.url,
        project: PROJECT,
        logstore: "orders",
        name,
        timeout: 60,
      });
    e2e.workspace.synthApp({
      left: (stack) => ["stays-left", ...(moved ? [] : ["mover"])].forEach((n) => group(stack, n)),
      right: (stack) =>
        ["stays-right", ...(moved ? ["mover"] : [])].forEach((n) => group(stack, n)),
    });
  };

  beforeAll(async () => {
    synthApp(false);
    for (const stack of ["left", "right"]) {
      expectSuccess(await e2e.workspace.init(stack), `terraform init ${stack}`);
      expectSuccess(await e2e.workspace.apply(stack), `apply of ${stack}`);
    }
  });

  it("plans a removal in the stack it leaves and an addition in the stack it joins", async () => {
    synthApp(true);

    const [left, right] = [await plan("left"), await plan("right")];

    expect(left.output).toContain("Plan: 2 to add, 0 to change, 3 to destroy.");
    expect(right.output).toContain("Plan: 3 to add, 0 to change, 2 to destroy.");
    for (const run of [left, right]) {
      expect(run.output).toContain("mover");
      expect(run.output).not.toContain("stays-");
      expectAtMostLines(lines(run), 40);
    }
  });
});

/** The plan as a reviewer reads it: `terraform show` of the saved plan (no refresh lines). */
async function plan(stackName: string): Promise<TerraformRun> {
  expectSuccess(
    await e2e.workspace.terraform(stackName, ["plan", "-input=false", "-out=change.tfplan"]),
    `plan of ${stackName}`,
  );
  const shown = await e2e.workspace.terraform(stackName, ["show", "-no-color", "change.tfplan"]);
  expectSuccess(shown, `show of the plan of ${stackName}`);
  return shown;
}
