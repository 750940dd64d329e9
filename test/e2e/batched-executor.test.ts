// The opt-in batched executor with real terraform: one `reconcile` process per apply instead
// of one `ensure` per group, with the per-group design's safety properties.
//
// | step                          | expected at the emulator                                    |
// |-------------------------------|-------------------------------------------------------------|
// | first apply, 12 SLS + 1 DMS   | every group created once; one list per logstore and queue   |
// | plan again                    | no changes                                                  |
// | one timeout changed           | exactly one UpdateConsumerGroup, no delete, no create       |
// | one group renamed             | old name deleted (prune), new name created                  |
// | destroy                       | every group deleted                                         |

import type { TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { DMS_PROJECT, dmsEmulatorConfig } from "../support/dms-fixtures";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { PROJECT, slsEmulatorConfig } from "../support/sls-fixtures";
import { expectSuccess } from "../support/terraform-workspace";

const STACK = "batched";
const BATCHED = { "cdktf-consumer-groups:executor": "batched" };
jest.setTimeout(120_000);

const e2e = useEmulatorAndTerraform({
  sls: slsEmulatorConfig(["orders", "payments"]),
  dms: dmsEmulatorConfig(),
});

function synth(opts: { firstTimeout?: number; lastName?: string } = {}) {
  e2e.workspace.synth(
    STACK,
    (stack: TerraformStack) => {
      for (let i = 0; i < 12; i++) {
        new SlsConsumerGroup(stack, `G${i}`, {
          region: "cn-hangzhou",
          endpoint: e2e.emulator.url,
          project: PROJECT,
          logstore: i % 2 ? "payments" : "orders",
          name: i === 11 ? (opts.lastName ?? "g-11") : `g-${i}`,
          timeout: i === 0 ? (opts.firstTimeout ?? 60) : 60,
        });
      }
      new DmsQueueConsumerGroup(stack, "Billing", {
        region: "cn-north-4",
        endpoint: e2e.emulator.url,
        projectId: DMS_PROJECT,
        queue: { name: "billing" },
        name: "billing-workers",
      });
    },
    BATCHED,
  );
}

const actions = () => e2e.emulator.calls().map((c) => c.action);
const slsNames = () =>
  ["orders", "payments"]
    .flatMap((l) => e2e.emulator.sls.listGroups(PROJECT, l).map((g) => g.name))
    .sort();

describe("the batched executor with real terraform", () => {
  it("creates every group in one reconcile run", async () => {
    synth();
    expectSuccess(await e2e.workspace.init(STACK), "terraform init");
    e2e.emulator.resetCalls();

    const apply = await e2e.workspace.apply(STACK);

    expectSuccess(apply, "first apply");
    expect(slsNames()).toHaveLength(12);
    expect(e2e.emulator.dms.listGroups(DMS_PROJECT, "billing").map((g) => g.name)).toEqual([
      "billing-workers",
    ]);
    expect(actions().filter((a) => a === "CreateConsumerGroup")).toHaveLength(12);
    expect(actions().filter((a) => a === "ListConsumerGroup")).toHaveLength(2);
    expect(
      apply.output.match(/consumer_groups_reconciler \(local-exec\): (local-exec: )?Executing/g),
    ).toHaveLength(1);
  });

  it("plans no changes on a second run", async () => {
    expect((await e2e.workspace.plan(STACK)).code).toBe(0);
  });

  it("updates a changed timeout in place: one update, no delete, no create", async () => {
    synth({ firstTimeout: 600 });
    e2e.emulator.resetCalls();

    expectSuccess(await e2e.workspace.apply(STACK), "apply after a timeout change");

    expect(actions().filter((a) => a === "UpdateConsumerGroup")).toHaveLength(1);
    expect(actions().filter((a) => a.startsWith("Delete") || a.startsWith("Create"))).toEqual([]);
    expect(e2e.emulator.sls.listGroups(PROJECT, "orders")).toContainEqual({
      name: "g-0",
      timeout: 600,
      order: false,
    });
  });

  it("replaces a renamed group: the old name is deleted, the new one created", async () => {
    synth({ firstTimeout: 600, lastName: "g-11-v2" });
    e2e.emulator.resetCalls();

    expectSuccess(await e2e.workspace.apply(STACK), "apply after a rename");

    const calls = e2e.emulator.calls().map((c) => `${c.action} ${c.target ?? ""}`);
    expect(calls).toContain(`DeleteConsumerGroup ${PROJECT}/payments/g-11`);
    expect(calls).toContain(`CreateConsumerGroup ${PROJECT}/payments/g-11-v2`);
    expect(slsNames()).toContain("g-11-v2");
    expect(slsNames()).not.toContain("g-11");
  });

  it("deletes every group on destroy", async () => {
    expectSuccess(await e2e.workspace.destroy(STACK), "destroy");

    expect(slsNames()).toEqual([]);
    expect(e2e.emulator.dms.listGroups(DMS_PROJECT, "billing")).toEqual([]);
  });
});
