import { Testing } from "cdktf";
import { HookResource, RemovalPolicy, SlsConsumerGroup } from "../../lib";
import { HookCommand } from "../../lib/contract/names";
import { parseHookPayload, slsIdentity } from "../../lib/contract/payload";
import { unescapeTerraformTemplate } from "../../lib/constructs/escape";
import {
  BASE,
  localExec,
  newStack,
  resourceOf,
  synthGroup,
  synthesized,
  withoutAssetHash,
} from "./synth-helpers";

const IDENTITY = slsIdentity({
  project: "shop-prod",
  logstore: "orders",
  name: "orders-reader",
});

describe("with terraform_data (the default)", () => {
  const json = synthGroup({ order: true });
  const group = resourceOf(json, "Group");
  const settings = resourceOf(json, "Settings");

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

  it("runs the delete hook at destroy with the identity read from state", () => {
    const hook = localExec(group);
    expect(hook.when).toBe("destroy");
    expect(hook.interpreter).toEqual([
      "node",
      expect.stringMatching(/^assets\/ConsumerGroupsHook\/[0-9A-F]{32}\/hook\.js$/),
      "delete",
    ]);
    expect(hook.command).toContain('"identity":${jsonencode(self.triggers_replace)},');
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

  it("writes an ensure payload the hook parses", () => {
    const payload = parseHookPayload(
      "ensure",
      unescapeTerraformTemplate(localExec(settings).command),
    );
    expect(payload).toEqual({
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

  it("writes a delete payload the hook parses once Terraform splices in the identity", () => {
    const command = localExec(group).command.replace(
      "${jsonencode(self.triggers_replace)}",
      JSON.stringify(group.triggers_replace),
    );
    const payload = parseHookPayload("delete", unescapeTerraformTemplate(command));
    expect(payload).toMatchObject({
      command: "delete",
      identity: IDENTITY,
      removalPolicy: "DESTROY",
    });
  });

  it("adds no provider", () => {
    expect(json.provider).toBeUndefined();
  });

  it("matches the snapshot", () => {
    const stack = newStack();
    new SlsConsumerGroup(stack, "Reader", { ...BASE, order: true });
    expect(withoutAssetHash(Testing.synth(stack))).toMatchSnapshot();
  });
});

describe("with null_resource", () => {
  it("uses triggers and self.triggers, and adds the null provider once", () => {
    const stack = newStack();
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
    expect(localExec(group).command).toContain('"identity":${jsonencode(self.triggers)},');
    // Two per group, and the stack's manifest.
    expect(Object.keys(json.resource["null_resource"]!)).toHaveLength(5);
    expect(json.resource["terraform_data"]).toBeUndefined();
    expect(json.provider).toEqual({ null: [{}] });
    expect(stack.node.findAll().filter((c) => c.node.id === "NullProvider")).toHaveLength(1);
  });

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

  it("matches the snapshot", () => {
    const stack = newStack();
    new SlsConsumerGroup(stack, "Reader", { ...BASE, hookResource: HookResource.NULL_RESOURCE });
    expect(withoutAssetHash(Testing.synth(stack))).toMatchSnapshot();
  });
});

describe("which change replaces what", () => {
  const before = synthGroup();

  it("changes only the settings triggers when the timeout changes", () => {
    const after = synthGroup({ timeout: 600 });
    expect(resourceOf(after, "Group").triggers_replace).toEqual(
      resourceOf(before, "Group").triggers_replace,
    );
    expect(resourceOf(after, "Settings").triggers_replace).not.toEqual(
      resourceOf(before, "Settings").triggers_replace,
    );
  });

  it("changes only the settings triggers when order changes", () => {
    const after = synthGroup({ order: true });
    expect(resourceOf(after, "Group").triggers_replace).toEqual(
      resourceOf(before, "Group").triggers_replace,
    );
    expect(resourceOf(after, "Settings").triggers_replace?.["order"]).toBe("true");
  });

  it("changes the group triggers when the name changes", () => {
    const after = synthGroup({ name: "orders-reader-v2" });
    expect(resourceOf(after, "Group").triggers_replace?.["name"]).toBe("orders-reader-v2");
    expect(resourceOf(after, "Settings").triggers_replace?.["name"]).toBe("orders-reader-v2");
  });

  it.each([
    ["endpoint", { endpoint: "https://cn-hangzhou-intranet.log.aliyuncs.com" }],
    ["removalPolicy", { removalPolicy: RemovalPolicy.RETAIN }],
    ["requestTimeoutSeconds", { requestTimeoutSeconds: 30 }],
    ["deadlineSeconds", { deadlineSeconds: 600 }],
    [
      "credentials",
      { credentials: { accessKeyIdVariable: "PROD_AK", accessKeySecretVariable: "PROD_SK" } },
    ],
  ])("changes no trigger when %s changes", (_prop, change) => {
    const after = synthGroup(change);
    expect(resourceOf(after, "Group").triggers_replace).toEqual(
      resourceOf(before, "Group").triggers_replace,
    );
    expect(resourceOf(after, "Settings").triggers_replace).toEqual(
      resourceOf(before, "Settings").triggers_replace,
    );
  });

  it("writes removalPolicy RETAIN into the delete payload", () => {
    const json = synthGroup({ removalPolicy: RemovalPolicy.RETAIN });
    expect(localExec(resourceOf(json, "Group")).command).toContain('"removalPolicy":"RETAIN"');
  });

  it("replaces the default credential list with the one given", () => {
    const json = synthGroup({
      credentials: {
        accessKeyIdVariable: "PROD_AK",
        accessKeySecretVariable: "PROD_SK",
        securityTokenVariable: "PROD_TOKEN",
      },
    });
    const payload = parseHookPayload(
      "ensure",
      unescapeTerraformTemplate(localExec(resourceOf(json, "Settings")).command),
    );
    expect(payload.credentials).toEqual([
      { accessKeyId: "PROD_AK", accessKeySecret: "PROD_SK", securityToken: "PROD_TOKEN" },
    ]);
  });
});

describe("region and endpoint", () => {
  it.each([
    // [props, identity region, transport endpoint]
    [{ region: "cn-hangzhou" }, "cn-hangzhou", "https://cn-hangzhou.log.aliyuncs.com"],
    [
      { region: undefined, endpoint: "https://cn-shanghai.log.aliyuncs.com" },
      "cn-shanghai",
      "https://cn-shanghai.log.aliyuncs.com",
    ],
    [
      { region: undefined, endpoint: "https://cn-shanghai-intranet.log.aliyuncs.com/" },
      "cn-shanghai",
      "https://cn-shanghai-intranet.log.aliyuncs.com",
    ],
    [
      { region: undefined, endpoint: "https://cn-beijing-share.log.aliyuncs.com" },
      "cn-beijing",
      "https://cn-beijing-share.log.aliyuncs.com",
    ],
    [
      { region: undefined, endpoint: "https://shop-prod.cn-beijing.log.aliyuncs.com" },
      "cn-beijing",
      "https://cn-beijing.log.aliyuncs.com",
    ],
    [
      { region: undefined, endpoint: "http://127.0.0.1:8080" },
      "http://127.0.0.1:8080",
      "http://127.0.0.1:8080",
    ],
    [
      { region: "cn-hangzhou", endpoint: "http://localhost:9" },
      "cn-hangzhou",
      "http://localhost:9",
    ],
  ])("%j -> identity region %s, endpoint %s", (props, region, endpoint) => {
    const stack = newStack();
    const group = new SlsConsumerGroup(stack, "Reader", { ...BASE, ...props });
    expect(group.region).toBe(region);
    expect(group.endpoint).toBe(endpoint);
    const payload = parseHookPayload(
      "ensure",
      unescapeTerraformTemplate(localExec(resourceOf(synthesized(stack), "Settings")).command),
    );
    // #11: the region says how to reach the group; the identity is the same for every form.
    expect(payload.identity).toEqual(IDENTITY);
    expect(payload.transport).toMatchObject({ region, endpoint });
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

  it("ships one hook asset per stack", () => {
    const stack = newStack();
    new SlsConsumerGroup(stack, "A", BASE);
    new SlsConsumerGroup(stack, "B", { ...BASE, name: "orders-audit" });
    expect(stack.node.findAll().filter((c) => c.node.id === "ConsumerGroupsHook")).toHaveLength(1);
  });

  it("ships the hook asset in every stack of every app (no stack reuses another's)", () => {
    const stacks = [Testing.app(), Testing.app()].flatMap((app) => [
      newStack(app, "one"),
      newStack(app, "two"),
    ]);
    for (const stack of stacks) new SlsConsumerGroup(stack, "A", { ...BASE, name: stack.node.id });
    for (const stack of stacks) {
      const assets = stack.node.findAll().filter((c) => c.node.id === "ConsumerGroupsHook");
      expect(assets.map((a) => a.node.path)).toEqual([`${stack.node.id}/ConsumerGroupsHook`]);
      expect(localExec(resourceOf(synthesized(stack), "Settings")).interpreter[1]).toMatch(
        /^assets\/ConsumerGroupsHook\/[0-9A-F]{32}\/hook\.js$/,
      );
    }
  });
});

describe("lifecycle overrides", () => {
  it("fails when create_before_destroy is set on a hook resource", () => {
    const stack = newStack();
    const group = new SlsConsumerGroup(stack, "Reader", BASE);
    group.resources.group.addOverride("lifecycle.create_before_destroy", true);
    expect(() => Testing.synth(stack, true)).toThrow(
      "stack/Reader/Hooks/Group: lifecycle.create_before_destroy must not be set",
    );
  });
});
