// `cdktf-consumer-groups emulator` as a user runs it: the built dist/lib/cli.js in a child process.

import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { SlsClient } from "../../lib/clients/sls/client";
import { createDispatcher } from "../../lib/http/dispatcher";

const CLI = path.resolve(__dirname, "../../dist/lib/cli.js");
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

it("[emulator-only] starts with the demo config, prints one listening line, answers, and exits 0 on SIGTERM", async () => {
  const child = spawn(process.execPath, [CLI, "emulator", "--port", "0"]);
  children.push(child);
  const url = await listeningUrl(child);
  const dispatcher = createDispatcher({ requestTimeoutMs: 5000 });
  const sls = new SlsClient({
    endpoint: url,
    project: "shop-prod",
    credentials: { accessKeyId: "demo-access-key-id", accessKeySecret: "demo-access-key-secret" },
    dispatcher,
  });

  await sls.createConsumerGroup("audit", { name: "demo-reader", timeout: 60, order: false });
  const { groups } = await sls.listConsumerGroups("audit");
  await dispatcher.close();
  child.kill("SIGTERM");
  const code = await new Promise((resolve) => child.on("exit", (c) => resolve(c)));

  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(groups).toEqual([{ name: "demo-reader", timeout: 60, order: false }]);
  expect(code).toBe(0);
});

it("[emulator-only] prints usage for --help and exits 0", () => {
  const run = spawnSync(process.execPath, [CLI, "--help"], { encoding: "utf8" });

  expect(run.status).toBe(0);
  expect(run.stdout).toContain("cdktf-consumer-groups emulator [--host H] [--port N]");
});

it("[emulator-only] rejects an unknown command with usage on stderr and exit 2", () => {
  const run = spawnSync(process.execPath, [CLI, "frobnicate"], { encoding: "utf8" });

  expect(run.status).toBe(2);
  expect(run.stderr).toContain('unknown command "frobnicate"');
  expect(run.stderr).toContain("usage:");
  expect(run.stdout).toBe("");
});

it("[emulator-only] rejects an unknown option with exit 2", () => {
  const run = spawnSync(process.execPath, [CLI, "emulator", "--prot", "1"], { encoding: "utf8" });

  expect(run.status).toBe(2);
  expect(run.stderr).toContain('unknown option "--prot"');
});

// ---------------------------------------------------------------------------------------

function listeningUrl(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const match = /^emulator listening on (http:\/\/\S+)\n$/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`the emulator exited ${code}: ${out}${err}`)));
  });
}
