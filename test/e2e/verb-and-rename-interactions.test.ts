// Terraform's verbs and renames with copyCheckpointsFrom combined with deletion protection and
// with two stacks, with real terraform against the emulator, under both executors. The oracle:
// no group in use is deleted without the override, no checkpoint is lost, and after the last
// apply every declared group is live and the plan says "No changes".
//
// | step                                                     | expected at the emulator          |
// |----------------------------------------------------------|-----------------------------------|
// | apply "a": replaced, busy, reader, late; "b": other      | five groups live                  |
// | busy in use: apply -replace= busy with its timeout 60->120| HOOK_DELETE_PROTECTED; kept with  |
// |                                                          | its checkpoint; the next apply    |
// |                                                          | sets 120, no DELETE; No changes   |
// | busy removed from the code (in use), apply -replace=     | refused; "replaced" (idle, asked  |
// | "replaced"                                               | for) deleted; busy kept           |
// | busy idle; apply                                         | busy deleted; "replaced" created  |
// |                                                          | again; No changes                 |
// | late in use; rename late -> late-v2 copying from it      | refused; late-v2 made with late's |
// |                                                          | checkpoints; late kept            |
// | late idle; apply                                         | late deleted; late-v2 keeps them  |
// | "a" drops reader, "b" adds reader-v2 copying from it;    | a's prune makes reader-v2 with    |
// | apply "a" first, then "b"                                | the checkpoints, deletes reader;  |
// |                                                          | "b" adopts it; No changes in both |

import type { TerraformStack } from "cdktf";
import { SlsConsumerGroup } from "../../lib";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { EXECUTOR_VARIANTS } from "../support/executors";
import { groupDeletes } from "../support/group-calls";
import { LOGSTORE, PROJECT } from "../support/sls-fixtures";
import { expectSuccess } from "../support/terraform-workspace";

jest.setTimeout(240_000);

interface Code {
  readonly a: readonly string[];
  readonly b: readonly string[];
  readonly timeouts?: Readonly<Record<string, number>>;
  readonly copies?: Readonly<Record<string, string>>;
}

describe.each(EXECUTOR_VARIANTS)(
  "verbs and renames with protection, $executor executor",
  (variant) => {
    const x = variant.executor;
    const A = `inter-a-${x}`;
    const B = `inter-b-${x}`;
    const REPLACED = `replaced-${x}`;
    const BUSY = `busy-${x}`;
    const READER = `reader-${x}`;
    const READER2 = `reader-v2-${x}`;
    const LATE = `late-${x}`;
    const LATE2 = `late-v2-${x}`;
    const OTHER = `other-${x}`;
    const ALL = [REPLACED, BUSY, READER, READER2, LATE, LATE2, OTHER];
    const e2e = useEmulatorAndTerraform();

    function synth(code: Code): void {
      const build = (names: readonly string[]) => (stack: TerraformStack) => {
        for (const name of names) {
          new SlsConsumerGroup(stack, name, {
            region: "cn-hangzhou",
            endpoint: e2e.emulator.url,
            project: PROJECT,
            logstore: LOGSTORE,
            name,
            timeout: code.timeouts?.[name] ?? 60,
            ...(code.copies?.[name] ? { copyCheckpointsFrom: code.copies[name] } : {}),
          });
        }
      };
      e2e.workspace.synthApp({ [A]: build(code.a), [B]: build(code.b) }, variant.context);
    }

    const live = () =>
      e2e.emulator.sls
        .listGroups(PROJECT, LOGSTORE)
        .map((g) => g.name)
        .filter((n) => ALL.includes(n))
        .sort();

    const inUse = (name: string, cursor: string) =>
      e2e.emulator.sls.setCheckpoints(PROJECT, LOGSTORE, name, [
        { shard: 0, checkpoint: cursor, updateTime: (Date.now() - 5_000) * 1000, consumer: "w-1" },
      ]);
    const idle = (name: string, cursor: string) =>
      e2e.emulator.sls.setCheckpoints(PROJECT, LOGSTORE, name, [
        {
          shard: 0,
          checkpoint: cursor,
          updateTime: (Date.now() - 3_600_000) * 1000,
          consumer: "w-1",
        },
      ]);
    const cursors = (name: string) =>
      e2e.emulator.sls
        .checkpoints(PROJECT, LOGSTORE, name)
        .filter((c) => c.checkpoint !== "")
        .map((c) => `${c.shard}:${c.checkpoint}`);

    async function groupAddress(stack: string, name: string): Promise<string> {
      const list = await e2e.workspace.terraform(stack, ["state", "list"]);
      expectSuccess(list, "terraform state list");
      const address = list.output
        .split("\n")
        .find((a) => a.includes(`_${name}_`) && a.endsWith("_group"));
      if (!address) throw new Error(`no Group resource of ${name} in:\n${list.output}`);
      return address;
    }

    async function expectNoChanges(stack: string, what: string): Promise<void> {
      const plan = await e2e.workspace.plan(stack);
      if (plan.code !== 0) throw new Error(`${what}: plan exited ${plan.code}:\n${plan.output}`);
    }

    it("creates the groups of both stacks", async () => {
      synth({ a: [REPLACED, BUSY, READER, LATE], b: [OTHER] });
      for (const stack of [A, B]) {
        expectSuccess(await e2e.workspace.init(stack), `init ${stack}`);
        expectSuccess(await e2e.workspace.apply(stack), `apply ${stack}`);
      }
      expect(live()).toEqual([REPLACED, BUSY, READER, LATE, OTHER].sort());
    });

    it("refuses -replace of a group in use with a settings change; the next apply sets the change without a delete", async () => {
      inUse(BUSY, "YnVzeQ==");
      synth({ a: [REPLACED, BUSY, READER, LATE], b: [OTHER], timeouts: { [BUSY]: 120 } });

      const run = await e2e.workspace.apply(A, [`-replace=${await groupAddress(A, BUSY)}`]);

      expect(run.code).not.toBe(0);
      expect(run.output).toContain("HOOK_DELETE_PROTECTED");
      expect(cursors(BUSY)).toEqual(["0:YnVzeQ=="]);
      e2e.emulator.resetCalls();
      expectSuccess(await e2e.workspace.apply(A), "apply after the refused -replace");
      expect(groupDeletes(e2e.emulator.calls(), BUSY)).toEqual([]);
      expect(
        e2e.emulator.sls.listGroups(PROJECT, LOGSTORE).find((g) => g.name === BUSY)?.timeout,
      ).toBe(120);
      expect(cursors(BUSY)).toEqual(["0:YnVzeQ=="]);
      await expectNoChanges(A, "after the settings change");
    });

    it("keeps a removed group in use while -replace of another runs in the same apply, and converges once it is idle", async () => {
      inUse(BUSY, "YnVzeTI=");
      const replaced = await groupAddress(A, REPLACED);
      synth({ a: [REPLACED, READER, LATE], b: [OTHER] });

      const run = await e2e.workspace.apply(A, [`-replace=${replaced}`]);

      expect(run.code).not.toBe(0);
      expect(run.output).toContain("HOOK_DELETE_PROTECTED");
      expect(cursors(BUSY)).toEqual(["0:YnVzeTI="]);
      expect(live()).toContain(BUSY);

      idle(BUSY, "YnVzeTI=");
      expectSuccess(await e2e.workspace.apply(A), "apply once busy is idle");
      expect(live()).toEqual([REPLACED, READER, LATE, OTHER].sort());
      await expectNoChanges(A, "after busy was deleted");
    });

    it("renames a group in use with copy: refused, the copy made first; once idle, the old one goes and the copy keeps its checkpoints", async () => {
      inUse(LATE, "bGF0ZQ==");
      synth({ a: [REPLACED, READER, LATE2], b: [OTHER], copies: { [LATE2]: LATE } });

      const run = await e2e.workspace.apply(A);

      expect(run.code).not.toBe(0);
      expect(run.output).toContain("HOOK_DELETE_PROTECTED");
      expect(cursors(LATE)).toEqual(["0:bGF0ZQ=="]);
      expect(cursors(LATE2)).toEqual(["0:bGF0ZQ=="]);

      idle(LATE, "bGF0ZQ==");
      expectSuccess(await e2e.workspace.apply(A), "apply once late is idle");
      expect(live()).toEqual([REPLACED, READER, LATE2, OTHER].sort());
      expect(cursors(LATE2)).toEqual(["0:bGF0ZQ=="]);
      await expectNoChanges(A, "after the rename");
    });

    it("renames across two stacks with copy: the stack that drops the old group makes and fills the copy first", async () => {
      idle(READER, "cmVhZGVy");
      synth({
        a: [REPLACED, LATE2],
        b: [OTHER, READER2],
        copies: { [LATE2]: LATE, [READER2]: READER },
      });

      const runA = await e2e.workspace.apply(A);

      expectSuccess(runA, "apply a (drops reader)");
      expect(live()).not.toContain(READER);
      expect(cursors(READER2)).toEqual(["0:cmVhZGVy"]);
      expectSuccess(await e2e.workspace.apply(B), "apply b (declares reader-v2)");
      expect(cursors(READER2)).toEqual(["0:cmVhZGVy"]);
      expect(live()).toEqual([REPLACED, LATE2, OTHER, READER2].sort());
      await expectNoChanges(A, "stack a after the rename");
      await expectNoChanges(B, "stack b after the rename");
    });
  },
);

// A one-step rename with copy whose copying fails half-way (the service fails every checkpoint
// write after the first): the prune deletes nothing, and the next apply fills the missing shard
// and only then deletes the old group.
describe.each(EXECUTOR_VARIANTS)(
  "a one-step rename with copy that fails half-way, $executor executor",
  (variant) => {
    const x = variant.executor;
    const STACK = `copy-half-${x}`;
    const OLD = `half-${x}`;
    const NEW = `half-v2-${x}`;
    const e2e = useEmulatorAndTerraform();

    function synth(renamed: boolean): void {
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
          if (renamed)
            new SlsConsumerGroup(stack, "New", { ...sls, name: NEW, copyCheckpointsFrom: OLD });
          else new SlsConsumerGroup(stack, "Old", { ...sls, name: OLD });
        },
        variant.context,
      );
    }
    const cursors = (name: string) =>
      e2e.emulator.sls
        .checkpoints(PROJECT, LOGSTORE, name)
        .filter((c) => c.checkpoint !== "")
        .map((c) => `${c.shard}:${c.checkpoint}`);
    const live = () =>
      e2e.emulator.sls
        .listGroups(PROJECT, LOGSTORE)
        .map((g) => g.name)
        .filter((n) => n === OLD || n === NEW)
        .sort();

    it("deletes nothing while the copy is incomplete, and completes it before deleting", async () => {
      synth(false);
      expectSuccess(await e2e.workspace.init(STACK), "terraform init");
      expectSuccess(await e2e.workspace.apply(STACK), "first apply");
      const idleSince = (Date.now() - 3_600_000) * 1000;
      e2e.emulator.sls.setCheckpoints(PROJECT, LOGSTORE, OLD, [
        { shard: 0, checkpoint: "c2hhcmQw", updateTime: idleSince, consumer: "w-1" },
        { shard: 1, checkpoint: "c2hhcmQx", updateTime: idleSince, consumer: "w-2" },
      ]);
      synth(true);
      e2e.emulator.faults.add({
        action: "ConsumerGroupUpdateCheckPoint",
        after: 1,
        times: "always",
        fault: { kind: "error", status: 500, code: "InternalServerError" },
      });

      const failed = await e2e.workspace.apply(STACK);

      e2e.emulator.faults.clear();
      expect(failed.code).not.toBe(0);
      expect(failed.output).toContain("HOOK_COPY_BEFORE_DELETE");
      expect(live()).toEqual([NEW, OLD].sort());
      expect(cursors(OLD)).toEqual(["0:c2hhcmQw", "1:c2hhcmQx"]);
      expect(cursors(NEW)).toEqual(["0:c2hhcmQw"]);

      expectSuccess(await e2e.workspace.apply(STACK), "apply after the failed copy");

      expect(live()).toEqual([NEW]);
      expect(cursors(NEW)).toEqual(["0:c2hhcmQw", "1:c2hhcmQx"]);
      const plan = await e2e.workspace.plan(STACK);
      expect(plan.code).toBe(0);
    });
  },
);
