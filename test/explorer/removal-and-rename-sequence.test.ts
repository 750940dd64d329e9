// Removals that cannot be carried out and renames with copy, each run once on one scripted
// sequence: a DMS group whose queue id is malformed (its removal converges, deleting nothing),
// groups behind an unreachable endpoint (their removal converges with CONSUMER_GROUPS_FORGET),
// a rename in one step with copyCheckpointsFrom (the copy holds the old group's checkpoints
// before it is deleted), and the same rename at the logstore's group quota (refused with
// HOOK_COPY_BEFORE_DELETE, nothing deleted, then done by a later deploy).

import { addGroup, forward } from "./scripted-actions";
import { runSequence } from "./sequence-runner";

jest.setTimeout(300_000);

it("removes never-created groups without a delete and renames with copy in one step", async () => {
  const runner = await runSequence([
    addGroup({}), // g-a
    addGroup({ service: "dms", name: 0 }), // d-a
    { kind: "never-created", how: "malformed-id", service: "dms", stack: 0 },
    { kind: "never-created", how: "unreachable", service: "sls", stack: 0 },
    { kind: "never-created", how: "unreachable", service: "dms", stack: 0 },
    { kind: "consumers-active", pick: 0 }, // g-a commits a checkpoint
    { kind: "consumers-stop", pick: 0 }, // idle, checkpoints kept
    { kind: "rename-with-copy", pick: 0, name: 1, keepId: false, deploy: forward }, // g-a -> g-b
    { kind: "consumers-active", pick: 0 }, // g-b in use
    { kind: "consumers-stop", pick: 0 },
    { kind: "copy-at-quota", pick: 0, name: 2 }, // g-b -> g-c refused at the quota
    { kind: "deploy", deploy: forward }, // the rename, now that the quota allows it
    { kind: "rename-with-copy", pick: 0, name: 3, keepId: true, deploy: forward }, // g-c -> g-d
  ]);

  expect(Object.fromEntries(runner.ran)).toMatchObject({
    "never-created malformed-id": 1,
    "copy-at-quota": 1,
    "rename-with-copy": 1,
    "rename-with-copy keepId": 1,
  });
  // Behind an unreachable endpoint, next to a deployed group: only the forget gets past it.
  expect(runner.ran.get("never-created unreachable sls forget")).toBe(1);
  expect(runner.ran.get("never-created unreachable dms forget")).toBe(1);
  expect(runner.checks).toBeGreaterThanOrEqual(6);
  expect(runner.isLive("sls:shop-prod/orders/g-d")).toBe(true);
  expect(runner.isLive("sls:shop-prod/orders/g-a")).toBe(false);
});

// Seed 2028 (CI's run), shrunk: the source of a rename with copy at the quota is RETAIN, so the
// prune keeps it without waiting for the copy, and the reconcile's create of the copy meets the
// quota itself (SLS_QUOTA_EXCEEDED). The action expected HOOK_COPY_BEFORE_DELETE regardless.
it("keeps a RETAIN source whose rename with copy meets the quota, the create failing on the quota", async () => {
  const runner = await runSequence([
    addGroup({ policy: "RETAIN", timeout: 30, queueBy: "id" }),
    { kind: "copy-at-quota", pick: 0, name: 1 },
  ]);

  expect(runner.ran.get("copy-at-quota")).toBe(1);
  expect(runner.isLive("sls:shop-prod/orders/g-a")).toBe(true);
});

// Seed 2028 (CI's run), shrunk: a rename with copy (g-a -> g-c), then a copy back from g-c under
// the name g-a, then the per-group executor. Each copy's Settings resource depended on its
// source's, so the two made a cycle and Terraform refused the plan. Such a pair now has no edge.
it("switches to the per-group executor with two groups that copy from each other", async () => {
  const runner = await runSequence([
    addGroup({ name: 8, timeout: 30, queueBy: "id" }),
    { kind: "rename-with-copy", pick: 2, name: 6, keepId: true, deploy: { order: "reverse" } },
    { kind: "rename-via-copy", pick: 6, name: 2, deploy: forward },
    { kind: "switch-executor", deploy: { order: "forward", killAt: 0 } },
  ]);

  // The plan now goes through: the apply reaches its first cloud call, where the step kills it.
  expect(runner.transcript.join("\n")).not.toMatch(/Cycle:/);
  expect(runner.transcript.at(-1)).toBe("   sa: apply killed at its hung cloud call");
});

// Seed 2401 (a longer run), shrunk: the copy's name was already taken in the cloud by a RETAIN
// group left there, so the rename needed no create and the quota was no obstacle; the action
// expected HOOK_COPY_BEFORE_DELETE regardless. Such a case is now skipped by the action.
it("skips a rename with copy at the quota whose copy already exists in the cloud", async () => {
  const runner = await runSequence([
    {
      kind: "add",
      service: "sls",
      name: 0,
      container: 7,
      stack: 2,
      form: "region+ip",
      policy: "DESTROY",
      timeout: 30,
      order: false,
      queueBy: "id",
      deploy: { order: "forward", fault: "one-create-fails" },
    },
    {
      kind: "add",
      service: "sls",
      name: 11,
      container: 3,
      stack: 0,
      form: "localhost",
      policy: "RETAIN",
      timeout: 30,
      order: true,
      queueBy: "name",
      protection: "WHEN_IN_USE",
      deploy: { order: "forward" },
    },
    { kind: "move-to-stack", pick: 9, stack: 1, deploy: { order: "reverse" } },
    { kind: "destroy-stack", stack: 4, fault: "deletes-fail" },
    { kind: "move-to-stack", pick: 5, stack: 9, deploy: { order: "forward" } },
    { kind: "copy-at-quota", pick: 1, name: 11 },
  ]);

  expect(runner.transcript).toContain(
    "   (the copy's name is already taken in the cloud: skipped)",
  );
});
