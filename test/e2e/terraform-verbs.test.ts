// Terraform's own verbs on a group's resource, with real terraform against the emulator, under
// both executors. `-replace` runs the Group's destroy hook (a DELETE) and then creates a resource
// that has no create hook: the reconciler (default executor) or the group's Settings resource
// (per-group) must be replaced with it, so that the same apply creates the group again.
//
// | step                                               | expected at the emulator                 |
// |----------------------------------------------------|------------------------------------------|
// | apply an SLS group, a DMS group and an SLS "busy"  | three groups live                        |
// | apply -replace= the SLS and the DMS group          | both deleted and created again; live;    |
// |                                                    | the next plan says "No changes"          |
// | taint both, apply                                  | no DELETE (a tainted object's destroy    |
// |                                                    | hook does not run); live; "No changes"   |
// | "busy" in use; apply -replace= it                  | HOOK_DELETE_PROTECTED; kept, checkpoint  |
// |                                                    | kept; the next apply only runs a         |
// |                                                    | reconcile (or ensure): no DELETE         |
// | state rm the SLS Group; apply                      | the resource is made again; no call      |
// | state rm and import both Groups; apply             | no DELETE; "No changes"                  |
// | change the SLS timeout; apply                      | updated                                  |
// | destroy                                            | every group deleted (the imported ones   |
// |                                                    | by the identity their address declares)  |

import type { TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { BILLING_QUEUE, BILLING_QUEUE_ID, DMS_PROJECT } from "../support/dms-fixtures";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { EXECUTOR_VARIANTS } from "../support/executors";
import { groupCreates, groupDeletes } from "../support/group-calls";
import { LOGSTORE, PROJECT } from "../support/sls-fixtures";
import { expectSuccess } from "../support/terraform-workspace";

jest.setTimeout(180_000);

describe.each(EXECUTOR_VARIANTS)(
  "Terraform verbs on a group's resource, $executor executor",
  (variant) => {
    const STACK = `verbs-${variant.executor}`;
    const SLS = `replaced-${variant.executor}`;
    const DMS = `dms-replaced-${variant.executor}`;
    const BUSY = `busy-${variant.executor}`;
    const e2e = useEmulatorAndTerraform();

    function synth(slsTimeout = 60): void {
      e2e.workspace.synth(
        STACK,
        (stack: TerraformStack) => {
          const sls = {
            region: "cn-hangzhou",
            endpoint: e2e.emulator.url,
            project: PROJECT,
            logstore: LOGSTORE,
            timeout: 60,
          };
          new SlsConsumerGroup(stack, "Sls", { ...sls, name: SLS, timeout: slsTimeout });
          new SlsConsumerGroup(stack, "Busy", { ...sls, name: BUSY });
          new DmsQueueConsumerGroup(stack, "Dms", {
            region: "cn-north-4",
            endpoint: e2e.emulator.url,
            projectId: DMS_PROJECT,
            queue: { id: BILLING_QUEUE_ID },
            name: DMS,
          });
        },
        variant.context,
      );
    }

    /** The address of the Group resource of the group named `name`, from the state. */
    async function groupAddress(name: string): Promise<string> {
      const list = await e2e.workspace.terraform(STACK, ["state", "list"]);
      expectSuccess(list, "terraform state list");
      const address = list.output
        .split("\n")
        .find((a) => a.includes(`_${name}_`) && a.endsWith("_group"));
      if (!address) throw new Error(`no Group resource of ${name} in:\n${list.output}`);
      return address;
    }

    const live = () => ({
      sls: e2e.emulator.sls
        .listGroups(PROJECT, LOGSTORE)
        .map((g) => g.name)
        .filter((n) => n === SLS || n === BUSY)
        .sort(),
      dms: e2e.emulator.dms
        .listGroups(DMS_PROJECT, BILLING_QUEUE)
        .map((g) => g.name)
        .filter((n) => n === DMS),
    });
    const ALL_LIVE = () => ({ sls: [BUSY, SLS].sort(), dms: [DMS] });

    async function expectNoChanges(what: string): Promise<void> {
      const plan = await e2e.workspace.plan(STACK);
      if (plan.code !== 0) throw new Error(`${what}: plan exited ${plan.code}:\n${plan.output}`);
      expect(plan.output).toContain("No changes.");
    }

    it("creates the groups", async () => {
      synth();
      expectSuccess(await e2e.workspace.init(STACK), "terraform init");
      expectSuccess(await e2e.workspace.apply(STACK), "first apply");
      expect(live()).toEqual(ALL_LIVE());
    });

    it("re-creates a group whose resource is replaced with -replace, in the same apply", async () => {
      const sls = await groupAddress(SLS);
      const dms = await groupAddress(DMS);
      // How the plan reads: the Group replaced as requested, and the resource whose hook makes
      // the group again replaced because of it.
      const plan = await e2e.workspace.terraform(STACK, ["plan", "-no-color", `-replace=${sls}`]);
      expect(plan.output).toContain(`# ${sls} will be replaced, as requested`);
      const remade =
        variant.executor === "default"
          ? "terraform_data.consumer_groups_reconciler"
          : sls.replace(/_group$/, "_settings");
      expect(plan.output).toContain(
        `# ${remade} will be replaced due to changes in replace_triggered_by`,
      );
      e2e.emulator.resetCalls();

      const run = await e2e.workspace.apply(STACK, [`-replace=${sls}`, `-replace=${dms}`]);

      expectSuccess(run, "apply -replace");
      // Terraform's -replace is delete, then create: the group is deleted and made again.
      expect(groupDeletes(e2e.emulator.calls(), SLS, DMS).length).toBeGreaterThanOrEqual(2);
      expect(new Set(groupCreates(e2e.emulator.calls(), SLS, DMS)).size).toBe(2);
      expect(live()).toEqual(ALL_LIVE());
      await expectNoChanges("after -replace");
    });

    it("keeps a group whose resource is tainted, and the next apply leaves it live", async () => {
      for (const name of [SLS, DMS]) {
        expectSuccess(
          await e2e.workspace.terraform(STACK, ["taint", "-no-color", await groupAddress(name)]),
          `terraform taint ${name}`,
        );
      }
      e2e.emulator.resetCalls();

      expectSuccess(await e2e.workspace.apply(STACK), "apply after taint");

      expect(groupDeletes(e2e.emulator.calls(), SLS, DMS)).toEqual([]);
      expect(live()).toEqual(ALL_LIVE());
      await expectNoChanges("after taint");
    });

    it("refuses -replace of a group in use: deletion protection keeps it and its checkpoints", async () => {
      const checkpoints = [
        {
          shard: 0,
          checkpoint: "MTcwMA==",
          updateTime: (Date.now() - 5_000) * 1000,
          consumer: "worker-7",
        },
      ];
      e2e.emulator.sls.setCheckpoints(PROJECT, LOGSTORE, BUSY, checkpoints);

      const run = await e2e.workspace.apply(STACK, [`-replace=${await groupAddress(BUSY)}`]);

      expect(run.code).not.toBe(0);
      expect(run.output).toContain("HOOK_DELETE_PROTECTED");
      expect(live()).toEqual(ALL_LIVE());
      expect(
        e2e.emulator.sls.checkpoints(PROJECT, LOGSTORE, BUSY).map((c) => c.checkpoint),
      ).toEqual(["MTcwMA=="]);
      // The reconciler or the Settings resource, replaced before the Group, is missing: the
      // next plan only creates it again, and its hook finds the group listed and in sync.
      const plan = await e2e.workspace.plan(STACK);
      expect(plan.output).toMatch(/Plan: 1 to add, 0 to change, 0 to destroy\./);
      e2e.emulator.resetCalls();
      expectSuccess(await e2e.workspace.apply(STACK), "apply after a refused -replace");
      expect(groupDeletes(e2e.emulator.calls(), BUSY)).toEqual([]);
      expect(live()).toEqual(ALL_LIVE());
      await expectNoChanges("after a refused -replace");
    });

    it("forgets a group's resource on state rm: the next apply makes the resource, calls nothing", async () => {
      const address = await groupAddress(SLS);
      expectSuccess(
        await e2e.workspace.terraform(STACK, ["state", "rm", "-no-color", address]),
        "state rm",
      );
      e2e.emulator.resetCalls();

      const apply = await e2e.workspace.apply(STACK);

      expectSuccess(apply, "apply after state rm");
      expect(apply.output).toContain(`${address}: Creation complete`);
      expect(groupDeletes(e2e.emulator.calls(), SLS)).toEqual([]);
      expect(live()).toEqual(ALL_LIVE());
      await expectNoChanges("after state rm");
    });

    it("accepts terraform import of a group's resource; a settings change and a destroy then work", async () => {
      for (const name of [SLS, DMS]) {
        const address = await groupAddress(name);
        expectSuccess(
          await e2e.workspace.terraform(STACK, ["state", "rm", "-no-color", address]),
          `state rm ${name}`,
        );
        expectSuccess(
          await e2e.workspace.terraform(STACK, [
            "import",
            "-input=false",
            "-no-color",
            address,
            `imported-${name}`,
          ]),
          `terraform import ${name}`,
        );
      }
      e2e.emulator.resetCalls();
      expectSuccess(await e2e.workspace.apply(STACK), "apply after import");
      expect(groupDeletes(e2e.emulator.calls(), SLS, DMS)).toEqual([]);
      expect(live()).toEqual(ALL_LIVE());
      await expectNoChanges("after import");

      // A settings change after the import.
      synth(120);
      expectSuccess(await e2e.workspace.apply(STACK), "apply timeout 120");
      expect(
        e2e.emulator.sls.listGroups(PROJECT, LOGSTORE).find((g) => g.name === SLS)?.timeout,
      ).toBe(120);

      // A destroy: the imported resources hold no identity in state; their delete hooks delete
      // the groups the configuration declares at their addresses.
      e2e.emulator.sls.setCheckpoints(PROJECT, LOGSTORE, BUSY, [
        { shard: 0, checkpoint: "MTcwMA==", updateTime: (Date.now() - 3_600_000) * 1000 },
      ]);
      const destroy = await e2e.workspace.destroy(STACK);
      expectSuccess(destroy, "destroy after import");
      expect(live()).toEqual({ sls: [], dms: [] });
    });
  },
);
