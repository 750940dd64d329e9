// Groups whose region or endpoint is a reference (a token) to a resource of the same stack,
// with real terraform, under both executors. The endpoint (and the DMS region) come from a
// stand-in resource's output. Two groups have literal identities (no key), one a logstore by
// reference too (with a key).
//
// | step                                              | expected                                          |
// |---------------------------------------------------|---------------------------------------------------|
// | one apply from nothing                            | every group created at the referenced endpoint    |
// | plan again                                        | no changes                                        |
// | the endpoint respelled, the DMS region changed    | nothing deleted, no Group replaced; in sync       |
// | a referenced endpoint the rules refuse            | fails in synth's words, with the path; no call    |
// | a Group replaced (-replace)                       | its group deleted there, then made again          |
// | a group removed from the code                     | the prune deletes it at the referenced endpoint   |
// | destroy                                           | the Groups' destroy hooks delete at that endpoint |

import { Token, type TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { TerraformData } from "../../lib/constructs/terraform-data";
import { BILLING_QUEUE, DMS_PROJECT, dmsEmulatorConfig } from "../support/dms-fixtures";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { LOGSTORE, PROJECT, slsEmulatorConfig } from "../support/sls-fixtures";
import { groupCreates, groupDeletes } from "../support/group-calls";
import { expectSuccess, type TerraformRun } from "../support/terraform-workspace";

jest.setTimeout(180_000);

const EXECUTORS = ["batched", "per-group"] as const;

const e2e = useEmulatorAndTerraform({ sls: slsEmulatorConfig(), dms: dmsEmulatorConfig() });

interface Declared {
  /** The endpoint's value, as the stand-in resource outputs it. */
  readonly endpoint: string;
  readonly dmsRegion?: string;
  /** Whether the SLS group orders-reader is declared. */
  readonly reader?: boolean;
}

describe.each(EXECUTORS)("groups whose endpoint is a reference, %s executor", (executor) => {
  const stackName = `location-${executor}`;
  const deploy = async (declared: Declared): Promise<TerraformRun> => {
    e2e.workspace.synth(stackName, (stack) => declare(stack, declared), {
      "cdktf-consumer-groups:executor": executor,
    });
    e2e.emulator.resetCalls();
    return e2e.workspace.apply(stackName);
  };

  it("deploys from nothing in one apply, at the referenced endpoint", async () => {
    e2e.workspace.synth(stackName, (stack) => declare(stack, { endpoint: e2e.emulator.url }), {
      "cdktf-consumer-groups:executor": executor,
    });
    expectSuccess(await e2e.workspace.init(stackName), "terraform init");
    e2e.emulator.resetCalls();

    const apply = await e2e.workspace.apply(stackName);

    expectSuccess(apply, "first apply");
    expect(slsGroups()).toEqual(["orders-audit", "orders-keyed", "orders-reader"]);
    expect(dmsGroups()).toEqual(["billing-workers"]);
    expect(calls().filter((c) => c.status >= 400)).toEqual([]);
    expect(apply.output).not.toContain("TfToken");
  });

  it("plans no changes on a second run", async () => {
    const plan = await e2e.workspace.plan(stackName);

    expect(plan.code).toBe(0);
  });

  it("treats a changed referenced location as a move: nothing deleted, no Group replaced", async () => {
    const dmsId = dmsGroupId();
    // Another spelling of the emulator's origin, and another region for the DMS group.
    const respelled = e2e.emulator.url.replace("127.0.0.1", "localhost");

    const apply = await deploy({ endpoint: respelled, dmsRegion: "cn-north-9" });

    expectSuccess(apply, "apply with the endpoint respelled and the region changed");
    expect(apply.output).not.toMatch(/_group: Destroying/);
    expect(apply.output).toMatch(/_group: Modifying/);
    // The reconciler (or each Settings' ensure) ran again, at the new endpoint.
    expect(calls().length).toBeGreaterThan(0);
    expect({
      deleted: groupDeletes(
        calls(),
        "orders-reader",
        "orders-audit",
        "orders-keyed",
        "billing-workers",
      ),
      created: groupCreates(
        calls(),
        "orders-reader",
        "orders-audit",
        "orders-keyed",
        "billing-workers",
      ),
      sls: slsGroups(),
      dmsId: dmsGroupId(),
      planAfterApply: (await e2e.workspace.plan(stackName)).code,
    }).toEqual({
      deleted: [],
      created: [],
      sls: ["orders-audit", "orders-keyed", "orders-reader"],
      dmsId,
      planAfterApply: 0,
    });
    expect(dmsId).toBeDefined();
  });

  it("fails a referenced endpoint the rules refuse in synth's words, before any call", async () => {
    const apply = await deploy({
      endpoint: "http://consumer-groups.example",
      dmsRegion: "cn-north-9",
    });

    expect(apply.code).not.toBe(0);
    expect(apply.output).toContain(
      `HOOK_BAD_PAYLOAD: ${stackName}/OrdersReader: endpoint "http://consumer-groups.example" ` +
        "must be an https:// URL (plain http:// only for loopback hosts, or set allowInsecureHttp: true)",
    );
    expect(apply.output).not.toContain("TfToken");
    expect(calls()).toEqual([]);

    // Given a good value again, the next apply goes through and deletes nothing.
    expectSuccess(await deploy({ endpoint: e2e.emulator.url, dmsRegion: "cn-north-9" }), "fixed");
    expect(deletes()).toEqual([]);
  });

  it("deletes a replaced Group's group at the location in its state, and makes it again", async () => {
    const list = await e2e.workspace.terraform(stackName, ["state", "list"]);
    const group = list.output.split("\n").find((a) => /sls_orders-audit_\w+_group$/.test(a))!;
    e2e.emulator.resetCalls();

    const apply = await e2e.workspace.apply(stackName, [`-replace=${group}`]);

    expectSuccess(apply, "apply -replace of a Group");
    expect(deletes()).toEqual([`${PROJECT}/${LOGSTORE}/orders-audit ok`]);
    expect(groupCreates(calls(), "orders-audit")).toHaveLength(1);
    expect(slsGroups()).toEqual(["orders-audit", "orders-keyed", "orders-reader"]);
  });

  it("prunes a group removed from the code at its referenced endpoint", async () => {
    const apply = await deploy({
      endpoint: e2e.emulator.url,
      dmsRegion: "cn-north-9",
      reader: false,
    });

    expectSuccess(apply, "apply with orders-reader removed");
    expect(deletes()).toEqual([`${PROJECT}/${LOGSTORE}/orders-reader ok`]);
    expect(slsGroups()).toEqual(["orders-audit", "orders-keyed"]);
  });

  it("deletes every group at its referenced endpoint on destroy", async () => {
    e2e.emulator.resetCalls();

    const destroy = await e2e.workspace.destroy(stackName);

    expectSuccess(destroy, "destroy");
    expect(deletes()).toEqual([
      `${DMS_PROJECT}/${BILLING_QUEUE}/billing-workers ok`,
      `${PROJECT}/${LOGSTORE}/orders-audit ok`,
      `${PROJECT}/${LOGSTORE}/orders-keyed ok`,
    ]);
    expect(slsGroups()).toEqual([]);
    expect(dmsGroups()).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

function declare(stack: TerraformStack, declared: Declared): void {
  const endpoint = output(stack, "Endpoint", declared.endpoint);
  const sls = {
    region: "cn-hangzhou",
    endpoint,
    project: PROJECT,
    logstore: LOGSTORE,
    timeout: 60,
  };
  if (declared.reader !== false) {
    new SlsConsumerGroup(stack, "OrdersReader", { ...sls, name: "orders-reader" });
  }
  new SlsConsumerGroup(stack, "OrdersAudit", { ...sls, name: "orders-audit" });
  // Its logstore a reference too (so it has a key), beside the endpoint given by reference.
  new SlsConsumerGroup(stack, "OrdersKeyed", {
    ...sls,
    logstore: output(stack, "Logstore", LOGSTORE),
    key: "orders-keyed",
    name: "orders-keyed",
  });
  new DmsQueueConsumerGroup(stack, "Workers", {
    region: output(stack, "Region", declared.dmsRegion ?? "cn-north-4"),
    endpoint,
    projectId: DMS_PROJECT,
    queue: { name: BILLING_QUEUE },
    name: "billing-workers",
  });
}

/** A resource of the stack whose output `value` is `value`, as its token. */
function output(stack: TerraformStack, id: string, value: string): string {
  const r = new TerraformData(stack, id, { triggersReplace: {}, input: { value } });
  r.overrideLogicalId(id);
  return Token.asString(r.interpolationForAttribute("output.value"));
}

const calls = () => e2e.emulator.calls();
const deletes = () =>
  calls()
    .filter((c) => c.action === "DeleteConsumerGroup")
    .map((c) => `${c.target ?? ""} ${c.status < 300 ? "ok" : c.status}`)
    .sort();
const slsGroups = () =>
  e2e.emulator.sls
    .listGroups(PROJECT, LOGSTORE)
    .map((g) => g.name)
    .sort();
const dmsGroupId = () =>
  e2e.emulator.dms.listGroups(DMS_PROJECT, BILLING_QUEUE).find((g) => g.name === "billing-workers")
    ?.id;
const dmsGroups = () =>
  e2e.emulator.dms
    .listGroups(DMS_PROJECT, BILLING_QUEUE)
    .map((g) => g.name)
    .sort();
