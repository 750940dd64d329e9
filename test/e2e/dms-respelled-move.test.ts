// A DMS group moved from one stack to another while its queue is respelled (by id in "one", by
// name in "two"), the two declarations overlapping for one deploy: "two" is refused while both
// exist (HOOK_DECLARED_TWICE), then "one" drops its declaration. Its prune must keep the group
// (the app declares it under the other spelling), "two" then adopts it, and only a destroy of
// "two" deletes it. Real terraform against the emulator, under both executors.

import type { TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup } from "../../lib";
import { BILLING_QUEUE, BILLING_QUEUE_ID, DMS_PROJECT } from "../support/dms-fixtures";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { EXECUTOR_VARIANTS } from "../support/executors";
import { groupDeletes } from "../support/group-calls";
import { expectSuccess } from "../support/terraform-workspace";

jest.setTimeout(180_000);

describe.each(EXECUTOR_VARIANTS)(
  "a DMS group moved and respelled, $executor executor",
  (variant) => {
    const ONE = `move-one-${variant.executor}`;
    const TWO = `move-two-${variant.executor}`;
    const MOVED = `moved-${variant.executor}`;
    const e2e = useEmulatorAndTerraform();

    function synth(inOne: boolean, inTwo: boolean): void {
      const dms = (name: string, queue: { id: string } | { name: string }) => ({
        region: "cn-north-4",
        endpoint: e2e.emulator.url,
        projectId: DMS_PROJECT,
        queue,
        name,
      });
      e2e.workspace.synthApp(
        {
          [ONE]: (stack: TerraformStack) => {
            new DmsQueueConsumerGroup(
              stack,
              "Own",
              dms(`own-one-${variant.executor}`, { id: BILLING_QUEUE_ID }),
            );
            if (inOne)
              new DmsQueueConsumerGroup(stack, "Moved", dms(MOVED, { id: BILLING_QUEUE_ID }));
          },
          [TWO]: (stack: TerraformStack) => {
            new DmsQueueConsumerGroup(
              stack,
              "Own",
              dms(`own-two-${variant.executor}`, { name: BILLING_QUEUE }),
            );
            if (inTwo)
              new DmsQueueConsumerGroup(stack, "Moved", dms(MOVED, { name: BILLING_QUEUE }));
          },
        },
        variant.context,
      );
    }
    const moved = () =>
      e2e.emulator.dms.listGroups(DMS_PROJECT, BILLING_QUEUE).filter((g) => g.name === MOVED);

    it("keeps the group through the move, and deletes it only with the stack that holds it last", async () => {
      synth(true, false);
      for (const stack of [ONE, TWO]) {
        expectSuccess(await e2e.workspace.init(stack), `init ${stack}`);
        expectSuccess(await e2e.workspace.apply(stack), `apply ${stack}`);
      }
      const id = moved()[0]?.id;
      expect(id).toBeDefined();

      synth(true, true);
      const refused = await e2e.workspace.apply(TWO);
      expect(refused.code).not.toBe(0);
      expect(refused.output).toContain("HOOK_DECLARED_TWICE");

      synth(false, true);
      e2e.emulator.resetCalls();
      const one = await e2e.workspace.apply(ONE);
      expectSuccess(one, "apply one without the group");
      expect(one.output).toContain("still declared in the app");
      expectSuccess(await e2e.workspace.apply(TWO), "apply two, which adopts it");
      expect(groupDeletes(e2e.emulator.calls(), MOVED)).toEqual([]);
      expect(moved().map((g) => g.id)).toEqual([id]);
      for (const stack of [ONE, TWO]) expect((await e2e.workspace.plan(stack)).code).toBe(0);

      expectSuccess(await e2e.workspace.destroy(ONE), "destroy one");
      expect(moved().map((g) => g.id)).toEqual([id]);
      expectSuccess(await e2e.workspace.destroy(TWO), "destroy two");
      expect(moved()).toEqual([]);
    });
  },
);
