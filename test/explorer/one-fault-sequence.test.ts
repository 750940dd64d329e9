// The one-fault rule in the explorer's harness: one refused create or update fails the apply with
// that group named, leaves every other group done (one-fault-oracle.ts checks it after the failed
// apply), and the next apply converges (the oracle after the next converged deploy). Under the
// batched executor (the default): a refused create in the second stack after the first applied, and
// a refused settings update; under per-group: a refused create of a group that exists (the `ensure`
// of a group reached another way).

import { addGroup, forward } from "./scripted-actions";
import { runSequence } from "./sequence-runner";

jest.setTimeout(180_000);

const add = addGroup;
const none = "none" as const;

it("one refused create or update fails the apply naming it, the rest done; the next apply converges", async () => {
  const runner = await runSequence([
    add({}), // g-a in sa (pick 0)
    add({ name: 1, stack: 1, deploy: none }), // g-b in sb
    add({ name: 2, container: 1, stack: 1, timeout: 300, order: true, deploy: none }), // g-c
    add({ service: "dms", stack: 1, queueBy: "id", deploy: none }), // d-a in sb
    // sa applies (a removal policy change creates nothing); sb's first create is refused.
    {
      kind: "toggle-removal-policy",
      pick: 0,
      deploy: { order: "forward", fault: "one-create-fails" },
    },
    { kind: "deploy", deploy: forward },
    {
      kind: "settings",
      pick: 0,
      timeout: 300,
      order: true,
      deploy: { order: "forward", fault: "one-update-fails" },
    },
    { kind: "deploy", deploy: forward },
    { kind: "switch-executor", deploy: forward },
    {
      kind: "endpoint-form",
      pick: 0,
      form: "localhost",
      deploy: { order: "forward", fault: "one-create-fails" },
    },
    { kind: "deploy", deploy: { order: "reverse" } },
  ]);

  const transcript = runner.transcript.join("\n");
  expect(transcript).toMatch(/sa: applied\n\s+sb: apply failed \(one-create-fails: \S+ refused/);
  expect(transcript).toMatch(/sa: apply failed \(one-update-fails: sls:\S+\/orders\/g-a refused/);
  expect(transcript).toMatch(/sa: apply failed \(one-create-fails: sls:\S+\/orders\/g-a refused/);
  expect(runner.oneFaults).toBe(3);
  expect(runner.checks).toBeGreaterThanOrEqual(4);
});
