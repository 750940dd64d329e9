// `terraform apply -replace=<a Group>` killed with SIGKILL after the group's delete hook ran and
// while the hook that makes it again (the reconcile, or the group's ensure) is held: the group is
// deleted and not yet created. Whatever state Terraform wrote before the kill, the next plan must
// show the change that creates it, and the next apply must make it live.

import type { TerraformStack } from "cdktf";
import { SlsConsumerGroup } from "../../lib";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { EXECUTOR_VARIANTS } from "../support/executors";
import { groupDeletes } from "../support/group-calls";
import { LOGSTORE, PROJECT, emulatorGroupProps } from "../support/sls-fixtures";
import { expectSuccess } from "../support/terraform-workspace";

jest.setTimeout(180_000);

describe.each(EXECUTOR_VARIANTS)("a killed -replace, $executor executor", (variant) => {
  const STACK = `killed-replace-${variant.executor}`;
  const NAME = `kr-${variant.executor}`;
  const OTHER = `kr-other-${variant.executor}`;
  const e2e = useEmulatorAndTerraform();

  const live = () =>
    e2e.emulator.sls
      .listGroups(PROJECT, LOGSTORE)
      .map((g) => g.name)
      .filter((n) => n === NAME || n === OTHER)
      .sort();

  it("plans the re-create after the kill, and the next apply makes the group live", async () => {
    e2e.workspace.synth(
      STACK,
      (stack: TerraformStack) => {
        for (const name of [NAME, OTHER]) {
          new SlsConsumerGroup(stack, name, emulatorGroupProps(e2e.emulator.url, name));
        }
      },
      variant.context,
    );
    expectSuccess(await e2e.workspace.init(STACK), "terraform init");
    expectSuccess(await e2e.workspace.apply(STACK), "first apply");
    const list = await e2e.workspace.terraform(STACK, ["state", "list"]);
    const address = list.output
      .split("\n")
      .find((a) => a.includes(`_${NAME}_`) && a.endsWith("_group"))!;
    // The create that follows the delete is held, then dropped; any retry is refused.
    e2e.emulator.faults.add({
      service: "sls",
      action: "CreateConsumerGroup",
      times: 1,
      fault: { kind: "hang", ms: 4000, then: "close" },
    });
    e2e.emulator.faults.add({
      service: "sls",
      action: "CreateConsumerGroup",
      after: 1,
      times: "always",
      fault: { kind: "error", status: 403, code: "Unauthorized" },
    });
    e2e.emulator.resetCalls();

    const killed = e2e.workspace.start(STACK, [
      "apply",
      "-input=false",
      "-auto-approve",
      "-no-color",
      `-replace=${address}`,
    ]);
    await waitFor(() => groupDeletes(e2e.emulator.calls(), NAME).length > 0, 60_000);
    // The hook that makes it again has started; its create is held.
    await waitFor(
      () => /(consumer_groups_reconciler|_settings): Creating\.\.\./.test(killed.output()),
      60_000,
    );
    await new Promise((r) => setTimeout(r, 1000));
    killed.child.kill("SIGKILL");
    expect((await killed.done).code).toBeNull();
    await new Promise((r) => setTimeout(r, 8000)); // the orphaned hook gives up
    e2e.emulator.faults.clear();
    expect(live()).toEqual([OTHER]);

    const plan = await e2e.workspace.plan(STACK);
    expect({ code: plan.code, output: plan.output.slice(-3000) }).toMatchObject({ code: 2 });
    expectSuccess(await e2e.workspace.apply(STACK), "apply after the kill");
    expect(live()).toEqual([NAME, OTHER].sort());
    expect((await e2e.workspace.plan(STACK)).code).toBe(0);
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const giveUp = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > giveUp) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
