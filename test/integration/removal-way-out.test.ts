// A removal that cannot be carried out never blocks the stack for good. A group the cloud says
// could never have been created is gone; one that may exist but cannot be reached fails with
// one documented way out, CONSUMER_GROUPS_FORGET, which a later run uses (logged loudly); the
// other removed groups are deleted all the same.
//
// | case (prune)                                         | exit | outcome                                      |
// |------------------------------------------------------|------|----------------------------------------------|
// | DMS group whose queue id is malformed (400 10240015) | 0    | "already gone (never created …)", no DELETE  |
// | SLS group at an endpoint nothing answers, + another  | 1    | the other deleted; the way out named          |
// | the same with CONSUMER_GROUPS_FORGET=<name>          | 0    | WARNING, no call for it; the other deleted   |
// | credential variables that are not set                | 1    | HOOK_MISSING_CREDENTIALS + the way out        |
// | the same with CONSUMER_GROUPS_FORGET=*               | 0    | WARNING, forgotten                           |
// | a delete refused by deletion protection              | 1    | no FORGET hint (protection has its own ways) |

import * as net from "node:net";
import { prunePayload } from "../../lib/contract/manifest";
import { type ManagedGroup } from "../../lib/contract/stored-manifest";
import { previousManifest } from "../support/manifests";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { DMS_KEY, DMS_PROJECT, dmsEmulatorConfig, dmsEnv } from "../support/dms-fixtures";
import { hookEnv, runHookProcess } from "../support/hook-process";
import { LOGSTORE, PROJECT, SLS_KEY, slsEmulatorConfig, slsEnv } from "../support/sls-fixtures";
import { identityKey } from "../../lib/contract/group-identity";
import {
  DEFAULT_DMS_CREDENTIAL_SOURCES,
  dmsIdentity,
} from "../../lib/clouds/huawei/dms/dms-contract";
import {
  DEFAULT_SLS_CREDENTIAL_SOURCES,
  slsIdentity,
} from "../../lib/clouds/alibaba/sls/sls-contract";

let emulator: RunningEmulator;
beforeEach(async () => {
  emulator = await startEmulator({ sls: slsEmulatorConfig(), dms: dmsEmulatorConfig() });
});
afterEach(() => emulator.close());

const ENV = { ...slsEnv(SLS_KEY), ...dmsEnv(DMS_KEY) };
const names = () => emulator.sls.listGroups(PROJECT, LOGSTORE).map((g) => g.name);

describe("a removed group whose create never succeeded", () => {
  it("counts a DMS group whose queue id the service calls malformed as gone", async () => {
    const bad: ManagedGroup = {
      identity: dmsIdentity({ projectId: DMS_PROJECT, queue: { id: "not-a-queue-id" }, name: "w" }),
      removalPolicy: "DESTROY",
      transport: transport(emulator.url, "cn-north-4"),
      credentials: DEFAULT_DMS_CREDENTIAL_SOURCES,
    };

    const run = await prune([bad], ENV);

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `dms cn-north-4/${DMS_PROJECT}/not-a-queue-id/w: already gone (never created: DMS.10240015`,
    );
    expect(emulator.calls().map((c) => c.action)).not.toContain("DeleteConsumerGroup");
  });
});

describe("a removed group that may exist but cannot be reached", () => {
  it("fails naming CONSUMER_GROUPS_FORGET, and deletes the other removed groups", async () => {
    const port = await closedPort();
    createSls("other-gone");

    const run = await prune([sls("far", `http://127.0.0.1:${port}`), sls("other-gone")], ENV);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`delete sls cn-hangzhou/${PROJECT}/${LOGSTORE}/far failed:`);
    expect(run.stderr).toContain(
      "If the group was never created, or its endpoint or credentials are gone for good, set " +
        "CONSUMER_GROUPS_FORGET=far in the environment of one terraform run: the group is then " +
        "no longer managed, and not deleted",
    );
    expect(run.stdout).toContain("other-gone: deleted");
    expect(names()).toEqual([]);
  });

  it("forgets the group named by CONSUMER_GROUPS_FORGET, logged loudly, calling nothing for it", async () => {
    const port = await closedPort();
    createSls("other-gone");

    const run = await prune([sls("far", `http://127.0.0.1:${port}`), sls("other-gone")], {
      ...ENV,
      CONSUMER_GROUPS_FORGET: "far",
    });

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `WARNING sls cn-hangzhou/${PROJECT}/${LOGSTORE}/far: CONSUMER_GROUPS_FORGET=far forgets the ` +
        "group: NOT DELETED AND NO LONGER MANAGED; if it exists, it stays in the cloud with its checkpoints",
    );
    expect(run.stdout).toContain("other-gone: deleted");
  });

  it("names the way out for credential variables that are not set, and forgets with *", async () => {
    createSls("typo");
    const typo = sls("typo", emulator.url, [
      { accessKeyId: "PROD_AK_TYPO", accessKeySecret: "PROD_SK_TYPO" },
    ]);

    const stuck = await prune([typo], ENV);
    const forgotten = await prune([typo], { ...ENV, CONSUMER_GROUPS_FORGET: "*" });

    expect(stuck.code).toBe(1);
    expect(stuck.stderr).toContain("HOOK_MISSING_CREDENTIALS");
    expect(stuck.stderr).toContain("set CONSUMER_GROUPS_FORGET=typo in the environment");
    expect(forgotten.code).toBe(0);
    expect(forgotten.stdout).toContain("CONSUMER_GROUPS_FORGET=* forgets the group");
    expect(names()).toEqual(["typo"]);
  });

  it("does not offer the way out for a refusal by deletion protection", async () => {
    createSls("always");
    const always = { ...sls("always"), deletionProtection: "ALWAYS" as const };

    const run = await prune([always], ENV);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HOOK_DELETE_PROTECTED");
    expect(run.stderr).not.toContain("CONSUMER_GROUPS_FORGET");
    expect(names()).toEqual(["always"]);
  });
});

// ---------------------------------------------------------------------------------------------

function transport(endpoint: string, region: string) {
  return { endpoint, region, allowInsecureHttp: false, requestTimeoutMs: 2000, deadlineMs: 3000 };
}

function sls(
  name: string,
  endpoint = emulator.url,
  credentials: ManagedGroup["credentials"] = DEFAULT_SLS_CREDENTIAL_SOURCES,
): ManagedGroup {
  return {
    identity: slsIdentity({ project: PROJECT, logstore: LOGSTORE, name }),
    removalPolicy: "DESTROY",
    deletionProtection: "OFF",
    transport: transport(endpoint, "cn-hangzhou"),
    credentials,
  };
}

function createSls(name: string): void {
  emulator.sls.createGroup(PROJECT, LOGSTORE, { name, timeout: 60, order: false });
}

/** The prune of a manifest that listed `removed`, none of which the app declares now. */
function prune(removed: ManagedGroup[], env: Record<string, string>) {
  const declared = [
    identityKey(slsIdentity({ project: PROJECT, logstore: LOGSTORE, name: "kept" })),
  ];
  const payload = prunePayload(previousManifest(removed), declared);
  return runHookProcess("prune", payload, hookEnv(env));
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
