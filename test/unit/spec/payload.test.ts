import { parseHookPayload, PayloadError, slsIdentity } from "../../../lib/spec/payload";
import { DEFAULT_SLS_CREDENTIAL_SOURCES } from "../../../lib/spec/names";

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
