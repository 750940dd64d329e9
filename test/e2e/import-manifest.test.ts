// `terraform import` into the stack's manifest (after a `state rm`, or by a user rebuilding
// state): terraform_data and null_resource import only an id, so the manifest in state has no
// list. Its next replacement runs the prune with that empty state, which has nothing to delete;
// the apply must go on, so groups declared later are still created and groups removed later are
// still deleted.
//
// | step                                           | expected                                  |
// |------------------------------------------------|-------------------------------------------|
// | apply "kept" and "leaving"                     | both live                                 |
// | state rm + import the manifest; add "added"    | apply succeeds, no DELETE, all three live |
// | the next plan                                  | "No changes"                              |
// | remove "leaving", apply                        | "leaving" deleted by the prune            |

import type { TerraformStack } from "cdktf";
import { SlsConsumerGroup } from "../../lib";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { EXECUTOR_VARIANTS } from "../support/executors";
import { groupDeletes } from "../support/group-calls";
import { LOGSTORE, PROJECT, emulatorGroupProps } from "../support/sls-fixtures";
import { expectSuccess } from "../support/terraform-workspace";

jest.setTimeout(180_000);

const MANIFEST = "terraform_data.consumer_groups_manifest";

describe.each(EXECUTOR_VARIANTS)(
  "terraform import of the manifest, $executor executor",
  (variant) => {
    const STACK = `import-manifest-${variant.executor}`;
    const KEPT = `kept-${variant.executor}`;
    const LEAVING = `leaving-${variant.executor}`;
    const ADDED = `added-${variant.executor}`;
    const e2e = useEmulatorAndTerraform();

    function synth(names: string[]): void {
      e2e.workspace.synth(
        STACK,
        (stack: TerraformStack) => {
          for (const name of names) {
            new SlsConsumerGroup(stack, name, emulatorGroupProps(e2e.emulator.url, name));
          }
        },
        variant.context,
      );
    }

    const live = () =>
      e2e.emulator.sls
        .listGroups(PROJECT, LOGSTORE)
        .map((g) => g.name)
        .filter((n) => [KEPT, LEAVING, ADDED].includes(n))
        .sort();

    it("creates the groups", async () => {
      synth([KEPT, LEAVING]);
      expectSuccess(await e2e.workspace.init(STACK), "terraform init");
      expectSuccess(await e2e.workspace.apply(STACK), "first apply");
      expect(live()).toEqual([KEPT, LEAVING].sort());
    });

    it("applies after an import of the manifest, and a group declared with it is created", async () => {
      expectSuccess(
        await e2e.workspace.terraform(STACK, ["state", "rm", "-no-color", MANIFEST]),
        "state rm of the manifest",
      );
      expectSuccess(
        await e2e.workspace.terraform(STACK, [
          "import",
          "-input=false",
          "-no-color",
          MANIFEST,
          "imported-manifest",
        ]),
        "terraform import of the manifest",
      );
      synth([KEPT, LEAVING, ADDED]);
      e2e.emulator.resetCalls();

      const apply = await e2e.workspace.apply(STACK);

      expectSuccess(apply, "apply after importing the manifest");
      expect(groupDeletes(e2e.emulator.calls(), KEPT, LEAVING, ADDED)).toEqual([]);
      expect(live()).toEqual([ADDED, KEPT, LEAVING].sort());
      const plan = await e2e.workspace.plan(STACK);
      expect(plan.output).toContain("No changes.");
    });

    it("deletes a group removed after the import", async () => {
      synth([KEPT, ADDED]);

      expectSuccess(await e2e.workspace.apply(STACK), "apply without leaving");

      expect(live()).toEqual([ADDED, KEPT].sort());
    });
  },
);
