// `reconcile: "always"`, the one exception to "a re-plan of an unchanged app says No
// changes", against `reconcile: "on-change"` (the default), under both executors. A group deleted
// behind Terraform's back (drift) is the case it exists for:
//
// | reconcile   | re-plan of the unchanged app        | apply                                 |
// |-------------|-------------------------------------|---------------------------------------|
// | "on-change" | No changes (exit 0)                 | —: the drift stays (check/repair)     |
// | "always"    | a change: the reconciler / Settings | re-creates the deleted group, nothing |
// |             | is replaced                         | else is written                       |

import type { TerraformStack } from "cdktf";
import { SlsConsumerGroup } from "../../lib";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { EXECUTOR_VARIANTS } from "../support/executors";
import { LOGSTORE, PROJECT, emulatorGroupProps } from "../support/sls-fixtures";
import { expectSuccess } from "../support/terraform-workspace";

jest.setTimeout(120_000);

const e2e = useEmulatorAndTerraform();
const NAMES = ["drift-a", "drift-b"];

describe.each(EXECUTOR_VARIANTS)("reconcile, $executor executor", ({ executor, context }) => {
  it.each(["on-change", "always"] as const)(
    'reconcile: "%s" and a group deleted behind Terraform\'s back',
    async (reconcile) => {
      const stack = `reconcile-${reconcile}-${executor}`;
      const names = NAMES.map((n) => `${n}-${reconcile}-${executor}`.slice(0, 60));
      e2e.workspace.synth(
        stack,
        (s: TerraformStack) => {
          for (const name of names) {
            new SlsConsumerGroup(s, name, {
              ...emulatorGroupProps(e2e.emulator.url, name),
              reconcile,
            });
          }
        },
        context,
      );
      expectSuccess(await e2e.workspace.init(stack), "terraform init");
      expectSuccess(await e2e.workspace.apply(stack), "first apply");
      e2e.emulator.sls.deleteGroup(PROJECT, LOGSTORE, names[0]!);

      const plan = await e2e.workspace.plan(stack);

      if (reconcile === "on-change") {
        expect({ code: plan.code, output: plan.output.slice(-2000) }).toMatchObject({ code: 0 });
        expect(live(names)).toEqual([names[1]]);
      } else {
        expect({ code: plan.code, output: plan.output.slice(-2000) }).toMatchObject({ code: 2 });
        // Only the resource that runs the create hook is replaced; no group resource changes.
        expect(plan.output).toMatch(
          executor === "default"
            ? /consumer_groups_reconciler must be replaced/
            : /_settings must be replaced/,
        );
        expect(plan.output).not.toMatch(/_group (must be replaced|will be destroyed)/);
        e2e.emulator.resetCalls();
        expectSuccess(await e2e.workspace.apply(stack), "apply with drift");
        expect(live(names)).toEqual(names);
        const writes = e2e.emulator.calls().filter((c) => c.method !== "GET");
        const [gone, kept] = names.map((n) => `${PROJECT}/${LOGSTORE}/${n}`);
        expect(writes.map((c) => `${c.action} ${c.target} ${c.status}`).sort()).toEqual(
          executor === "default"
            ? // One list said what differs: only the deleted group is written.
              [`CreateConsumerGroup ${gone} 200`]
            : // Each ensure posts; the group that exists is answered "exists" and set again.
              [
                `CreateConsumerGroup ${gone} 200`,
                `CreateConsumerGroup ${kept} 400`,
                `UpdateConsumerGroup ${kept} 200`,
              ].sort(),
        );
      }
      expectSuccess(await e2e.workspace.destroy(stack), "destroy");
    },
  );
});

function live(names: readonly string[]): string[] {
  const all = new Set(e2e.emulator.sls.listGroups(PROJECT, LOGSTORE).map((g) => g.name));
  return names.filter((n) => all.has(n));
}
