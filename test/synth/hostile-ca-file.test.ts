// caCertificateFile under both executors: control characters, an empty value and 10 kB are
// rejected at synth; every other hostile value reaches cdk.tf.json only inside the escaped hook
// payloads (the ensure or reconcile payload, the delete payload, the manifest), where Terraform
// reads it back unchanged and never evaluates it.

import { decodeManifest } from "../../lib/contract/stored-manifest";
import { unescapeTerraformTemplate } from "../../lib/constructs/escape";
import {
  HOSTILE,
  TEN_KB,
  dmsFactory,
  expectSafeMessage,
  slsFactory,
  validationMessage,
} from "./hostile-values";
import {
  EXECUTORS,
  createHooks,
  ensurePayload,
  type Executor,
  type Synthesized,
  payloadOf,
} from "./synth-helpers";

const SLS = slsFactory();
const DMS = dmsFactory();

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
    EXECUTORS.flatMap((executor) =>
      CA_PASS.flatMap(([what, value]) => [
        ["SLS", executor, what, slsFactory(executor), value] as const,
        ["DMS", executor, what, dmsFactory(executor), value] as const,
      ]),
    ),
  )(
    "%s, %s executor: %s passes through escaped and unchanged",
    (_s, executor, _w, factory, value) => {
      const json = factory({ caCertificateFile: value });

      const commands = hookCommands(json, executor);
      expect(commands.length).toBe(3); // ensure (per-group) or reconcile (batched), delete, prune
      for (const command of commands) expectNoLiveTemplate(command);
      const [, destroy] = commands.map(asTerraformReadsIt);
      expect(ensurePayload(json, executor).transport.caFile).toBe(value);
      // The delete payload's identity is spliced from state; its transport is a literal.
      expect(destroy).toContain(JSON.stringify(value).slice(1, -1));
      // Triggers and input (identity, settings, manifest, reconciler) hold no live template either.
      for (const stored of allStored(json)) {
        for (const v of Object.values(stored)) expectNoLiveTemplate(v);
      }
      const manifest = json.resource["terraform_data"]!["consumer_groups_manifest"]!;
      const stored = Object.fromEntries(
        Object.entries(manifest.triggers_replace!).map(([k, v]) => [k, asTerraformReadsIt(v)]),
      );
      expect(decodeManifest(stored)[0]!.transport.caFile).toBe(value);
    },
  );

  it.each(EXECUTORS)(
    "is left out of the payload when not given (existing payloads unchanged, %s executor)",
    (executor) => {
      const json = slsFactory(executor)({});
      expect(ensurePayload(json, executor).transport).not.toHaveProperty("caFile");
      expect(JSON.stringify(json)).not.toContain("caFile");
    },
  );
});

// ---------------------------------------------------------------------------------------------

/**
 * The local-exec commands in cdk.tf.json: the create hook (each group's ensure, or the stack's
 * reconcile), the groups' delete, then the manifest's prune.
 */
function hookCommands(json: Synthesized, executor: Executor): string[] {
  const resources = Object.entries(json.resource["terraform_data"] ?? {});
  const command = (suffix: string) =>
    resources
      .filter(([id]) => id.endsWith(suffix))
      .map(([, r]) => payloadOf(r.provisioner[0]!["local-exec"]));
  return [
    ...createHooks(json, executor).map(payloadOf),
    ...command("_group"),
    ...command("consumer_groups_manifest"),
  ];
}

/** Everything Terraform stores for the resources: each one's triggers and input. */
function allStored(json: Synthesized): Record<string, string>[] {
  return Object.values(json.resource["terraform_data"] ?? {}).flatMap((r) => [
    r.triggers_replace ?? {},
    typeof r.input === "string" ? { input: r.input } : (r.input ?? {}),
  ]);
}

/**
 * No `${` or `%{` that Terraform would evaluate: after taking out the escaped `$${`/`%%{`, only
 * the library's own `${jsonencode(self.triggers_replace)}` may remain.
 */
function expectNoLiveTemplate(template: string): void {
  const live = template
    .replace(/\$\$\{/g, "")
    .replace(/%%\{/g, "")
    .replace(/\$\{jsonencode\(self\.triggers_replace\)\}/g, "")
    .replace(/\$\{base64gzip\(jsonencode\(self\.triggers_replace\)\)\}/g, "");
  expect(live).not.toMatch(/\$\{|%\{/);
}

/** The string Terraform passes to the hook: escapes undone, state splices as a stand-in. */
function asTerraformReadsIt(template: string): string {
  return unescapeTerraformTemplate(
    template.replace(/\$\{jsonencode\(self\.triggers_replace\)\}/g, "{}"),
  );
}
