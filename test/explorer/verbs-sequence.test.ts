// The explorer's Terraform verbs and duplicate declarations on one scripted sequence, under
// both executors: every verb runs (none skipped), the plan oracle ("no declared group missing
// while a plan says No changes") and the full oracle hold, and each kind of duplicate is refused
// where it must be: at synth (SLS, a DMS queue spelled the same, with skipValidation or not) or
// at apply (a DMS queue named the other way).

import { VERBS, type Action } from "./actions";
import { addGroup } from "./scripted-actions";
import { runSequence } from "./sequence-runner";

jest.setTimeout(300_000);

const add = addGroup;
const verbs = (stack: number): Action[] =>
  VERBS.filter((v) => v !== "target").map((verb, i) => ({ kind: "verb", verb, stack, pick: i }));

it.each(["batched", "per-group"] as const)(
  "runs every verb and duplicate, and the oracles hold (%s executor)",
  async (executor) => {
    const runner = await runSequence([
      ...(executor === "per-group"
        ? [{ kind: "switch-executor", deploy: { order: "forward" } } as Action]
        : []),
      add({}),
      add({ name: 1, protection: "OFF" }),
      add({ service: "dms", container: 0, queueBy: "id" }),
      add({ name: 2, stack: 1 }),
      ...verbs(0),
      // A removal synthesized only, then applied with -target of one Group.
      { kind: "remove", pick: 1, deploy: "none" },
      { kind: "verb", verb: "target", stack: 0, pick: 0 },
      { kind: "deploy", deploy: { order: "forward" } },
      { kind: "duplicate", pick: 0, stack: 1, queueFlip: false, skipValidation: true },
      { kind: "duplicate", pick: 0, stack: 0, queueFlip: false, skipValidation: false },
      { kind: "duplicate", pick: 1, stack: 1, queueFlip: false, skipValidation: true },
      { kind: "duplicate", pick: 1, stack: 1, queueFlip: true, skipValidation: false },
      { kind: "deploy", deploy: { order: "forward" } },
      { kind: "destroy-stack", stack: 0 },
    ]);

    const ran = Object.fromEntries(runner.ran);
    for (const verb of VERBS) expect([verb, ran[`verb ${verb}`]]).toEqual([verb, 1]);
    expect(ran).toMatchObject({
      "duplicate skipValidation": 2,
      duplicate: 1,
      "duplicate dms-alias": 1,
    });
    expect(runner.transcript.join("\n")).toMatch(/queue by name: refused at apply/);
    expect(runner.planChecks).toBeGreaterThanOrEqual(8);
  },
);

it("skips a verb on a stack that was never applied (seed 2103: -target before any apply)", async () => {
  const runner = await runSequence([
    addGroup({ timeout: 30, queueBy: "id", deploy: "none" }),
    { kind: "verb", verb: "target", stack: 0, pick: 0 },
  ]);
  expect(runner.transcript.join("\n")).toContain("(no state yet: skipped)");
});
