// Hostile values for every string prop of both constructs. Each one either fails synth with a
// ValidationError that names the construct path and the prop (and quotes the value safely:
// printable ASCII only, cut when long), or reaches cdk.tf.json only inside the escaped hook
// payloads, where Terraform reads it back unchanged and never evaluates it.
//
// | prop                                     | hostile values                                   |
// |------------------------------------------|--------------------------------------------------|
// | project, logstore, name, region,         | all rejected (fixed character sets)              |
// | projectId, queue.id, queue.name,         |                                                  |
// | credential variable names                |                                                  |
// | endpoint                                 | all rejected; an IDN host passes, as punycode    |
// | caCertificateFile                        | newline, NUL, ESC, 10 kB rejected; the rest pass |
// |                                          | through escaped (hostile-ca-file.test.ts)        |

import {
  HOSTILE,
  TEN_KB,
  dmsFactory,
  expectSafeMessage,
  slsFactory,
  validationMessage,
  type Factory,
} from "./hostile-values";
import { EXECUTORS } from "./synth-helpers";

const SLS = slsFactory();
const DMS = dmsFactory();

/** Hostile endpoints, beyond the HOSTILE strings. */
const HOSTILE_ENDPOINTS: Readonly<Record<string, string>> = {
  "credentials in the URL": "https://ak:sk@cn-hangzhou.log.aliyuncs.com",
  "a user name only": "https://ak@cn-hangzhou.log.aliyuncs.com",
  "interpolation as host": 'https://${upper("x")}',
  "interpolation with a path": 'https://${file("/etc/passwd")}',
  "a directive as host": "https://%{ if true }x%{ endif }",
  "command substitution in the host": "https://a$(id).example.com",
  "backticks in the host": "https://a`id`.example.com",
  "a quote in the host": 'https://a".example.com',
  "a newline in the host": "https://cn-hangzhou.log.aliyuncs.com\n",
  "a tab in the host": "https://cn-hang\tzhou.log.aliyuncs.com",
  "a NUL": "https://cn-hangzhou.log.aliyuncs.com\u0000",
  "a 10 kB host": `https://${TEN_KB}.example.com`,
  "a label over 63 characters": `https://${"a".repeat(64)}.example.com`,
  "a javascript: URL": "javascript:alert(1)",
  "a file: URL": "file:///etc/passwd",
  "a query": "https://cn-hangzhou.log.aliyuncs.com/?${x}",
  "a fragment": "https://cn-hangzhou.log.aliyuncs.com/#%{x}",
};

const SLS_KEYS = { accessKeyIdVariable: "AK", accessKeySecretVariable: "SK" };
const DMS_KEYS = { accessKeyVariable: "AK", secretKeyVariable: "SK" };

/** Every string prop: its name in messages and how to set it to `v`. */
const STRING_PROPS: readonly [string, string, Factory, (v: string) => Record<string, unknown>][] = [
  ["SLS", "project", SLS, (v) => ({ project: v })],
  ["SLS", "logstore", SLS, (v) => ({ logstore: v })],
  ["SLS", "name", SLS, (v) => ({ name: v })],
  ["SLS", "region", SLS, (v) => ({ region: v })],
  ["SLS", "endpoint", SLS, (v) => ({ endpoint: v })],
  [
    "SLS",
    "credentials.accessKeyIdVariable",
    SLS,
    (v) => ({ credentials: { ...SLS_KEYS, accessKeyIdVariable: v } }),
  ],
  [
    "SLS",
    "credentials.accessKeySecretVariable",
    SLS,
    (v) => ({ credentials: { ...SLS_KEYS, accessKeySecretVariable: v } }),
  ],
  [
    "SLS",
    "credentials.securityTokenVariable",
    SLS,
    (v) => ({ credentials: { ...SLS_KEYS, securityTokenVariable: v } }),
  ],
  ["DMS", "projectId", DMS, (v) => ({ projectId: v })],
  ["DMS", "queue.id", DMS, (v) => ({ queue: { id: v } })],
  ["DMS", "queue.name", DMS, (v) => ({ queue: { name: v } })],
  ["DMS", "name", DMS, (v) => ({ name: v })],
  ["DMS", "region", DMS, (v) => ({ region: v })],
  ["DMS", "endpoint", DMS, (v) => ({ endpoint: v })],
  [
    "DMS",
    "credentials.accessKeyVariable",
    DMS,
    (v) => ({ credentials: { ...DMS_KEYS, accessKeyVariable: v } }),
  ],
  [
    "DMS",
    "credentials.secretKeyVariable",
    DMS,
    (v) => ({ credentials: { ...DMS_KEYS, secretKeyVariable: v } }),
  ],
  [
    "DMS",
    "credentials.securityTokenVariable",
    DMS,
    (v) => ({ credentials: { ...DMS_KEYS, securityTokenVariable: v } }),
  ],
  ["DMS", "credentials.iamTokenVariable", DMS, (v) => ({ credentials: { iamTokenVariable: v } })],
];

const cases = STRING_PROPS.flatMap(([service, prop, factory, set]) =>
  Object.entries(prop === "endpoint" ? { ...HOSTILE, ...HOSTILE_ENDPOINTS } : HOSTILE).map(
    ([what, value]) => [service, prop, what, factory, set(value)] as const,
  ),
);

describe("hostile prop values", () => {
  it.each(cases)("%s %s: %s fails synth with the path and prop", (_s, prop, _w, factory, props) => {
    expectSafeMessage(
      validationMessage(() => factory(props)),
      prop,
    );
  });

  it("quotes a 10 kB value cut, with its length", () => {
    const message = validationMessage(() => SLS({ project: TEN_KB }));
    expect(message).toContain(
      `stack/Reader: project "${"a".repeat(199)}… (10240 characters) must be`,
    );
  });

  it("escapes control and non-ASCII characters in the quoted value", () => {
    const message = validationMessage(() => SLS({ name: "a\u0000b\nc\u202ed\u001b" }));
    expect(message).toContain('name "a\\u0000b\\nc\\u202ed\\u001b" must be');
  });

  it("quotes a non-string value without calling its toString", () => {
    const sneaky = { toString: () => "orders" };
    const message = validationMessage(() => SLS({ logstore: sneaky }));
    expect(message).toContain("stack/Reader: logstore {} must be");
  });

  it("rejects credentials in the endpoint (the message quotes the URL as written)", () => {
    // Known: the message repeats the URL, user info included, as test/synth/validation.test.ts
    // pins; the value never reaches cdk.tf.json.
    const message = validationMessage(() =>
      SLS({ endpoint: "https://ak:sk@cn-hangzhou.log.aliyuncs.com" }),
    );
    expect(message).toContain("must be a URL without credentials");
  });

  it.each(EXECUTORS)(
    "accepts an IDN endpoint host as punycode (no non-ASCII reaches cdk.tf.json, %s executor)",
    (executor) => {
      const json = slsFactory(executor)({ region: undefined, endpoint: "https://bücher.example" });
      expect(JSON.stringify(json)).toContain("https://xn--bcher-kva.example");
      expect(JSON.stringify(json)).not.toContain("bücher");
    },
  );
});
