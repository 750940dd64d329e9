// The system under test: the emulator (SLS and DMS) in this process and real `terraform` runs
// of every stack of the synthesized app, each stack in cdktf.out/stacks/<stack> with its own
// local state. One instance per explored sequence, so sequences never share cloud or state.

import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { DMS_KEY, dmsEmulatorConfig, dmsEnv } from "../support/dms-fixtures";
import { assertHookBundleBuilt } from "../support/hook-process";
import { SLS_KEY, slsEmulatorConfig, slsEnv } from "../support/sls-fixtures";
import {
  TerraformWorkspace,
  requireTerraform,
  type TerraformRun,
} from "../support/terraform-workspace";
import type { AppModel } from "./app-model";
import type { FaultName } from "./actions";
import { synthApp, type SynthExtras } from "./synth-app";
import type { FaultRule } from "../../lib/emulator/faults";

/** The live groups, as GET /_emulator/state shows them: identity -> generation and settings. */
export type LiveGroups = Map<string, { generation: number; timeout?: number; order?: boolean }>;

/** Errors that the hook does not retry, so a faulted hook fails at once. */
const FAULT_RULES: Record<FaultName, FaultRule[]> = {
  "creates-fail": [
    { service: "sls", action: "CreateConsumerGroup", times: "always", fault: slsDenied() },
    { service: "dms", action: "CreateConsumerGroups", times: "always", fault: dmsDenied() },
  ],
  "deletes-fail": [
    { service: "sls", action: "DeleteConsumerGroup", times: "always", fault: slsDenied() },
    { service: "dms", action: "DeleteConsumerGroup", times: "always", fault: dmsDenied() },
  ],
  "all-calls-fail": [
    { service: "sls", times: "always", fault: slsDenied() },
    { service: "dms", times: "always", fault: dmsDenied() },
  ],
  // The one-fault rule: one rule across both services' creates, so only the deploy's first create
  // is refused (both clients take any 401 for bad credentials, whatever its code).
  "one-create-fails": [
    { action: ["CreateConsumerGroup", "CreateConsumerGroups"], times: 1, fault: slsDenied() },
  ],
  "one-update-fails": [
    { service: "sls", action: "UpdateConsumerGroup", times: 1, fault: slsDenied() },
  ],
};

export class RealSystem {
  private constructor(
    readonly emulator: RunningEmulator,
    readonly workspace: TerraformWorkspace,
  ) {}

  static async start(): Promise<RealSystem> {
    requireTerraform();
    assertHookBundleBuilt();
    const emulator = await startEmulator({ sls: slsEmulatorConfig(), dms: dmsEmulatorConfig() });
    return new RealSystem(
      emulator,
      new TerraformWorkspace({ ...slsEnv(SLS_KEY), ...dmsEnv(DMS_KEY) }),
    );
  }

  /** Synthesizes the app and returns each stack's cdk.tf.json hash. */
  synth(app: AppModel, extras?: SynthExtras): Map<string, string> {
    synthApp(app, this.workspace.outdir, this.emulator.port, extras);
    return new Map(app.stacks.map((s) => [s, this.#configHash(s)]));
  }

  async apply(stack: string): Promise<TerraformRun> {
    await this.#initOnce(stack);
    return this.workspace.apply(stack);
  }

  /** Any terraform command in the stack's directory (`apply -replace=…`, `state rm …`). */
  async terraform(stack: string, args: string[]): Promise<TerraformRun> {
    await this.#initOnce(stack);
    return this.workspace.terraform(stack, args);
  }

  async plan(stack: string): Promise<TerraformRun> {
    await this.#initOnce(stack);
    return this.workspace.plan(stack);
  }

  async destroy(stack: string): Promise<TerraformRun> {
    await this.#initOnce(stack);
    return this.workspace.destroy(stack);
  }

  /**
   * Applies with -parallelism=1 while the `nth` cloud call (counting from 0) hangs; as soon as
   * the call log shows the hung call, kills Terraform and the hooks it started (SIGKILL), so
   * the same sequence stops at the same call every time. `killed` false: the apply made fewer
   * calls and finished on its own.
   *
   * Terraform's local backend rewrites terraform.tfstate in place (truncate, then write), at
   * moments of its own, also while the hung hook waits (seen 65 ms after the hang, on a loaded
   * machine). A SIGKILL between the two leaves the file empty or cut, and the next run starts
   * from no state at all, with the groups the lost manifest listed forgotten: Terraform's doing,
   * not the library's (seeds 1501 and 1504 found it). So the last whole state read before the
   * kill is put back when the kill cut a write short (`restored`): the state a kill just before
   * that write would have left.
   */
  async applyKilledAt(
    stack: string,
    nth: number,
  ): Promise<{ killed: boolean; run: TerraformRun; restored: boolean }> {
    await this.#initOnce(stack);
    const seen = this.emulator.calls().length;
    this.emulator.faults.add({ after: nth, times: 1, fault: { kind: "hang", ms: 60_000 } });
    const started = this.workspace.start(stack, [
      "apply",
      "-input=false",
      "-auto-approve",
      "-no-color",
      "-parallelism=1",
    ]);
    let finished = false;
    void started.done.then(() => (finished = true));
    while (
      !finished &&
      !this.emulator
        .calls()
        .slice(seen)
        .some((c) => c.fault === "hang")
    ) {
      await sleep(25);
    }
    const stateFile = path.join(this.workspace.stackDir(stack), "terraform.tfstate");
    const whole = finished ? undefined : await wholeState(stateFile, () => finished);
    const killed = !finished;
    if (killed && started.child.pid !== undefined) killTree(started.child.pid);
    const run = await started.done;
    this.emulator.faults.clear();
    const restored = killed && restoreState(stateFile, whole);
    return { killed, run, restored };
  }

  injectFault(fault: FaultName): void {
    for (const rule of FAULT_RULES[fault]) this.emulator.faults.add(rule);
  }

  clearFaults(): void {
    this.emulator.faults.clear();
  }

  /** The live groups by identity, and how many there are (more than identities: duplicates). */
  async liveGroups(): Promise<{ live: LiveGroups; count: number }> {
    const res = await fetch(`${this.emulator.url}/_emulator/state`);
    const state = (await res.json()) as EmulatorState;
    const live: LiveGroups = new Map();
    let count = 0;
    for (const [project, { logstores }] of Object.entries(state.sls.projects)) {
      for (const [logstore, { groups }] of Object.entries(logstores)) {
        for (const g of groups) {
          count++;
          live.set(`sls:${project}/${logstore}/${g.name}`, {
            generation: g.generation,
            timeout: g.timeout,
            order: g.order,
          });
        }
      }
    }
    for (const [projectId, { queues }] of Object.entries(state.dms.projects)) {
      for (const queue of queues) {
        for (const g of queue.groups) {
          count++;
          live.set(`dms:${projectId}/${queue.name}/${g.name}`, { generation: g.generation });
        }
      }
    }
    return { live, count };
  }

  async close(): Promise<void> {
    await this.emulator.close();
    this.workspace.cleanup();
  }

  #configHash(stack: string): string {
    const file = path.join(this.workspace.stackDir(stack), "cdk.tf.json");
    return createHash("sha256").update(readFileSync(file)).digest("hex");
  }

  async #initOnce(stack: string): Promise<void> {
    if (existsSync(path.join(this.workspace.stackDir(stack), ".terraform"))) return;
    const run = await this.workspace.init(stack);
    if (run.code !== 0) throw new Error(`terraform init of ${stack} failed:\n${run.output}`);
  }
}

// ---------------------------------------------------------------------------------------

interface EmulatorState {
  sls: {
    projects: Record<
      string,
      {
        logstores: Record<
          string,
          { groups: { name: string; timeout: number; order: boolean; generation: number }[] }
        >;
      }
    >;
  };
  dms: {
    projects: Record<
      string,
      { queues: { name: string; groups: { name: string; generation: number }[] }[] }
    >;
  };
}

function slsDenied() {
  return { kind: "error" as const, status: 401, code: "Unauthorized", message: "injected" };
}

function dmsDenied() {
  return { kind: "error" as const, status: 401, code: "APIGW.0301", message: "injected" };
}

function readState(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

/** The state file's text (undefined: none yet) once it reads whole (absent or JSON). */
async function wholeState(file: string, finished: () => boolean): Promise<string | undefined> {
  for (let tries = 0; tries < 200 && !finished(); tries++) {
    const text = readState(file);
    if (text === undefined || isJson(text)) return text;
    await sleep(25);
  }
  return readState(file);
}

/** Puts `whole` back if the state file is cut (not JSON); true when it did. */
function restoreState(file: string, whole: string | undefined): boolean {
  const text = readState(file);
  if (text === undefined || isJson(text) || (whole !== undefined && !isJson(whole))) return false;
  if (whole === undefined) rmSync(file);
  else writeFileSync(file, whole);
  return true;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** SIGKILLs a process and every descendant (the hooks Terraform started), leaves first. */
function killTree(pid: number): void {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the parenthesised command: state, ppid, ...
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we listed /proc: nothing to kill.
    }
  }
  const order: number[] = [];
  const visit = (p: number) => {
    for (const child of children.get(p) ?? []) visit(child);
    order.push(p);
  };
  visit(pid);
  for (const p of order) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}
