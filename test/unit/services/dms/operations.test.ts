// The DMS service's ensure and delete, in process against the emulator: queue lookups, the
// readiness wait, and a prune's check of the other queue spelling before a delete.

import { startEmulator, type RunningEmulator } from "../../../../lib/emulator/server";
import { isHookError } from "../../../../lib/runtime/errors";
import { runService } from "../../../support/service-run";
import {
  BILLING_QUEUE,
  DMS_KEY,
  DMS_PROJECT,
  dmsDeletePayload,
  dmsEmulatorConfig,
  dmsEnsurePayload,
  dmsEnv,
} from "../../../support/dms-fixtures";
import { identityKey } from "../../../../lib/contract/group-identity";

let emulator: RunningEmulator;
beforeEach(async () => {
  emulator = await startEmulator({ dms: dmsEmulatorConfig() });
});
afterEach(() => emulator.close());

const env = () => dmsEnv(DMS_KEY);
const actions = () => emulator.calls().map((c) => c.action);
const names = () => emulator.dms.listGroups(DMS_PROJECT, BILLING_QUEUE).map((g) => g.name);

describe("ensure", () => {
  it("looks a queue given by name up once, creates the group and waits until it is listed", async () => {
    const run = await runService(
      dmsEnsurePayload({ endpoint: emulator.url, name: "w-1", queue: { name: BILLING_QUEUE } }),
      env(),
    );

    expect(actions()[0]).toBe("ListQueues");
    expect(actions()).toContain("CreateConsumerGroups");
    expect(names()).toEqual(["w-1"]);
    expect(run.lines[0]).toMatch(/w-1: created \(id g-[0-9a-f-]+, request \w+\), listed after/);
  });

  it("adopts an existing group and says so", async () => {
    emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE, "w-1");

    const run = await runService(dmsEnsurePayload({ endpoint: emulator.url, name: "w-1" }), env());

    expect(run.lines[0]).toMatch(/w-1: adopted \(existed; id g-/);
    expect(names()).toEqual(["w-1"]);
  });

  it("fails with HOOK_QUEUE_NOT_FOUND for a queue name no queue has", async () => {
    const error: unknown = await runService(
      dmsEnsurePayload({ endpoint: emulator.url, name: "w-1", queue: { name: "nope" } }),
      env(),
    ).catch((e: unknown) => e);

    expect(isHookError(error) && error.code).toBe("HOOK_QUEUE_NOT_FOUND");
  });
});

describe("delete", () => {
  it("lists the queue's groups and deletes the group by id", async () => {
    emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE, "w-1");

    const run = await runService(dmsDeletePayload({ endpoint: emulator.url, name: "w-1" }), env());

    expect(actions()).toEqual(["ListConsumerGroups", "DeleteConsumerGroup"]);
    expect(names()).toEqual([]);
    expect(run.lines[0]).toMatch(/w-1: deleted \(id g-/);
  });

  it("keeps a group a prune would delete when the app declares it by the queue's other spelling", async () => {
    emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE, "w-1");
    const byId = dmsDeletePayload({ endpoint: emulator.url, name: "w-1" });
    const byName = { ...byId.identity, queueId: "", queueName: BILLING_QUEUE };
    const declared = new Set([identityKey(byName)]);

    const run = await runService(byId, env(), (identity) => declared.has(identityKey(identity)));

    expect(names()).toEqual(["w-1"]);
    expect(actions()).toEqual(["GetQueue"]);
    expect(run.lines[0]).toMatch(
      /w-1: still declared in the app, with its queue by name "billing"/,
    );
  });

  it("deletes under a prune when no spelling of the group is declared", async () => {
    emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE, "w-1");

    await runService(dmsDeletePayload({ endpoint: emulator.url, name: "w-1" }), env(), () => false);

    expect(names()).toEqual([]);
    expect(actions()).toEqual(["GetQueue", "ListConsumerGroups", "DeleteConsumerGroup"]);
  });
});
