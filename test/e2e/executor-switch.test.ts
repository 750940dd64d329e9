// A group whose create failed under the batched executor is created by the next apply,
// also after a switch back to the per-group executor. Before the fix, the failed reconcile left
// the group's Settings resource recorded as created, so no later apply ever created the group.
//
// | step                                            | expected                                   |
// |-------------------------------------------------|--------------------------------------------|
// | batched: apply "kept"                           | created                                    |
// | batched: add "late" while creates answer 503    | apply fails                                |
// | fault removed, executor context removed, apply  | "late" created, "kept" untouched; plan     |
// |                                                 | "No changes"; `check` reports none missing |
//
// The batched executor is the default (no context). The sequence runs in both directions:
// a failed default apply, then per-group; a failed per-group apply, then the default.

import type { TerraformStack } from "cdktf";
import { SlsConsumerGroup } from "../../lib";
import { runCli } from "../support/check-app";
import { DMS_KEY, dmsEnv } from "../support/dms-fixtures";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { PER_GROUP_CONTEXT } from "../support/executors";
import { groupDeletes } from "../support/group-calls";
import { LOGSTORE, PROJECT, SLS_KEY, slsEnv, emulatorGroupProps } from "../support/sls-fixtures";
import { expectSuccess } from "../support/terraform-workspace";

const DEFAULT = {};
const PER_GROUP = PER_GROUP_CONTEXT;
jest.setTimeout(120_000);

const e2e = useEmulatorAndTerraform();
let STACK = "";

describe.each([
  { from: "default", to: "per-group", BATCHED: DEFAULT, AFTER: PER_GROUP },
  { from: "per-group", to: "default", BATCHED: PER_GROUP, AFTER: DEFAULT },
])("executor switch after a failed $from apply", ({ from, to, BATCHED, AFTER }) => {
  beforeAll(() => {
    STACK = `executor-switch-${from}`;
    e2e.emulator.reset(); // the other direction's groups
  });

  it(`creates a group whose ${from} create failed, after a switch to ${to}`, async () => {
    // GIVEN a deployment under the batched executor
    synth(["kept"], BATCHED);
    expectSuccess(await e2e.workspace.init(STACK), "terraform init");
    expectSuccess(await e2e.workspace.apply(STACK), `first ${from} apply`);
    expect(liveGroups()).toEqual(["kept"]);

    // AND a batched apply that adds "late" while every create answers 503
    synth(["kept", "late"], BATCHED);
    e2e.emulator.faults.add({
      service: "sls",
      action: "CreateConsumerGroup",
      times: "always",
      fault: { kind: "error", status: 503, code: "ServiceUnavailable" },
    });
    const failed = await e2e.workspace.apply(STACK);
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain("ServiceUnavailable");
    expect(liveGroups()).toEqual(["kept"]);

    // WHEN the service is back and the app switched executor, and we apply
    e2e.emulator.faults.clear();
    synth(["kept", "late"], AFTER);
    e2e.emulator.resetCalls();
    expectSuccess(await e2e.workspace.apply(STACK), `${to} apply after the failure`);
    const calls = e2e.emulator.calls();
    const plan = (await e2e.workspace.plan(STACK)).code;

    // THEN "late" exists, nothing was deleted, the stack is clean and `check` misses nothing
    expect({
      live: liveGroups(),
      deleted: groupDeletes(calls, "kept", "late"),
      planAfterApply: plan,
      missingByCheck: await missingByCheck(),
    }).toEqual({
      live: ["kept", "late"],
      deleted: [],
      planAfterApply: 0,
      missingByCheck: [],
    });
  });
});

// ---------------------------------------------------------------------------------------

function synth(names: string[], context: Record<string, unknown>): void {
  e2e.workspace.synth(
    STACK,
    (stack: TerraformStack) => {
      for (const name of names) {
        new SlsConsumerGroup(stack, name, {
          ...emulatorGroupProps(e2e.emulator.url, name),
          // A failing create gives up after 2 s instead of the default deadline.
          requestTimeoutSeconds: 1,
          deadlineSeconds: 2,
        });
      }
    },
    context,
  );
}

function liveGroups(): string[] {
  return e2e.emulator.sls
    .listGroups(PROJECT, LOGSTORE)
    .map((g) => g.name)
    .sort();
}

/** The groups `cdktf-consumer-groups check --json` reports missing for the synthesized app. */
async function missingByCheck(): Promise<string[]> {
  const run = await runCli(["check", e2e.workspace.outdir, "--json"], {
    ...slsEnv(SLS_KEY),
    ...dmsEnv(DMS_KEY),
  });
  if (run.code === 1) throw new Error(`check failed:\n${run.stderr}`);
  const report = JSON.parse(run.stdout) as { groups: { status: string; group: string }[] };
  return report.groups.filter((g) => g.status === "missing").map((g) => g.group);
}
