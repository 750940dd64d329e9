// The safe rename with real terraform: add the new group copying the old one's checkpoints,
// move the consumers, then remove the old group. The steps build on each other, in order:
//
// | step                                           | expected at the emulator                     |
// |------------------------------------------------|----------------------------------------------|
// | apply the old group; its consumers commit      | old group with checkpoints on shards 0 and 1 |
// | add the new group, copyCheckpointsFrom the old | new group created with the old's checkpoints |
// | drop copyCheckpointsFrom from the code         | plan: no changes; no call                    |
// | consumers move and commit; old group removed   | old deleted by the prune; new keeps its place|
//
// Under the default executor and the per-group one.

import type { TerraformStack } from "cdktf";
import { SlsConsumerGroup } from "../../lib";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { EXECUTOR_VARIANTS } from "../support/executors";
import { LOGSTORE, PROJECT } from "../support/sls-fixtures";
import { expectSuccess } from "../support/terraform-workspace";

const OLD = "orders-reader";
const NEW = "orders-reader-v2";
jest.setTimeout(120_000);

interface Declared {
  readonly old: boolean;
  readonly renamed?: { readonly copy: boolean };
}

const EXECUTORS = EXECUTOR_VARIANTS.map((v) => ({
  ...v,
  STACK: v.executor === "default" ? "rename-with-copy" : "rename-with-copy-per-group",
}));

describe.each(EXECUTORS)(
  "renaming a group without losing its place, $executor executor",
  (variant) => {
    const { STACK } = variant;
    const e2e = useEmulatorAndTerraform();

    it("creates the old group, whose consumers then commit checkpoints", async () => {
      synth({ old: true });
      expectSuccess(await e2e.workspace.init(STACK), "terraform init");
      expectSuccess(await e2e.workspace.apply(STACK), "first apply");
      e2e.emulator.sls.setCheckpoints(PROJECT, LOGSTORE, OLD, [
        { shard: 0, checkpoint: "MTcwMDAwMDAwMA==", consumer: "worker-1" },
        { shard: 1, checkpoint: "MTcwMDAwMDA0Mg==", consumer: "worker-2" },
      ]);

      expect(groups()).toEqual([OLD]);
    });

    it("creates the new group with the old group's checkpoints", async () => {
      const run = await applyChange({ old: true, renamed: { copy: true } }, "apply adding the new");

      expect(groups()).toEqual([OLD, NEW]);
      expect(cursors(NEW)).toEqual(cursors(OLD));
      expect(cursors(NEW)).toEqual({ 0: "MTcwMDAwMDAwMA==", 1: "MTcwMDAwMDA0Mg==" });
      expect(run.output).toContain(`${NEW}: copied the checkpoints of 2 shards from ${OLD}`);
      expect(actions()).not.toContain("DeleteConsumerGroup");
    });

    it("changes nothing when copyCheckpointsFrom is dropped from the code", async () => {
      await applyChange({ old: true, renamed: { copy: false } }, "apply without the prop");

      expect(e2e.emulator.calls()).toEqual([]);
      expect(groups()).toEqual([OLD, NEW]);
    });

    it("deletes the old group once removed, and the new one keeps its place", async () => {
      // GIVEN the consumers moved to the new group and committed there, and the old group has
      // been idle for longer than deletion protection's window (600 s)
      e2e.emulator.sls.setCheckpoints(PROJECT, LOGSTORE, NEW, [
        { shard: 0, checkpoint: "MTcwMDAwMDEwMA==", consumer: "worker-1" },
      ]);
      e2e.emulator.sls.setCheckpoints(PROJECT, LOGSTORE, OLD, [
        { shard: 0, checkpoint: "MTcwMDAwMDAwMA==", consumer: "worker-1", updateTime: idleSince() },
        { shard: 1, checkpoint: "MTcwMDAwMDA0Mg==", consumer: "worker-2", updateTime: idleSince() },
      ]);

      const run = await applyChange({ old: false, renamed: { copy: false } }, "apply without old");

      expect(groups()).toEqual([NEW]);
      expect(run.output).toContain(`${OLD}: deleted`);
      expect(cursors(NEW)).toEqual({ 0: "MTcwMDAwMDEwMA==", 1: "MTcwMDAwMDA0Mg==" });
      // One GetCheckPoint: deletion protection found the old group idle. The default executor's
      // reconcile then runs once (the stack's groups changed): one list, nothing written.
      expect(actions()).toEqual(
        variant.executor === "per-group"
          ? ["GetCheckPoint", "DeleteConsumerGroup"]
          : ["GetCheckPoint", "DeleteConsumerGroup", "ListConsumerGroup"],
      );
    });

    it("deletes the new group on destroy once its consumers stopped", async () => {
      e2e.emulator.sls.setCheckpoints(PROJECT, LOGSTORE, NEW, [
        { shard: 0, checkpoint: "MTcwMDAwMDEwMA==", consumer: "worker-1", updateTime: idleSince() },
        { shard: 1, checkpoint: "MTcwMDAwMDA0Mg==", consumer: "worker-2", updateTime: idleSince() },
      ]);
      expectSuccess(await e2e.workspace.destroy(STACK), "destroy");
      expect(groups()).toEqual([]);
    });

    function synth(d: Declared): void {
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
          if (d.old) new SlsConsumerGroup(stack, "Old", { ...sls, name: OLD });
          if (d.renamed) {
            new SlsConsumerGroup(stack, "New", {
              ...sls,
              name: NEW,
              ...(d.renamed.copy ? { copyCheckpointsFrom: OLD } : {}),
            });
          }
        },
        variant.context,
      );
    }

    async function applyChange(d: Declared, what: string) {
      synth(d);
      e2e.emulator.resetCalls();
      const run = await e2e.workspace.apply(STACK);
      expectSuccess(run, what);
      return run;
    }

    function groups(): string[] {
      return e2e.emulator.sls
        .listGroups(PROJECT, LOGSTORE)
        .map((g) => g.name)
        .sort();
    }

    /** shard -> cursor of a group's non-empty checkpoints. */
    function cursors(group: string): Record<number, string> {
      const out: Record<number, string> = {};
      for (const c of e2e.emulator.sls.checkpoints(PROJECT, LOGSTORE, group)) {
        if (c.checkpoint !== "") out[c.shard] = c.checkpoint;
      }
      return out;
    }

    function actions(): string[] {
      return e2e.emulator.calls().map((c) => c.action);
    }
  },
);

/** An updateTime (microseconds, as the service answers) 20 minutes ago: idle for protection. */
function idleSince(): number {
  return (Date.now() - 20 * 60 * 1000) * 1000;
}

// A rename in one deploy: the code drops the old group and adds the new one copying from it.
// Terraform runs the manifest's prune (which deletes the old group) before any create, so the
// prune itself creates and fills the new group first. And a copy declared in the same deploy
// as its source converges in that deploy.
//
// | step                                              | expected at the emulator                    |
// |---------------------------------------------------|---------------------------------------------|
// | apply the old group; consumers commit, then stop  | old group with checkpoints on shards 0, 1   |
// | one apply: old removed, new copies from it        | new created with the old's checkpoints,     |
// |                                                   |   then the old deleted; apply succeeds      |
// | plan again                                        | no changes                                  |
// | one apply adding a source and a copy of it        | both created, apply succeeds                |
describe.each(EXECUTORS)(
  "renaming with copyCheckpointsFrom in one deploy, $executor executor",
  (variant) => {
    const STACK = `${variant.STACK}-one-step`;
    const e2e = useEmulatorAndTerraform();

    it("creates the old group, whose consumers commit and then stop", async () => {
      synth({ old: true });
      expectSuccess(await e2e.workspace.init(STACK), "terraform init");
      expectSuccess(await e2e.workspace.apply(STACK), "first apply");
      e2e.emulator.sls.setCheckpoints(PROJECT, LOGSTORE, OLD, [
        { shard: 0, checkpoint: "MTcwMDAwMDAwMA==", consumer: "worker-1", updateTime: idleSince() },
        { shard: 1, checkpoint: "MTcwMDAwMDA0Mg==", consumer: "worker-2", updateTime: idleSince() },
      ]);

      expect(groups()).toEqual([OLD]);
    });

    it("creates the new group with the old one's checkpoints before deleting the old one", async () => {
      synth({ old: false, renamed: { copy: true } });
      e2e.emulator.resetCalls();

      const run = await e2e.workspace.apply(STACK);

      expectSuccess(run, "one-step rename");
      expect(groups()).toEqual([NEW]);
      expect(cursors(NEW)).toEqual({ 0: "MTcwMDAwMDAwMA==", 1: "MTcwMDAwMDA0Mg==" });
      expect(run.output).toContain(`${NEW}: copied the checkpoints of 2 shards from ${OLD}`);
      expect(run.output).toContain(`${OLD}: deleted`);
      expect(run.output).not.toContain("HOOK_COPY_SOURCE_MISSING");
      const calls = e2e.emulator.calls().map((c) => `${c.action}:${c.status}`);
      expect(calls.indexOf("CreateConsumerGroup:200")).toBeGreaterThanOrEqual(0);
      expect(calls.indexOf("CreateConsumerGroup:200")).toBeLessThan(
        calls.indexOf("DeleteConsumerGroup:200"),
      );
    });

    it("plans no changes afterwards", async () => {
      const plan = await e2e.workspace.plan(STACK);
      expect(plan.output).toContain("No changes.");
    });

    it("creates a source and a copy of it declared in the same deploy, in that deploy", async () => {
      synth({ old: false, renamed: { copy: false }, pair: true });
      e2e.emulator.resetCalls();

      const run = await e2e.workspace.apply(STACK);

      expectSuccess(run, "apply adding a source and its copy");
      expect(groups()).toEqual([NEW, "pair-copy", "pair-source"].sort());
      expect(run.output).not.toContain("HOOK_COPY_SOURCE_MISSING");
    });

    function synth(d: Declared & { pair?: boolean }): void {
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
          if (d.old) new SlsConsumerGroup(stack, "Old", { ...sls, name: OLD });
          if (d.renamed) {
            new SlsConsumerGroup(stack, "New", {
              ...sls,
              name: NEW,
              ...(d.renamed.copy ? { copyCheckpointsFrom: OLD } : {}),
            });
          }
          if (d.pair) {
            // The copy declared before its source.
            new SlsConsumerGroup(stack, "PairCopy", {
              ...sls,
              name: "pair-copy",
              copyCheckpointsFrom: "pair-source",
            });
            new SlsConsumerGroup(stack, "PairSource", { ...sls, name: "pair-source" });
          }
        },
        variant.context,
      );
    }

    function groups(): string[] {
      return e2e.emulator.sls
        .listGroups(PROJECT, LOGSTORE)
        .map((g) => g.name)
        .sort();
    }

    function cursors(group: string): Record<number, string> {
      const out: Record<number, string> = {};
      for (const c of e2e.emulator.sls.checkpoints(PROJECT, LOGSTORE, group)) {
        if (c.checkpoint !== "") out[c.shard] = c.checkpoint;
      }
      return out;
    }
  },
);
