import {
  dmsIdentity,
  parseHookPayload,
  PayloadError,
  slsIdentity,
} from "../../../lib/spec/payload";
import {
  DEFAULT_DMS_CREDENTIAL_SOURCES,
  DEFAULT_SLS_CREDENTIAL_SOURCES,
} from "../../../lib/spec/names";

const identity = slsIdentity({
  region: "cn-hangzhou",
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
    const p = parseHookPayload("ensure", JSON.stringify(ensure));
    expect(p).toMatchObject({
      command: "ensure",
      identity,
      settings: { timeout: 300, order: true },
    });
  });

  it("reads a delete payload whose identity came from null_resource triggers (all strings)", () => {
    const p = parseHookPayload("delete", JSON.stringify(del));
    expect(p).toMatchObject({
      command: "delete",
      removalPolicy: "RETAIN",
      identity: { v: "1", name: "reader" },
    });
  });

  it.each([
    ["not JSON", "{", /not valid JSON/],
    ["a newer version", JSON.stringify({ ...ensure, v: 2 }), /payload version 2 is not supported/],
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
      /not an environment variable name/,
    ],
  ])("rejects %s", (_what, json, message) => {
    expect(() => parseHookPayload("ensure", json)).toThrow(PayloadError);
    expect(() => parseHookPayload("ensure", json)).toThrow(message);
  });

  it("rejects a delete payload with an unknown removal policy", () => {
    expect(() =>
      parseHookPayload("delete", JSON.stringify({ ...del, removalPolicy: "KEEP" })),
    ).toThrow(/removalPolicy "KEEP" must be "DESTROY" or "RETAIN"/);
  });

  it("rejects an unknown subcommand", () => {
    expect(() =>
      parseHookPayload("check", JSON.stringify({ ...ensure, command: "check" })),
    ).toThrow(/unknown subcommand "check"/);
  });
});

describe("parseHookPayload, DMS", () => {
  const dms = dmsIdentity({
    region: "cn-north-4",
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
    const p = parseHookPayload("ensure", JSON.stringify({ ...dmsEnsure, credentials }));
    expect(p).toMatchObject({ identity: dms, readyTimeoutMs: 15000, credentials });
  });

  it("reads a delete payload", () => {
    const del = {
      ...dmsEnsure,
      command: "delete",
      readyTimeoutMs: undefined,
      removalPolicy: "DESTROY",
    };
    expect(parseHookPayload("delete", JSON.stringify(del))).toMatchObject({
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
    expect(() => parseHookPayload("ensure", JSON.stringify({ ...dmsEnsure, identity }))).toThrow(
      message,
    );
  });

  it("requires a ready timeout on ensure", () => {
    expect(() =>
      parseHookPayload("ensure", JSON.stringify({ ...dmsEnsure, readyTimeoutMs: 0 })),
    ).toThrow(/readyTimeoutMs must be a positive whole number/);
  });
});
