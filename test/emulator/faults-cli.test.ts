// `cdktf-consumer-groups emulator --faults faults.json`: the built dist/lib/cli.js in a child
// process, with the demo config. All emulator-only.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { request } from "undici";
import { isCloudApiError } from "../../lib/clients/cloud-api-error";
import { SlsClient } from "../../lib/clouds/alibaba/sls/client/sls-client";
import { createDispatcher } from "../../lib/http/dispatcher";
import { CLI, listeningUrl, useEmulatorCli } from "../support/emulator-cli";

const cli = useEmulatorCli();
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "emulator-faults-cli-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

it("[emulator-only] --faults loads rules: the first create is throttled, the retry succeeds", async () => {
  const file = path.join(dir, "faults.json");
  writeFileSync(
    file,
    JSON.stringify([
      { service: "sls", action: "CreateConsumerGroup", fault: { kind: "throttle" } },
      { service: "dms", times: "always", fault: { kind: "throttle", variant: "dms-404" } },
    ]),
  );
  const child = cli.start(["--port", "0", "--faults", file]);
  const url = await listeningUrl(child);
  const dispatcher = createDispatcher({ requestTimeoutMs: 5000 });
  const sls = new SlsClient({
    endpoint: url,
    project: "shop-prod",
    credentials: { accessKeyId: "demo-access-key-id", accessKeySecret: "demo-access-key-secret" },
    dispatcher,
  });
  const group = { name: "demo-reader", timeout: 60, order: false };

  const first = await sls.createConsumerGroup("audit", group).then(
    () => "ok",
    (e: unknown) => (isCloudApiError(e) ? e.cloudCode : String(e)),
  );
  await sls.createConsumerGroup("audit", group);
  const listed = await request(`${url}/_emulator/faults`);
  const rules = await listed.body.json();
  await dispatcher.close();

  expect(first).toBe("WriteQuotaExceed");
  expect(rules).toMatchObject([{ matched: 2 }, { times: "always", matched: 0 }]);
});

it("[emulator-only] --help documents --faults", () => {
  const run = spawnSync(process.execPath, [CLI, "--help"], { encoding: "utf8" });

  expect(run.status).toBe(0);
  expect(run.stdout).toContain("[--faults file.json]");
  expect(run.stdout).toContain('{"kind": "hang", "ms": N, "then"?: "close"|"answer"}');
});

it("[emulator-only] rejects a --faults file that is not an array of valid rules with exit 2", () => {
  const notArray = path.join(dir, "one.json");
  const invalid = path.join(dir, "bad.json");
  writeFileSync(notArray, JSON.stringify({ fault: { kind: "reset" } }));
  writeFileSync(invalid, JSON.stringify([{ fault: { kind: "hang" } }]));

  const one = spawnSync(process.execPath, [CLI, "emulator", "--faults", notArray], {
    encoding: "utf8",
  });
  const bad = spawnSync(process.execPath, [CLI, "emulator", "--faults", invalid], {
    encoding: "utf8",
  });

  expect(one.status).toBe(2);
  expect(one.stderr).toContain("must hold a JSON array of fault rules");
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain("rule 0: fault.ms must be an integer >= 0");
});
