// The explorer's own mistakes, found by the explorer, each kept as the sequence that found it
// (shrunk by hand). The library's behaviour in them is what the oracle expects.

import { addGroup } from "./scripted-actions";
import { runSequence } from "./sequence-runner";

jest.setTimeout(180_000);

// Seeds 1501 and 1504: the harness's kill (SIGKILL of Terraform at a hung cloud call) could land
// while Terraform rewrote the stack's terraform.tfstate, which its local backend does in place
// (truncate, then write); the next run then started from an empty state, so the groups the lost
// manifest listed were never pruned (1501) or destroyed (1504). Terraform's doing, not the
// library's: real-system.ts now puts back the last whole state when a kill cuts a write short.
// What the library promises after a kill in the prune: the killed apply's manifest is still in
// state, so the next apply prunes (and protection refuses the ALWAYS group) until the
// override, after which everything removed is gone. (The cut write needs a loaded machine to
// happen at all, so this sequence rarely meets it; it checks the promise, not the race.)
it("after an apply killed in its prune, the next apply prunes what the killed one was to prune", async () => {
  const runner = await runSequence([
    addGroup({ name: 1, container: 1, deploy: "none" }), // g-b on payments
    addGroup({ protection: "ALWAYS" }), // g-a on orders
    // Removes g-a: the apply is killed at the prune's first call (reading g-a's checkpoints).
    { kind: "remove", pick: 1, deploy: { order: "forward", killAt: 0 } },
    // Renames g-b to g-a (payments): the prune must delete g-b, and refuse orders/g-a (ALWAYS).
    { kind: "rename", pick: 0, name: 0, deploy: { order: "reverse" } },
    { kind: "deploy", deploy: { order: "forward", allowDelete: true } },
  ]);

  const transcript = runner.transcript.join("\n");
  expect(transcript).toMatch(/sa: apply killed at its hung cloud call/);
  expect(transcript).toMatch(/apply of sa: refused \(deletion protection refused orders\/g-a/);
  expect(runner.transcript.slice(-2)).toEqual([
    "   sa: applied",
    "   converged: oracle holds (1 live groups)",
  ]);
});

// Seed 1503: a RETAINed group left behind by a destroyed stack, declared again, its deploy
// stopped (at another stack's failure) before any apply touched it, then removed from the code
// again, is still live. The model forgot its fate when it was declared again and took it for a
// group the app never declared (expected-world.ts now keeps the fate).
it("a RETAINed leftover declared again and removed before any apply acted on it stays live", async () => {
  const runner = await runSequence([
    addGroup({ name: 5, container: 1, policy: "RETAIN" }), // payments/g-f in sa
    addGroup({ stack: 1, protection: "ALWAYS" }), // orders/g-a in sb
    { kind: "destroy-stack", stack: 0 }, // sa: g-f kept (RETAIN); the app is [sb]
    { kind: "destroy-stack", stack: 0 }, // sb: refused (ALWAYS), sb no longer applied
    // g-f again, in sa; the deploy stops at sb, failed by the fault, before sa.
    addGroup({ name: 5, container: 1, deploy: { order: "forward", fault: "all-calls-fail" } }),
    { kind: "remove", pick: 1, deploy: { order: "forward" } }, // g-f leaves the code again
  ]);

  const transcript = runner.transcript.join("\n");
  expect(transcript).toMatch(/destroy of sb: refused \(deletion protection refused orders\/g-a\)/);
  expect(transcript).toMatch(/sb: apply failed \(all-calls-fail\)/);
  expect(runner.transcript.slice(-1)).toEqual(["   converged: oracle holds (2 live groups)"]);
});

// Seed 1501 again (5 actions, with a kill; this is the same without one): a stack's apply is
// refused half-way through its prune (one group deleted, the ALWAYS one refused), then the
// stack's last group moves away. The stack left without groups prunes nothing, so the model took
// every group its last successful apply listed for leaked and live; but the refused apply had
// already deleted one. Such a group's fate is now unknown (expected-world.ts).
it("a group pruned by a refused apply is not expected live when its stack is left empty", async () => {
  const runner = await runSequence([
    addGroup({ name: 1, container: 1, deploy: "none" }), // payments/g-b
    addGroup({ protection: "ALWAYS" }), // orders/g-a
    { kind: "remove", pick: 1, deploy: "none" }, // orders/g-a leaves the code
    // g-b becomes g-c: the prune deletes payments/g-b and refuses orders/g-a (ALWAYS).
    { kind: "rename", pick: 0, name: 2, deploy: { order: "forward" } },
    { kind: "move-to-stack", pick: 0, stack: 1, deploy: { order: "forward" } }, // sa is empty
  ]);

  expect(runner.transcript.join("\n")).toMatch(
    /apply of sa: refused \(deletion protection refused orders\/g-a/,
  );
  expect(runner.transcript.slice(-3)).toEqual([
    "   sa: applied",
    "   sb: applied",
    "   converged: oracle holds (2 live groups)",
  ]);
});

// Seed 2104: the emergency override let the prune delete an ALWAYS group, and the same apply
// then failed for a reason of its own. The runner judged that apply's DELETEs before it knew
// the override's window, and reported the allowed delete as a violation of protection. (The
// seed's own failure, a copy whose source that prune deleted, no longer happens: the prune
// now creates the copy first. Here the copy's source never existed.)
it("a DELETE let through by the override is allowed in an apply that then fails", async () => {
  const runner = await runSequence([
    addGroup({ protection: "ALWAYS" }), // orders/g-a
    addGroup({ name: 2, container: 1 }), // payments/g-c keeps the stack's manifest
    // g-b copies from g-f, which no stack declares and the cloud does not have.
    addGroup({ name: 1, copyFrom: 5, deploy: "none" }),
    // One apply under the override: the prune deletes orders/g-a (allowed), then the
    // reconciler fails on g-b (HOOK_COPY_SOURCE_MISSING).
    { kind: "remove", pick: 0, deploy: { order: "forward", allowDelete: true } },
    { kind: "rename", pick: 1, name: 3, deploy: { order: "forward" } }, // g-b becomes g-d, no copy
  ]);

  const transcript = runner.transcript.join("\n");
  expect(transcript).toMatch(/apply of sa: refused \(.*copy/i);
  expect(runner.transcript.slice(-2)).toEqual([
    "   sa: applied",
    "   converged: oracle holds (2 live groups)",
  ]);
});

// Seed 3202: a one-step rename refused at the quota (g-a -> g-b, copying g-a), then the copy
// renamed again (g-b -> g-c, copying nothing: a renamed group is a new one). The app declares
// g-a nowhere and no group copies from it any more, so the prune deletes it, as for any
// removal. The harness still held the given-up rename and called that DELETE a copy deleted
// too early; a rename now counts only while the app declares the copy copying its source.
it("a rename with copy that the user gives up releases its source for the prune", async () => {
  const runner = await runSequence([
    addGroup({ timeout: 30 }), // g-a on orders
    { kind: "copy-at-quota", pick: 0, name: 1 }, // g-b copying g-a, refused at the quota
    { kind: "rename", pick: 0, name: 8, deploy: { order: "forward", fault: "one-create-fails" } },
  ]);

  const transcript = runner.transcript.join("\n");
  expect(transcript).toMatch(/g-a: rename with copy at the quota refused, nothing deleted/);
  expect(transcript).toMatch(/apply failed \(one-create-fails: sls:shop-prod\/orders\/g-c refused/);
  expect(runner.real.emulator.calls()).toContainEqual(
    expect.objectContaining({ action: "DeleteConsumerGroup", target: "shop-prod/orders/g-a" }),
  );
});
