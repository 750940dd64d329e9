// Deletion protection in the bundled hook, against the emulator: the delete hook and the
// prune refuse a group in use (SLS: a checkpoint committed within the window; DMS: messages
// waiting), with HOOK_DELETE_PROTECTED and the evidence; other groups of the same prune go on;
// OFF deletes at once; ALWAYS refuses; CONSUMER_GROUPS_ALLOW_DELETE lets one through.
//
// | case                              | calls before DELETE          | outcome                  |
// |-----------------------------------|------------------------------|--------------------------|
// | SLS WHEN_IN_USE, commit 42 s ago  | GetCheckPoint                | refused, group kept      |
// | SLS WHEN_IN_USE, commit 11 min ago| GetCheckPoint                | deleted                  |
// | SLS OFF, commit now               | none                         | deleted                  |
// | SLS ALWAYS, idle                  | GetCheckPoint                | refused                  |
// | SLS override, commit now          | GetCheckPoint                | deleted, WARNING logged  |
// | DMS 120 messages waiting          | the list the delete makes    | refused                  |
// | DMS drained                       | the same list                | deleted                  |
// | prune: one in use, one idle       | per group as above           | idle deleted, exit 1     |

import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { prunePayload } from "../../lib/contract/manifest";
import { type ManagedGroup } from "../../lib/contract/stored-manifest";
import { previousManifest } from "../support/manifests";
import {
  BILLING_QUEUE,
  DMS_PROJECT,
  dmsDeletePayload,
  dmsEmulatorConfig,
  dmsEnv,
} from "../support/dms-fixtures";
import { hookEnv, runHookProcess } from "../support/hook-process";
import {
  LOGSTORE,
  PROJECT,
  SLS_KEY,
  deletePayload,
  slsEmulatorConfig,
  slsEnv,
} from "../support/sls-fixtures";
import {
  DEFAULT_SLS_CREDENTIAL_SOURCES,
  slsIdentity,
} from "../../lib/clouds/alibaba/sls/sls-contract";

let emulator: RunningEmulator;
beforeEach(async () => {
  emulator = await startEmulator({ sls: slsEmulatorConfig(), dms: dmsEmulatorConfig() });
});
afterEach(() => emulator.close());

const NOW_US = () => Date.now() * 1000;
const TARGET = `sls cn-hangzhou/${PROJECT}/${LOGSTORE}`;

describe("SLS delete hook", () => {
  it("rejects a group whose shard committed 42 s ago, naming shard, age and consumer", async () => {
    createSls("orders-reader");
    committed("orders-reader", 1, 42, "worker-7");

    const run = await deleteSls("orders-reader");

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`delete ${TARGET}/orders-reader failed: HOOK_DELETE_PROTECTED`);
    expect(run.stderr).toMatch(/shard 1 committed 4[2-4] s ago by consumer worker-7/);
    expect(run.stderr).toContain("Stop the group's consumers");
    expect(run.stderr).toContain("deletionProtection: OFF");
    expect(run.stderr).toContain("CONSUMER_GROUPS_ALLOW_DELETE=orders-reader");
    expect(slsNames()).toEqual(["orders-reader"]);
    expect(slsActions()).toEqual(["GetCheckPoint"]);
  });

  it("deletes a group idle for longer than the window, with one GetCheckPoint", async () => {
    createSls("orders-reader");
    committed("orders-reader", 0, 660, "worker-7");

    const run = await deleteSls("orders-reader");

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${TARGET}/orders-reader: deleted`);
    expect(slsNames()).toEqual([]);
    expect(slsActions()).toEqual(["GetCheckPoint", "DeleteConsumerGroup"]);
  });

  it("honours a shorter window", async () => {
    createSls("orders-reader");
    committed("orders-reader", 0, 90, "worker-7");

    expect((await deleteSls("orders-reader", { inUseWindowSeconds: 60 })).code).toBe(0);
    expect(slsNames()).toEqual([]);
  });

  it("reads updateTime in seconds as well as in microseconds", async () => {
    await emulator.close();
    emulator = await startEmulator({
      sls: { ...slsEmulatorConfig(), checkpointUpdateTimeUnit: "seconds" },
    });
    createSls("orders-reader");
    emulator.sls.setCheckpoints(PROJECT, LOGSTORE, "orders-reader", [
      { shard: 0, checkpoint: "MTcwMA==", consumer: "worker-1" }, // now, in seconds
    ]);

    const run = await deleteSls("orders-reader");

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/shard 0 committed [0-2] s ago by consumer worker-1/);
  });

  it("deletes at once with OFF, without reading checkpoints", async () => {
    createSls("orders-reader");
    committed("orders-reader", 0, 1, "worker-7");

    const run = await deleteSls("orders-reader", { deletionProtection: "OFF" });

    expect(run.code).toBe(0);
    expect(slsNames()).toEqual([]);
    expect(slsActions()).toEqual(["DeleteConsumerGroup"]);
  });

  it("rejects every delete with ALWAYS, idle or not", async () => {
    createSls("orders-reader");

    const run = await deleteSls("orders-reader", { deletionProtection: "ALWAYS" });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HOOK_DELETE_PROTECTED");
    expect(run.stderr).toContain("deletionProtection is ALWAYS");
    expect(slsNames()).toEqual(["orders-reader"]);
  });

  it("treats a group already gone as gone, whatever the protection", async () => {
    const run = await deleteSls("orders-reader", { deletionProtection: "ALWAYS" });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("already gone (ConsumerGroupNotExist");
  });

  it("lets CONSUMER_GROUPS_ALLOW_DELETE through, logged loudly", async () => {
    createSls("orders-reader");
    committed("orders-reader", 0, 1, "worker-7");

    const run = await deleteSls(
      "orders-reader",
      {},
      { CONSUMER_GROUPS_ALLOW_DELETE: "x,orders-reader" },
    );

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/WARNING .*CONSUMER_GROUPS_ALLOW_DELETE=x,orders-reader overrides/);
    expect(slsNames()).toEqual([]);
  });

  it("keeps a RETAIN group without any call, in use or not", async () => {
    createSls("orders-reader");

    const run = await deleteSls("orders-reader", { removalPolicy: "RETAIN" });

    expect(run.code).toBe(0);
    expect(slsActions()).toEqual([]);
  });
});

describe("DMS delete hook", () => {
  it("rejects a group with 120 messages waiting, then deletes it once drained", async () => {
    emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE, "billing-workers");
    emulator.dms.setMessageCounts(DMS_PROJECT, BILLING_QUEUE, "billing-workers", {
      available_messages: 120,
    });

    const refused = await deleteDms("billing-workers");

    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("HOOK_DELETE_PROTECTED");
    expect(refused.stderr).toContain("120 messages waiting");
    expect(refused.stderr).toContain("Let its consumers drain the group");
    expect(dmsNames()).toEqual(["billing-workers"]);

    emulator.dms.setMessageCounts(DMS_PROJECT, BILLING_QUEUE, "billing-workers", {
      available_messages: 0,
    });
    emulator.resetCalls();
    const deleted = await deleteDms("billing-workers");

    expect(deleted.code).toBe(0);
    expect(dmsNames()).toEqual([]);
    // The list the delete makes anyway (queue by id), with message counts: no extra call.
    expect(dmsActions()).toEqual(["ListConsumerGroups", "DeleteConsumerGroup"]);
  });

  it("deletes at once with OFF although messages wait", async () => {
    emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE, "billing-workers");
    emulator.dms.setMessageCounts(DMS_PROJECT, BILLING_QUEUE, "billing-workers", {
      available_messages: 5,
    });

    expect((await deleteDms("billing-workers", { deletionProtection: "OFF" })).code).toBe(0);
    expect(dmsNames()).toEqual([]);
  });
});

describe("prune", () => {
  it("deletes the idle group, refuses the one in use, and fails so the next apply retries", async () => {
    createSls("gone-busy");
    createSls("gone-idle");
    committed("gone-busy", 0, 5, "worker-7");

    const run = await runHookProcess(
      "prune",
      prunePayload(previousManifest([managed("gone-busy"), managed("gone-idle")]), []),
      hookEnv(slsEnv(SLS_KEY)),
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`delete ${TARGET}/gone-busy failed: HOOK_DELETE_PROTECTED`);
    expect(run.stdout).toContain(`${TARGET}/gone-idle: deleted`);
    expect(slsNames()).toEqual(["gone-busy"]);
  });

  it("uses the protection stored in the manifest (OFF deletes a group in use)", async () => {
    createSls("gone-busy");
    committed("gone-busy", 0, 5, "worker-7");
    const off = { ...managed("gone-busy"), deletionProtection: "OFF" } as ManagedGroup;

    const run = await runHookProcess(
      "prune",
      prunePayload(previousManifest([off]), []),
      hookEnv(slsEnv(SLS_KEY)),
    );

    expect(run.code).toBe(0);
    expect(slsNames()).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

function createSls(name: string) {
  emulator.sls.createGroup(PROJECT, LOGSTORE, { name, timeout: 60, order: false });
}

/** Shard `shard` of `group` committed `secondsAgo` seconds ago (updateTime in microseconds). */
function committed(group: string, shard: number, secondsAgo: number, consumer: string) {
  emulator.sls.setCheckpoints(PROJECT, LOGSTORE, group, [
    { shard, checkpoint: "MTcwMA==", updateTime: NOW_US() - secondsAgo * 1_000_000, consumer },
  ]);
}

async function deleteSls(
  name: string,
  extra: Parameters<typeof deletePayload>[0] extends infer A ? Partial<A> : never = {},
  env: Record<string, string> = {},
) {
  emulator.resetCalls();
  return runHookProcess(
    "delete",
    deletePayload({ endpoint: emulator.url, name, ...extra }),
    hookEnv({ ...slsEnv(SLS_KEY), ...env }),
  );
}

async function deleteDms(name: string, extra: { deletionProtection?: "OFF" } = {}) {
  return runHookProcess(
    "delete",
    dmsDeletePayload({ endpoint: emulator.url, name, ...extra }),
    hookEnv(dmsEnv()),
  );
}

function managed(name: string): ManagedGroup {
  return {
    identity: slsIdentity({ project: PROJECT, logstore: LOGSTORE, name }),
    removalPolicy: "DESTROY",
    transport: {
      endpoint: emulator.url,
      region: "cn-hangzhou",
      allowInsecureHttp: false,
      requestTimeoutMs: 5000,
      deadlineMs: 20000,
    },
    credentials: DEFAULT_SLS_CREDENTIAL_SOURCES,
  };
}

const slsNames = () => emulator.sls.listGroups(PROJECT, LOGSTORE).map((g) => g.name);
const dmsNames = () => emulator.dms.listGroups(DMS_PROJECT, BILLING_QUEUE).map((g) => g.name);
const slsActions = () =>
  emulator
    .calls()
    .filter((c) => c.service === "sls")
    .map((c) => c.action);
const dmsActions = () =>
  emulator
    .calls()
    .filter((c) => c.service === "dms")
    .map((c) => c.action);
