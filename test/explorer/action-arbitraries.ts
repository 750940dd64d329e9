// fast-check generators for the explorer's actions. Weights favour adding groups (so later
// actions have something to act on) and plain deploys (so most steps end converged and the
// oracle runs); faults, kills and synth-only changes are rarer but frequent enough that a
// dozen-step sequence usually holds one.

import fc from "fast-check";
import { ENDPOINT_FORMS, PROTECTIONS } from "./app-model";
import { VERBS, type Action, type CodeChange, type Deploy, type FaultName } from "./actions";

const index = fc.nat({ max: 11 });
const order = fc.constantFrom("forward" as const, "reverse" as const);
/** A destroy makes no create or update: only the faults that can meet its deletes. */
const destroyFault = fc.constantFrom<FaultName>("creates-fail", "deletes-fail", "all-calls-fail");
/**
 * The one-fault rule: one refused create or update as often as the three faults that fail every
 * such call.
 */
const fault = fc.oneof(
  { weight: 3, arbitrary: destroyFault },
  { weight: 2, arbitrary: fc.constant<FaultName>("one-create-fails") },
  { weight: 1, arbitrary: fc.constant<FaultName>("one-update-fails") },
);
const form = fc.constantFrom(...ENDPOINT_FORMS);
const timeout = fc.constantFrom(30, 60, 300);
const protection = fc.constantFrom(...PROTECTIONS);
/** Mostly the default; OFF and ALWAYS often enough that removals meet both. */
const addProtection = fc.constantFrom(
  undefined,
  undefined,
  "WHEN_IN_USE" as const,
  "OFF" as const,
  "ALWAYS" as const,
);

export const deployArbitrary: fc.Arbitrary<Deploy> = fc.oneof(
  { weight: 7, arbitrary: order.map((o) => ({ order: o })) },
  { weight: 1, arbitrary: fc.constant("none" as const) },
  { weight: 3, arbitrary: fc.tuple(order, fault).map(([o, f]) => ({ order: o, fault: f })) },
  {
    weight: 1,
    arbitrary: fc.tuple(order, fc.nat({ max: 2 })).map(([o, killAt]) => ({ order: o, killAt })),
  },
  // Deletion protection's emergency override, the only way past a group removed from the code while
  // ALWAYS.
  { weight: 1, arbitrary: order.map((o) => ({ order: o, allowDelete: true as const })) },
);

const codeChange: fc.Arbitrary<CodeChange> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("add" as const),
      service: fc.constantFrom("sls" as const, "sls" as const, "dms" as const),
      name: index,
      container: index,
      // Mostly the first two stacks, so stacks hold several groups and a move leaves some behind.
      stack: fc.constantFrom(0, 0, 0, 1, 1, 2),
      form,
      policy: fc.constantFrom("DESTROY" as const, "DESTROY" as const, "RETAIN" as const),
      timeout,
      order: fc.boolean(),
      queueBy: fc.constantFrom("id" as const, "name" as const),
      protection: addProtection,
      // One group in three names its logstore or queue by a reference to a stack resource.
      reference: fc.constantFrom(false, false, true),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("toggle-reference" as const), pick: index }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: index }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("rename" as const), pick: index, name: index }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("settings" as const),
      pick: index,
      timeout,
      order: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("move-in-stack" as const), pick: index }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("move-to-stack" as const),
      pick: index,
      stack: index,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("split-stack" as const), stack: index }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("merge-stacks" as const), from: index, into: index }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("endpoint-form" as const), pick: index, form }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("queue-form" as const), pick: index }) },
  { weight: 2, arbitrary: fc.constant({ kind: "switch-executor" as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("toggle-removal-policy" as const), pick: index }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("protection" as const), pick: index, protection }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("rename-via-copy" as const),
      pick: index,
      name: index,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("rename-with-copy" as const),
      pick: index,
      name: index,
      keepId: fc.boolean(),
    }),
  },
);

export const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc
      .tuple(codeChange, deployArbitrary)
      .map(([change, deploy]): Action => ({ ...change, deploy })),
  },
  {
    weight: 1,
    arbitrary: deployArbitrary
      .filter((d): d is Exclude<Deploy, "none"> => d !== "none")
      .map((deploy): Action => ({ kind: "deploy", deploy })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(index, fc.option(destroyFault, { nil: undefined, freq: 3 }))
      .map(([stack, f]): Action => ({ kind: "destroy-stack", stack, ...(f ? { fault: f } : {}) })),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("consumers-active" as const), pick: index }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("consumers-stop" as const), pick: index }),
  },
  // Terraform's own verbs on a stack's resources, and a group declared twice.
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("verb" as const),
      verb: fc.constantFrom(...VERBS),
      stack: index,
      pick: index,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("duplicate" as const),
      pick: index,
      stack: index,
      queueFlip: fc.boolean(),
      skipValidation: fc.boolean(),
    }),
  },
  // Removals that cannot be carried out, and a rename with copy at the group quota.
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("never-created" as const),
      how: fc.constantFrom("malformed-id" as const, "unreachable" as const),
      service: fc.constantFrom("sls" as const, "dms" as const),
      stack: index,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("copy-at-quota" as const),
      pick: index,
      name: index,
    }),
  },
);
