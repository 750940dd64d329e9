// Which prop change changes which stored value with the per-group executor (the default's are in
// default-executor-changes.test.ts), and how region and endpoint reach the ensure payload
// under both executors.

import { RemovalPolicy, SlsConsumerGroup, type SlsConsumerGroupProps } from "../../lib";
import {
  BASE,
  EXECUTORS,
  ensurePayload,
  newApp,
  newStack,
  resourceOf,
  synthGroup,
  synthesized,
} from "./synth-helpers";
import { slsIdentity } from "../../lib/clouds/alibaba/sls/sls-contract";

const IDENTITY = slsIdentity({
  project: "shop-prod",
  logstore: "orders",
  name: "orders-reader",
});

describe("which change replaces what, per-group executor", () => {
  const perGroup = (props: Partial<SlsConsumerGroupProps> = {}) => synthGroup(props, "per-group");
  const before = perGroup();

  it("changes only the settings triggers when the timeout changes", () => {
    const after = perGroup({ timeout: 600 });
    expect(resourceOf(after, "Group").triggers_replace).toEqual(
      resourceOf(before, "Group").triggers_replace,
    );
    expect(resourceOf(after, "Settings").triggers_replace).not.toEqual(
      resourceOf(before, "Settings").triggers_replace,
    );
  });

  it("changes only the settings triggers when order changes", () => {
    const after = perGroup({ order: true });
    expect(resourceOf(after, "Group").triggers_replace).toEqual(
      resourceOf(before, "Group").triggers_replace,
    );
    expect(resourceOf(after, "Settings").triggers_replace?.["order"]).toBe("true");
  });

  it("changes the group triggers when the name changes", () => {
    const after = perGroup({ name: "orders-reader-v2" });
    expect(resourceOf(after, "Group").triggers_replace?.["name"]).toBe("orders-reader-v2");
    expect(resourceOf(after, "Settings").triggers_replace?.["name"]).toBe("orders-reader-v2");
  });

  it.each([
    ["endpoint", { endpoint: "https://cn-hangzhou-intranet.log.aliyuncs.com" }],
    ["removalPolicy", { removalPolicy: RemovalPolicy.RETAIN }],
    ["copyCheckpointsFrom", { copyCheckpointsFrom: "orders-reader-v1" }],
    ["requestTimeoutSeconds", { requestTimeoutSeconds: 30 }],
    ["deadlineSeconds", { deadlineSeconds: 600 }],
    [
      "credentials",
      { credentials: { accessKeyIdVariable: "PROD_AK", accessKeySecretVariable: "PROD_SK" } },
    ],
  ])("changes no trigger when %s changes", (_prop, change) => {
    const after = perGroup(change);
    expect(resourceOf(after, "Group").triggers_replace).toEqual(
      resourceOf(before, "Group").triggers_replace,
    );
    expect(resourceOf(after, "Settings").triggers_replace).toEqual(
      resourceOf(before, "Settings").triggers_replace,
    );
  });
});

describe("region and endpoint", () => {
  const where = [
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
  ] as const;

  it.each(EXECUTORS.flatMap((executor) => where.map((w) => [...w, executor] as const)))(
    "%j -> identity region %s, endpoint %s (%s executor)",
    (props, region, endpoint, executor) => {
      const stack = newStack(newApp(executor));
      const group = new SlsConsumerGroup(stack, "Reader", { ...BASE, ...props });
      expect(group.region).toBe(region);
      expect(group.endpoint).toBe(endpoint);
      const payload = ensurePayload(synthesized(stack), executor);
      // The region says how to reach the group; the identity is the same for every form.
      expect(payload.identity).toEqual(IDENTITY);
      expect(payload.transport).toMatchObject({ region, endpoint });
    },
  );
});
