// Groups whose container is a reference (a token) to a resource of the same stack, with real
// terraform, under both executors. The logstore and the queue are stand-ins
// (examples/referenced-containers/container-stand-in.js: signed CreateLogStore/DeleteLogStore and queue
// create/delete against the emulator) whose output feeds `logstore` and `queue.name`; no
// dependsOn: the reference alone orders the group after its container.
//
// | step                          | expected                                                          |
// |-------------------------------|-------------------------------------------------------------------|
// | one apply from nothing        | succeeds: containers first, then the groups                       |
// | plan again                    | no changes                                                        |
// | a timeout changed             | one UpdateConsumerGroup, no create, no delete                     |
// | the referenced name changes   | a rename: the old group deleted (200), the new one created        |
// | destroy                       | every group deleted (200) before its container is destroyed       |
// | literal -> reference -> back  | nothing deleted; removed as a reference: the resolved group pruned |
// | import into its Group, apply  | nothing deleted (a destroy hook cannot read the reference)        |
// | a value the rules refuse      | the apply fails in synth's words, with the construct's path       |

import * as path from "node:path";
import { Token, type TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { TerraformData } from "../../lib/constructs/terraform-data";
import { DMS_PROJECT, dmsEmulatorConfig } from "../support/dms-fixtures";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { PROJECT, slsEmulatorConfig } from "../support/sls-fixtures";
import { expectSuccess, type TerraformRun } from "../support/terraform-workspace";

jest.setTimeout(180_000);

const STAND_IN = path.join(
  __dirname,
  "..",
  "..",
  "examples",
  "referenced-containers",
  "container-stand-in.js",
);
const EXECUTORS = ["batched", "per-group"] as const;

const e2e = useEmulatorAndTerraform({
  sls: slsEmulatorConfig([]),
  dms: { ...dmsEmulatorConfig(), projects: { [DMS_PROJECT]: { queues: [] } } },
});

describe.each(EXECUTORS)("groups in a referenced container, %s executor", (executor) => {
  const stackName = `tokens-${executor}`;
  const synth = (opts: { timeout?: number; logstore?: string } = {}) =>
    e2e.workspace.synth(stackName, (stack) => declare(stack, opts), {
      "cdktf-consumer-groups:executor": executor,
    });

  it("deploys from nothing in one apply: the containers, then the groups", async () => {
    synth();
    expectSuccess(await e2e.workspace.init(stackName), "terraform init");
    e2e.emulator.resetCalls();

    const apply = await e2e.workspace.apply(stackName);

    expectSuccess(apply, "first apply");
    expect(slsGroups("orders")).toEqual(["orders-reader"]);
    expect(dmsGroups()).toEqual(["billing-workers"]);
    expect(calls().filter((c) => c.status >= 400)).toEqual([]);
    expect(before(apply, "stand-in: sls container created", "/orders-reader: created")).toBe(true);
    expect(before(apply, "stand-in: dms container created", "/billing-workers: created")).toBe(
      true,
    );
    expect(apply.output).not.toContain("TfToken");
  });

  it("plans no changes on a second run", async () => {
    expect((await e2e.workspace.plan(stackName)).code).toBe(0);
  });

  it("applies a timeout change as an update in place: no create, no delete", async () => {
    synth({ timeout: 120 });
    e2e.emulator.resetCalls();

    const apply = await e2e.workspace.apply(stackName);

    expectSuccess(apply, "apply after a timeout change");
    expect(actions().filter((a) => a === "UpdateConsumerGroup")).toHaveLength(1);
    expect(calls().filter((c) => /^(Create|Delete)/.test(c.action) && c.status < 300)).toEqual([]);
    expect(e2e.emulator.sls.listGroups(PROJECT, "orders")).toContainEqual({
      name: "orders-reader",
      timeout: 120,
      order: false,
    });
  });

  it("treats a changed referenced logstore as a rename: the old group deleted, the new one made", async () => {
    synth({ timeout: 120, logstore: "orders-v2" });
    e2e.emulator.resetCalls();

    const apply = await e2e.workspace.apply(stackName);

    expectSuccess(apply, "apply with the logstore renamed");
    expect(deletes()).toContain(`${PROJECT}/orders/orders-reader ok`);
    expect(slsGroups("orders-v2")).toEqual(["orders-reader"]);
    expect(apply.output).toContain("stand-in: sls container orders destroyed with 0 group(s)");
    expect(
      before(apply, /orders-reader_\w+_group: Destruction complete/, "Logstore: Destroying"),
    ).toBe(true);
  });

  it("deletes each group, deletion protection consulted, before its container on destroy", async () => {
    e2e.emulator.resetCalls();

    const destroy = await e2e.workspace.destroy(stackName);

    expectSuccess(destroy, "destroy");
    expect(deletes()).toEqual([
      `${DMS_PROJECT}/billing/billing-workers ok`,
      `${PROJECT}/orders-v2/orders-reader ok`,
    ]);
    expect(destroy.output).toContain("stand-in: sls container orders-v2 destroyed with 0 group(s)");
    expect(destroy.output).toContain("stand-in: dms container billing destroyed with 0 group(s)");
    expect(before(destroy, /_group: Destruction complete/g, "Logstore: Destroying")).toBe(true);
    expect(before(destroy, /_group: Destruction complete/g, "Queue: Destroying")).toBe(true);
  });
});

describe.each(EXECUTORS)(
  "a group switched between a literal and a reference, %s executor",
  (executor) => {
    const stackName = `tokens-switch-${executor}`;
    let initialized = false;
    /** `reader`: its logstore as a literal, as a reference, or the group removed. */
    const deploy = async (reader: "literal" | "reference" | "removed") => {
      e2e.workspace.synth(
        stackName,
        (stack) => {
          const logstore = standIn(stack, "Logstore", ["sls", PROJECT, "switch"]);
          const sls = { region: "cn-hangzhou", endpoint: e2e.emulator.url, project: PROJECT };
          // Keeps the manifest in the stack when the reader is removed.
          new SlsConsumerGroup(stack, "Audit", {
            ...sls,
            logstore: "switch",
            name: "switch-audit",
            timeout: 60,
            dependsOn: [logstore],
          });
          if (reader === "removed") return;
          new SlsConsumerGroup(stack, "Reader", {
            ...sls,
            name: "switch-reader",
            timeout: 60,
            ...(reader === "literal"
              ? { logstore: "switch", dependsOn: [logstore] }
              : {
                  logstore: Token.asString(logstore.interpolationForAttribute("output.name")),
                  key: "switch-reader",
                }),
          });
        },
        { "cdktf-consumer-groups:executor": executor },
      );
      if (!initialized) expectSuccess(await e2e.workspace.init(stackName), "terraform init");
      initialized = true;
      e2e.emulator.resetCalls();
      const apply = await e2e.workspace.apply(stackName);
      expectSuccess(apply, `apply with the reader ${reader}`);
      return apply;
    };

    it("deletes nothing from literal to reference and back, and prunes the resolved group once removed", async () => {
      await deploy("literal");
      expect(slsGroups("switch")).toEqual(["switch-audit", "switch-reader"]);

      await deploy("reference");
      expect(deletes()).toEqual([]);
      await deploy("literal");
      expect(deletes()).toEqual([]);
      await deploy("reference");
      expect(deletes()).toEqual([]);
      expect(slsGroups("switch")).toEqual(["switch-audit", "switch-reader"]);

      // Imported, the Group holds no identity, and a destroy hook cannot read the reference:
      // its replacement deletes nothing, and the reconcile (or ensure) finds the group in sync.
      const list = await e2e.workspace.terraform(stackName, ["state", "list"]);
      const group = list.output.split("\n").find((a) => /sls_switch-reader_\w+_group$/.test(a))!;
      expectSuccess(await e2e.workspace.terraform(stackName, ["state", "rm", group]), "state rm");
      expectSuccess(
        await e2e.workspace.terraform(stackName, ["import", "-input=false", group, "imported"]),
        "import",
      );
      e2e.emulator.resetCalls();
      const afterImport = await e2e.workspace.apply(stackName);
      expectSuccess(afterImport, "apply after import");
      expect(afterImport.output).toContain("its identity holds a reference");
      expect(deletes()).toEqual([]);
      expect(slsGroups("switch")).toEqual(["switch-audit", "switch-reader"]);

      await deploy("removed");
      expect(deletes()).toEqual([`${PROJECT}/switch/switch-reader ok`]);
      expect(slsGroups("switch")).toEqual(["switch-audit"]);

      expectSuccess(await e2e.workspace.destroy(stackName), "destroy");
    });
  },
);

describe.each(EXECUTORS)("a referenced value the rules refuse, %s executor", (executor) => {
  it("fails the apply in synth's words, with the construct's path, and creates nothing", async () => {
    const stackName = `tokens-bad-${executor}`;
    e2e.workspace.synth(
      stackName,
      (stack) => {
        const name = new TerraformData(stack, "Name", {
          triggersReplace: {},
          input: { name: "Orders Log!" },
        });
        new SlsConsumerGroup(stack, "OrdersReader", {
          region: "cn-hangzhou",
          endpoint: e2e.emulator.url,
          project: PROJECT,
          logstore: Token.asString(name.interpolationForAttribute("output.name")),
          key: "orders-reader",
          name: "orders-reader",
          timeout: 60,
        });
      },
      { "cdktf-consumer-groups:executor": executor },
    );
    expectSuccess(await e2e.workspace.init(stackName), "terraform init");
    e2e.emulator.resetCalls();

    const apply = await e2e.workspace.apply(stackName);

    expect(apply.code).not.toBe(0);
    expect(apply.output).toContain(
      `HOOK_BAD_PAYLOAD: ${stackName}/OrdersReader: logstore "Orders Log!" must be`,
    );
    expect(apply.output).not.toContain("TfToken");
    expect(actions().filter((a) => a.startsWith("Create"))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

function declare(stack: TerraformStack, opts: { timeout?: number; logstore?: string }): void {
  const url = e2e.emulator.url;
  const logstore = standIn(stack, "Logstore", ["sls", PROJECT, opts.logstore ?? "orders"]);
  new SlsConsumerGroup(stack, "OrdersReader", {
    region: "cn-hangzhou",
    endpoint: url,
    project: PROJECT,
    logstore: Token.asString(logstore.interpolationForAttribute("output.name")),
    key: "orders-reader",
    name: "orders-reader",
    timeout: opts.timeout ?? 60,
  });
  const queue = standIn(stack, "Queue", ["dms", DMS_PROJECT, "billing"]);
  new DmsQueueConsumerGroup(stack, "Workers", {
    region: "cn-north-4",
    endpoint: url,
    projectId: DMS_PROJECT,
    queue: { name: Token.asString(queue.interpolationForAttribute("output.name")) },
    key: "billing-workers",
    name: "billing-workers",
  });
}

/** A container resource whose output `name` is the container's name. */
function standIn(stack: TerraformStack, id: string, [service, project, name]: string[]) {
  const url = e2e.emulator.url;
  const r = new TerraformData(stack, id, {
    triggersReplace: { service: service!, name: name! },
    input: { name: name! },
    provisioners: [
      {
        type: "local-exec",
        interpreter: ["node", STAND_IN, "create", url, service!, project!],
        command: name!,
      },
      {
        type: "local-exec",
        when: "destroy",
        interpreter: ["node", STAND_IN, "destroy", url, service!, project!],
        // From state: a destroy hook with a literal would read the new configuration's name.
        command: "${self.input.name}",
      },
    ],
  });
  r.overrideLogicalId(id);
  return r;
}

const calls = () => e2e.emulator.calls();
const actions = () => calls().map((c) => c.action);
const deletes = () =>
  calls()
    .filter((c) => c.action === "DeleteConsumerGroup")
    .map((c) => `${c.target ?? ""} ${c.status < 300 ? "ok" : c.status}`)
    .sort();
const slsGroups = (logstore: string) =>
  e2e.emulator.sls
    .listGroups(PROJECT, logstore)
    .map((g) => g.name)
    .sort();
const dmsGroups = () =>
  e2e.emulator.dms
    .listGroups(DMS_PROJECT, "billing")
    .map((g) => g.name)
    .sort();

/** Whether every match of `first` is printed before the first match of `second`. */
function before(run: TerraformRun, first: string | RegExp, second: string | RegExp): boolean {
  const at = (p: string | RegExp) =>
    typeof p === "string"
      ? [run.output.indexOf(p)].filter((i) => i >= 0)
      : [...run.output.matchAll(p.global ? p : new RegExp(p.source, "g"))].map((m) => m.index);
  const a = at(first);
  const b = at(second);
  if (!a.length || !b.length) throw new Error(`${first} or ${second} not in:\n${run.output}`);
  return Math.max(...a) < Math.min(...b);
}
