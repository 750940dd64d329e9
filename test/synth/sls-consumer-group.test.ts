import { Testing } from "cdktf";
import { DeletionProtection, HookResource, RemovalPolicy, SlsConsumerGroup } from "../../lib";
import { decodeManifest } from "../../lib/contract/stored-manifest";
import { HookCommand } from "../../lib/contract/names";
import { parseHookPayload } from "../../lib/contract/payload";
import { unescapeTerraformTemplate } from "../../lib/constructs/escape";
import {
  BASE,
  EXECUTORS,
  ensurePayload,
  localExec,
  newApp,
  newStack,
  resourceOf,
  synthGroup,
  synthesized,
  withoutAssetHash,
  type Executor,
  payloadOf,
} from "./synth-helpers";
import {
  DEFAULT_SLS_CREDENTIAL_SOURCES,
  slsIdentity,
} from "../../lib/clouds/alibaba/sls/sls-contract";
import { CLOUDS } from "../support/clouds";

const IDENTITY = slsIdentity({
  project: "shop-prod",
  logstore: "orders",
  name: "orders-reader",
});

describe.each(EXECUTORS)("with terraform_data (the default), %s executor", (executor) => {
  const json = synthGroup({ order: true }, executor);
  const group = resourceOf(json, "Group");

  it("stores only the identity in the group resource's replace triggers", () => {
    expect(group.triggers_replace).toEqual({ ...IDENTITY });
  });

  it("stores only the identity (no region, no endpoint) in the group resource's triggers", () => {
    expect(group.triggers_replace).toEqual({
      v: "2",
      service: "sls",
      project: "shop-prod",
      logstore: "orders",
      name: "orders-reader",
    });
  });

  it("runs the delete hook at destroy with the identity read from state", () => {
    const hook = localExec(group);
    expect(hook.when).toBe("destroy");
    expect(hook.interpreter).toEqual([
      "node",
      expect.stringMatching(/^assets\/ConsumerGroupsHook\/[0-9A-F]{32}\/hook\.js$/),
      "delete",
    ]);
    expect(payloadOf(hook)).toContain('"identity":${jsonencode(self.triggers_replace)},');
    // The command line, which Terraform repeats when the hook fails, names the group only.
    expect(hook.command).toMatch(/^sls [\w-]+\/[\w-]+\/orders\/orders-reader$/);
  });

  it("writes an ensure payload the hook parses", () => {
    expect(ensurePayload(json, executor)).toEqual({
      v: 2,
      command: "ensure",
      identity: IDENTITY,
      settings: { timeout: 300, order: true },
      transport: {
        endpoint: "https://cn-hangzhou.log.aliyuncs.com",
        region: "cn-hangzhou",
        allowInsecureHttp: false,
        requestTimeoutMs: 10_000,
        deadlineMs: 120_000,
      },
      credentials: [
        {
          accessKeyId: "ALIBABA_CLOUD_ACCESS_KEY_ID",
          accessKeySecret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
          securityToken: "ALIBABA_CLOUD_SECURITY_TOKEN",
        },
        {
          accessKeyId: "ALICLOUD_ACCESS_KEY",
          accessKeySecret: "ALICLOUD_SECRET_KEY",
          securityToken: "ALICLOUD_SECURITY_TOKEN",
        },
      ],
    });
  });

  it("writes copyCheckpointsFrom into the ensure payload only, as a literal", () => {
    const after = synthGroup({ copyCheckpointsFrom: "orders-reader-v1" }, executor);
    expect(ensurePayload(after, executor)).toMatchObject({
      copyCheckpointsFrom: "orders-reader-v1",
    });
    expect(payloadOf(localExec(resourceOf(after, "Group")))).not.toContain("copyCheckpointsFrom");
    // No trigger and no input: the Settings resource's (per-group), the group's, the reconciler's.
    for (const r of Object.values(after.resource["terraform_data"]!)) {
      expect(JSON.stringify([r.triggers_replace, r.input])).not.toContain("orders-reader-v1");
    }
  });

  it("writes a delete payload the hook parses once Terraform splices in the identity", () => {
    const command = payloadOf(localExec(group)).replace(
      "${jsonencode(self.triggers_replace)}",
      JSON.stringify(group.triggers_replace),
    );
    const payload = parseHookPayload("delete", unescapeTerraformTemplate(command), CLOUDS);
    expect(payload).toMatchObject({
      command: "delete",
      identity: IDENTITY,
      removalPolicy: "DESTROY",
    });
  });

  it("writes removalPolicy RETAIN into the delete payload", () => {
    const json = synthGroup({ removalPolicy: RemovalPolicy.RETAIN }, executor);
    expect(payloadOf(localExec(resourceOf(json, "Group")))).toContain('"removalPolicy":"RETAIN"');
  });

  it("replaces the default credential list with the one given", () => {
    const json = synthGroup(
      {
        credentials: {
          accessKeyIdVariable: "PROD_AK",
          accessKeySecretVariable: "PROD_SK",
          securityTokenVariable: "PROD_TOKEN",
        },
      },
      executor,
    );
    expect(ensurePayload(json, executor).credentials).toEqual([
      { accessKeyId: "PROD_AK", accessKeySecret: "PROD_SK", securityToken: "PROD_TOKEN" },
    ]);
  });

  it("leaves the defaults out of its payloads, and writes every value that is not one", () => {
    const deleteOf = (json: ReturnType<typeof synthGroup>) => {
      const text = unescapeTerraformTemplate(payloadOf(localExec(resourceOf(json, "Group"))));
      return JSON.parse(text.replace(/\$\{jsonencode\(self\.\w+\)\}/, "null")) as Record<
        string,
        unknown
      >;
    };
    const plain = deleteOf(json);
    expect(plain["transport"]).toEqual({
      endpoint: "https://cn-hangzhou.log.aliyuncs.com",
      region: "cn-hangzhou",
    });
    expect(plain).not.toHaveProperty("credentials");
    expect(plain).not.toHaveProperty("deletionProtection");
    const given = deleteOf(
      synthGroup(
        {
          requestTimeoutSeconds: 30,
          credentials: { accessKeyIdVariable: "PROD_AK", accessKeySecretVariable: "PROD_SK" },
          deletionProtection: DeletionProtection.OFF,
        },
        executor,
      ),
    );
    expect(given).toMatchObject({
      transport: { requestTimeoutMs: 30000 },
      credentials: [{ accessKeyId: "PROD_AK", accessKeySecret: "PROD_SK" }],
      deletionProtection: "OFF",
    });
    // The manifest stores every value: a later release's prune reads it.
    const [stored] = decodeManifest(storedTriggersOf(json));
    expect(stored!.transport).toMatchObject({ requestTimeoutMs: 10000, deadlineMs: 120000 });
    expect(stored!.credentials).toEqual(DEFAULT_SLS_CREDENTIAL_SOURCES);
  });

  it("adds no provider", () => {
    expect(json.provider).toBeUndefined();
  });

  it("matches the snapshot", () => {
    const stack = newStack(newApp(executor));
    new SlsConsumerGroup(stack, "Reader", { ...BASE, order: true });
    expect(withoutAssetHash(Testing.synth(stack))).toMatchSnapshot();
  });
});

describe("with terraform_data, per-group executor: the Settings resource", () => {
  const json = synthGroup({ order: true }, "per-group");
  const settings = resourceOf(json, "Settings");

  it("stores the located identity, in release 0.1.0's form, and the settings in the settings resource's triggers", () => {
    expect(settings.triggers_replace).toEqual({
      v: "1",
      service: "sls",
      region: "cn-hangzhou",
      project: "shop-prod",
      logstore: "orders",
      name: "orders-reader",
      timeout: "300",
      order: "true",
    });
  });

  it("runs the ensure hook at create, after the group resource and the stack's manifest", () => {
    const hook = localExec(settings);
    expect(hook.when).toBeUndefined();
    expect(hook.interpreter[2]).toBe(HookCommand.ENSURE);
    expect(settings.depends_on).toEqual([
      expect.stringMatching(/^terraform_data\.sls_orders-reader_[0-9a-f]{16}_group$/),
      "terraform_data.consumer_groups_manifest",
    ]);
  });

  it("fails when create_before_destroy is set on the Settings resource", () => {
    const stack = newStack(newApp("per-group"));
    const group = new SlsConsumerGroup(stack, "Reader", BASE);
    group.resources.settings!.addOverride("lifecycle.create_before_destroy", true);
    expect(() => Testing.synth(stack, true)).toThrow(
      "stack/Reader/Hooks/Settings: lifecycle.create_before_destroy must not be set",
    );
  });

  it("gives the group resource no input and no dependency but the manifest", () => {
    const group = resourceOf(json, "Group");
    expect(group).not.toHaveProperty("input");
    expect(group.depends_on).toEqual(["terraform_data.consumer_groups_manifest"]);
  });
});

describe("with null_resource", () => {
  it.each<[Executor, number]>([
    ["batched", 4], // One per group, the stack's manifest and reconciler.
    ["per-group", 5], // Two per group, and the stack's manifest.
  ])(
    "uses triggers and self.triggers, and adds the null provider once (%s executor)",
    (executor, count) => {
      const stack = newStack(newApp(executor));
      new SlsConsumerGroup(stack, "Reader", { ...BASE, hookResource: HookResource.NULL_RESOURCE });
      new SlsConsumerGroup(stack, "Audit", {
        ...BASE,
        name: "orders-audit",
        hookResource: HookResource.NULL_RESOURCE,
      });
      const json = synthesized(stack);

      const group = Object.entries(json.resource["null_resource"]!).find(
        ([id]) => id.startsWith("sls_orders-reader_") && id.endsWith("_group"),
      )![1];
      expect(group.triggers).toEqual({ ...IDENTITY });
      expect(payloadOf(localExec(group))).toContain('"identity":${jsonencode(self.triggers)},');
      expect(Object.keys(json.resource["null_resource"]!)).toHaveLength(count);
      expect(json.resource["terraform_data"]).toBeUndefined();
      expect(json.provider).toEqual({ null: [{}] });
      expect(stack.node.findAll().filter((c) => c.node.id === "NullProvider")).toHaveLength(1);
    },
  );

  it("adds the null provider to each stack that needs it, in every app", () => {
    const stacks = [Testing.app(), Testing.app()].flatMap((app) => [
      newStack(app, "one"),
      newStack(app, "two"),
    ]);
    for (const stack of stacks) {
      new SlsConsumerGroup(stack, "Reader", {
        ...BASE,
        name: stack.node.id,
        hookResource: HookResource.NULL_RESOURCE,
      });
    }
    for (const stack of stacks) {
      expect(stack.node.tryFindChild("NullProvider")).toBeDefined();
      expect(synthesized(stack).provider).toEqual({ null: [{}] });
    }
  });

  it("keeps a null provider the stack already has", () => {
    const { NullProvider } = jest.requireActual<typeof import("@cdktf/provider-null/lib/provider")>(
      "@cdktf/provider-null/lib/provider",
    );
    const stack = newStack();
    new NullProvider(stack, "MyNull");
    new SlsConsumerGroup(stack, "Reader", { ...BASE, hookResource: HookResource.NULL_RESOURCE });
    expect(stack.node.tryFindChild("NullProvider")).toBeUndefined();
    expect(synthesized(stack).provider).toEqual({ null: [{}] });
  });

  it.each(EXECUTORS)("matches the snapshot (%s executor)", (executor) => {
    const stack = newStack(newApp(executor));
    new SlsConsumerGroup(stack, "Reader", { ...BASE, hookResource: HookResource.NULL_RESOURCE });
    expect(withoutAssetHash(Testing.synth(stack))).toMatchSnapshot();
  });
});

describe("the construct", () => {
  it("exposes what it declares", () => {
    const group = new SlsConsumerGroup(newStack(), "Reader", { ...BASE, order: true });
    expect(group).toMatchObject({
      project: "shop-prod",
      logstore: "orders",
      groupName: "orders-reader",
      region: "cn-hangzhou",
      timeout: 300,
      order: true,
      removalPolicy: RemovalPolicy.DESTROY,
      hookResource: HookResource.TERRAFORM_DATA,
    });
    expect(SlsConsumerGroup.isSlsConsumerGroup(group)).toBe(true);
    expect(SlsConsumerGroup.isSlsConsumerGroup({})).toBe(false);
  });
});

describe.each(EXECUTORS)("lifecycle overrides, %s executor", (executor) => {
  it("fails when create_before_destroy is set on a hook resource", () => {
    const stack = newStack(newApp(executor));
    const group = new SlsConsumerGroup(stack, "Reader", BASE);
    group.resources.group.addOverride("lifecycle.create_before_destroy", true);
    expect(() => Testing.synth(stack, true)).toThrow(
      "stack/Reader/Hooks/Group: lifecycle.create_before_destroy must not be set",
    );
  });
});

/** The manifest's triggers as Terraform stores them. */
function storedTriggersOf(json: ReturnType<typeof synthGroup>): Record<string, string> {
  const manifest = Object.values(json.resource)
    .map((resources) => resources["consumer_groups_manifest"])
    .find((m) => m !== undefined)!;
  const triggers = (manifest.triggers_replace ?? manifest.triggers)!;
  return Object.fromEntries(
    Object.entries(triggers).map(([k, v]) => [k, unescapeTerraformTemplate(v)]),
  );
}
