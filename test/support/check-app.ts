// For the `check` tests: a real app synthesized into a temp cdktf.out with the constructs,
// and the built CLI run as a user runs it (child process, clean environment).

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { BILLING_QUEUE, DMS_PROJECT } from "./dms-fixtures";
import { noCloudNetworkEnv } from "./no-cloud-network";
import { LOGSTORE, PROJECT } from "./sls-fixtures";

export const CLI = path.resolve(__dirname, "../../dist/lib/cli.js");

export function assertCliBuilt(): void {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does).`);
  }
}

/** The groups the test app declares. */
export const DECLARED = {
  ordersReader: { logstore: LOGSTORE, name: "orders-reader", timeout: 300, order: true },
  paymentsReader: { logstore: "payments", name: "payments-reader", timeout: 60, order: false },
  billingWorkers: { queue: BILLING_QUEUE, name: "billing-workers" },
} as const;

/**
 * Two stacks into `<tmp>/cdktf.out`: "consumers" with two SLS groups (logstores orders and
 * payments) and "billing" with one DMS group (queue billing, by name). Returns the outdir.
 */
export function synthCheckApp(
  endpoint: string,
  context: Record<string, string> = {},
): { dir: string; outdir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cgac-check-"));
  const outdir = path.join(dir, "cdktf.out");
  const app = new App({ outdir, context });
  const consumers = new TerraformStack(app, "consumers");
  new LocalBackend(consumers, { path: "terraform.tfstate" });
  const { ordersReader, paymentsReader, billingWorkers } = DECLARED;
  for (const [id, g] of [
    ["OrdersReader", ordersReader],
    ["PaymentsReader", paymentsReader],
  ] as const) {
    new SlsConsumerGroup(consumers, id, {
      region: "cn-hangzhou",
      endpoint,
      project: PROJECT,
      ...g,
    });
  }
  const billing = new TerraformStack(app, "billing");
  new LocalBackend(billing, { path: "terraform.tfstate" });
  new DmsQueueConsumerGroup(billing, "Billing", {
    region: "cn-north-4",
    endpoint,
    projectId: DMS_PROJECT,
    queue: { name: billingWorkers.queue },
    name: billingWorkers.name,
  });
  app.synth();
  return { dir, outdir };
}

export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/lib/cli.js <args>` asynchronously, so an in-process emulator keeps answering. */
export function runCli(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  assertCliBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: noCloudNetworkEnv({ PATH: process.env.PATH ?? "/usr/bin:/bin" }, env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
