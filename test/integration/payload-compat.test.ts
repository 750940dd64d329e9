// Payloads recorded from library 0.1 (payload version 1), as Terraform handed them to the hook,
// run by the hook of this version: a group deployed by an older version must
// still be deleted correctly after an upgrade changes the payload format. When the format
// changes, add a payloads-vN folder and keep this one: it is what old states hold.
//
// Only the recorded endpoint (http://127.0.0.1:4580) is replaced, by the emulator's address.

import { readFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { DMS_KEY, DMS_PROJECT, dmsEmulatorConfig, dmsEnv } from "../support/dms-fixtures";
import { hookEnv, runHookProcess } from "../support/hook-process";
import { LOGSTORE, PROJECT, SLS_KEY, slsEmulatorConfig, slsEnv } from "../support/sls-fixtures";

const RECORDED_ENDPOINT = "http://127.0.0.1:4580";
const FIXTURES = path.join(__dirname, "../fixtures/payloads-v1");

let emulator: RunningEmulator;
beforeEach(async () => {
  emulator = await startEmulator({ sls: slsEmulatorConfig(), dms: dmsEmulatorConfig() });
});
afterEach(() => emulator.close());

function recorded(file: string): { command: string; payload: string } {
  const { command, payload } = JSON.parse(readFileSync(path.join(FIXTURES, file), "utf8")) as {
    command: string;
    payload: unknown;
  };
  return { command, payload: JSON.stringify(payload).split(RECORDED_ENDPOINT).join(emulator.url) };
}

/** As that release's Terraform configuration ran the hook: the payload as the argument. */
function run(file: string, via: "argument" | "environment" = "argument") {
  const { command, payload } = recorded(file);
  return runHookProcess(command, payload, hookEnv({ ...slsEnv(SLS_KEY), ...dmsEnv(DMS_KEY) }), via);
}

const slsNames = () =>
  emulator.sls
    .listGroups(PROJECT, LOGSTORE)
    .map((g) => g.name)
    .sort();
const dmsNames = () => emulator.dms.listGroups(DMS_PROJECT, "billing").map((g) => g.name);

describe("payloads recorded from version 1", () => {
  it("ensure creates the SLS and the DMS group", async () => {
    expect((await run("sls-ensure.json")).code).toBe(0);
    expect((await run("dms-ensure.json")).code).toBe(0);

    expect(emulator.sls.listGroups(PROJECT, LOGSTORE)).toEqual([
      { name: "orders-reader", timeout: 300, order: true },
    ]);
    expect(dmsNames()).toEqual(["billing-workers"]);
  });

  it("delete removes the groups, the identity coming from the recorded state", async () => {
    emulator.sls.createGroup(PROJECT, LOGSTORE, {
      name: "orders-reader",
      timeout: 300,
      order: true,
    });
    emulator.dms.createGroup(DMS_PROJECT, "billing", "billing-workers");

    const sls = await run("sls-delete.json");
    const dms = await run("dms-delete.json");

    expect([sls.code, dms.code]).toEqual([0, 0]);
    expect(slsNames()).toEqual([]);
    expect(dmsNames()).toEqual([]);
  });

  it("delete reads the same payload from the environment, as today's configuration passes it", async () => {
    emulator.sls.createGroup(PROJECT, LOGSTORE, {
      name: "orders-reader",
      timeout: 300,
      order: true,
    });

    const sls = await run("sls-delete.json", "environment");

    expect(sls.code).toBe(0);
    expect(slsNames()).toEqual([]);
  });

  it("prune deletes every listed group but keeps the RETAIN one", async () => {
    for (const name of ["orders-reader", "orders-archive"]) {
      emulator.sls.createGroup(PROJECT, LOGSTORE, { name, timeout: 60, order: false });
    }
    emulator.dms.createGroup(DMS_PROJECT, "billing", "billing-workers");

    const prune = await run("prune-all.json");

    expect(prune.code).toBe(0);
    expect(prune.stdout).toContain("orders-archive: kept (RETAIN)");
    expect(slsNames()).toEqual(["orders-archive"]);
    expect(dmsNames()).toEqual([]);
  });
});

it("with no payload in the argument or the environment, says how the hook is run and exits 2", async () => {
  const result = await runHookProcess("delete", "a label", hookEnv(slsEnv(SLS_KEY)), "argument");

  expect(result.code).toBe(2);
  expect(result.stderr).toContain("HOOK_BAD_USAGE");
  expect(result.stderr).toContain("CGAC_PAYLOAD");
});

it("a payload version this hook does not know is refused with a clear message and exit 2", async () => {
  const { payload } = recorded("sls-delete.json");
  const future = JSON.stringify({ ...JSON.parse(payload), v: 99 });

  const result = await runHookProcess("delete", future, hookEnv(slsEnv(SLS_KEY)));

  expect(result.code).toBe(2);
  expect(result.stderr).toContain("payload version 99 is not supported by this hook");
});
