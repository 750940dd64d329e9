// Deletion protection with real terraform: every delete path (a construct removed from the
// code, cdktf destroy) refuses a group in use and retries on the next run; OFF deletes at once;
// ALWAYS refuses; CONSUMER_GROUPS_ALLOW_DELETE lets one through. The steps build on each other:
//
// | step                                         | expected at the emulator                      |
// |----------------------------------------------|-----------------------------------------------|
// | apply A, B (OFF), C (ALWAYS), D (DMS), E     | 5 groups created                              |
// | A in use; remove A, change B's timeout       | apply fails HOOK_DELETE_PROTECTED; A kept;    |
// |                                              | B's update waits for the manifest             |
// | A idle (11 min); apply again                 | the prune is retried: A deleted; B updated    |
// | B in use; remove B (OFF)                     | B deleted at once                             |
// | D 120 messages waiting, E in use; destroy    | destroy fails; C, D, E kept                   |
// | D drained, E idle; destroy                   | D, E deleted; C (ALWAYS) refused              |
// | CONSUMER_GROUPS_ALLOW_DELETE=group-c; destroy| C deleted, WARNING logged; state empty        |

import type { TerraformStack } from "cdktf";
import { DeletionProtection, DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { BILLING_QUEUE, BILLING_QUEUE_ID, DMS_PROJECT } from "../support/dms-fixtures";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { LOGSTORE, PROJECT } from "../support/sls-fixtures";
import { expectSuccess } from "../support/terraform-workspace";

const STACK = "deletion-protection";
jest.setTimeout(180_000);

const e2e = useEmulatorAndTerraform();

interface Declared {
  a?: boolean;
  b?: boolean;
  bTimeout?: number;
}

function synth(d: Declared): void {
  e2e.workspace.synth(STACK, (stack: TerraformStack) => {
    const sls = {
      region: "cn-hangzhou",
      endpoint: e2e.emulator.url,
      project: PROJECT,
      logstore: LOGSTORE,
      timeout: 60,
    };
    if (d.a) new SlsConsumerGroup(stack, "A", { ...sls, name: "group-a" });
    if (d.b)
      new SlsConsumerGroup(stack, "B", {
        ...sls,
        name: "group-b",
        timeout: d.bTimeout ?? 60,
        deletionProtection: DeletionProtection.OFF,
      });
    new SlsConsumerGroup(stack, "C", {
      ...sls,
      name: "group-c",
      deletionProtection: DeletionProtection.ALWAYS,
    });
    new DmsQueueConsumerGroup(stack, "D", {
      region: "cn-north-4",
      endpoint: e2e.emulator.url,
      projectId: DMS_PROJECT,
      queue: { id: BILLING_QUEUE_ID },
      name: "group-d",
    });
    new SlsConsumerGroup(stack, "E", { ...sls, name: "group-e" });
  });
}

describe("deletion protection with real terraform", () => {
  it("creates every declared group", async () => {
    synth({ a: true, b: true });
    expectSuccess(await e2e.workspace.init(STACK), "terraform init");
    expectSuccess(await e2e.workspace.apply(STACK), "first apply");
    expect(slsNames()).toEqual(["group-a", "group-b", "group-c", "group-e"]);
    expect(dmsNames()).toEqual(["group-d"]);
  });

  it("refuses to delete a group removed from the code while in use, failing the apply", async () => {
    committed("group-a", 30);
    synth({ b: true, bTimeout: 120 });

    const run = await e2e.workspace.apply(STACK);

    expect(run.code).not.toBe(0);
    expect(run.output).toContain("HOOK_DELETE_PROTECTED");
    expect(run.output).toMatch(/shard 0 committed 3\d s ago by consumer worker-7/);
    expect(slsNames()).toContain("group-a");
    // B's update waits for the manifest (hook-resources.ts says why); the next apply runs it.
    expect(timeoutOf("group-b")).toBe(60);
  });

  it("retries the refused prune on the next apply and deletes the group once idle", async () => {
    committed("group-a", 660);

    expectSuccess(await e2e.workspace.apply(STACK), "apply with group-a idle");

    expect(slsNames()).toEqual(["group-b", "group-c", "group-e"]);
    expect(timeoutOf("group-b")).toBe(120);
  });

  it("deletes a group with protection OFF at once, in use or not", async () => {
    committed("group-b", 1);
    synth({});

    expectSuccess(await e2e.workspace.apply(STACK), "apply removing group-b");

    expect(slsNames()).toEqual(["group-c", "group-e"]);
  });

  it("refuses cdktf destroy while groups are in use", async () => {
    committed("group-e", 5);
    e2e.emulator.dms.setMessageCounts(DMS_PROJECT, BILLING_QUEUE, "group-d", {
      available_messages: 120,
    });

    const run = await e2e.workspace.destroy(STACK);

    expect(run.code).not.toBe(0);
    expect(run.output).toContain("120 messages waiting");
    expect(run.output).toMatch(/group-e failed: HOOK_DELETE_PROTECTED/);
    expect(run.output).toContain("deletionProtection is ALWAYS");
    expect(slsNames()).toEqual(["group-c", "group-e"]);
    expect(dmsNames()).toEqual(["group-d"]);
  });

  it("destroys the groups once idle, and still refuses ALWAYS", async () => {
    committed("group-e", 660);
    e2e.emulator.dms.setMessageCounts(DMS_PROJECT, BILLING_QUEUE, "group-d", {
      available_messages: 0,
    });

    const run = await e2e.workspace.destroy(STACK);

    expect(run.code).not.toBe(0);
    expect(run.output).toContain("deletionProtection is ALWAYS");
    expect(slsNames()).toEqual(["group-c"]);
    expect(dmsNames()).toEqual([]);
  });

  it("lets CONSUMER_GROUPS_ALLOW_DELETE through, logged loudly", async () => {
    e2e.workspace.setEnv("CONSUMER_GROUPS_ALLOW_DELETE", "group-c");
    try {
      const run = await e2e.workspace.destroy(STACK);
      expectSuccess(run, "destroy with the override");
      expect(run.output).toMatch(/WARNING .*CONSUMER_GROUPS_ALLOW_DELETE=group-c overrides/);
    } finally {
      e2e.workspace.setEnv("CONSUMER_GROUPS_ALLOW_DELETE", undefined);
    }
    expect(slsNames()).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

/** Shard 0 of `group` committed `secondsAgo` seconds ago by worker-7 (updateTime in µs). */
function committed(group: string, secondsAgo: number) {
  e2e.emulator.sls.setCheckpoints(PROJECT, LOGSTORE, group, [
    {
      shard: 0,
      checkpoint: "MTcwMA==",
      updateTime: (Date.now() - secondsAgo * 1000) * 1000,
      consumer: "worker-7",
    },
  ]);
}

const slsNames = () =>
  e2e.emulator.sls
    .listGroups(PROJECT, LOGSTORE)
    .map((g) => g.name)
    .sort();
const dmsNames = () => e2e.emulator.dms.listGroups(DMS_PROJECT, BILLING_QUEUE).map((g) => g.name);
const timeoutOf = (name: string) =>
  e2e.emulator.sls.listGroups(PROJECT, LOGSTORE).find((g) => g.name === name)?.timeout;
