// Real `terraform` runs of a synthesized stack in a temp dir (cdktf's TestDriver idea).
// Terraform runs asynchronously so that an emulator in the test process keeps answering
// the hooks Terraform starts.

import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { noCloudNetworkEnv } from "./no-cloud-network";

export interface TerraformRun {
  readonly code: number | null;
  readonly output: string;
}

/** Fails (never skips) when Terraform is missing: a skipped e2e test is not a passed one. */
export function requireTerraform(): string {
  try {
    return (
      execFileSync("terraform", ["version"], { encoding: "utf8", env: quietEnv({}) }).split(
        "\n",
      )[0] ?? ""
    );
  } catch {
    throw new Error(
      "The e2e tests need `terraform` (>= 1.4) on the PATH and found none. Install Terraform 1.4+ " +
        "(or OpenTofu with a `terraform` symlink) and run the tests again.",
    );
  }
}

export class TerraformWorkspace {
  readonly dir: string;
  readonly outdir: string;
  /** Everything Terraform printed, across all runs, for leak checks. */
  log = "";
  private readonly cliConfig: string;

  constructor(private readonly env: Record<string, string>) {
    this.dir = mkdtempSync(path.join(os.tmpdir(), "cgac-e2e-"));
    this.outdir = path.join(this.dir, "cdktf.out");
    // An empty CLI config silences the warning about the machine's missing TF_CLI_CONFIG_FILE.
    this.cliConfig = path.join(this.dir, "terraformrc");
    writeFileSync(this.cliConfig, "");
  }

  /** Synthesizes one stack (relative local state, so the output is portable) and returns its dir. */
  synth(
    stackName: string,
    build: (stack: TerraformStack) => void,
    context: Record<string, unknown> = {},
  ): string {
    const app = new App({ outdir: this.outdir, context });
    const stack = new TerraformStack(app, stackName);
    new LocalBackend(stack, { path: "terraform.tfstate" });
    build(stack);
    app.synth();
    return this.stackDir(stackName);
  }

  /**
   * Synthesizes one app of several stacks (each with relative local state), as `cdktf synth`
   * does for a multi-stack app: app-wide checks and the manifests see every stack.
   */
  synthApp(
    stacks: Readonly<Record<string, (stack: TerraformStack) => void>>,
    context: Record<string, unknown> = {},
  ): void {
    const app = new App({ outdir: this.outdir, context });
    for (const [stackName, build] of Object.entries(stacks)) {
      const stack = new TerraformStack(app, stackName);
      new LocalBackend(stack, { path: "terraform.tfstate" });
      build(stack);
    }
    app.synth();
  }

  /** The warnings the last synth attached to a stack (cdktf's manifest.json), one per line. */
  warnings(stackName: string): string[] {
    const manifest = JSON.parse(readFileSync(path.join(this.outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { annotations?: { level: string; message: string }[] } | undefined>;
    };
    return (manifest.stacks[stackName]?.annotations ?? [])
      .filter((a) => a.level.includes("warn"))
      .map((a) => a.message);
  }

  stackDir(stackName: string): string {
    return path.join(this.outdir, "stacks", stackName);
  }

  init(stackName: string): Promise<TerraformRun> {
    return this.terraform(stackName, ["init", "-input=false", "-no-color"]);
  }

  apply(stackName: string, extra: string[] = []): Promise<TerraformRun> {
    return this.terraform(stackName, [
      "apply",
      "-input=false",
      "-auto-approve",
      "-no-color",
      ...extra,
    ]);
  }

  /** Exit code 0: no changes; 2: changes. */
  plan(stackName: string): Promise<TerraformRun> {
    return this.terraform(stackName, ["plan", "-input=false", "-no-color", "-detailed-exitcode"]);
  }

  destroy(stackName: string): Promise<TerraformRun> {
    return this.terraform(stackName, ["destroy", "-input=false", "-auto-approve", "-no-color"]);
  }

  terraform(stackName: string, args: string[]): Promise<TerraformRun> {
    return this.start(stackName, args).done;
  }

  /** Starts Terraform and returns its process too, for tests that kill it half-way. */
  start(
    stackName: string,
    args: string[],
  ): { child: ChildProcess; output: () => string; done: Promise<TerraformRun> } {
    const child = spawn("terraform", args, {
      cwd: this.stackDir(stackName),
      env: quietEnv({ ...this.env, TF_CLI_CONFIG_FILE: this.cliConfig }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const done = new Promise<TerraformRun>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) => {
        this.log += `\n$ terraform ${args.join(" ")}\n${output}`;
        resolve({ code, output });
      });
    });
    return { child, output: () => output, done };
  }

  /** Sets (or, with undefined, removes) one variable of the environment of later terraform runs. */
  setEnv(name: string, value: string | undefined): void {
    if (value === undefined) delete this.env[name];
    else this.env[name] = value;
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * PATH and HOME from the runner, nothing else of its environment (no real cloud keys leak in),
 * and the hooks Terraform starts kept on loopback (no-cloud-network.js).
 */
export function quietEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return noCloudNetworkEnv(
    {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? os.tmpdir(),
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
    },
    extra,
  );
}

/** Fails with the whole Terraform output, so a red test says why. */
export function expectSuccess(run: TerraformRun, what: string): void {
  if (run.code !== 0) throw new Error(`${what} exited ${run.code}:\n${run.output}`);
}
