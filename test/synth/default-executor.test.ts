// The default executor, "batched": each group is ONE resource `<service>_<name>_<key>_group`
// holding its identity in triggers_replace (changes ignored) and its settings in `input` (a
// change is an in-place update), with the destroy hook `delete`; the stack's one reconciler
// creates and updates every group with its create hook `reconcile`. The per-group executor
// (context cdktf-consumer-groups:executor = "per-group") is opt-in.

import { Testing, TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup, HookResource, SlsConsumerGroup } from "../../lib";
import { unescapeTerraformTemplate } from "../../lib/constructs/escape";
import { parseReconcile } from "../../lib/contract/reconcile-payload";
import {
  BASE,
  EXECUTOR_CONTEXT,
  groupOf,
  localExec,
  synthesized,
  type Synthesized,
  payloadOf,
} from "./synth-helpers";
import { dmsIdentity } from "../../lib/clouds/huawei/dms/dms-contract";
import { slsIdentity } from "../../lib/clouds/alibaba/sls/sls-contract";
import { CLOUDS } from "../support/clouds";

function synthWith(build: (stack: TerraformStack) => void, executor?: unknown): Synthesized {
  const app = Testing.app({
    context: executor === undefined ? {} : { [EXECUTOR_CONTEXT]: executor },
  });
  const stack = new TerraformStack(app, "stack");
  build(stack);
  return synthesized(stack);
}

const DMS = {
  region: "cn-north-4",
  projectId: "0a1b2c3d4e5f40718293a4b5c6d7e8f9",
  queue: { name: "billing" },
  name: "billing-workers",
};
const MANIFEST = "terraform_data.consumer_groups_manifest";
const resources = (json: Synthesized) => json.resource["terraform_data"]!;
const reconciler = (json: Synthesized) => resources(json)["consumer_groups_reconciler"]!;
const reconciled = (json: Synthesized) =>
  parseReconcile(unescapeTerraformTemplate(payloadOf(localExec(reconciler(json)))), CLOUDS);
const threeGroups = (s: TerraformStack) => {
  new SlsConsumerGroup(s, "Reader", BASE);
  new SlsConsumerGroup(s, "Audit", { ...BASE, name: "orders-audit", timeout: 60 });
  new DmsQueueConsumerGroup(s, "Billing", DMS);
};

describe("default executor", () => {
  const json = synthWith(threeGroups);

  it("makes one resource per group, plus the stack's manifest and reconciler", () => {
    expect(Object.keys(resources(json)).sort()).toEqual([
      "consumer_groups_manifest",
      "consumer_groups_reconciler",
      expect.stringMatching(/^dms_billing-workers_[0-9a-f]{16}_group$/),
      expect.stringMatching(/^sls_orders-audit_[0-9a-f]{16}_group$/),
      expect.stringMatching(/^sls_orders-reader_[0-9a-f]{16}_group$/),
    ]);
    expect(Object.keys(json.resource)).toEqual(["terraform_data"]);
    expect(JSON.stringify(json)).not.toContain("_settings");
  });

  it("stores the identity in the group's triggers_replace (changes ignored), its settings in input", () => {
    const [, reader] = groupOf(json, "sls_orders-reader_");
    expect(reader.triggers_replace).toEqual({
      ...slsIdentity({ project: "shop-prod", logstore: "orders", name: "orders-reader" }),
    });
    expect(reader.lifecycle).toEqual({ ignore_changes: ["triggers_replace"] });
    expect(reader.input).toEqual("order=false timeout=300");
    expect(groupOf(json, "sls_orders-audit_")[1].input).toEqual("order=false timeout=60");
  });

  it("gives a DMS group no input (it has no settings)", () => {
    const [, billing] = groupOf(json, "dms_billing-workers_");
    expect(billing.triggers_replace).toEqual({
      ...dmsIdentity({ projectId: DMS.projectId, queue: DMS.queue, name: DMS.name }),
    });
    expect(billing).not.toHaveProperty("input");
  });

  it("keeps the delete hooks of the groups (their only hook) and the manifest's prune", () => {
    const groups = Object.entries(resources(json)).filter(([id]) => id.endsWith("_group"));
    expect(groups.map(([, r]) => r.provisioner.length)).toEqual([1, 1, 1]);
    expect(groups.map(([, r]) => localExec(r).interpreter[2])).toEqual([
      "delete",
      "delete",
      "delete",
    ]);
    expect(groups.map(([, r]) => localExec(r).when)).toEqual(["destroy", "destroy", "destroy"]);
    expect(localExec(resources(json)["consumer_groups_manifest"]!).interpreter[2]).toBe("prune");
  });

  it("makes each group depend on the manifest, and the reconciler on every group", () => {
    const groups = Object.entries(resources(json)).filter(([id]) => id.endsWith("_group"));
    for (const [, r] of groups) expect(r.depends_on).toEqual([MANIFEST]);
    // A destroy removes the reconciler first: a destroy that stops half-way leaves no reconciler
    // in state, so the next apply reconciles the groups it deleted (explorer, seed 2028).
    const [first, ...rest] = reconciler(json).depends_on!;
    expect([first, ...rest.sort()]).toEqual([
      MANIFEST,
      ...groups.map(([id]) => `terraform_data.${id}`).sort(),
    ]);
  });

  it("adds one reconciler whose hook gets every group, after the manifest", () => {
    const hook = localExec(reconciler(json));
    expect(hook.interpreter[2]).toBe("reconcile");
    expect(hook.when).toBeUndefined();
    expect(reconciler(json).depends_on![0]).toEqual(MANIFEST);
    // One trigger that says what the resource does, with a digest of the payload version
    // and every group's identity, region and settings.
    expect(reconciler(json).triggers_replace).toEqual({
      groups: expect.stringMatching(/^reconciles 3 groups \(digest [0-9a-f]{16}\)$/),
    });
    const groups = reconciled(json);
    expect(groups.map((g) => g.identity.name)).toEqual([
      "orders-reader",
      "orders-audit",
      "billing-workers",
    ]);
    expect(groups[1]).toMatchObject({ settings: { timeout: 60, order: false } });
  });

  it("replaces the reconciler when a setting changes, and not otherwise", () => {
    const again = synthWith(threeGroups);
    const changed = synthWith((s) => {
      new SlsConsumerGroup(s, "Reader", BASE);
      new SlsConsumerGroup(s, "Audit", { ...BASE, name: "orders-audit", timeout: 61 });
      new DmsQueueConsumerGroup(s, "Billing", DMS);
    });
    expect(reconciler(again).triggers_replace).toEqual(reconciler(json).triggers_replace);
    expect(reconciler(changed).triggers_replace!["groups"]).not.toEqual(
      reconciler(json).triggers_replace!["groups"],
    );
  });

  it("keeps the reconciler's digest when the same groups are declared in another order", () => {
    const reordered = synthWith((s) => {
      new DmsQueueConsumerGroup(s, "Billing", DMS);
      new SlsConsumerGroup(s, "Audit", { ...BASE, name: "orders-audit", timeout: 60 });
      new SlsConsumerGroup(s, "Reader", BASE);
    });
    expect(reconciler(reordered).triggers_replace).toEqual(reconciler(json).triggers_replace);
  });

  it("reconciles on every apply when a group asks for reconcile: always, in the reconciler only", () => {
    const always = synthWith(
      (s) => new SlsConsumerGroup(s, "Reader", { ...BASE, reconcile: "always" }),
    );
    expect(reconciler(always).triggers_replace!["groups"]).toMatch(/ at \$\{timestamp\(\)\}$/);
    expect(JSON.stringify(always).split("${timestamp()}")).toHaveLength(2); // nowhere else
    expect(reconciler(json).triggers_replace!["groups"]).not.toContain("timestamp");
    expect(JSON.stringify(json)).not.toContain("timestamp()");
  });

  it("gives the next synth a group declared after a synth (nothing stale is reused)", () => {
    let stack: TerraformStack | undefined;
    const first = synthWith((s) => {
      stack = s;
      new SlsConsumerGroup(s, "Reader", BASE);
    });
    new SlsConsumerGroup(stack!, "Audit", { ...BASE, name: "orders-audit", reconcile: "always" });
    const second = synthesized(stack!);

    const names = (json: Synthesized) => reconciled(json).map((g) => g.identity.name);
    expect(names(first)).toEqual(["orders-reader"]);
    expect(names(second)).toEqual(["orders-reader", "orders-audit"]);
    expect(reconciler(second).triggers_replace!["groups"]).not.toEqual(
      reconciler(first).triggers_replace!["groups"],
    );
    expect(reconciler(second).triggers_replace!["groups"]).toMatch(/ at \$\{timestamp\(\)\}$/);
  });

  it("makes one null_resource per group, without input, with hookResource NULL_RESOURCE", () => {
    const nulls = synthWith((s) => {
      const hookResource = HookResource.NULL_RESOURCE;
      new SlsConsumerGroup(s, "Reader", { ...BASE, hookResource });
      new SlsConsumerGroup(s, "Audit", { ...BASE, name: "orders-audit", hookResource });
      new DmsQueueConsumerGroup(s, "Billing", { ...DMS, hookResource });
    });
    expect(json.resource["null_resource"]).toBeUndefined();
    expect(nulls.resource["terraform_data"]).toBeUndefined();
    const all = nulls.resource["null_resource"]!;
    expect(Object.keys(all).sort()).toEqual([
      "consumer_groups_manifest",
      "consumer_groups_reconciler",
      expect.stringMatching(/^dms_billing-workers_[0-9a-f]{16}_group$/),
      expect.stringMatching(/^sls_orders-audit_[0-9a-f]{16}_group$/),
      expect.stringMatching(/^sls_orders-reader_[0-9a-f]{16}_group$/),
    ]);
    const [, reader] = groupOf(nulls, "sls_orders-reader_", "null_resource");
    expect(reader.triggers).toEqual(groupOf(json, "sls_orders-reader_")[1].triggers_replace);
    expect(reader.lifecycle).toEqual({ ignore_changes: ["triggers"] });
    for (const [id, r] of Object.entries(all)) {
      expect({ id, input: r.input }).toEqual({ id, input: undefined });
      if (id.endsWith("_group")) {
        expect(r.depends_on).toEqual(["null_resource.consumer_groups_manifest"]);
      }
    }
    const [first, ...rest] = all["consumer_groups_reconciler"]!.depends_on!;
    expect([first, ...rest.sort()]).toEqual([
      "null_resource.consumer_groups_manifest",
      ...Object.keys(all)
        .filter((id) => id.endsWith("_group"))
        .map((id) => `null_resource.${id}`)
        .sort(),
    ]);
    expect(all["consumer_groups_reconciler"]!.triggers).toEqual({
      groups: expect.stringMatching(/^reconciles 3 groups \(digest [0-9a-f]{16}\)$/),
    });
    expect(localExec(all["consumer_groups_reconciler"]!).interpreter[2]).toBe("reconcile");
  });

  it("emits moved blocks from release 0.1.0's Group addresses, none for Settings", () => {
    const groups = Object.keys(resources(json)).filter((id) => id.endsWith("_group"));
    expect(json.moved).toHaveLength(3);
    expect(json.moved!.map((m) => m.to).sort()).toEqual(
      groups.map((id) => `terraform_data.${id}`).sort(),
    );
    for (const m of json.moved!) {
      expect(m.from).toMatch(/^terraform_data\.(sls|dms)_[a-z-]+_[0-9a-f]{16}_group$/);
      expect(m.from).not.toEqual(m.to);
    }
    // The same Group moves as the per-group executor's, without its Settings moves.
    const perGroup = synthWith(threeGroups, "per-group");
    expect(perGroup.moved).toHaveLength(6);
    expect(json.moved).toEqual(perGroup.moved!.filter((m) => !m.to.endsWith("_settings")));
  });

  it("is the default; per-group is opt-in; an unknown executor is an error", () => {
    const single = (s: TerraformStack) => new SlsConsumerGroup(s, "Reader", BASE);
    const byDefault = synthWith(single);
    expect(synthWith(single, "batched")).toEqual(byDefault);
    expect(resources(byDefault)["consumer_groups_reconciler"]).toBeDefined();

    const perGroup = synthWith(single, "per-group");
    expect(resources(perGroup)["consumer_groups_reconciler"]).toBeUndefined();
    expect(Object.keys(resources(perGroup)).filter((id) => id.endsWith("_settings"))).toHaveLength(
      1,
    );
    expect(() => synthWith(single, "parallel")).toThrow(
      'context cdktf-consumer-groups:executor "parallel" must be "batched" (the default) or "per-group"',
    );
  });
});

describe("a construct's resources, as their TSDoc describes them", () => {
  const build = (executor?: string) => {
    const app = Testing.app({
      context: executor === undefined ? {} : { [EXECUTOR_CONTEXT]: executor },
    });
    const stack = new TerraformStack(app, "stack");
    const sls = new SlsConsumerGroup(stack, "Reader", BASE);
    const dms = new DmsQueueConsumerGroup(stack, "Billing", DMS);
    return { sls, dms, json: synthesized(stack) };
  };

  it("has no settings resource under the default executor; the group holds the settings", () => {
    const { sls, dms, json } = build();

    expect(sls.resources.settings).toBeUndefined();
    expect(dms.resources.settings).toBeUndefined();
    const slsGroup = resources(json)[sls.resources.group.friendlyUniqueId]!;
    expect(slsGroup["input"]).toEqual(`order=false timeout=${String(BASE.timeout)}`);
    expect(reconciler(json)).toBeDefined();
  });

  it("has a settings resource whose create hook is ensure under the per-group executor", () => {
    const { sls, dms, json } = build("per-group");

    for (const group of [sls, dms]) {
      const settings = group.resources.settings;
      expect(settings).toBeDefined();
      const hook = localExec(resources(json)[settings!.friendlyUniqueId]!);
      expect(hook.interpreter[2]).toBe("ensure");
      expect(hook.when).toBeUndefined(); // a create hook
    }
  });
});
