// Deletion protection in the explorer's harness: its actions on one scripted sequence. A group in
// use is refused (the apply fails, nothing is deleted) until its consumers stop; ALWAYS refuses
// until the override; a rename via copy leaves the new group with the old one's checkpoints, and
// the old one is removed once idle. The oracle (with the protection checks) must hold throughout.

import { addGroup, forward } from "./scripted-actions";
import { runSequence } from "./sequence-runner";

jest.setTimeout(180_000);

const add = addGroup;

it("refuses in-use and ALWAYS deletes, copies checkpoints on a rename, and converges", async () => {
  const runner = await runSequence([
    add({}), // g-a (pick 0)
    add({ service: "dms", name: 0, protection: "ALWAYS" }), // d-a (pick 1)
    { kind: "consumers-active", pick: 0 },
    { kind: "rename-via-copy", pick: 0, name: 1, deploy: forward }, // g-b copies g-a
    { kind: "remove", pick: 0, deploy: forward }, // g-a in use: refused
    { kind: "deploy", deploy: forward }, // still refused
    { kind: "consumers-stop", pick: 0 }, // g-a idle
    { kind: "deploy", deploy: forward }, // converges: g-a deleted
    { kind: "remove", pick: 0, deploy: forward }, // d-a ALWAYS: refused
    { kind: "deploy", deploy: { order: "forward", allowDelete: true } }, // override: deleted
  ]);

  const transcript = runner.transcript.join("\n");
  expect(transcript).toMatch(/refused \(deletion protection refused orders\/g-a\)/);
  expect(transcript).toMatch(/refused \(deletion protection refused \S+\/d-a\)/);
  expect(runner.checks).toBeGreaterThanOrEqual(5);
  // The copy is a forced commit naming no consumer: the new group is not in use until a
  // consumer commits (no consumer has joined it here).
  expect(runner.ledger.inUseAt("sls:shop-prod/orders/g-b", Date.now())).toBeUndefined();
});
