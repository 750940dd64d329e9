// Found by the explorer (seed 1502, shrunk to 3 actions with an apply killed at its first cloud
// call; the same without a kill, as here, with the apply failed by a fault). A DMS group's
// Terraform addresses derive from its identity as declared, queue by id or by name, so switching
// the queue's spelling gives the group new addresses: the apply forgets the old Group resource
// (it left the configuration; no hook runs), and the new one waits for the manifest, whose
// prune fails here. The stack's state then holds no Group for the group, only the old manifest
// listing it. A destroy of the stack must still delete it (DESTROY policy; expected-world.ts:
// "S destroyed: S's declared groups: DESTROY deleted"), but the destroy-time prune keeps it, since
// the configuration still declares it (under its other spelling), and no Group delete hook is
// left to delete it: the group is left behind. Both executors.
//
// NOT FIXED YET (a leak, not a loss: the group and its checkpoints stay). `it.failing` runs the
// sequence and passes while the defect is there; it fails, and must become `it`, once fixed.
// Workaround, documented in docs/design.md#limits: after a failed apply, apply again before a
// destroy. A fix needs a DMS Group address that does not depend on the queue's spelling.

import type { Action } from "./actions";
import { addGroup } from "./scripted-actions";
import { runSequence } from "./sequence-runner";

jest.setTimeout(180_000);

it.failing.each(["batched", "per-group"] as const)(
  "destroy after a failed apply that switched a DMS queue between id and name deletes the group (%s)",
  async (executor) => {
    const perGroup: Action[] = [{ kind: "switch-executor", deploy: "none" }];
    const runner = await runSequence([
      ...(executor === "per-group" ? perGroup : []),
      addGroup({ service: "dms", queueBy: "id" }), // d-a on billing, by queue id
      { kind: "queue-form", pick: 0, deploy: { order: "forward", fault: "all-calls-fail" } },
      { kind: "destroy-stack", stack: 0 }, // the oracle: d-a (DESTROY) must be gone
    ]);

    expect(runner.transcript.join("\n")).toMatch(/sa: apply failed \(all-calls-fail\)/);
    expect(runner.transcript.slice(-2)).toEqual([
      "   sa: destroyed; the stack leaves the app",
      "   converged: oracle holds (0 live groups)",
    ]);
  },
);
