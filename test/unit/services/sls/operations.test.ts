// The SLS service's ensure and delete, in process against the emulator: which calls each case
// makes and what it says (the table heads lib/services/sls/operations.ts).

import { startEmulator, type RunningEmulator } from "../../../../lib/emulator/server";
import { isHookError } from "../../../../lib/runtime/errors";
import { describeChanges } from "../../../../lib/clouds/alibaba/sls/sls-operations";
import { runService } from "../../../support/service-run";
import {
  LOGSTORE,
  PROJECT,
  SLS_KEY,
  deletePayload,
  ensurePayload,
  slsEmulatorConfig,
  slsEnv,
} from "../../../support/sls-fixtures";

let emulator: RunningEmulator;
beforeEach(async () => {
  emulator = await startEmulator({ sls: slsEmulatorConfig() });
});
afterEach(() => emulator.close());

const env = () => slsEnv(SLS_KEY);
const actions = () => emulator.calls().map((c) => c.action);
const live = () => emulator.sls.listGroups(PROJECT, LOGSTORE);

describe("ensure", () => {
  it("creates a missing group with one POST and says so", async () => {
    const run = await runService(
      ensurePayload({ endpoint: emulator.url, name: "r-1", timeout: 120, order: true }),
      env(),
    );

    expect(actions()).toEqual(["CreateConsumerGroup"]);
    expect(live()).toEqual([{ name: "r-1", timeout: 120, order: true }]);
    expect(run.lines).toEqual([expect.stringMatching(/\/orders\/r-1: created \(request \w+\)$/)]);
    expect(run.credentials).toEqual([
      expect.stringContaining("ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
    ]);
  });

  it("writes the declared settings to an existing group: POST (exists), then one PUT", async () => {
    emulator.sls.createGroup(PROJECT, LOGSTORE, { name: "r-1", timeout: 60, order: false });

    const run = await runService(
      ensurePayload({ endpoint: emulator.url, name: "r-1", timeout: 600, order: true }),
      env(),
    );

    expect(actions()).toEqual(["CreateConsumerGroup", "UpdateConsumerGroup"]);
    expect(live()).toEqual([{ name: "r-1", timeout: 600, order: true }]);
    expect(run.lines[0]).toMatch(/r-1: settings set to timeout 600, order true \(request /);
  });

  it("fails naming the logstore when it does not exist, calling nothing else", async () => {
    await expect(
      runService(ensurePayload({ endpoint: emulator.url, name: "r-1", logstore: "nope-x" }), env()),
    ).rejects.toMatchObject({ kind: "NOT_FOUND", cloudCode: "LogStoreNotExist" });
    expect(actions()).toEqual(["CreateConsumerGroup"]);
  });

  it("fails before any call when the credentials are not in the environment", async () => {
    const error: unknown = await runService(
      ensurePayload({ endpoint: emulator.url, name: "r-1" }),
      {},
    ).catch((e: unknown) => e);

    expect(isHookError(error) && error.code).toBe("HOOK_MISSING_CREDENTIALS");
    expect(actions()).toEqual([]);
  });
});

describe("delete", () => {
  it("deletes a present, idle group: one GetCheckPoint (deletion protection), one DELETE", async () => {
    emulator.sls.createGroup(PROJECT, LOGSTORE, { name: "r-1", timeout: 60, order: false });

    const run = await runService(deletePayload({ endpoint: emulator.url, name: "r-1" }), env());

    expect(actions()).toEqual(["GetCheckPoint", "DeleteConsumerGroup"]);
    expect(live()).toEqual([]);
    expect(run.lines[0]).toMatch(/r-1: deleted \(request /);
  });

  it("counts a missing group as deleted (404 is success)", async () => {
    const run = await runService(deletePayload({ endpoint: emulator.url, name: "r-1" }), env());

    expect(run.lines[0]).toMatch(/r-1: already gone \(ConsumerGroupNotExist/);
  });
});

describe("describeChanges", () => {
  it("lists each differing setting as old -> new, and nothing for a group in sync", () => {
    const live = { name: "g", timeout: 60, order: true };
    expect(describeChanges(live, { timeout: 300, order: false })).toEqual([
      "timeout 60 -> 300",
      "order true -> false",
    ]);
    expect(describeChanges(live, { timeout: 60, order: true })).toEqual([]);
  });
});
