// Runs the bundled hook exactly as Terraform does: `node hook.js <command> <label>` with the
// payload in the environment variable CGAC_PAYLOAD, no shell; or, as releases up to 0.2.0
// wrote it, `node hook.js <command> <json>`.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { noCloudNetworkEnv } from "./no-cloud-network";
import { PAYLOAD_ENV } from "../../lib/contract/names";

export const HOOK_BUNDLE = path.resolve(__dirname, "../../dist/hook/hook.js");

export interface HookRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function assertHookBundleBuilt(): void {
  if (!existsSync(HOOK_BUNDLE)) {
    throw new Error(`${HOOK_BUNDLE} is missing: run \`npm run build\` first (npm test does).`);
  }
}

/** Spawns asynchronously, so an in-process emulator keeps answering while the hook runs. */
export function runHookProcess(
  command: string,
  payload: unknown,
  env: NodeJS.ProcessEnv,
  /** How the payload reaches the hook: the environment (today), or the argument (up to 0.2.0). */
  via: "environment" | "argument" = "environment",
): Promise<HookRun> {
  assertHookBundleBuilt();
  const json = typeof payload === "string" ? payload : JSON.stringify(payload);
  const [argument, childEnv] =
    via === "environment"
      ? [`${command} hook of a test`, { ...env, [PAYLOAD_ENV]: json }]
      : [json, env];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HOOK_BUNDLE, command, argument], {
      env: childEnv,
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

/**
 * A clean environment: PATH, the overrides that keep the credential chain on loopback
 * (no-cloud-network.js), plus what the test passes (never the runner's own cloud keys).
 */
export function hookEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return noCloudNetworkEnv({ PATH: process.env.PATH ?? "/usr/bin:/bin" }, extra);
}
