// `cdktf-consumer-groups repair` after drift that Terraform cannot see, with a stack deployed
// by real `terraform apply` against the emulator (SLS and DMS). The steps build on each other:
//
// | step                                   | expected                                            |
// |----------------------------------------|-----------------------------------------------------|
// | first apply                            | every group created                                 |
// | drift: a group deleted, a timeout      | check exits 2; terraform plan says "No changes"     |
// |   changed, behind terraform's back     |   (the gap repair closes)                           |
// | repair                                 | exit 0; one create, one update, no DELETE at all    |
// | check, then terraform plan             | check exits 0; plan: "No changes", no API call      |

import type { TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { runCli } from "../support/check-app";
import { BILLING_QUEUE, DMS_KEY, DMS_PROJECT, dmsEnv } from "../support/dms-fixtures";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { LOGSTORE, PROJECT, SLS_KEY, slsEnv } from "../support/sls-fixtures";
import { expectSuccess } from "../support/terraform-workspace";

const STACK = "repair-e2e";
const ENV = { ...slsEnv(SLS_KEY), ...dmsEnv(DMS_KEY) };
jest.setTimeout(120_000);

const e2e = useEmulatorAndTerraform();

function synth(): void {
  e2e.workspace.synth(STACK, (stack: TerraformStack) => {
    const sls = { region: "cn-hangzhou", endpoint: e2e.emulator.url, project: PROJECT };
    new SlsConsumerGroup(stack, "Reader", {
      ...sls,
      logstore: LOGSTORE,
      name: "orders-reader",
      timeout: 300,
      order: true,
    });
    new SlsConsumerGroup(stack, "Audit", {
      ...sls,
      logstore: LOGSTORE,
      name: "orders-audit",
      timeout: 60,
    });
    new DmsQueueConsumerGroup(stack, "Billing", {
      region: "cn-north-4",
      endpoint: e2e.emulator.url,
      projectId: DMS_PROJECT,
      queue: { name: BILLING_QUEUE },
      name: "billing-workers",
    });
  });
}

describe("repair closes the drift terraform cannot see", () => {
  it("deploys the stack", async () => {
    synth();
    expectSuccess(await e2e.workspace.init(STACK), "terraform init");
    expectSuccess(await e2e.workspace.apply(STACK), "first apply");

    // Terraform creates the two in parallel: their order in the logstore is not the code's.
    expect(
      e2e.emulator.sls
        .listGroups(PROJECT, LOGSTORE)
        .map((g) => g.name)
        .sort(),
    ).toEqual(["orders-audit", "orders-reader"]);
  });

  it("finds drift with check while terraform plans no changes", async () => {
    // GIVEN a group deleted and a timeout changed outside terraform
    e2e.emulator.sls.deleteGroup(PROJECT, LOGSTORE, "orders-audit");
    e2e.emulator.sls.deleteGroup(PROJECT, LOGSTORE, "orders-reader");
    e2e.emulator.sls.createGroup(PROJECT, LOGSTORE, {
      name: "orders-reader",
      timeout: 30,
      order: true,
    });

    const check = await runCli(["check", e2e.workspace.outdir], ENV);
    const plan = await e2e.workspace.plan(STACK);

    expect(check.code).toBe(2);
    expect(check.stdout).toContain("1 in sync, 1 missing, 1 settings differ");
    expect(plan.code).toBe(0);
    expect(plan.output).toContain("No changes.");
  });

  it("repairs: creates the deleted group, writes the timeout back, deletes nothing", async () => {
    e2e.emulator.resetCalls();

    const repair = await runCli(["repair", e2e.workspace.outdir], ENV);

    expect(repair.stderr).toBe("");
    expect(repair.code).toBe(0);
    expect(repair.stdout).toContain(`sls cn-hangzhou/${PROJECT}/${LOGSTORE}/orders-audit: created`);
    expect(repair.stdout).toContain(
      `sls cn-hangzhou/${PROJECT}/${LOGSTORE}/orders-reader: settings updated: timeout 30 -> 300`,
    );
    expect(repair.stdout).toContain(
      `dms cn-north-4/${DMS_PROJECT}/${BILLING_QUEUE}/billing-workers: in sync, nothing to do`,
    );
    const actions = e2e.emulator.calls().map((c) => c.action);
    expect(actions.filter((a) => a === "CreateConsumerGroup")).toHaveLength(1);
    expect(actions.filter((a) => a === "UpdateConsumerGroup")).toHaveLength(1);
    expect(actions.filter((a) => /delete/i.test(a))).toEqual([]);
  });

  it("leaves check at 0 and terraform with no changes", async () => {
    const check = await runCli(["check", e2e.workspace.outdir], ENV);
    e2e.emulator.resetCalls();
    const plan = await e2e.workspace.plan(STACK);

    expect(check.code).toBe(0);
    expect(check.stdout).toContain("3 groups: 3 in sync, 0 missing, 0 settings differ");
    expect(plan.code).toBe(0);
    expect(plan.output).toContain("No changes.");
    expect(e2e.emulator.calls()).toEqual([]);
  });

  it("destroys cleanly afterwards", async () => {
    expectSuccess(await e2e.workspace.destroy(STACK), "destroy");

    expect(e2e.emulator.sls.listGroups(PROJECT, LOGSTORE)).toEqual([]);
    expect(e2e.emulator.dms.listGroups(DMS_PROJECT, BILLING_QUEUE)).toEqual([]);
  });
});
