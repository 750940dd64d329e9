// What a full `app.synth()` writes: no secret value and no path of the synth machine.

import { App, LocalBackend } from "cdktf";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { HookResource, SlsConsumerGroup } from "../../lib";
import { BASE, EXECUTORS, EXECUTOR_CONTEXT, newStack } from "./synth-helpers";

const CANARY = "canary-synth-secret-3b9e";

describe.each(
  [HookResource.TERRAFORM_DATA, HookResource.NULL_RESOURCE].flatMap((kind) =>
    EXECUTORS.map((executor) => [kind, executor] as const),
  ),
)("a synthesized %s stack, %s executor", (hookResource, executor) => {
  let outdir: string;
  let text: string;
  let stackDir: string;

  beforeAll(() => {
    outdir = mkdtempSync(path.join(os.tmpdir(), "cgac-synth-"));
    const saved = process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = CANARY;
    try {
      const context = executor === "per-group" ? { [EXECUTOR_CONTEXT]: executor } : {};
      const app = new App({ outdir, context });
      const stack = newStack(app, "demo");
      new LocalBackend(stack, { path: "terraform.tfstate" });
      new SlsConsumerGroup(stack, "Reader", { ...BASE, hookResource });
      app.synth();
    } finally {
      if (saved === undefined) delete process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
      else process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = saved;
    }
    stackDir = path.join(outdir, "stacks", "demo");
    text = readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8");
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("makes every hook quiet: Terraform prints no payload, only the hook's own lines", () => {
    const json = JSON.parse(text) as {
      resource: Record<string, Record<string, { provisioner?: Record<string, unknown>[] }>>;
    };
    const execs = Object.values(json.resource)
      .flatMap((byName) => Object.values(byName))
      .flatMap((r) => r.provisioner ?? [])
      .map((p) => p["local-exec"] as { quiet?: boolean });
    expect(execs.length).toBe(3); // manifest, group, and settings (per-group) or reconciler
    expect(execs.every((e) => e.quiet === true)).toBe(true);
  });

  it("holds no secret value from the environment", () => {
    expect(text).not.toContain(CANARY);
    expect(text).toContain("ALIBABA_CLOUD_ACCESS_KEY_SECRET"); // the name, not the value
  });

  it("holds no absolute path of the synth machine", () => {
    for (const dir of [
      process.cwd(),
      path.resolve(__dirname, "../.."),
      os.tmpdir(),
      os.homedir(),
      outdir,
      "/work",
    ]) {
      expect({ dir, found: text.includes(dir) }).toEqual({ dir, found: false });
    }
  });

  it("copies the hook bundle to the relative path the hooks run", () => {
    const json = JSON.parse(text) as {
      resource: Record<
        string,
        Record<string, { provisioner: { "local-exec": { interpreter: string[] } }[] }>
      >;
    };
    const interpreters = Object.values(json.resource)
      .flatMap((byId) => Object.values(byId))
      .flatMap((r) => r.provisioner.map((p) => p["local-exec"].interpreter[1]!));
    expect(new Set(interpreters).size).toBe(1);
    const asset = interpreters[0]!;
    expect(path.isAbsolute(asset)).toBe(false);
    expect(existsSync(path.join(stackDir, asset))).toBe(true);
  });
});
