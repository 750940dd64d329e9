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
// |                                          | through escaped (a file name may hold them)      |

import { Testing } from "cdktf";
import {
  DmsQueueConsumerGroup,
  SlsConsumerGroup,
  type DmsQueueConsumerGroupProps,
  type SlsConsumerGroupProps,
} from "../../lib";
import { unescapeTerraformTemplate } from "../../lib/constructs/escape";
import { BASE, newStack, synthesized, type Synthesized } from "./synth-helpers";

const TEN_KB = "a".repeat(10_240);

/** Hostile strings, by what they try. */
const HOSTILE: Readonly<Record<string, string>> = {
  "a double quote": 'orders"; rm -rf /; "',
  "a single quote": "orders' || true",
  "command substitution": "$(touch /tmp/pwned)",
  backticks: "`touch /tmp/pwned`",
  "a newline": "orders\nreader",
  "a carriage return": "orders\rreader",
  "a NUL": "orders\u0000reader",
  "an ANSI escape": "\u001b[2J\u001b[31morders",
  "unicode (bidi override and emoji)": "orders\u202egnp.exe😀",
  "non-ASCII letters": "bestellungen-ä",
  "10 kB": TEN_KB,
  "Terraform interpolation": '${file("/etc/passwd")}',
  "Terraform directive": "%{ if true }x%{ endif }",
  "an escaped-looking interpolation": '$${file("/etc/passwd")}',
  "a Terraform reference": "${self.triggers_replace}",
  "an empty string": "",
};

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

type Factory = (props: Record<string, unknown>) => Synthesized;

const SLS: Factory = (props) => {
  const stack = newStack(Testing.app());
  new SlsConsumerGroup(stack, "Reader", { ...BASE, ...props } as SlsConsumerGroupProps);
  return synthesized(stack);
};

const DMS_BASE: DmsQueueConsumerGroupProps = {
  region: "cn-north-4",
  projectId: "0a1b2c3d4e5f40718293a4b5c6d7e8f9",
  queue: { name: "billing" },
  name: "billing-workers",
};
const DMS: Factory = (props) => {
  const stack = newStack(Testing.app());
  new DmsQueueConsumerGroup(stack, "Reader", {
    ...DMS_BASE,
    ...props,
  } as DmsQueueConsumerGroupProps);
  return synthesized(stack);
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

/** Runs `synth` and returns its ValidationError's message, failing when there is none. */
function validationMessage(synth: () => unknown): string {
  try {
    synth();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).name).toBe("ValidationError");
    return (e as Error).message;
  }
  throw new Error("expected a ValidationError, but synth succeeded");
}

/** The message names path and prop, and quotes the value as printable ASCII, cut when long. */
function expectSafeMessage(message: string, prop: string): void {
  expect(message.startsWith(`stack/Reader: ${prop} `)).toBe(true);
  // No raw control character, newline, bidi override or emoji: the value is JSON-escaped.
  expect(message).toMatch(/^[\x20-\x7e…]*$/);
  expect(message.length).toBeLessThan(700);
  expect(message).toContain(" must be ");
}

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

  it("accepts an IDN endpoint host as punycode (no non-ASCII reaches cdk.tf.json)", () => {
    const json = SLS({ region: undefined, endpoint: "https://bücher.example" });
    expect(JSON.stringify(json)).toContain("https://xn--bcher-kva.example");
    expect(JSON.stringify(json)).not.toContain("bücher");
  });
});

// caCertificateFile is a path: the hook reads it at apply time. Any byte but a control
// character can be in a file name, so quotes, $(), backticks, unicode and template syntax pass
// through; they must arrive unchanged and unevaluated.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;
const CA_PASS = Object.entries(HOSTILE).filter(
  ([, v]) => v !== "" && v !== TEN_KB && !CONTROL.test(v),
);
const CA_REJECT = [
  ...Object.entries(HOSTILE).filter(([, v]) => v === "" || v === TEN_KB || CONTROL.test(v)),
  ["a DEL", "ca\u007f.pem"] as const,
  ["a tab", "ca\t.pem"] as const,
];

describe("caCertificateFile", () => {
  it.each(
    CA_REJECT.flatMap(([what, value]) => [
      ["SLS", what, SLS, value] as const,
      ["DMS", what, DMS, value] as const,
    ]),
  )("%s: %s fails synth with the path and prop", (_s, _w, factory, value) => {
    const message = validationMessage(() => factory({ caCertificateFile: value }));
    expectSafeMessage(message, "caCertificateFile");
    expect(message).toContain("must be a file path");
  });

  it("rejects a non-string", () => {
    expectSafeMessage(
      validationMessage(() => SLS({ caCertificateFile: 42 })),
      "caCertificateFile",
    );
  });

  it.each(
    CA_PASS.flatMap(([what, value]) => [
      ["SLS", what, SLS, value] as const,
      ["DMS", what, DMS, value] as const,
    ]),
  )("%s: %s passes through escaped and unchanged", (_s, _w, factory, value) => {
    const json = factory({ caCertificateFile: value });

    const commands = hookCommands(json);
    expect(commands.length).toBe(3); // ensure, delete, prune
    for (const command of commands) expectNoLiveTemplate(command);
    const [ensure, destroy] = commands.map(asTerraformReadsIt);
    expect(JSON.parse(ensure!).transport.caFile).toBe(value);
    // The delete payload's identity is spliced from state; its transport is a literal.
    expect(destroy).toContain(JSON.stringify(value).slice(1, -1));
    // Triggers (identity, settings, manifest) hold no live template either.
    for (const triggers of allTriggers(json)) {
      for (const v of Object.values(triggers)) expectNoLiveTemplate(v);
    }
    const manifest = allTriggers(json).find((t) => "groups" in t)!;
    const groups = JSON.parse(asTerraformReadsIt(manifest["groups"]!));
    expect(groups.transports[0].caFile).toBe(value);
  });

  it("is left out of the payload when not given (existing payloads unchanged)", () => {
    const ensure = hookCommands(SLS({}))[0]!;
    expect(JSON.parse(asTerraformReadsIt(ensure)).transport).not.toHaveProperty("caFile");
  });
});

// ---------------------------------------------------------------------------------------------

/** The local-exec commands in cdk.tf.json: the groups' ensure and delete, then the manifest's prune. */
function hookCommands(json: Synthesized): string[] {
  const resources = Object.entries(json.resource["terraform_data"] ?? {});
  const command = (suffix: string) =>
    resources
      .filter(([id]) => id.endsWith(suffix))
      .map(([, r]) => r.provisioner[0]!["local-exec"].command);
  return [...command("_settings"), ...command("_group"), ...command("consumer_groups_manifest")];
}

function allTriggers(json: Synthesized): Record<string, string>[] {
  return Object.values(json.resource["terraform_data"] ?? {}).map((r) => r.triggers_replace ?? {});
}

/**
 * No `${` or `%{` that Terraform would evaluate: after taking out the escaped `$${`/`%%{`, only
 * the library's own `${jsonencode(self.triggers_replace)}` may remain.
 */
function expectNoLiveTemplate(template: string): void {
  const live = template
    .replace(/\$\$\{/g, "")
    .replace(/%%\{/g, "")
    .replace(/\$\{jsonencode\(self\.triggers_replace\)\}/g, "");
  expect(live).not.toMatch(/\$\{|%\{/);
}

/** The string Terraform passes to the hook: escapes undone, state splices as a stand-in. */
function asTerraformReadsIt(template: string): string {
  return unescapeTerraformTemplate(
    template.replace(/\$\{jsonencode\(self\.triggers_replace\)\}/g, "{}"),
  );
}
