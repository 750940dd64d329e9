// `cdktf-consumer-groups emulator` as a user runs it: the built dist/lib/cli.js in a child process.

import { spawnSync } from "node:child_process";
import { SlsClient } from "../../lib/clients/sls/client";
import { createDispatcher } from "../../lib/http/dispatcher";
import { CLI, listeningUrl, useEmulatorCli } from "../support/emulator-cli";

const cli = useEmulatorCli();

it("[emulator-only] starts with the demo config, prints one listening line, answers, and exits 0 on SIGTERM", async () => {
  const child = cli.start(["--port", "0"]);
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
