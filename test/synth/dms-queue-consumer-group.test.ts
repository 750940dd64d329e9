import { App, Testing } from "cdktf";
import { DmsQueueConsumerGroup, HookResource, RemovalPolicy, SlsConsumerGroup } from "../../lib";
import type { DmsQueueConsumerGroupProps } from "../../lib";
import { unescapeTerraformTemplate } from "../../lib/constructs/escape";
import { parseHookPayload } from "../../lib/contract/payload";
import {
  BASE,
  EXECUTORS,
  ensurePayload,
  localExec,
  newApp,
  newStack,
  resourceOf,
  synthesized,
  withoutAssetHash,
  type Executor,
  payloadOf,
} from "./synth-helpers";
import { dmsIdentity } from "../../lib/clouds/huawei/dms/dms-contract";
import { CLOUDS } from "../support/clouds";

const PROJECT_ID = "0a1b2c3d4e5f40718293a4b5c6d7e8f9";
const QUEUE_ID = "0611d466-a327-4b7b-8034-f84a0f6a6f42";
const DMS: DmsQueueConsumerGroupProps = {
  region: "cn-north-4",
  projectId: PROJECT_ID,
  queue: { name: "billing" },
  name: "billing-workers",
};

function synthDms(props: Partial<DmsQueueConsumerGroupProps> = {}, executor?: Executor) {
  const stack = newStack(newApp(executor));
  new DmsQueueConsumerGroup(stack, "Billing", { ...DMS, ...props });
  return synthesized(stack);
}

function synthFails(build: (app: App) => void): string {
  const app = Testing.app();
  build(app);
  try {
    app.synth();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected app.synth() to fail");
}

const IDENTITY = dmsIdentity({
  projectId: PROJECT_ID,
  queue: { name: "billing" },
  name: "billing-workers",
});

describe("DmsQueueConsumerGroup with terraform_data, per-group executor", () => {
  const json = synthDms({}, "per-group");
  const group = resourceOf(json, "Group");
  const settings = resourceOf(json, "Settings");
  const identity = IDENTITY;

  it("stores the identity, queue as declared, in both resources (a DMS group has no settings)", () => {
    expect(group.triggers_replace).toEqual({ ...identity });
    // The settings resource keeps release 0.1.0's form, region included: where it is reached.
    expect(settings.triggers_replace).toEqual({
      ...identity,
      v: "1",
      region: "cn-north-4",
    });
  });
});

describe.each(EXECUTORS)("DmsQueueConsumerGroup with terraform_data, %s executor", (executor) => {
  const json = synthDms({}, executor);
  const group = resourceOf(json, "Group");
  const identity = IDENTITY;

  it("stores the identity, queue as declared, in the group resource, and no input", () => {
    expect(group.triggers_replace).toEqual({ ...identity });
    expect(group).not.toHaveProperty("input");
  });

  it("writes an ensure payload the hook parses, with the public endpoint and default credentials", () => {
    const payload = ensurePayload(json, executor);
    expect(payload).toEqual({
      v: 2,
      command: "ensure",
      identity,
      transport: {
        endpoint: "https://dms.cn-north-4.myhuaweicloud.com",
        region: "cn-north-4",
        allowInsecureHttp: false,
        requestTimeoutMs: 10_000,
        deadlineMs: 120_000,
      },
      credentials: [
        {
          accessKey: "HW_ACCESS_KEY",
          secretKey: "HW_SECRET_KEY",
          securityToken: "HW_SECURITY_TOKEN",
        },
        { accessKey: "HUAWEICLOUD_SDK_AK", secretKey: "HUAWEICLOUD_SDK_SK" },
      ],
      readyTimeoutMs: 15_000,
    });
  });

  it("writes a delete payload the hook parses once Terraform splices in the identity", () => {
    const command = payloadOf(localExec(group)).replace(
      "${jsonencode(self.triggers_replace)}",
      JSON.stringify(group.triggers_replace),
    );
    expect(localExec(group).when).toBe("destroy");
    expect(parseHookPayload("delete", unescapeTerraformTemplate(command), CLOUDS)).toMatchObject({
      command: "delete",
      identity,
      removalPolicy: "DESTROY",
    });
  });

  it("matches the snapshot", () => {
    const stack = newStack(newApp(executor));
    new DmsQueueConsumerGroup(stack, "Billing", { ...DMS, queue: { id: QUEUE_ID } });
    expect(withoutAssetHash(Testing.synth(stack))).toMatchSnapshot();
  });
});

describe("DmsQueueConsumerGroup options", () => {
  it("uses null_resource triggers when asked", () => {
    const json = synthDms({ hookResource: HookResource.NULL_RESOURCE });
    const group = resourceOf(json, "Group", "null_resource");
    expect(group.triggers).toMatchObject({ service: "dms", queueName: "billing", queueId: "" });
    expect(payloadOf(localExec(group))).toContain("${jsonencode(self.triggers)}");
  });

  it.each(EXECUTORS)(
    "sends an IAM token when credentials name a token variable (%s executor)",
    (executor) => {
      const json = synthDms({ credentials: { iamTokenVariable: "HW_IAM_TOKEN" } }, executor);
      expect(ensurePayload(json, executor).credentials).toEqual([{ iamToken: "HW_IAM_TOKEN" }]);
    },
  );

  it("derives the region from a public endpoint, and uses the origin of a private one", () => {
    const fromHost = new DmsQueueConsumerGroup(newStack(), "A", {
      ...DMS,
      region: undefined,
      endpoint: "https://dms.cn-east-2.myhuaweicloud.com",
    });
    const privateCloud = new DmsQueueConsumerGroup(newStack(), "B", {
      ...DMS,
      region: undefined,
      endpoint: "https://dms.hcs.example.internal:8443",
    });
    expect(fromHost.region).toBe("cn-east-2");
    expect(privateCloud.region).toBe("https://dms.hcs.example.internal:8443");
  });

  it("writes removalPolicy RETAIN into the delete payload only", () => {
    const json = synthDms({ removalPolicy: RemovalPolicy.RETAIN });
    expect(payloadOf(localExec(resourceOf(json, "Group")))).toContain('"removalPolicy":"RETAIN"');
    expect(resourceOf(json, "Group").triggers_replace).not.toHaveProperty("removalPolicy");
  });
});

describe("DmsQueueConsumerGroup validation", () => {
  it.each<[string, Partial<DmsQueueConsumerGroupProps>, string]>([
    [
      "a 33-character name",
      { name: "x".repeat(33) },
      `stack/Billing: name "${"x".repeat(33)}" must be 1-32 characters of A-Z, a-z, 0-9, _ or -`,
    ],
    ["a name with a dot", { name: "a.b" }, 'stack/Billing: name "a.b" must be 1-32 characters'],
    ["an empty name", { name: "" }, 'stack/Billing: name "" must be 1-32 characters'],
    [
      "both queue forms",
      { queue: { id: QUEUE_ID, name: "billing" } as never },
      "stack/Billing: queue",
    ],
    [
      "no queue",
      { queue: {} as never },
      'must be { id: "<queue id>" } or { name: "<queue name>" }',
    ],
    [
      "a queue id with a slash",
      { queue: { id: "a/b" } },
      'stack/Billing: queue.id "a/b" must be a queue id',
    ],
    [
      "a project id with a slash",
      { projectId: "../x" },
      'stack/Billing: projectId "../x" must be a project id',
    ],
    [
      "no region and no endpoint",
      { region: undefined },
      "stack/Billing: region or endpoint must be given",
    ],
    [
      "plain http to a remote host",
      { endpoint: "http://dms.example.com" },
      "plain http:// only for loopback hosts",
    ],
    [
      "a bad token variable",
      { credentials: { iamTokenVariable: "A B" } },
      'credentials.iamTokenVariable "A B" must be an environment variable name',
    ],
    [
      "a zero ready timeout",
      { readyTimeoutSeconds: 0 },
      "readyTimeoutSeconds 0 must be a whole number of seconds from 1 to 3600",
    ],
  ])("rejects %s", (_what, props, message) => {
    expect(() => synthDms(props)).toThrow(message);
  });

  it("accepts 3 groups on a queue and refuses a 4th across stacks, listing them", () => {
    const names = ["a", "b", "c"];
    expect(() => {
      const app = Testing.app();
      const stack = newStack(app, "one");
      for (const n of names) new DmsQueueConsumerGroup(stack, n, { ...DMS, name: n });
      app.synth();
    }).not.toThrow();

    const message = synthFails((app) => {
      const one = newStack(app, "one");
      const two = newStack(app, "two");
      for (const n of names) new DmsQueueConsumerGroup(one, n, { ...DMS, name: n });
      new DmsQueueConsumerGroup(two, "d", { ...DMS, name: "d" });
    });
    expect(message).toContain("4 consumer groups are declared on DMS queue");
    expect(message).toContain("more than the 3 it can hold: one/a, one/b, one/c, two/d");
  });

  it("refuses the same group declared twice", () => {
    const message = synthFails((app) => {
      new DmsQueueConsumerGroup(newStack(app, "one"), "A", DMS);
      new DmsQueueConsumerGroup(newStack(app, "two"), "B", DMS);
    });
    expect(message).toContain("is declared 2 times: one/A, two/B");
  });

  it.each<[Executor, number, string]>([
    ["batched", 4, "one per group, the manifest and the reconciler"],
    ["per-group", 5, "two per group and the manifest"],
  ])(
    "lives next to SLS groups in one stack, with one hook asset (%s executor: %i resources, %s)",
    (executor, count) => {
      const stack = newStack(newApp(executor));
      new DmsQueueConsumerGroup(stack, "Billing", DMS);
      new SlsConsumerGroup(stack, "Reader", BASE);
      const json = synthesized(stack);
      expect(Object.keys(json.resource["terraform_data"] ?? {})).toHaveLength(count);
      const assets = new Set(
        Object.values(json.resource["terraform_data"] ?? {}).map(
          (r) => r.provisioner[0]!["local-exec"].interpreter[1],
        ),
      );
      expect(assets.size).toBe(1);
    },
  );
});
