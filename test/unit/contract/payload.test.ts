import { parseHookPayload } from "../../../lib/contract/payload";
import {
  dmsIdentity,
  DEFAULT_DMS_CREDENTIAL_SOURCES,
} from "../../../lib/clouds/huawei/dms/dms-contract";
import { PayloadError } from "../../../lib/contract/payload-error";
import {
  slsIdentity,
  DEFAULT_SLS_CREDENTIAL_SOURCES,
} from "../../../lib/clouds/alibaba/sls/sls-contract";
import { CLOUDS } from "../../support/clouds";

const identity = slsIdentity({
  project: "shop-prod",
  logstore: "orders",
  name: "reader",
});
const transport = {
  endpoint: "https://cn-hangzhou.log.aliyuncs.com",
  region: "cn-hangzhou",
  allowInsecureHttp: false,
  requestTimeoutMs: 10000,
  deadlineMs: 120000,
};
const ensure = {
  v: 1,
  command: "ensure",
  identity,
  settings: { timeout: 300, order: true },
  transport,
  credentials: DEFAULT_SLS_CREDENTIAL_SOURCES,
};
const del = { ...ensure, command: "delete", settings: undefined, removalPolicy: "RETAIN" };

describe("parseHookPayload", () => {
  it("reads an ensure payload", () => {
    const p = parseHookPayload("ensure", JSON.stringify(ensure), CLOUDS);
    expect(p).toMatchObject({
      command: "ensure",
      identity,
      settings: { timeout: 300, order: true },
    });
  });

  it("reads a delete payload whose identity came from null_resource triggers (all strings)", () => {
    const p = parseHookPayload("delete", JSON.stringify(del), CLOUDS);
    expect(p).toMatchObject({
      command: "delete",
      removalPolicy: "RETAIN",
      identity: { v: "2", name: "reader" },
    });
  });

  it("reads the declared identity of a delete whose state holds none (an imported Group)", () => {
    const other = slsIdentity({ project: "shop-prod", logstore: "orders", name: "other" });
    const imported = { ...del, identity: null, declaredIdentity: identity };
    expect(parseHookPayload("delete", JSON.stringify(imported), CLOUDS).identity).toEqual(identity);
    // The stored identity wins whenever there is one.
    const stored = { ...del, declaredIdentity: other };
    expect(parseHookPayload("delete", JSON.stringify(stored), CLOUDS).identity).toEqual(identity);
  });

  it("fills in the defaults a payload of the configuration leaves out, and only those", () => {
    const compact = {
      ...del,
      transport: { endpoint: transport.endpoint, region: transport.region },
      credentials: undefined,
    };
    const p = parseHookPayload("delete", JSON.stringify(compact), CLOUDS);
    expect(p.transport).toEqual(transport);
    expect(p.credentials).toEqual(DEFAULT_SLS_CREDENTIAL_SOURCES);
    expect(p).toMatchObject({ deletionProtection: "WHEN_IN_USE", inUseWindowSeconds: 600 });
    // What is given wins over the default.
    const given = {
      ...compact,
      transport: { ...compact.transport, requestTimeoutMs: 30000, deadlineMs: 600000 },
      credentials: [{ accessKeyId: "PROD_AK", accessKeySecret: "PROD_SK" }],
    };
    const q = parseHookPayload("delete", JSON.stringify(given), CLOUDS);
    expect(q.transport).toMatchObject({ requestTimeoutMs: 30000, deadlineMs: 600000 });
    expect(q.credentials).toEqual([{ accessKeyId: "PROD_AK", accessKeySecret: "PROD_SK" }]);
    // The endpoint and region have no default.
    const noEndpoint = { ...compact, transport: { region: transport.region } };
    expect(() => parseHookPayload("delete", JSON.stringify(noEndpoint), CLOUDS)).toThrow(
      /transport\.endpoint/,
    );
  });

  it("refuses a delete with no identity at all, saying how to get out", () => {
    expect(() =>
      parseHookPayload("delete", JSON.stringify({ ...del, identity: null }), CLOUDS),
    ).toThrow(/imported with `terraform import`.*`terraform state rm`/);
    // An ensure never falls back: its identity is a literal of the configuration.
    expect(() =>
      parseHookPayload(
        "ensure",
        JSON.stringify({ ...ensure, identity: null, declaredIdentity: identity }),
        CLOUDS,
      ),
    ).toThrow(PayloadError);
  });

  it("reads copyCheckpointsFrom, and its absence as no copy", () => {
    const p = parseHookPayload(
      "ensure",
      JSON.stringify({ ...ensure, copyCheckpointsFrom: "old" }),
      CLOUDS,
    );
    expect(p).toMatchObject({ copyCheckpointsFrom: "old" });
    expect(parseHookPayload("ensure", JSON.stringify(ensure), CLOUDS)).not.toHaveProperty(
      "copyCheckpointsFrom",
    );
  });

  it.each([
    ["not JSON", "{", /not valid JSON/],
    [
      "a copy source that is not a group name",
      JSON.stringify({ ...ensure, copyCheckpointsFrom: "a/b" }),
      /copyCheckpointsFrom "a\/b" must be 1-128 characters/,
    ],
    [
      "a copy source that is the group itself",
      JSON.stringify({ ...ensure, copyCheckpointsFrom: "reader" }),
      /copyCheckpointsFrom "reader" names the group itself/,
    ],
    ["a newer version", JSON.stringify({ ...ensure, v: 3 }), /payload version 3 is not supported/],
    [
      "a command mismatch",
      JSON.stringify({ ...ensure, command: "delete" }),
      /does not match the subcommand "ensure"/,
    ],
    [
      "a bad group name",
      JSON.stringify({ ...ensure, identity: { ...identity, name: "a b" } }),
      /identity.name "a b" must be 1-128 characters/,
    ],
    [
      "a path-traversing logstore",
      JSON.stringify({ ...ensure, identity: { ...identity, logstore: "../x" } }),
      /identity.logstore/,
    ],
    [
      "a zero timeout",
      JSON.stringify({ ...ensure, settings: { timeout: 0, order: false } }),
      /settings.timeout 0 must be a whole number/,
    ],
    [
      "a string order",
      JSON.stringify({ ...ensure, settings: { timeout: 5, order: "yes" } }),
      /settings.order "yes" must be true or false/,
    ],
    [
      "a non-URL endpoint",
      JSON.stringify({ ...ensure, transport: { ...transport, endpoint: "nope" } }),
      /not a URL/,
    ],
    ["no credential sources", JSON.stringify({ ...ensure, credentials: [] }), /non-empty list/],
    [
      "a credential name with a shell character",
      JSON.stringify({ ...ensure, credentials: [{ accessKeyId: "A;rm", accessKeySecret: "B" }] }),
      /must be an environment variable name/,
    ],
  ])("rejects %s", (_what, json, message) => {
    expect(() => parseHookPayload("ensure", json, CLOUDS)).toThrow(PayloadError);
    expect(() => parseHookPayload("ensure", json, CLOUDS)).toThrow(message);
  });

  it("rejects a delete payload with an unknown removal policy", () => {
    expect(() =>
      parseHookPayload("delete", JSON.stringify({ ...del, removalPolicy: "KEEP" }), CLOUDS),
    ).toThrow(/removalPolicy "KEEP" must be "DESTROY" or "RETAIN"/);
  });

  it("rejects an unknown subcommand", () => {
    expect(() =>
      parseHookPayload("check", JSON.stringify({ ...ensure, command: "check" }), CLOUDS),
    ).toThrow(/unknown subcommand "check"/);
  });
});

describe("parseHookPayload, DMS", () => {
  const dms = dmsIdentity({
    projectId: "0a1b2c3d4e5f40718293a4b5c6d7e8f9",
    queue: { name: "billing" },
    name: "billing-workers",
  });
  const dmsEnsure = {
    v: 1,
    command: "ensure",
    identity: dms,
    transport: { ...transport, endpoint: "https://dms.cn-north-4.myhuaweicloud.com" },
    credentials: DEFAULT_DMS_CREDENTIAL_SOURCES,
    readyTimeoutMs: 15000,
  };

  it("stores the queue as declared, the other field empty (null_resource needs strings)", () => {
    expect(dms).toMatchObject({ queueId: "", queueName: "billing" });
    expect(Object.values(dms).every((v) => typeof v === "string")).toBe(true);
  });

  it("reads an ensure payload with AK/SK and IAM token sources", () => {
    const credentials = [...DEFAULT_DMS_CREDENTIAL_SOURCES, { iamToken: "HW_AUTH_TOKEN" }];
    const p = parseHookPayload("ensure", JSON.stringify({ ...dmsEnsure, credentials }), CLOUDS);
    expect(p).toMatchObject({ identity: dms, readyTimeoutMs: 15000, credentials });
  });

  it("reads a delete payload", () => {
    const del = {
      ...dmsEnsure,
      command: "delete",
      readyTimeoutMs: undefined,
      removalPolicy: "DESTROY",
    };
    expect(parseHookPayload("delete", JSON.stringify(del), CLOUDS)).toMatchObject({
      command: "delete",
      removalPolicy: "DESTROY",
    });
  });

  it.each([
    [
      "both queue fields",
      { ...dms, queueId: "0611d466-a327-4b7b-8034-f84a0f6a6f42" },
      /exactly one of queueId and queueName/,
    ],
    ["no queue field", { ...dms, queueName: "" }, /exactly one of queueId and queueName/],
    [
      "a 33-character name",
      { ...dms, name: "x".repeat(33) },
      /identity.name "x{33}" must be 1-32 characters/,
    ],
    ["a queue id with a slash", { ...dms, queueName: "", queueId: "../q" }, /identity.queueId/],
    ["a project id with a slash", { ...dms, projectId: "a/b" }, /identity.projectId/],
    [
      "an unknown service",
      { ...dms, service: "kafka" },
      /identity.service "kafka" must be "sls" or "dms"/,
    ],
  ])("rejects %s", (_what, identity, message) => {
    expect(() =>
      parseHookPayload("ensure", JSON.stringify({ ...dmsEnsure, identity }), CLOUDS),
    ).toThrow(message);
  });

  it("requires a ready timeout on ensure", () => {
    expect(() =>
      parseHookPayload("ensure", JSON.stringify({ ...dmsEnsure, readyTimeoutMs: 0 }), CLOUDS),
    ).toThrow(/readyTimeoutMs must be a positive whole number/);
  });
});

describe("identities stored by release 0.1.0", () => {
  const legacy = { ...identity, v: "1", region: "cn-hangzhou" };

  it("reads an identity with a region and returns it without: region is not who the group is", () => {
    const payload = parseHookPayload(
      "delete",
      JSON.stringify({ ...ensure, command: "delete", identity: legacy, removalPolicy: "DESTROY" }),
      CLOUDS,
    );
    expect(payload.identity).toEqual(identity);
    expect(payload.identity).not.toHaveProperty("region");
  });

  it("rejects a version 1 identity without its region, and an unknown identity version", () => {
    const { region: _region, ...noRegion } = legacy;
    const del = { ...ensure, command: "delete", removalPolicy: "DESTROY" };
    expect(() =>
      parseHookPayload("delete", JSON.stringify({ ...del, identity: noRegion }), CLOUDS),
    ).toThrow("identity.region must be a non-empty string");
    expect(() =>
      parseHookPayload(
        "delete",
        JSON.stringify({ ...del, identity: { ...identity, v: "9" } }),
        CLOUDS,
      ),
    ).toThrow('identity.v "9" is not supported');
  });
});
