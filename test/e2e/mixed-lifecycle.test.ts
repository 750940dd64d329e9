// SLS and DMS groups in one stack, through real `terraform` against the emulator serving both
// clouds. The steps build on each other, in order:
//
// | step               | expected at the emulator                                          |
// |--------------------|-------------------------------------------------------------------|
// | first apply        | 1 SLS group and 2 DMS groups (one queue by id, one by name)       |
// | second plan        | no changes                                                        |
// | DMS rename, apply  | old DMS group deleted, new one created, nothing else touched      |
// |                    | (default executor: its reconcile lists the SLS logstore, a read)  |
// | destroy            | every group deleted                                               |
// | the whole run      | no SLS or DMS secret in cdk.tf.json, state or the Terraform log   |
//
// Each step runs under the default (batched) executor and under the per-group one.

import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { BILLING_QUEUE_ID, DMS_KEY, DMS_PROJECT } from "../support/dms-fixtures";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { EXECUTOR_VARIANTS } from "../support/executors";
import { LOGSTORE, PROJECT, SLS_KEY } from "../support/sls-fixtures";
import { expectSuccess } from "../support/terraform-workspace";

jest.setTimeout(120_000);

const EXECUTORS = EXECUTOR_VARIANTS.map((v) => ({
  ...v,
  STACK: v.executor === "default" ? "mixed-e2e" : "mixed-e2e-per-group",
}));

describe.each(EXECUTORS)("SLS and DMS groups in one stack, $executor executor", (variant) => {
  const { STACK } = variant;
  const e2e = useEmulatorAndTerraform();

  function synth(billingName: string): void {
    e2e.workspace.synth(
      STACK,
      (stack: TerraformStack) => declareGroups(stack, e2e.emulator.url, billingName),
      variant.context,
    );
  }

  function slsGroups(): string[] {
    return e2e.emulator.sls.listGroups(PROJECT, LOGSTORE).map((g) => g.name);
  }

  function dmsGroups(queue: string): string[] {
    return e2e.emulator.dms
      .listGroups(DMS_PROJECT, queue)
      .map((g) => g.name)
      .sort();
  }

  it("creates every group on the first apply", async () => {
    synth("billing-workers");
    expectSuccess(await e2e.workspace.init(STACK), "terraform init");

    const apply = await e2e.workspace.apply(STACK);

    expectSuccess(apply, "first apply");
    expect(apply.output).toContain(
      `dms cn-north-4/${DMS_PROJECT}/${BILLING_QUEUE_ID}/billing-workers: created`,
    );
    expect(apply.output).toContain(
      `dms cn-north-4/${DMS_PROJECT}/shipping/shipping-workers: created`,
    );
    expect(slsGroups()).toEqual(["orders-reader"]);
    expect(dmsGroups(BILLING_QUEUE_ID)).toEqual(["billing-workers"]);
    expect(dmsGroups("shipping")).toEqual(["shipping-workers"]);
  });

  it("plans no changes on a second run", async () => {
    e2e.emulator.resetCalls();

    const plan = await e2e.workspace.plan(STACK);

    expect(plan.code).toBe(0);
    expect(e2e.emulator.calls()).toEqual([]);
  });

  it("replaces a renamed DMS group and touches nothing else", async () => {
    synth("billing-workers-v2");
    e2e.emulator.resetCalls();

    expectSuccess(await e2e.workspace.apply(STACK), "apply after rename");

    const calls = e2e.emulator.calls();
    expect(calls.filter((c) => c.action === "DeleteConsumerGroup").map((c) => c.target)).toEqual([
      `${DMS_PROJECT}/billing/billing-workers`,
    ]);
    expect(calls.filter((c) => c.action === "CreateConsumerGroups").map((c) => c.target)).toEqual([
      `${DMS_PROJECT}/billing/billing-workers-v2`,
    ]);
    const sls = calls.filter((c) => c.service === "sls");
    if (variant.executor === "per-group") expect(sls).toEqual([]);
    // The stack's one reconcile lists each logstore it declares groups in, and writes nothing.
    else expect(sls.map((c) => c.action)).toEqual(["ListConsumerGroup"]);
    expect(dmsGroups(BILLING_QUEUE_ID)).toEqual(["billing-workers-v2"]);
    expect(dmsGroups("shipping")).toEqual(["shipping-workers"]);
  });

  it("deletes every group on destroy", async () => {
    expectSuccess(await e2e.workspace.destroy(STACK), "destroy");

    expect(slsGroups()).toEqual([]);
    expect(dmsGroups(BILLING_QUEUE_ID)).toEqual([]);
    expect(dmsGroups("shipping")).toEqual([]);
  });

  it("never writes a secret to cdk.tf.json, the state or the Terraform log", () => {
    const stackDir = e2e.workspace.stackDir(STACK);
    const files = {
      "cdk.tf.json": readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"),
      "terraform.tfstate": readFileSync(path.join(stackDir, "terraform.tfstate"), "utf8"),
      "terraform log": e2e.workspace.log,
    };
    for (const [where, text] of Object.entries(files)) {
      for (const secret of [SLS_KEY.accessKeySecret, DMS_KEY.secretKey]) {
        expect({ where, leaks: text.includes(secret) }).toEqual({ where, leaks: false });
      }
    }
    expect(e2e.workspace.log).toContain("billing-workers-v2: deleted (id g-");
  });
});

function declareGroups(stack: TerraformStack, endpoint: string, billingName: string): void {
  new SlsConsumerGroup(stack, "OrdersReader", {
    region: "cn-hangzhou",
    endpoint,
    project: PROJECT,
    logstore: LOGSTORE,
    name: "orders-reader",
    timeout: 300,
  });
  const dms = { region: "cn-north-4", endpoint, projectId: DMS_PROJECT };
  new DmsQueueConsumerGroup(stack, "Billing", {
    ...dms,
    queue: { id: BILLING_QUEUE_ID },
    name: billingName,
  });
  new DmsQueueConsumerGroup(stack, "Shipping", {
    ...dms,
    queue: { name: "shipping" },
    name: "shipping-workers",
  });
}
