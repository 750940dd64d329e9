// Terraform's verbs on a stack's own resources (the manifest, the reconciler or a Settings
// resource) and on the run (-target, -refresh-only, untaint), with real terraform against the
// emulator, under both executors. The oracle after each: every declared group is live, and a
// plan that says "No changes" never hides a missing one.
//
// | step                                                  | expected at the emulator               |
// |-------------------------------------------------------|----------------------------------------|
// | apply "kept", "gone" (SLS), "dms-kept" (DMS)          | three groups live                      |
// | taint, then untaint, a Group; plan                    | "No changes"; no call                  |
// | apply -refresh-only                                   | no call; "No changes"                  |
// | state rm the reconciler (per-group: a Settings)       | next apply makes it: listed, in sync;  |
// |                                                       | no create, no DELETE                   |
// | state rm the manifest                                 | next apply makes it; no call           |
// | remove "gone", add "added"; apply -target= "kept"'s   | the manifest is a dependency: its      |
// | Group                                                 | prune deletes "gone"; "added" waits:   |
// |                                                       | the plan still shows changes           |
// | apply                                                 | "added" created; "No changes"          |
// | state rm the manifest, remove "added"; apply          | no prune: "added" stays, unmanaged     |

import type { TerraformStack } from "cdktf";
import { DeletionProtection, DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { BILLING_QUEUE, BILLING_QUEUE_ID, DMS_PROJECT } from "../support/dms-fixtures";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { EXECUTOR_VARIANTS } from "../support/executors";
import { groupCreates, groupDeletes } from "../support/group-calls";
import { LOGSTORE, PROJECT } from "../support/sls-fixtures";
import { expectSuccess } from "../support/terraform-workspace";

jest.setTimeout(180_000);

describe.each(EXECUTOR_VARIANTS)("Terraform verbs on a stack, $executor executor", (variant) => {
  const STACK = `stack-verbs-${variant.executor}`;
  const e2e = useEmulatorAndTerraform();
  const declared = { gone: true, added: false };

  function synth(): void {
    e2e.workspace.synth(
      STACK,
      (stack: TerraformStack) => {
        const sls = {
          region: "cn-hangzhou",
          endpoint: e2e.emulator.url,
          project: PROJECT,
          logstore: LOGSTORE,
          timeout: 60,
          deletionProtection: DeletionProtection.OFF,
        };
        new SlsConsumerGroup(stack, "Kept", { ...sls, name: "kept" });
        if (declared.gone) new SlsConsumerGroup(stack, "Gone", { ...sls, name: "gone" });
        if (declared.added) new SlsConsumerGroup(stack, "Added", { ...sls, name: "added" });
        new DmsQueueConsumerGroup(stack, "Dms", {
          region: "cn-north-4",
          endpoint: e2e.emulator.url,
          projectId: DMS_PROJECT,
          queue: { id: BILLING_QUEUE_ID },
          name: "dms-kept",
        });
      },
      variant.context,
    );
  }

  async function stateList(): Promise<string[]> {
    const list = await e2e.workspace.terraform(STACK, ["state", "list"]);
    expectSuccess(list, "terraform state list");
    return list.output.split("\n").filter((a) => a.length > 0);
  }

  async function address(suffix: string, name = ""): Promise<string> {
    const found = (await stateList()).find(
      (a) => a.includes(name ? `_${name}_` : "") && a.endsWith(suffix),
    );
    if (!found) throw new Error(`no resource ${name}…${suffix} in the state`);
    return found;
  }

  const live = () => ({
    sls: e2e.emulator.sls
      .listGroups(PROJECT, LOGSTORE)
      .map((g) => g.name)
      .sort(),
    dms: e2e.emulator.dms.listGroups(DMS_PROJECT, BILLING_QUEUE).map((g) => g.name),
  });

  async function expectNoChanges(what: string): Promise<void> {
    const plan = await e2e.workspace.plan(STACK);
    if (plan.code !== 0) throw new Error(`${what}: plan exited ${plan.code}:\n${plan.output}`);
  }

  it("creates the groups", async () => {
    synth();
    expectSuccess(await e2e.workspace.init(STACK), "terraform init");
    expectSuccess(await e2e.workspace.apply(STACK), "first apply");
    expect(live()).toEqual({ sls: ["gone", "kept"], dms: ["dms-kept"] });
  });

  it("untaint undoes a taint: the plan says No changes and nothing is called", async () => {
    const group = await address("_group", "kept");
    expectSuccess(await e2e.workspace.terraform(STACK, ["taint", "-no-color", group]), "taint");
    expectSuccess(await e2e.workspace.terraform(STACK, ["untaint", "-no-color", group]), "untaint");
    e2e.emulator.resetCalls();

    expectSuccess(await e2e.workspace.apply(STACK), "apply after untaint");

    expect(e2e.emulator.calls()).toEqual([]);
    await expectNoChanges("after untaint");
  });

  it("apply -refresh-only calls nothing and changes nothing", async () => {
    e2e.emulator.resetCalls();

    expectSuccess(await e2e.workspace.apply(STACK, ["-refresh-only"]), "apply -refresh-only");

    expect(e2e.emulator.calls()).toEqual([]);
    expect(live()).toEqual({ sls: ["gone", "kept"], dms: ["dms-kept"] });
    await expectNoChanges("after -refresh-only");
  });

  it("state rm of the reconciler (per-group: a Settings resource) re-runs its hook: in sync", async () => {
    const forgotten =
      variant.executor === "default"
        ? "terraform_data.consumer_groups_reconciler"
        : await address("_settings", "kept");
    expectSuccess(
      await e2e.workspace.terraform(STACK, ["state", "rm", "-no-color", forgotten]),
      "state rm",
    );
    e2e.emulator.resetCalls();

    const apply = await e2e.workspace.apply(STACK);

    expectSuccess(apply, "apply after state rm");
    expect(apply.output).toContain(`${forgotten}: Creation complete`);
    expect(apply.output).toMatch(/kept: (in sync, nothing to do|settings set to timeout 60)/);
    // SLS ensure adopts with a POST answered "exists": no create succeeds, nothing is deleted.
    expect(groupCreates(e2e.emulator.calls(), "kept", "gone", "dms-kept")).toEqual([]);
    expect(groupDeletes(e2e.emulator.calls(), "kept", "gone", "dms-kept")).toEqual([]);
    expect(live()).toEqual({ sls: ["gone", "kept"], dms: ["dms-kept"] });
    await expectNoChanges("after state rm of the reconciler");
  });

  it("state rm of the manifest: the next apply makes it again and deletes nothing", async () => {
    const manifest = "terraform_data.consumer_groups_manifest";
    expectSuccess(
      await e2e.workspace.terraform(STACK, ["state", "rm", "-no-color", manifest]),
      "state rm",
    );
    e2e.emulator.resetCalls();

    const apply = await e2e.workspace.apply(STACK);

    expectSuccess(apply, "apply after state rm of the manifest");
    expect(apply.output).toContain(`${manifest}: Creation complete`);
    expect(groupDeletes(e2e.emulator.calls(), "kept", "gone", "dms-kept")).toEqual([]);
    expect(live()).toEqual({ sls: ["gone", "kept"], dms: ["dms-kept"] });
    await expectNoChanges("after state rm of the manifest");
  });

  it("-target= one Group also replaces the manifest, whose prune deletes every removed group", async () => {
    const kept = await address("_group", "kept");
    declared.gone = false;
    declared.added = true;
    synth();
    e2e.emulator.resetCalls();

    const targeted = await e2e.workspace.apply(STACK, [`-target=${kept}`]);

    expectSuccess(targeted, "apply -target");
    expect(groupDeletes(e2e.emulator.calls(), "gone")).not.toEqual([]);
    // The reconciler (or the new group's Settings) depends on the Groups: not targeted.
    expect(groupCreates(e2e.emulator.calls(), "added")).toEqual([]);
    expect(live()).toEqual({ sls: ["kept"], dms: ["dms-kept"] });
    const plan = await e2e.workspace.plan(STACK);
    expect(plan.code).toBe(2);

    expectSuccess(await e2e.workspace.apply(STACK), "the full apply");

    expect(live()).toEqual({ sls: ["added", "kept"], dms: ["dms-kept"] });
    await expectNoChanges("after the full apply");
  });

  it("a manifest forgotten in the apply that removes a group prunes nothing: the group stays", async () => {
    const manifest = "terraform_data.consumer_groups_manifest";
    expectSuccess(
      await e2e.workspace.terraform(STACK, ["state", "rm", "-no-color", manifest]),
      "state rm",
    );
    declared.added = false;
    synth();
    e2e.emulator.resetCalls();

    expectSuccess(await e2e.workspace.apply(STACK), "apply without the manifest in state");

    // No manifest was destroyed, so no prune ran: "added" is left in the cloud, unmanaged.
    expect(groupDeletes(e2e.emulator.calls(), "added")).toEqual([]);
    expect(live()).toEqual({ sls: ["added", "kept"], dms: ["dms-kept"] });
    await expectNoChanges("after the apply");
  });
});
