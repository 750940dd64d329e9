// `cdktf-consumer-groups emulator` as a user runs it: the built dist/lib/cli.js in a child process.

import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { SlsClient } from "../../lib/clouds/alibaba/sls/client/sls-client";
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

describe("--help of one command", () => {
  it("[emulator-only] prints only the emulator's help for emulator --help, its list subcommand included", () => {
    const run = cliSync(["emulator", "--help"]);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain("cdktf-consumer-groups emulator [--host H] [--port N]");
    expect(run.stdout).toContain("cdktf-consumer-groups emulator list --url URL");
    expect(run.stdout).not.toContain("check [path]");
    expect(run.stdout).not.toContain("repair [path]");
    expect(run.stdout).not.toContain("cdktf-consumer-groups --help");
  });

  it("[emulator-only] prints only the list subcommand's help for emulator list --help", () => {
    const run = cliSync(["emulator", "list", "--help"]);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain("cdktf-consumer-groups emulator list --url URL");
    expect(run.stdout).not.toContain("--faults");
    expect(run.stdout).not.toContain("check [path]");
  });

  it("[emulator-only] prints only check's help for check --help, and only repair's for repair --help", () => {
    const check = cliSync(["check", "--help"]);
    const repair = cliSync(["repair", "-h"]);

    expect(check.status).toBe(0);
    expect(check.stdout).toContain("cdktf-consumer-groups check [path] [--json]");
    expect(check.stdout).not.toContain("emulator");
    expect(check.stdout).not.toContain("repair [path]");
    expect(repair.status).toBe(0);
    expect(repair.stdout).toContain("cdktf-consumer-groups repair [path] [--dry-run]");
    expect(repair.stdout).not.toContain("emulator");
    expect(repair.stdout).not.toContain("check [path]");
  });

  it("[emulator-only] still prints every command's help for --help alone", () => {
    const run = cliSync(["--help"]);

    expect(run.status).toBe(0);
    for (const synopsis of [
      "emulator [--host H]",
      "emulator list --url URL",
      "check [path]",
      "repair [path]",
    ]) {
      expect(run.stdout).toContain(`cdktf-consumer-groups ${synopsis}`);
    }
  });

  it("[emulator-only] rejects a bad emulator option with the emulator's usage only", () => {
    const run = cliSync(["emulator", "--port", "70000"]);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--port must be an integer from 0 to 65535, got 70000");
    expect(run.stderr).toContain("cdktf-consumer-groups emulator [--host H]");
    expect(run.stderr).not.toContain("check [path]");
  });
});

describe("emulator list", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "emulator-list-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("[emulator-only] prints one row per SLS and DMS group the emulator holds, with checkpoints and waiting messages", async () => {
    // GIVEN an emulator started from a state file with two SLS groups (one with checkpoints on
    // two shards) and a DMS group with 120 messages waiting
    const state = path.join(dir, "state.json");
    writeFileSync(state, JSON.stringify(LIST_STATE));
    const url = await listeningUrl(cli.start(["--port", "0", "--state", state]));

    // WHEN emulator list reads it
    const run = await cliAsync(["emulator", "list", "--url", url]);

    // THEN the rows are aligned under a header, in the emulator's order, and counted
    expect(run).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "SERVICE  WHERE                                     GROUP            DETAIL",
        "sls      shop-prod/orders                          orders-reader    timeout 300, order true, checkpoints on 2 shards",
        "sls      shop-prod/orders                          orders-audit     timeout 60, order false, no checkpoint",
        "dms      0a1b2c3d4e5f40718293a4b5c6d7e8f9/billing  billing-workers  id g-5c1b7e0a-2f4d-4e6a-9b3c-8d7f6e5a4b3c, 120 messages waiting",
        "3 consumer groups",
        "",
      ].join("\n"),
    });
  });

  it("[emulator-only] lists a group created through the API, and says 0 consumer groups after a reset", async () => {
    const url = await listeningUrl(cli.start(["--port", "0"]));
    const dispatcher = createDispatcher({ requestTimeoutMs: 5000 });
    const sls = new SlsClient({
      endpoint: url,
      project: "shop-prod",
      credentials: { accessKeyId: "demo-access-key-id", accessKeySecret: "demo-access-key-secret" },
      dispatcher,
    });
    await sls.createConsumerGroup("audit", { name: "demo-reader", timeout: 60, order: false });
    await dispatcher.close();

    const one = await cliAsync(["emulator", "list", "--url", url]);
    await fetch(`${url}/_emulator/reset`, { method: "POST" });
    const none = await cliAsync(["emulator", "list", "--url", url]);

    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(
      /^sls +shop-prod\/audit +demo-reader +timeout 60, order false, no checkpoint$/m,
    );
    expect(one.stdout).toMatch(/\n1 consumer group\n$/);
    expect(none).toEqual({ code: 0, stdout: "0 consumer groups\n", stderr: "" });
  });

  it("rejects a missing --url or a stray argument with the list usage and exit 2", async () => {
    const missing = await cliAsync(["emulator", "list"]);
    const stray = await cliAsync(["emulator", "list", "--url", "http://127.0.0.1:4580", "now"]);

    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--url is required");
    expect(missing.stderr).toContain("cdktf-consumer-groups emulator list --url URL");
    expect(missing.stderr).not.toContain("--faults");
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('unexpected argument "now"');
  });

  it("fails with exit 1 naming the URL when nothing listens there", async () => {
    const port = await closedPort();

    const run = await cliAsync(["emulator", "list", "--url", `http://127.0.0.1:${port}`]);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `emulator list failed: cannot reach http://127.0.0.1:${port}/_emulator/state (ECONNREFUSED). ` +
        "Is the emulator running? Start it with `cdktf-consumer-groups emulator` and pass the URL it prints.\n",
    );
  });

  it("fails with exit 1 when the URL answers but is not the emulator", async () => {
    const server = createServer((_req, res) => res.writeHead(404).end("not found"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const run = await cliAsync(["emulator", "list", "--url", url]).finally(() => server.close());

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `GET ${url}/_emulator/state answered 404 without the emulator's state`,
    );
    expect(run.stdout).toBe("");
  });
});

// ---------------------------------------------------------------------------------------------

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
}

function cliSync(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
}

/** The CLI without blocking this process, so servers in this test can answer it. */
function cliAsync(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A loopback port that was free a moment ago and has nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A state file's content: what the emulator restores at start (GET /_emulator/state's shape). */
const LIST_STATE = {
  sls: {
    projects: {
      "shop-prod": {
        logstores: {
          orders: {
            groups: [
              { name: "orders-reader", timeout: 300, order: true, generation: 1 },
              { name: "orders-audit", timeout: 60, order: false, generation: 2 },
            ],
            checkpoints: {
              "orders-reader": [0, 1].map((shard) => ({
                shard,
                checkpoint: "MTcwMA==",
                updateTime: 1_700_000_000_000_000,
                consumer: "worker-7",
              })),
            },
          },
          payments: { groups: [] },
          audit: { groups: [] },
        },
      },
    },
  },
  dms: {
    projects: {
      "0a1b2c3d4e5f40718293a4b5c6d7e8f9": {
        queues: [
          {
            id: "3f9c2a7e-5b1d-4c8e-9a6f-0d2b4e6c8a10",
            name: "billing",
            description: "",
            queueMode: "NORMAL",
            redrivePolicy: "disable",
            created: 1_700_000_000_000,
            groups: [
              {
                id: "g-5c1b7e0a-2f4d-4e6a-9b3c-8d7f6e5a4b3c",
                name: "billing-workers",
                createdAt: 1_700_000_000_000,
                generation: 1,
                messages: { available_messages: 120 },
              },
            ],
          },
        ],
      },
    },
  },
};

describe("--config with the credential sections", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "cgac-cli-config-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const ROLE = "acs:ram::1234567890123456:role/pipeline-deployer";
  const KEY = { accessKeyId: "cli-key-id", accessKeySecret: "cli-key-secret" };

  it("[emulator-only] serves STS from the sts section and Huawei federation from the huawei section", async () => {
    const config = path.join(dir, "config.json");
    writeFileSync(
      config,
      JSON.stringify({
        sls: { accessKeys: [KEY], projects: { "shop-prod": { logstores: ["orders"] } } },
        dms: { projects: {} },
        sts: { roles: [{ arn: ROLE }] },
        huawei: { identityProviders: [{ id: "ci", idToken: "cli-id-token" }] },
      }),
    );
    const child = cli.start(["--port", "0", "--config", config]);
    const url = await listeningUrl(child);
    const { assumeRole } = await import("../../lib/clouds/alibaba/shared/sts-client");
    const { federatedKey } = await import("../../lib/clouds/huawei/shared/huawei-token-client");

    const key = await assumeRole({ endpoint: new URL(url) }, KEY, {
      roleArn: ROLE,
      sessionName: "cli-test",
      durationSeconds: 900,
    });
    const dispatcher = createDispatcher({ requestTimeoutMs: 5000 });
    try {
      const sls = new SlsClient({
        endpoint: url,
        project: "shop-prod",
        credentials: key,
        dispatcher,
      });
      await expect(sls.listConsumerGroups("orders")).resolves.toMatchObject({ groups: [] });
    } finally {
      await dispatcher.close();
    }
    const huaweiKey = await federatedKey(new URL(url), "ci", "cli-id-token");

    expect(key.accessKeyId).toMatch(/^STS\./);
    expect(huaweiKey.accessKey).toMatch(/^HWSTS/);
  });

  it("[emulator-only] rejects an sts section without roles, with exit 2 and the expected shape", () => {
    const config = path.join(dir, "config.json");
    writeFileSync(
      config,
      JSON.stringify({
        sls: { accessKeys: [KEY], projects: {} },
        sts: { ecsRoleName: "Role" },
      }),
    );
    const run = spawnSync(process.execPath, [CLI, "emulator", "--config", config], {
      encoding: "utf8",
    });

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('"sts" must look like {"roles": [{"arn"');
  });
});
