// copyCheckpointsFrom: the bundled hook (ensure, and the batched executor's reconcile) as a
// child process against the SLS emulator. The source "orders-reader" holds checkpoints on both
// shards of the logstore; the new group is "orders-reader-v2".
//
// | case                                         | exit | calls                                   | new group's checkpoints |
// |----------------------------------------------|------|-----------------------------------------|-------------------------|
// | ensure creates the group                     | 0    | GetCP(src), Create, 2 x UpdateCP        | the source's            |
// | ensure adopts a group with its own           | 0    | GetCP(src), Create 400, Update, GetCP   | its own, untouched      |
// | ensure, source missing, group absent         | 1    | GetCP(src) 404, List                    | no group at all         |
// | ensure, source missing, group exists         | 0    | GetCP(src) 404, List, Create 400, Update| unchanged               |
// | ensure, create answer lost                   | 0    | ..., Create (dropped), List, GetCP, 2 x | the source's            |
// | ensure, copy failed half-way, then again     | 1, 0 | 2nd run copies only the missing shard   | the source's            |
// | reconcile, group absent / listed w/o copy    | 0    | as ensure / GetCP(src), GetCP, UpdateCP | the source's            |
// | ensure without copyCheckpointsFrom           | 0    | Create only                             | none                    |

import { prunePayload } from "../../lib/contract/manifest";
import { type ManagedGroup } from "../../lib/contract/stored-manifest";
import { previousManifest } from "../support/manifests";
import { encodeReconcile } from "../../lib/contract/reconcile-payload";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { hookEnv, runHookProcess } from "../support/hook-process";
import {
  LOGSTORE,
  PROJECT,
  ensurePayload,
  slsEmulatorConfig,
  slsEnv,
} from "../support/sls-fixtures";
import { identityKey } from "../../lib/contract/group-identity";
import {
  DEFAULT_SLS_CREDENTIAL_SOURCES,
  slsIdentity,
} from "../../lib/clouds/alibaba/sls/sls-contract";

const SOURCE = "orders-reader";
const NEW = "orders-reader-v2";
const TARGET = `sls cn-hangzhou/${PROJECT}/${LOGSTORE}/${NEW}`;
// emulator-only: cursors as the service hands them out (base64 of a number).
const SOURCE_CHECKPOINTS = [
  { shard: 0, checkpoint: "MTcwMDAwMDAwMA==", consumer: "worker-7" },
  { shard: 1, checkpoint: "MTcwMDAwMDA0Mg==", consumer: "worker-8" },
];

let emulator: RunningEmulator;
beforeEach(async () => {
  emulator = await startEmulator({ sls: slsEmulatorConfig() });
});
afterEach(() => emulator.close());

describe("ensure with copyCheckpointsFrom", () => {
  it("copies every shard's checkpoint from the source when it creates the group", async () => {
    givenSource();

    const run = await ensure();

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${TARGET}: created (request `);
    expect(run.stdout).toContain(`${TARGET}: copied the checkpoints of 2 shards from ${SOURCE}\n`);
    expect(cursors(NEW)).toEqual(cursors(SOURCE));
    expect(actions()).toEqual([
      "GetCheckPoint:200",
      "CreateConsumerGroup:200",
      "ConsumerGroupUpdateCheckPoint:200",
      "ConsumerGroupUpdateCheckPoint:200",
    ]);
  });

  it("adopts an existing group without touching the checkpoints it has", async () => {
    givenSource();
    emulator.sls.createGroup(PROJECT, LOGSTORE, { name: NEW, timeout: 300, order: false });
    const own = [
      { shard: 0, checkpoint: "b3duLTA=" },
      { shard: 1, checkpoint: "b3duLTE=" },
    ];
    emulator.sls.setCheckpoints(PROJECT, LOGSTORE, NEW, own);

    const run = await ensure();

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `${TARGET}: copied the checkpoints of 0 shards from ${SOURCE}; kept its own on 2 shards\n`,
    );
    expect(cursors(NEW)).toEqual({ 0: "b3duLTA=", 1: "b3duLTE=" });
    expect(actions()).not.toContain("ConsumerGroupUpdateCheckPoint:200");
  });

  it("fails with HOOK_COPY_SOURCE_MISSING before creating anything", async () => {
    const run = await ensure();

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `HOOK_COPY_SOURCE_MISSING: ${TARGET}: copyCheckpointsFrom names group "${SOURCE}", which logstore "${LOGSTORE}" does not have; nothing was created`,
    );
    expect(run.stderr).toContain("Fix copyCheckpointsFrom to name an existing group");
    expect(groupNames()).toEqual([]);
    expect(actions()).toEqual(["GetCheckPoint:404", "ListConsumerGroup:200"]);
  });

  it("sets settings and copies nothing when the source is gone but the group exists", async () => {
    emulator.sls.createGroup(PROJECT, LOGSTORE, { name: NEW, timeout: 60, order: false });

    const run = await ensure();

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `${TARGET}: copyCheckpointsFrom group "${SOURCE}" not found; the group already exists, so nothing was copied`,
    );
    expect(emulator.sls.listGroups(PROJECT, LOGSTORE)).toEqual([
      { name: NEW, timeout: 300, order: false },
    ]);
  });

  it("copies the checkpoints after the create answer is lost", async () => {
    givenSource();
    emulator.faults.add({
      service: "sls",
      action: "CreateConsumerGroup",
      fault: { kind: "commit-then-drop" },
    });

    const run = await ensure();

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${TARGET}: copied the checkpoints of 2 shards from ${SOURCE}\n`);
    expect(cursors(NEW)).toEqual(cursors(SOURCE));
    expect(actions().filter((a) => a.startsWith("CreateConsumerGroup"))).toHaveLength(1);
  });

  it("converges on the next run after the copy failed half-way", async () => {
    // GIVEN the second UpdateCheckPoint of the first run fails for good (not retried)
    givenSource();
    emulator.faults.add({
      service: "sls",
      action: "ConsumerGroupUpdateCheckPoint",
      after: 1,
      fault: { kind: "error", status: 400, code: "InvalidShardCheckPoint" },
    });

    // WHEN the first run fails after the create
    const first = await ensure();
    expect(first.code).toBe(1);
    expect(first.stderr).toContain("InvalidShardCheckPoint");
    expect(cursors(NEW)).toEqual({ 0: SOURCE_CHECKPOINTS[0]!.checkpoint });

    // THEN the next run (Terraform re-runs the tainted Settings' ensure) copies the rest
    emulator.resetCalls();
    const second = await ensure();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(
      `${TARGET}: copied the checkpoints of 1 shard from ${SOURCE}; kept its own on 1 shard\n`,
    );
    expect(cursors(NEW)).toEqual(cursors(SOURCE));
    expect(actions().filter((a) => a.startsWith("ConsumerGroupUpdateCheckPoint"))).toEqual([
      "ConsumerGroupUpdateCheckPoint:200",
    ]);
  });

  it("creates a group without copyCheckpointsFrom with the create call only", async () => {
    givenSource();

    const run = await ensure({ copyCheckpointsFrom: undefined });

    expect(run.code).toBe(0);
    expect(cursors(NEW)).toEqual({});
    expect(actions()).toEqual(["CreateConsumerGroup:200"]);
  });
});

describe("reconcile (batched executor) with copyCheckpointsFrom", () => {
  it("copies into a group it creates and fills a listed group that has none", async () => {
    givenSource();
    emulator.sls.createGroup(PROJECT, LOGSTORE, { name: "listed", timeout: 300, order: false });

    const run = await runHookProcess(
      "reconcile",
      encodeReconcile([payload(), payload({ name: "listed" })]),
      hookEnv(slsEnv()),
    );

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${TARGET}: copied the checkpoints of 2 shards from ${SOURCE}\n`);
    expect(run.stdout).toContain(`/listed: copied the checkpoints of 2 shards from ${SOURCE}\n`);
    expect(cursors(NEW)).toEqual(cursors(SOURCE));
    expect(cursors("listed")).toEqual(cursors(SOURCE));
  });
});

// A rename in one apply: the stack's prune deletes the old group, which the new one copies
// from. The prune carries the app's copying groups and creates (and fills) each before it
// deletes the group it copies from.
//
// | case                                         | exit | outcome                                         |
// |----------------------------------------------|------|-------------------------------------------------|
// | the source leaves, its copy is new           | 0    | copy created with the source's checkpoints,     |
// |                                              |      |   then the source deleted (in that order)       |
// | the same, the logstore at its 30-group quota | 1    | HOOK_COPY_BEFORE_DELETE, three-step way; the    |
// |                                              |      |   source kept, nothing deleted                   |
// | at the quota, another group leaves too       | 0    | that one deleted first, its slot used by the copy|
// | the copy exists and holds every checkpoint   | 0    | two reads, no line about it, then the delete  |
// | the copy exists and lacks a shard            | 0    | that shard copied, then the delete            |
// | a copy and its source both new, one reconcile| 0    | source created first, the copy converges        |
describe("a rename with copyCheckpointsFrom in one apply", () => {
  it("creates and fills the new group before the prune deletes the old one", async () => {
    givenSource();

    const run = await prune([SOURCE], [payload()]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${TARGET}: copied the checkpoints of 2 shards from ${SOURCE}\n`);
    expect(run.stdout).toContain(`/${SOURCE}: deleted`);
    expect(groupNames()).toEqual([NEW]);
    expect(cursors(NEW)).toEqual({ 0: "MTcwMDAwMDAwMA==", 1: "MTcwMDAwMDA0Mg==" });
    const order = actions();
    expect(order.indexOf("CreateConsumerGroup:200")).toBeLessThan(
      order.indexOf("DeleteConsumerGroup:200"),
    );
    expect(order.lastIndexOf("ConsumerGroupUpdateCheckPoint:200")).toBeLessThan(
      order.indexOf("DeleteConsumerGroup:200"),
    );
  });

  it("fails before deleting anything, giving the three-step way, when the logstore is at its quota", async () => {
    givenSource();
    for (let i = 1; i < 30; i++) {
      emulator.sls.createGroup(PROJECT, LOGSTORE, { name: `g${i}`, timeout: 60, order: false });
    }
    emulator.resetCalls();

    const run = await prune([SOURCE], [payload()]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `delete sls cn-hangzhou/${PROJECT}/${LOGSTORE}/${SOURCE} failed: HOOK_COPY_BEFORE_DELETE: ` +
        `not deleted: ${NEW} copies its checkpoints from it (copyCheckpointsFrom) and could not be created first`,
    );
    expect(run.stderr).toContain("ConsumerGroupQuotaExceed");
    expect(run.stderr).toContain(
      `Nothing of ${SOURCE} was deleted. Rename in three steps instead: declare ${SOURCE} again next to ${NEW} and deploy`,
    );
    expect(run.stderr).toContain(`then remove ${SOURCE} and deploy`);
    expect(groupNames()).toContain(SOURCE);
    expect(groupNames()).not.toContain(NEW);
    expect(actions().filter((a) => a.startsWith("DeleteConsumerGroup"))).toEqual([]);
    expect(cursors(SOURCE)).toEqual({ 0: "MTcwMDAwMDAwMA==", 1: "MTcwMDAwMDA0Mg==" });
  });

  it("deletes the other removed groups first, so that a slot they free lets the copy be made", async () => {
    givenSource();
    for (let i = 1; i < 30; i++) {
      emulator.sls.createGroup(PROJECT, LOGSTORE, { name: `g${i}`, timeout: 60, order: false });
    }

    const run = await prune([SOURCE, "g1"], [payload()]);

    expect(run.code).toBe(0);
    expect(groupNames()).toContain(NEW);
    expect(groupNames()).not.toContain(SOURCE);
    expect(groupNames()).not.toContain("g1");
    expect(cursors(NEW)).toEqual({ 0: "MTcwMDAwMDAwMA==", 1: "MTcwMDAwMDA0Mg==" });
  });

  it("says nothing about a copy that already holds every checkpoint, and deletes the source", async () => {
    givenSource();
    emulator.sls.createGroup(PROJECT, LOGSTORE, { name: NEW, timeout: 300, order: false });
    emulator.sls.setCheckpoints(PROJECT, LOGSTORE, NEW, [
      { shard: 0, checkpoint: "MTcwMDAwMDEwMA==", consumer: "worker-1" },
      { shard: 1, checkpoint: "MTcwMDAwMDE0Mg==", consumer: "worker-2" },
    ]);
    emulator.resetCalls();

    const run = await prune([SOURCE], [payload()]);

    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(NEW);
    expect(actions()).toEqual([
      "GetCheckPoint:200",
      "GetCheckPoint:200",
      "DeleteConsumerGroup:200",
    ]);
    expect(cursors(NEW)).toEqual({ 0: "MTcwMDAwMDEwMA==", 1: "MTcwMDAwMDE0Mg==" });
  });

  it("fills the shard a copy lacks before deleting its source", async () => {
    givenSource();
    emulator.sls.createGroup(PROJECT, LOGSTORE, { name: NEW, timeout: 300, order: false });
    emulator.sls.setCheckpoints(PROJECT, LOGSTORE, NEW, [
      { shard: 0, checkpoint: "MTcwMDAwMDEwMA==", consumer: "worker-1" },
    ]);

    const run = await prune([SOURCE], [payload()]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `${TARGET}: copied the checkpoints of 1 shard from ${SOURCE}; kept its own on 1 shard`,
    );
    expect(cursors(NEW)).toEqual({ 0: "MTcwMDAwMDEwMA==", 1: "MTcwMDAwMDA0Mg==" });
    expect(groupNames()).toEqual([NEW]);
  });

  it("creates a copy's source first when one reconcile declares both", async () => {
    const source = ensurePayload({ endpoint: emulator.url, name: SOURCE, timeout: 60 });
    // The source's create answers after 0.5 s: a copy that did not wait would read no source.
    emulator.faults.add({
      service: "sls",
      action: "CreateConsumerGroup",
      fault: { kind: "hang", ms: 500, then: "answer" },
    });

    // The copy first in the payload: the order of declaration does not matter.
    const run = await runHookProcess(
      "reconcile",
      encodeReconcile([payload(), source]),
      hookEnv(slsEnv()),
    );

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `${TARGET}: copied the checkpoints of 0 shards from ${SOURCE} (it has none)`,
    );
    expect(run.stdout).toContain("2 created or updated, 0 in sync, 0 failed");
    expect(groupNames().sort()).toEqual([SOURCE, NEW].sort());
  });
});

// ---------------------------------------------------------------------------------------

type Args = Partial<Parameters<typeof ensurePayload>[0]>;

function payload(args: Args = {}) {
  return ensurePayload({ endpoint: emulator.url, name: NEW, copyCheckpointsFrom: SOURCE, ...args });
}

function ensure(args: Args = {}) {
  return runHookProcess("ensure", payload(args), hookEnv(slsEnv()));
}

/** A prune of a manifest listing `removed` (all DESTROY, protection OFF), with `copies`. */
function prune(removed: string[], copies: ReturnType<typeof payload>[]) {
  const managed: ManagedGroup[] = removed.map((name) => ({
    identity: slsIdentity({ project: PROJECT, logstore: LOGSTORE, name }),
    removalPolicy: "DESTROY",
    deletionProtection: "OFF",
    transport: payload().transport,
    credentials: DEFAULT_SLS_CREDENTIAL_SOURCES,
  }));
  const declared = copies.map((c) => identityKey(c.identity));
  return runHookProcess(
    "prune",
    prunePayload(previousManifest(managed), declared, copies),
    hookEnv(slsEnv()),
  );
}

function givenSource(): void {
  emulator.sls.createGroup(PROJECT, LOGSTORE, { name: SOURCE, timeout: 60, order: false });
  emulator.sls.setCheckpoints(PROJECT, LOGSTORE, SOURCE, SOURCE_CHECKPOINTS);
  emulator.resetCalls();
}

/** shard -> cursor of a group's non-empty checkpoints. */
function cursors(group: string): Record<number, string> {
  const out: Record<number, string> = {};
  for (const c of emulator.sls.checkpoints(PROJECT, LOGSTORE, group)) {
    if (c.checkpoint !== "") out[c.shard] = c.checkpoint;
  }
  return out;
}

function groupNames(): string[] {
  return emulator.sls.listGroups(PROJECT, LOGSTORE).map((g) => g.name);
}

/** "Action:status" per SLS call the emulator answered. */
function actions(): string[] {
  return emulator.calls().map((c) => `${c.action}:${c.status}`);
}
