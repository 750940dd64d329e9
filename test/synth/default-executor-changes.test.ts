// The default executor, change by change: what Terraform stores (addresses, triggers,
// input) before and after. A group's resource is never replaced for a settings or location
// change; a settings change is an in-place update of its `input`; the reconciler's digest
// changes with any group's identity, region or settings (what the per-group executor's Settings
// resources store), and not with payload literals (credentials, timeouts, copyCheckpointsFrom).

import type { TerraformStack } from "cdktf";
import { RemovalPolicy, SlsConsumerGroup, type SlsConsumerGroupProps } from "../../lib";
import { BASE, groupOf, newStack, synthesized, type Synthesized } from "./synth-helpers";

function synthWith(build: (stack: TerraformStack) => void): Synthesized {
  const stack = newStack();
  build(stack);
  return synthesized(stack);
}

/** Where two synths differ in what Terraform stores: addresses, triggers and input. */
function storedChanges(before: Synthesized, after: Synthesized): string[] {
  const stored = (json: Synthesized) => {
    const out = new Map<string, string>();
    for (const [type, byId] of Object.entries(json.resource)) {
      for (const [id, r] of Object.entries(byId)) {
        out.set(`${type}.${id}`, "(exists)");
        for (const field of ["triggers_replace", "triggers"] as const) {
          for (const [k, v] of Object.entries(r[field] ?? {})) out.set(`${id}.${field}.${k}`, v);
        }
        if (r.input !== undefined) out.set(`${id}.input`, JSON.stringify(r.input));
      }
    }
    return out;
  };
  const [a, b] = [stored(before), stored(after)];
  // The manifest's profiles (what its groups share) are keyed by a hash of their value.
  const table = (k: string) => k.replace(/profile:[0-9a-f]{12}$/, "profile:*");
  const changed = [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
  return [...new Set(changed.map(table))].sort();
}

/** The manifest's entry of the group whose address is `address`, under the group's key. */
function manifestEntry(address: string): string {
  return `consumer_groups_manifest.triggers_replace.${/_([0-9a-f]{16})_group$/.exec(address)![1]}`;
}

describe("default executor: which change changes what Terraform stores", () => {
  const two = (reader: Partial<SlsConsumerGroupProps>) => (s: TerraformStack) => {
    new SlsConsumerGroup(s, "Reader", { ...BASE, ...reader });
    new SlsConsumerGroup(s, "Audit", { ...BASE, name: "orders-audit" });
  };
  const before = synthWith(two({}));
  const [reader, readerResource] = groupOf(before, "sls_orders-reader_");
  const ENTRY = manifestEntry(reader);
  // Transport, credential sources and removal policy live in the manifest's profiles.
  const PROFILE = "consumer_groups_manifest.triggers_replace.profile:*";
  const DIGEST = "consumer_groups_reconciler.triggers_replace.groups";

  it("changes nothing when synthesized again", () => {
    expect(storedChanges(before, synthWith(two({})))).toEqual([]);
  });

  it.each([
    ["timeout", { timeout: 600 }, "timeout"],
    ["order", { order: true }, "order"],
  ])("a %s change: only that group's input and the reconciler's digest", (_p, change, key) => {
    const after = synthWith(two(change));
    expect(storedChanges(before, after)).toEqual([DIGEST, `${reader}.input`]);
    // The input is one line of the settings: the plan shows the old and the new line.
    expect(groupOf(after, "sls_orders-reader_")[1].input).toContain(
      `${key}=${String(Object.values(change)[0])}`,
    );
  });

  it.each([
    ["name", { name: "orders-reader-v2" }],
    ["logstore", { logstore: "orders-v2" }],
    ["project", { project: "shop-prod-v2" }],
  ])("an identity (%s) change: a new group address", (_p, change) => {
    const after = synthWith(two(change));
    const [moved, movedResource] = groupOf(
      after,
      `sls_${"name" in change ? change.name : "orders-reader"}_`,
    );
    expect(moved).not.toEqual(reader);
    expect(after.resource["terraform_data"]![reader]).toBeUndefined();
    expect(movedResource.input).toEqual(readerResource.input);
    const changes = storedChanges(before, after);
    expect(changes).toEqual(
      expect.arrayContaining([`terraform_data.${reader}`, `terraform_data.${moved}`]),
    );
    // Beyond the two addresses, only the lists of groups: the manifest's entries of the old and
    // the new identity, and the reconciler's digest.
    const ofTheGroup = (c: string) => c.includes(reader) || c.includes(moved);
    expect(changes.filter((c) => !ofTheGroup(c))).toEqual(
      [ENTRY, manifestEntry(moved), DIGEST].sort(),
    );
  });

  it.each([
    ["another region", { region: "cn-shanghai" }],
    [
      "another region, as an endpoint",
      { region: undefined, endpoint: "https://cn-shanghai.log.aliyuncs.com" },
    ],
  ])("a location change (%s): nothing of the group's, the reconciler's digest", (_p, change) => {
    // The manifest stores where to reach each group, for the prune.
    expect(storedChanges(before, synthWith(two(change)))).toEqual([ENTRY, PROFILE, DIGEST].sort());
  });

  it.each<[string, Partial<SlsConsumerGroupProps>, string[]]>([
    // The same region, as its public endpoint: the same transport.
    [
      "the region as its endpoint",
      { region: undefined, endpoint: "https://cn-hangzhou.log.aliyuncs.com" },
      [],
    ],
    // Another endpoint in the same region: the manifest's profile only, as the per-group
    // executor's Settings triggers (region, not endpoint) do not change either.
    [
      "an intranet endpoint",
      { endpoint: "https://cn-hangzhou-intranet.log.aliyuncs.com" },
      [ENTRY, PROFILE],
    ],
    // The manifest keeps removal policy and transport of each group, for the prune.
    ["removalPolicy", { removalPolicy: RemovalPolicy.RETAIN }, [ENTRY, PROFILE]],
    // Payload literals of the ensure run nothing (the reconciler's digest leaves them out).
    ["copyCheckpointsFrom", { copyCheckpointsFrom: "orders-reader-v1" }, []],
    ["requestTimeoutSeconds", { requestTimeoutSeconds: 30 }, [ENTRY, PROFILE]],
    ["deadlineSeconds", { deadlineSeconds: 600 }, [ENTRY, PROFILE]],
    [
      "credentials",
      { credentials: { accessKeyIdVariable: "PROD_AK", accessKeySecretVariable: "PROD_SK" } },
      [ENTRY, PROFILE],
    ],
  ])("a %s change: nothing of the group's, nor the reconciler's digest", (_p, change, changed) => {
    expect(storedChanges(before, synthWith(two(change)))).toEqual([...changed].sort());
  });
});
