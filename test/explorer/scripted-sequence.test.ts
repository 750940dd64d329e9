// The explorer's harness on one scripted sequence of the actions whose outcome does not depend
// on 0.2.0's lifecycle fixes (identity, stack moves, failed destroys): adds on both services, a
// settings change, a rename, a move in the construct tree, a removal policy toggle, an apply that
// fails on an injected fault and its re-apply, an apply killed at its first cloud call and its
// re-apply, a destroy that fails and one that succeeds. The oracle must hold after each converged
// deploy, and the kill must really have happened (a harness that never kills would pass anything).

import { addGroup } from "./scripted-actions";
import { runSequence } from "./sequence-runner";

jest.setTimeout(180_000);

const add = addGroup;

it("runs every kind of harness action and the oracle holds after each converged deploy", async () => {
  const runner = await runSequence([
    add({}),
    add({ name: 1, stack: 1, policy: "RETAIN" }),
    add({ service: "dms", container: 1 }),
    { kind: "settings", pick: 0, timeout: 300, order: true, deploy: { order: "reverse" } },
    { kind: "rename", pick: 0, name: 2, deploy: { order: "forward" } },
    { kind: "move-in-stack", pick: 1, deploy: { order: "forward" } },
    add({ name: 3, deploy: { order: "forward", fault: "creates-fail" } }),
    { kind: "deploy", deploy: { order: "forward" } },
    add({ name: 4, deploy: { order: "forward", killAt: 0 } }),
    { kind: "deploy", deploy: { order: "reverse" } },
    { kind: "toggle-removal-policy", pick: 0, deploy: { order: "forward" } },
    { kind: "destroy-stack", stack: 0, fault: "deletes-fail" },
    { kind: "destroy-stack", stack: 0 },
  ]);

  expect(runner.transcript.join("\n")).toMatch(/apply killed at its hung cloud call/);
  expect(runner.transcript.join("\n")).toMatch(/apply failed \(creates-fail\)/);
  expect(runner.transcript.join("\n")).toMatch(/destroy failed \(deletes-fail\)/);
  expect(runner.checks).toBeGreaterThanOrEqual(9);
});
