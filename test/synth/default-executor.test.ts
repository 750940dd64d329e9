// The opt-in batched executor: the context key cdktf-consumer-groups:executor = "batched".

import { Testing } from "cdktf";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { unescapeTerraformTemplate } from "../../lib/constructs/escape";
import { parseReconcile } from "../../lib/contract/reconcile";
import { BASE, localExec, synthesized, type Synthesized } from "./synth-helpers";
import { TerraformStack } from "cdktf";

function synthBatched(build: (stack: TerraformStack) => void, executor: unknown = "batched") {
  const context = executor === null ? {} : { "cdktf-consumer-groups:executor": executor };
  const app = Testing.app({ context });
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
const resources = (json: Synthesized) => json.resource["terraform_data"]!;
const reconciler = (json: Synthesized) => resources(json)["consumer_groups_reconciler"]!;

describe("batched executor", () => {
  const json = synthBatched((s) => {
    new SlsConsumerGroup(s, "Reader", BASE);
    new SlsConsumerGroup(s, "Audit", { ...BASE, name: "orders-audit", timeout: 60 });
    new DmsQueueConsumerGroup(s, "Billing", DMS);
  });

  it("keeps per-group resources in the plan, without create hooks", () => {
    const settings = Object.entries(resources(json)).filter(([id]) => id.endsWith("_settings"));
    expect(settings).toHaveLength(3);
    for (const [, r] of settings) expect(r.provisioner).toBeUndefined();
  });

  it("keeps the delete hooks of the groups and the manifest's prune", () => {
    const groups = Object.entries(resources(json)).filter(([id]) => id.endsWith("_group"));
    expect(groups.map(([, r]) => localExec(r).interpreter[2])).toEqual([
      "delete",
      "delete",
      "delete",
    ]);
    expect(localExec(resources(json)["consumer_groups_manifest"]!).interpreter[2]).toBe("prune");
  });

  it("adds one reconciler whose hook gets every group, after the manifest", () => {
    const hook = localExec(reconciler(json));
    expect(hook.interpreter[2]).toBe("reconcile");
    expect(reconciler(json).depends_on).toEqual(["terraform_data.consumer_groups_manifest"]);
    const groups = parseReconcile(unescapeTerraformTemplate(hook.command));
    expect(groups.map((g) => g.identity.name)).toEqual([
      "orders-reader",
      "orders-audit",
      "billing-workers",
    ]);
    expect(groups[1]).toMatchObject({ settings: { timeout: 60, order: false } });
  });

  it("replaces the reconciler when a setting changes, and not otherwise", () => {
    const again = synthBatched((s) => {
      new SlsConsumerGroup(s, "Reader", BASE);
      new SlsConsumerGroup(s, "Audit", { ...BASE, name: "orders-audit", timeout: 60 });
      new DmsQueueConsumerGroup(s, "Billing", DMS);
    });
    const changed = synthBatched((s) => {
      new SlsConsumerGroup(s, "Reader", BASE);
      new SlsConsumerGroup(s, "Audit", { ...BASE, name: "orders-audit", timeout: 61 });
      new DmsQueueConsumerGroup(s, "Billing", DMS);
    });
    expect(reconciler(again).triggers_replace).toEqual(reconciler(json).triggers_replace);
    expect(reconciler(changed).triggers_replace!["groups"]).not.toEqual(
      reconciler(json).triggers_replace!["groups"],
    );
  });

  it("reconciles on every apply when a group asks for reconcile: always", () => {
    const always = synthBatched(
      (s) => new SlsConsumerGroup(s, "Reader", { ...BASE, reconcile: "always" }),
    );
    expect(reconciler(always).triggers_replace!["always"]).toBe("${timestamp()}");
    expect(reconciler(json).triggers_replace!["always"]).toBe("no");
  });

  it("gives the next synth a group declared after a synth (nothing stale is reused)", () => {
    let stack: TerraformStack | undefined;
    const first = synthBatched((s) => {
      stack = s;
      new SlsConsumerGroup(s, "Reader", BASE);
    });
    new SlsConsumerGroup(stack!, "Audit", { ...BASE, name: "orders-audit", reconcile: "always" });
    const second = synthesized(stack!);

    const names = (json: Synthesized) =>
      parseReconcile(unescapeTerraformTemplate(localExec(reconciler(json)).command)).map(
        (g) => g.identity.name,
      );
    expect(names(first)).toEqual(["orders-reader"]);
    expect(names(second)).toEqual(["orders-reader", "orders-audit"]);
    expect(reconciler(second).triggers_replace!["groups"]).not.toEqual(
      reconciler(first).triggers_replace!["groups"],
    );
    expect(reconciler(second).triggers_replace!["always"]).toBe("${timestamp()}");
  });

  it("is off by default, and an unknown executor is an error", () => {
    for (const executor of [null, "per-group"]) {
      const perGroup = synthBatched((s) => new SlsConsumerGroup(s, "Reader", BASE), executor);
      expect(resources(perGroup)["consumer_groups_reconciler"]).toBeUndefined();
    }
    expect(() => synthBatched((s) => new SlsConsumerGroup(s, "Reader", BASE), "parallel")).toThrow(
      'context cdktf-consumer-groups:executor "parallel" must be "per-group" or "batched"',
    );
  });
});
