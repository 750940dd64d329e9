// A destroy that fails half-way keeps the safety net. The manifest (whose prune deletes
// groups that leave the code) must outlive the groups it lists, so that after a failed destroy
// a group removed from the code is still deleted by the next apply, and a later destroy leaves
// nothing behind. Before the fix the manifest was destroyed first, and the removed group's
// resource left state with no hook and no prune: the group stayed in the cloud for good.
//
// | step                                             | expected at the emulator                |
// |--------------------------------------------------|-----------------------------------------|
// | apply "stays", "dropped" (SLS), "dropped-dms"    | three groups live                       |
// | destroy while every call answers 503             | destroy fails; groups still live        |
// | service back; "dropped", "dropped-dms" removed   | both deleted; "stays" live              |
// | destroy                                          | nothing left                            |

import type { TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { BILLING_QUEUE, DMS_PROJECT } from "../support/dms-fixtures";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { groupDeletes } from "../support/group-calls";
import { LOGSTORE, PROJECT } from "../support/sls-fixtures";
import { expectSuccess } from "../support/terraform-workspace";

const STACK = "failed-destroy";
jest.setTimeout(120_000);

const e2e = useEmulatorAndTerraform();

describe("a destroy that fails half-way", () => {
  it("still deletes a group removed from the code after a failed destroy", async () => {
    // GIVEN three deployed groups
    synth({ dropped: true });
    expectSuccess(await e2e.workspace.init(STACK), "terraform init");
    expectSuccess(await e2e.workspace.apply(STACK), "first apply");
    expect(live()).toEqual({ sls: ["dropped", "stays"], dms: ["dropped-dms"] });

    // AND a destroy that fails because the service is down
    e2e.emulator.faults.add({
      times: "always",
      fault: { kind: "error", status: 503, code: "ServiceUnavailable" },
    });
    const failed = await e2e.workspace.destroy(STACK);
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain("ServiceUnavailable");
    e2e.emulator.faults.clear();

    // WHEN "dropped" and "dropped-dms" are removed from the code and the stack is applied
    synth({ dropped: false });
    e2e.emulator.resetCalls();
    expectSuccess(await e2e.workspace.apply(STACK), "apply without the dropped groups");

    // THEN both are deleted and "stays" is untouched
    expect({
      live: live(),
      // Each group once, however many DELETEs a hook or the prune sent for it.
      deleted: [
        ...new Set(groupDeletes(e2e.emulator.calls(), "stays", "dropped", "dropped-dms")),
      ].sort(),
    }).toEqual({
      live: { sls: ["stays"], dms: [] },
      deleted: [
        `DeleteConsumerGroup ${DMS_PROJECT}/${BILLING_QUEUE}/dropped-dms`,
        `DeleteConsumerGroup ${PROJECT}/${LOGSTORE}/dropped`,
      ],
    });
  });

  it("leaves nothing in the cloud when the stack is then destroyed", async () => {
    expectSuccess(await e2e.workspace.destroy(STACK), "destroy");

    expect(live()).toEqual({ sls: [], dms: [] });
  });
});

// ---------------------------------------------------------------------------------------

function synth(declared: { dropped: boolean }): void {
  // A failing hook gives up after 2 s instead of the default deadline.
  const common = { endpoint: e2e.emulator.url, requestTimeoutSeconds: 1, deadlineSeconds: 2 };
  e2e.workspace.synth(STACK, (stack: TerraformStack) => {
    const names = declared.dropped ? ["stays", "dropped"] : ["stays"];
    for (const name of names) {
      new SlsConsumerGroup(stack, name, {
        ...common,
        region: "cn-hangzhou",
        project: PROJECT,
        logstore: LOGSTORE,
        name,
        timeout: 60,
      });
    }
    if (declared.dropped) {
      new DmsQueueConsumerGroup(stack, "dropped-dms", {
        ...common,
        region: "cn-north-4",
        projectId: DMS_PROJECT,
        queue: { name: BILLING_QUEUE },
        name: "dropped-dms",
      });
    }
  });
}

function live(): { sls: string[]; dms: string[] } {
  return {
    sls: e2e.emulator.sls
      .listGroups(PROJECT, LOGSTORE)
      .map((g) => g.name)
      .sort(),
    dms: e2e.emulator.dms
      .listGroups(DMS_PROJECT, BILLING_QUEUE)
      .map((g) => g.name)
      .sort(),
  };
}
