// The manifest's prune hook on its own: it deletes every group that left the configuration,
// keeps going when one of them fails, and then fails the run so that Terraform keeps the
// manifest in state and runs the prune again on the next apply.

import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { prunePayload } from "../../lib/contract/manifest";
import { type ManagedGroup } from "../../lib/contract/stored-manifest";
import { previousManifest } from "../support/manifests";
import { hookEnv, runHookProcess } from "../support/hook-process";
import { LOGSTORE, PROJECT, SLS_KEY, slsEmulatorConfig, slsEnv } from "../support/sls-fixtures";
import { identityKey } from "../../lib/contract/group-identity";
import {
  DEFAULT_SLS_CREDENTIAL_SOURCES,
  slsIdentity,
} from "../../lib/clouds/alibaba/sls/sls-contract";

let emulator: RunningEmulator;
beforeEach(async () => {
  emulator = await startEmulator({ sls: slsEmulatorConfig() });
});
afterEach(() => emulator.close());

function managed(name: string, credentials = DEFAULT_SLS_CREDENTIAL_SOURCES): ManagedGroup {
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
    credentials,
  };
}

function prune(previous: ManagedGroup[], declared: string[]) {
  const payload = prunePayload(previousManifest(previous), declared);
  return runHookProcess("prune", payload, hookEnv(slsEnv(SLS_KEY)));
}

const names = () => emulator.sls.listGroups(PROJECT, LOGSTORE).map((g) => g.name);

it("deletes the other groups when one delete fails, then exits 1 naming the failure", async () => {
  for (const name of ["gone-1", "gone-2"]) {
    emulator.sls.createGroup(PROJECT, LOGSTORE, { name, timeout: 60, order: false });
  }
  // gone-1 names credential variables that are not set: its delete cannot run.
  const unset = [{ accessKeyId: "UNSET_AK", accessKeySecret: "UNSET_SK" }];

  const run = await prune([managed("gone-1", unset), managed("gone-2")], []);

  expect(run.code).toBe(1);
  expect(run.stderr).toContain("delete sls cn-hangzhou/shop-prod/orders/gone-1 failed");
  expect(run.stderr).toContain("HOOK_MISSING_CREDENTIALS");
  expect(run.stdout).toContain("gone-2: deleted");
  expect(names()).toEqual(["gone-1"]);
});

it("says so and calls nothing when every listed group is still declared", async () => {
  const kept = managed("kept");

  const run = await prune([kept], [identityKey(kept.identity)]);

  expect(run.code).toBe(0);
  expect(run.stdout).toContain("nothing to delete");
  expect(emulator.calls()).toEqual([]);
});
