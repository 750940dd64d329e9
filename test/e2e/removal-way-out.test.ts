// Removals that cannot be carried out, with real terraform. The steps build on each other:
//
// | step                                                | expected                                        |
// |-----------------------------------------------------|-------------------------------------------------|
// | apply keep + typo (credential variables not set)    | apply fails; keep created, typo not             |
// | remove typo, add added                              | apply fails in the prune, naming                |
// |                                                     |   CONSUMER_GROUPS_FORGET=typo-reader; added waits |
// |                                                     |   (the manifest keeps typo listed: see below)   |
// | the same apply with CONSUMER_GROUPS_FORGET          | WARNING; added created; nothing deleted         |
// | plan                                                | no changes: typo is not asked about again       |
// | add a DMS group with a malformed queue id           | apply fails (400 DMS.10240015)                  |
// | remove it                                           | apply succeeds: "already gone (never created …)"|
//
// Why `added` waits when the prune fails: every Group and the reconciler depend on the manifest.
// That order keeps two properties: a group whose delete failed stays listed by the manifest in
// state (a prune that let the apply go on would drop it from the list, and nothing would ever
// delete it), and a destroy removes the manifest last (docs/deletion-protection.md). The way
// out unblocks the stack in one run.

import type { TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { DMS_PROJECT } from "../support/dms-fixtures";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { LOGSTORE, PROJECT } from "../support/sls-fixtures";
import { expectSuccess } from "../support/terraform-workspace";

const STACK = "removal-way-out";
jest.setTimeout(120_000);

const e2e = useEmulatorAndTerraform();

interface Declared {
  typo?: boolean;
  added?: boolean;
  malformed?: boolean;
}

describe("a removal that cannot be carried out", () => {
  it("creates the groups it can; the one with unset credential variables fails", async () => {
    synth({ typo: true });
    expectSuccess(await e2e.workspace.init(STACK), "terraform init");

    const run = await e2e.workspace.apply(STACK);

    expect(run.code).toBe(1);
    expect(run.output).toContain("HOOK_MISSING_CREDENTIALS");
    expect(slsNames()).toEqual(["keep-reader"]);
  });

  it("fails the prune of the never-created group naming the way out; the new group waits", async () => {
    synth({ added: true });

    const run = await e2e.workspace.apply(STACK);

    expect(run.code).toBe(1);
    expect(run.output).toContain("typo-reader failed: HOOK_MISSING_CREDENTIALS");
    expect(run.output).toContain("set CONSUMER_GROUPS_FORGET=typo-reader in the environment");
    // The property kept: the creates of this apply wait for the manifest.
    expect(slsNames()).toEqual(["keep-reader"]);
  });

  it("forgets it with CONSUMER_GROUPS_FORGET, logged loudly, and creates the new group", async () => {
    e2e.workspace.setEnv("CONSUMER_GROUPS_FORGET", "typo-reader");
    try {
      e2e.emulator.resetCalls();
      const run = await e2e.workspace.apply(STACK);

      expectSuccess(run, "apply with CONSUMER_GROUPS_FORGET");
      expect(run.output).toMatch(
        /WARNING sls cn-hangzhou\/shop-prod\/orders\/typo-reader: CONSUMER_GROUPS_FORGET=typo-reader forgets the group: NOT DELETED/,
      );
    } finally {
      e2e.workspace.setEnv("CONSUMER_GROUPS_FORGET", undefined);
    }
    expect(slsNames()).toEqual(["added-reader", "keep-reader"]);
    expect(e2e.emulator.calls().map((c) => c.action)).not.toContain("DeleteConsumerGroup");
  });

  it("plans no changes afterwards, without the variable", async () => {
    const plan = await e2e.workspace.plan(STACK);
    expect(plan.code).toBe(0);
  });

  it("fails to create a DMS group whose queue id is malformed", async () => {
    synth({ added: true, malformed: true });

    const run = await e2e.workspace.apply(STACK);

    expect(run.code).toBe(1);
    expect(run.output).toContain("DMS.10240015");
  });

  it("removes that DMS group in one apply: it was never created", async () => {
    synth({ added: true });

    const run = await e2e.workspace.apply(STACK);

    expectSuccess(run, "apply removing the never-created DMS group");
    expect(run.output).toContain(
      `dms cn-north-4/${DMS_PROJECT}/not-a-queue-id/bad-workers: already gone (never created: DMS.10240015`,
    );
  });

  it("destroys the rest", async () => {
    expectSuccess(await e2e.workspace.destroy(STACK), "destroy");
    expect(slsNames()).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

function synth(d: Declared): void {
  e2e.workspace.synth(STACK, (stack: TerraformStack) => {
    const sls = {
      region: "cn-hangzhou",
      endpoint: e2e.emulator.url,
      project: PROJECT,
      logstore: LOGSTORE,
      timeout: 60,
    };
    new SlsConsumerGroup(stack, "Keep", { ...sls, name: "keep-reader" });
    if (d.typo) {
      new SlsConsumerGroup(stack, "Typo", {
        ...sls,
        name: "typo-reader",
        credentials: {
          accessKeyIdVariable: "PROD_AK_TYPO",
          accessKeySecretVariable: "PROD_SK_TYPO",
        },
      });
    }
    if (d.added) new SlsConsumerGroup(stack, "Added", { ...sls, name: "added-reader" });
    if (d.malformed) {
      new DmsQueueConsumerGroup(stack, "Bad", {
        region: "cn-north-4",
        endpoint: e2e.emulator.url,
        projectId: DMS_PROJECT,
        queue: { id: "not-a-queue-id" },
        name: "bad-workers",
        readyTimeoutSeconds: 2,
      });
    }
  });
}

function slsNames(): string[] {
  return e2e.emulator.sls
    .listGroups(PROJECT, LOGSTORE)
    .map((g) => g.name)
    .sort();
}
