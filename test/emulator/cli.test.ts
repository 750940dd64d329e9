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

it("[emulator-only] prints one line per request: time, method, path, status and request id", async () => {
  // GIVEN the emulator command and a client
  const child = cli.start(["--port", "0"]);
  const url = await listeningUrl(child);
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const dispatcher = createDispatcher({ requestTimeoutMs: 5000 });
  const sls = new SlsClient({
    endpoint: url,
    project: "shop-prod",
    credentials: { accessKeyId: "demo-access-key-id", accessKeySecret: "demo-access-key-secret" },
    dispatcher,
  });

  // WHEN it answers a cloud call, a rejected cloud call and an admin route
  await sls.createConsumerGroup("audit", { name: "log-reader", timeout: 60, order: false });
  await sls.listConsumerGroups("no-such-logstore").catch(() => undefined);
  await fetch(`${url}/_emulator/calls`, { method: "DELETE" });
  await dispatcher.close();
  await waitFor(() => out.split("\n").length > 3);

  // THEN each got one line, in order
  const lines = out.trimEnd().split("\n");
  const time = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(
    new RegExp(`^${time} POST /logstores/audit/consumergroups 200 [0-9A-F]{24}$`),
  );
  expect(lines[1]).toMatch(
    new RegExp(`^${time} GET /logstores/no-such-logstore/consumergroups 404 [0-9A-F]{24}$`),
  );
  expect(lines[2]).toMatch(new RegExp(`^${time} DELETE /_emulator/calls 200 -$`));
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

// ---------------------------------------------------------------------------------------------

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
}
