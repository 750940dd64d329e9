// The stack's manifest of managed groups, and the Terraform addresses derived from identities.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { DmsQueueConsumerGroup, HookResource, RemovalPolicy, SlsConsumerGroup } from "../../lib";
import type { SlsConsumerGroupProps } from "../../lib";
import { unescapeTerraformTemplate } from "../../lib/constructs/escape";
import { planPrune } from "../../lib/contract/manifest";
import { decodeManifest } from "../../lib/contract/stored-manifest";
import {
  BASE,
  EXECUTORS,
  localExec,
  newApp,
  newStack,
  synthesized,
  type Executor,
  type Synthesized,
  payloadOf,
} from "./synth-helpers";
import { identityKey } from "../../lib/contract/group-identity";
import { slsIdentity } from "../../lib/clouds/alibaba/sls/sls-contract";
import { CLOUDS } from "../support/clouds";
import { asPrevious } from "../support/manifests";

function synthStack(build: (stack: Construct) => void, executor?: Executor): Synthesized {
  const stack = newStack(newApp(executor));
  build(stack);
  return synthesized(stack);
}

const manifestOf = (json: Synthesized) =>
  json.resource["terraform_data"]!["consumer_groups_manifest"]!;
const addresses = (json: Synthesized) => Object.keys(json.resource["terraform_data"] ?? {}).sort();

/** The manifest's triggers as Terraform stores them (unescaped). */
function storedTriggers(json: Synthesized): Record<string, string> {
  return Object.fromEntries(
    Object.entries(manifestOf(json).triggers_replace!).map(([k, v]) => [
      k,
      unescapeTerraformTemplate(v),
    ]),
  );
}

/** What the prune hook would be given after Terraform splices the old state into its payload. */
function pruneInput(previous: Synthesized, next: Synthesized): string {
  const payload = payloadOf(localExec(manifestOf(next)));
  expect(payload).toContain(SPLICE);
  return unescapeTerraformTemplate(
    payload.replace(SPLICE, JSON.stringify(asPrevious(storedTriggers(previous)))),
  );
}

const SPLICE = '"${base64gzip(jsonencode(self.triggers_replace))}"';

/** Two groups: one resource each, manifest and reconciler; per-group: two each and manifest. */
const TWO_GROUPS_RESOURCES: Record<Executor, number> = { batched: 4, "per-group": 5 };

describe.each(EXECUTORS)("the manifest, %s executor", (executor) => {
  const two = synthStack((s) => {
    new SlsConsumerGroup(s, "Reader", BASE);
    new SlsConsumerGroup(s, "Audit", {
      ...BASE,
      name: "orders-audit",
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }, executor);

  it("is one resource per stack at a fixed address, with a destroy-time prune hook", () => {
    const hook = localExec(manifestOf(two));
    expect(hook.when).toBe("destroy");
    expect(hook.interpreter[2]).toBe("prune");
    expect(addresses(two)).toHaveLength(TWO_GROUPS_RESOURCES[executor]);
  });

  it("lists the keys of the declared groups in its prune command", () => {
    const keys = ["orders-reader", "orders-audit"].map((name) =>
      identityKey(slsIdentity({ project: "shop-prod", logstore: "orders", name })),
    );
    expect(payloadOf(localExec(manifestOf(two)))).toContain(
      `"declared":${JSON.stringify(keys.sort())}`,
    );
  });

  it("makes the prune hook delete a group removed from the code, with its removal policy", () => {
    const one = synthStack((s) => new SlsConsumerGroup(s, "Reader", BASE), executor);

    const pruned = planPrune(pruneInput(two, one), CLOUDS).candidates;

    expect(pruned).toHaveLength(1);
    expect(pruned[0]).toMatchObject({
      command: "delete",
      identity: { name: "orders-audit" },
      removalPolicy: "RETAIN",
      transport: { endpoint: "https://cn-hangzhou.log.aliyuncs.com" },
    });
  });

  it("makes the prune hook delete the old name of a renamed group, and nothing else", () => {
    const renamed = synthStack((s) => {
      new SlsConsumerGroup(s, "Reader", { ...BASE, name: "orders-reader-v2" });
      new SlsConsumerGroup(s, "Audit", {
        ...BASE,
        name: "orders-audit",
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }, executor);

    expect(
      planPrune(pruneInput(two, renamed), CLOUDS).candidates.map((p) => p.identity.name),
    ).toEqual(["orders-reader"]);
  });

  it("prunes nothing when only a removal policy or a setting changed", () => {
    const toggled = synthStack((s) => {
      new SlsConsumerGroup(s, "Reader", {
        ...BASE,
        timeout: 900,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      new SlsConsumerGroup(s, "Audit", { ...BASE, name: "orders-audit" });
    }, executor);

    expect(planPrune(pruneInput(two, toggled), CLOUDS).candidates).toEqual([]);
  });

  it("prunes nothing, and says so, when the manifest in state holds no list (terraform import)", () => {
    const command = unescapeTerraformTemplate(
      payloadOf(localExec(manifestOf(two))).replace(SPLICE, JSON.stringify(asPrevious(null))),
    );

    const plan = planPrune(command, CLOUDS);

    expect(plan.candidates).toEqual([]);
    expect(plan.imported).toBe(true);
  });

  it("lists DMS groups too, and uses null_resource when the first group does", () => {
    const stack = newStack(newApp(executor));
    new DmsQueueConsumerGroup(stack, "Billing", {
      region: "cn-north-4",
      projectId: "0a1b2c3d4e5f40718293a4b5c6d7e8f9",
      queue: { name: "billing" },
      name: "billing-workers",
      hookResource: HookResource.NULL_RESOURCE,
    });
    const json = synthesized(stack);
    const manifest = json.resource["null_resource"]!["consumer_groups_manifest"]!;
    expect(payloadOf(localExec(manifest))).toContain('"${base64gzip(jsonencode(self.triggers))}"');
    const triggers = Object.fromEntries(
      Object.entries(manifest.triggers!).map(([k, v]) => [k, unescapeTerraformTemplate(v)]),
    );
    expect(decodeManifest(triggers).map((g) => [g.identity.service, g.identity.name])).toEqual([
      ["dms", "billing-workers"],
    ]);
  });

  it("lists a group declared after a synth in the next synth (nothing stale is reused)", () => {
    const stack = newStack(newApp(executor));
    new SlsConsumerGroup(stack, "Reader", BASE);
    const first = synthesized(stack);
    new SlsConsumerGroup(stack, "Audit", { ...BASE, name: "orders-audit" });
    const second = synthesized(stack);

    const names = (json: Synthesized) =>
      decodeManifest(storedTriggers(json))
        .map((g) => g.identity.name)
        .sort();
    expect(names(first)).toEqual(["orders-reader"]);
    expect(names(second)).toEqual(["orders-audit", "orders-reader"]);
    expect(planPrune(pruneInput(first, second), CLOUDS).candidates).toEqual([]);
    expect(
      planPrune(pruneInput(second, first), CLOUDS).candidates.map((p) => p.identity.name),
    ).toEqual(["orders-audit"]);
  });
});

/** Addresses every stack with groups has, whatever its groups: the manifest (and reconciler). */
const STACK_ADDRESSES: Record<Executor, string[]> = {
  batched: ["consumer_groups_manifest", "consumer_groups_reconciler"],
  "per-group": ["consumer_groups_manifest"],
};

describe.each(EXECUTORS)("Terraform addresses, %s executor", (executor) => {
  it("do not change when a construct moves in the tree", () => {
    const flat = synthStack((s) => new SlsConsumerGroup(s, "Reader", BASE), executor);
    const nested = synthStack((s) => {
      const team = new Construct(new Construct(s, "Payments"), "Consumers");
      new SlsConsumerGroup(team, "OrdersReaderRenamedId", BASE);
    }, executor);

    expect(addresses(nested)).toEqual(addresses(flat));
    expect(JSON.stringify(nested.resource)).toEqual(JSON.stringify(flat.resource));
  });

  it("change with the identity", () => {
    const a = synthStack((s) => new SlsConsumerGroup(s, "Reader", BASE), executor);
    const b = synthStack(
      (s) => new SlsConsumerGroup(s, "Reader", { ...BASE, name: "other" }),
      executor,
    );
    expect(addresses(a).filter((x) => addresses(b).includes(x))).toEqual(STACK_ADDRESSES[executor]);
  });

  it("stay the same when a setting changes (updated or replaced in place)", () => {
    const a = synthStack((s) => new SlsConsumerGroup(s, "Reader", BASE), executor);
    const b = synthStack(
      (s) => new SlsConsumerGroup(s, "Reader", { ...BASE, timeout: 5 }),
      executor,
    );
    expect(addresses(b)).toEqual(addresses(a));
  });
});

describe("reconcile, per-group executor", () => {
  const settingsOf = (props: Partial<SlsConsumerGroupProps>) => {
    const json = synthStack(
      (s) => new SlsConsumerGroup(s, "Reader", { ...BASE, ...props }),
      "per-group",
    );
    return Object.entries(json.resource["terraform_data"]!).find(([id]) =>
      id.endsWith("_settings"),
    )![1];
  };

  it("adds an always-unknown trigger with reconcile: always", () => {
    expect(settingsOf({ reconcile: "always" }).triggers_replace).toMatchObject({
      reconcile: "${timestamp()}",
    });
  });

  it("adds nothing by default", () => {
    expect(settingsOf({}).triggers_replace).not.toHaveProperty("reconcile");
  });
});

describe("reconcile, batched executor (the default)", () => {
  const synthReader = (props: Partial<SlsConsumerGroupProps>) =>
    synthStack((s) => new SlsConsumerGroup(s, "Reader", { ...BASE, ...props }), "batched");
  const reconcilerOf = (json: Synthesized) =>
    json.resource["terraform_data"]!["consumer_groups_reconciler"]!;

  it("makes the reconciler's always trigger unknown with reconcile: always, and nothing else", () => {
    const json = synthReader({ reconcile: "always" });
    expect(reconcilerOf(json).triggers_replace).toEqual({
      groups: expect.stringMatching(
        /^reconciles 1 group \(digest [0-9a-f]{16}\) at \$\{timestamp\(\)\}$/,
      ),
    });
    expect(JSON.stringify(json).split("${timestamp()}")).toHaveLength(2);
  });

  it("adds nothing by default", () => {
    const json = synthReader({});
    expect(reconcilerOf(json).triggers_replace).toEqual({
      groups: expect.stringMatching(/^reconciles 1 group \(digest [0-9a-f]{16}\)$/),
    });
    expect(JSON.stringify(json)).not.toContain("timestamp()");
  });
});

it.each(EXECUTORS)("reconcile rejects an unknown value (%s executor)", (executor) => {
  expect(() =>
    synthStack(
      (s) => new SlsConsumerGroup(s, "Reader", { ...BASE, reconcile: "sometimes" as never }),
      executor,
    ),
  ).toThrow('stack/Reader: reconcile "sometimes" must be one of "on-change", "always"');
});

it("Testing.synth still works for a stack without groups", () => {
  expect(() => Testing.synth(newStack())).not.toThrow();
});

describe("synth-time report of groups leaving the configuration", () => {
  function synthInto(outdir: string, build: (stack: Construct) => void) {
    const app = new App({ outdir });
    build(new TerraformStack(app, "report"));
    app.synth();
    const manifest = JSON.parse(readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { annotations: { level: string; message: string }[] }>;
    };
    return manifest.stacks["report"]!.annotations.map((a) => `${a.level}: ${a.message}`);
  }

  it("warns, on a re-synth into the same folder, which groups the next deploy deletes or keeps", () => {
    const outdir = mkdtempSync(path.join(os.tmpdir(), "cgac-report-"));
    try {
      expect(
        synthInto(outdir, (s) => {
          new SlsConsumerGroup(s, "Reader", BASE);
          new SlsConsumerGroup(s, "Audit", {
            ...BASE,
            name: "orders-audit",
            removalPolicy: RemovalPolicy.RETAIN,
          });
        }),
      ).toEqual([]);

      const warnings = synthInto(outdir, (s) => {
        new SlsConsumerGroup(s, "Reader", { ...BASE, name: "orders-reader-v2" });
      });

      // One warning per group, in the order of their names.
      expect(warnings).toEqual([
        expect.stringMatching(/orders-audit .* keeps it in the cloud \(removalPolicy RETAIN\)/),
        expect.stringMatching(
          /^@cdktf\/warn: consumer group sls cn-hangzhou\/shop-prod\/orders\/orders-reader was in the last synth .* the next deploy deletes it from the cloud unless deletion protection \(WHEN_IN_USE\) refuses\.$/,
        ),
      ]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it("warns nothing when the re-synth declares the same groups, or more", () => {
    const outdir = mkdtempSync(path.join(os.tmpdir(), "cgac-report-"));
    const reader = (s: Construct) => new SlsConsumerGroup(s, "Reader", BASE);
    const audit = (s: Construct) => new SlsConsumerGroup(s, "Audit", { ...BASE, name: "audit" });
    try {
      expect(synthInto(outdir, reader)).toEqual([]);
      expect(synthInto(outdir, reader)).toEqual([]);
      expect(synthInto(outdir, (s) => [reader(s), audit(s)])).toEqual([]);
      expect(synthInto(outdir, audit)).toEqual([
        expect.stringMatching(/orders-reader was in the last synth/),
      ]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

// A rename with copyCheckpointsFrom in one deploy: every stack's prune carries the app's copying
// groups, so the group they copy from is deleted only after the copy exists and is filled; under
// the per-group executor a copy's Settings resource runs after its source's.
describe("groups that copy checkpoints from another", () => {
  it("are carried by every stack's prune command, the copy's own stack or not", () => {
    const app = newApp();
    const leaving = newStack(app, "leaving");
    const other = newStack(app, "other");
    new SlsConsumerGroup(leaving, "Audit", { ...BASE, name: "orders-audit" });
    new SlsConsumerGroup(other, "New", {
      ...BASE,
      name: "orders-reader-v2",
      copyCheckpointsFrom: "orders-reader",
    });

    for (const stack of [leaving, other]) {
      const json = synthesized(stack);
      const previous = { ...json };
      const { copies } = planPrune(pruneInput(previous, json), CLOUDS);
      expect(copies).toHaveLength(1);
      expect(copies[0]).toMatchObject({
        command: "ensure",
        identity: { project: "shop-prod", logstore: "orders", name: "orders-reader-v2" },
        copyCheckpointsFrom: "orders-reader",
      });
    }
  });

  it("leave the prune command as it was when no group copies", () => {
    const json = synthStack((stack) => new SlsConsumerGroup(stack, "Reader", BASE));
    expect(payloadOf(localExec(manifestOf(json)))).not.toContain("copies");
  });

  it.each([
    ["before", true],
    ["after", false],
  ])(
    "make a per-group copy's Settings depend on its source's, the source declared %s it",
    (_when, sourceFirst) => {
      const json = synthStack((stack) => {
        const source = () => new SlsConsumerGroup(stack, "Old", { ...BASE, name: "orders-reader" });
        if (sourceFirst) source();
        new SlsConsumerGroup(stack, "New", {
          ...BASE,
          name: "orders-reader-v2",
          copyCheckpointsFrom: "orders-reader",
        });
        if (!sourceFirst) source();
      }, "per-group");
      const settings = json.resource["terraform_data"]!;
      const [copyId] = Object.keys(settings).filter(
        (id) => id.startsWith("sls_orders-reader-v2_") && id.endsWith("_settings"),
      );
      const [sourceId] = Object.keys(settings).filter(
        (id) => id.startsWith("sls_orders-reader_") && id.endsWith("_settings"),
      );
      const dependsOn = settings[copyId!]!.depends_on;
      expect(dependsOn).toContain(`terraform_data.${sourceId}`);
      expect(dependsOn).toContain("terraform_data.consumer_groups_manifest");
      expect(dependsOn).toContainEqual(
        expect.stringMatching(/^terraform_data\.sls_orders-reader-v2_\w+_group$/),
      );
    },
  );

  it("leave two per-group groups that copy from each other without a dependency cycle", () => {
    // A rename with copy and a rename back, both still declared: Terraform refuses a cycle.
    const json = synthStack((stack) => {
      new SlsConsumerGroup(stack, "A", { ...BASE, name: "g-a", copyCheckpointsFrom: "g-c" });
      new SlsConsumerGroup(stack, "C", { ...BASE, name: "g-c", copyCheckpointsFrom: "g-a" });
    }, "per-group");
    const settings = Object.entries(json.resource["terraform_data"]!).filter(([id]) =>
      id.endsWith("_settings"),
    );

    expect(settings).toHaveLength(2);
    for (const [, resource] of settings) {
      expect(resource.depends_on).toHaveLength(2);
      expect(resource.depends_on).not.toContainEqual(expect.stringMatching(/_settings$/));
    }
  });

  it("leave a copy whose source another stack declares with its usual dependencies", () => {
    const json = synthStack((stack) => {
      new SlsConsumerGroup(stack, "New", {
        ...BASE,
        name: "orders-reader-v2",
        copyCheckpointsFrom: "orders-reader",
      });
    }, "per-group");
    const settings = Object.entries(json.resource["terraform_data"]!).find(([id]) =>
      id.endsWith("_settings"),
    )![1];
    expect(settings.depends_on).toHaveLength(2);
  });
});
