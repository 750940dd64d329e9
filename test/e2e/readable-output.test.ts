// What a reviewer reads, with real terraform: the plan of a change to a deployed stack, and the
// error of a failed hook. A failed hook's error names the group, its code and the fix, in a few
// lines and with no payload JSON; a plan shows the group that changed, not the whole stack.
//
// | step                                          | expected                                                       |
// |-----------------------------------------------|----------------------------------------------------------------|
// | apply, a group on a logstore that is missing  | fails in at most 25 lines: the group, SLS_NOT_FOUND, the fix;  |
// |                                               | no payload JSON (either executor)                              |
// | destroy of a group whose delete fails         | the same for the delete hook                                   |
// | one group added to a deployed 50-group stack  | plan in at most 40 lines naming that group                     |
// | one group removed from it                     | plan in at most 40 lines naming that group                     |
// | one group's timeout changed                   | the plan shows its old and new timeout                         |

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
  const synth = (opts: { groups?: number; timeoutOfFirst?: number } = {}) =>
    e2e.workspace.synth(stackName, (stack: TerraformStack) => {
      for (let i = 0; i < (opts.groups ?? 50); i++) {
        new SlsConsumerGroup(stack, `G${i}`, {
          region: "cn-hangzhou",
          endpoint: e2e.emulator.url,
          project: PROJECT,
          logstore: i % 2 ? "payments" : "orders",
          name: `group-${i}`,
          timeout: i === 0 ? (opts.timeoutOfFirst ?? 60) : 60,
        });
      }
    });
  /** The plan as a reviewer reads it: `terraform show` of the saved plan (no refresh lines). */
  const plan = async () => {
    expectSuccess(
      await e2e.workspace.terraform(stackName, ["plan", "-input=false", "-out=change.tfplan"]),
      "plan",
    );
    return e2e.workspace.terraform(stackName, ["show", "-no-color", "change.tfplan"]);
  };

  beforeAll(async () => {
    synth();
    expectSuccess(await e2e.workspace.init(stackName), "terraform init");
    expectSuccess(await e2e.workspace.apply(stackName), "apply of 50 groups");
  });

  it("shows one added group in at most 40 lines", async () => {
    synth({ groups: 51 });

    const run = await plan();

    expectSuccess(run, "show of the plan");
    expect(run.output).toContain("group-50");
    expect(run.output).not.toContain("group-49");
    expectAtMostLines(lines(run), 40);
  });

  it("shows one removed group in at most 40 lines", async () => {
    synth({ groups: 49 });

    const run = await plan();

    expectSuccess(run, "show of the plan");
    expect(run.output).toContain("group-49");
    expect(run.output).not.toContain("group-48");
    expectAtMostLines(lines(run), 40);
  });

  it("shows a settings change as the group's old and new values", async () => {
    synth({ timeoutOfFirst: 90 });

    const run = await plan();

    expectSuccess(run, "show of the plan");
    expect(run.output).toMatch(/~ input\s+= "order=false timeout=60" -> "order=false timeout=90"/);
    expect(run.output).not.toContain('group-1"');
  });
});
