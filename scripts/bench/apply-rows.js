// `terraform apply` of new groups, `terraform plan` of a deployed stack and app synth: the
// default executor (no context) against bare terraform_data resources, and the per-group
// executor against its floors. Each function takes the bench context and resolves with rows.
"use strict";
const path = require("node:path");
const fs = require("node:fs");
const { alternate, pair } = require("./stats");
const {
  APPLY,
  INIT,
  PLAN_UNCHANGED,
  forget,
  initialized,
  shapeOf,
  stackDir,
  synth,
  terraform,
  withEnsureHooks,
} = require("./stacks");

/** An apply of every resource from an empty state, the emulator emptied first. */
const applyNew = (ctx, dir) => async () => {
  ctx.emulator.reset();
  forget(dir);
  return terraform(ctx, dir, APPLY);
};

/**
 * `terraform apply` of N new groups, five stacks in turn each round: the default executor,
 * N bare terraform_data with `true` hooks, and the per-group executor with its real hooks,
 * with `node -e 0` hooks and with `true` hooks. Resolves with the default's row, the
 * per-group rows and the default stack's shape.
 */
async function applyNewGroups(ctx) {
  const n = ctx.sizes.applyGroups;
  const rounds = ctx.sizes.applyRounds;
  const defaultDir = await initialized(ctx, "apply-default", "default", n);
  const bareDir = await initialized(ctx, "apply-bare", "bare", n);
  const perGroupOut = path.join(ctx.work, "apply-per-group-synth");
  await synth(ctx, perGroupOut, "per-group", n, ctx.emulator.url);
  const from = stackDir(perGroupOut);
  const perGroup = {
    hook: withEnsureHooks(ctx, from, "apply-per-group", null, n),
    node: withEnsureHooks(ctx, from, "apply-per-group-node", ["node", "-e", "0"], n),
    true: withEnsureHooks(ctx, from, "apply-per-group-true", ["true"], n),
  };
  for (const dir of Object.values(perGroup)) await terraform(ctx, dir, INIT);
  const t = await alternate(rounds, {
    default: applyNew(ctx, defaultDir),
    bare: applyNew(ctx, bareDir),
    hook: applyNew(ctx, perGroup.hook),
    node: applyNew(ctx, perGroup.node),
    true: applyNew(ctx, perGroup.true),
  });
  const shape = shapeOf(defaultDir);
  return {
    shape,
    default: {
      id: "apply-default-vs-bare",
      name: `terraform apply, ${n} new groups: default executor vs ${n} bare terraform_data with true hooks`,
      goal: "<= 1.5x",
      unit: "ms",
      groups: n,
      resources: { a: shape.resources, b: n },
      ...pair(t.default, t.bare),
    },
    perGroup: [
      {
        id: "apply-per-group-vs-node",
        name: `per-group executor: terraform apply, ${n} new groups: hooks vs node -e 0 hooks`,
        goal: "<= 1.3x",
        unit: "ms",
        groups: n,
        ...pair(t.hook, t.node),
      },
      {
        id: "apply-per-group-vs-true",
        name: `per-group executor: terraform apply, ${n} new groups: hooks vs true hooks (reported)`,
        goal: "-",
        unit: "ms",
        groups: n,
        ...pair(t.hook, t.true),
      },
    ],
  };
}

/**
 * The large stack: `terraform apply` of N new groups (default executor) vs N bare
 * terraform_data with `true` hooks; then `terraform plan` of both as the last apply left them
 * (a plan that finds anything to do fails the bench).
 */
async function largeStack(ctx) {
  const n = ctx.sizes.largeGroups;
  const defaultDir = await initialized(ctx, "large-default", "default", n);
  const bareDir = await initialized(ctx, "large-bare", "bare", n);
  const applies = await alternate(ctx.sizes.largeApplyRounds, {
    default: applyNew(ctx, defaultDir),
    bare: applyNew(ctx, bareDir),
  });
  const plans = await alternate(
    ctx.sizes.planRounds,
    {
      default: () => terraform(ctx, defaultDir, PLAN_UNCHANGED),
      bare: () => terraform(ctx, bareDir, PLAN_UNCHANGED),
    },
    1,
  );
  const resources = { a: shapeOf(defaultDir).resources, b: n };
  return [
    {
      id: "apply-large-default-vs-bare",
      name: `terraform apply, ${n} new groups: default executor vs ${n} bare terraform_data with true hooks`,
      goal: "<= 1.5x",
      unit: "ms",
      groups: n,
      resources,
      ...pair(applies.default, applies.bare),
    },
    {
      id: "plan-deployed-default-vs-bare",
      name: `terraform plan, deployed ${n}-group stack (default executor) vs ${n} bare terraform_data deployed`,
      goal: "<= 1.5x",
      unit: "ms",
      groups: n,
      resources,
      ...pair(plans.default, plans.bare),
    },
  ];
}

/**
 * App synth of N groups (default executor) vs N bare terraform_data resources with a hook, and
 * the same cdk.tf.json from plain cdktf resources (what cdktf alone costs for that output),
 * in turn each round, each in a fresh process.
 */
async function synthVsBare(ctx) {
  const n = ctx.sizes.synthGroups;
  const reference = path.join(ctx.work, "synth-reference");
  await synth(ctx, reference, "default", n, "http://127.0.0.1:1");
  const resources = shapeOf(stackDir(reference)).resources;
  const out = (name, i) => path.join(ctx.work, `synth-${name}-${i}`);
  const t = await alternate(ctx.sizes.synthRounds, {
    groups: (i) => synth(ctx, out("g", i), "default", n, "http://127.0.0.1:1"),
    plain: (i) => synth(ctx, out("p", i), "plain", resources, reference),
    bare: (i) => synth(ctx, out("b", i), "bare", n, ""),
  });
  return [
    {
      id: "synth-default-vs-bare",
      name: `app synth, ${n} groups (default executor) vs ${n} bare terraform_data`,
      goal: "<= 1.3x",
      unit: "ms",
      groups: n,
      resources: { a: resources, b: n },
      ...pair(t.groups, t.bare),
    },
    await bytesPerGroup(ctx),
    {
      id: "synth-plain-vs-bare",
      name: `app synth, the same output from ${resources} plain resources vs ${n} bare (reported)`,
      goal: "-",
      unit: "ms",
      groups: n,
      resources: { a: resources, b: n },
      ...pair(t.plain, t.bare),
    },
  ];
}

/**
 * Bytes of cdk.tf.json per group: the stack of 101 groups minus the stack of 1, over 100
 * (default executor), against the goal of 1 kB.
 */
async function bytesPerGroup(ctx) {
  const size = async (n) => {
    const out = path.join(ctx.work, `bytes-${n}`);
    await synth(ctx, out, "default", n, "http://127.0.0.1:1");
    return fs.statSync(path.join(stackDir(out), "cdk.tf.json")).size;
  };
  const perGroup = ((await size(101)) - (await size(1))) / 100;
  return {
    id: "config-bytes-per-group",
    name: "cdk.tf.json per group (101 groups minus 1, over 100) vs the 1 kB goal",
    goal: "<= 1x",
    unit: "bytes",
    a: perGroup,
    b: 1024,
    ratio: perGroup / 1024,
    rounds: 1,
  };
}

module.exports = { applyNewGroups, largeStack, synthVsBare };
