// Changes to deployed stacks: one group's settings (wall time and the API calls of the apply),
// a full destroy, and how synth, plan and apply grow with the number of groups. Each function
// takes the bench context: { root, work, env, emulator, sizes }.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { callText } = require("./hook-rows");
const { logstoreOf, logstoresFor } = require("./layout");
const { alternate, pair } = require("./stats");
const {
  APPLY,
  DESTROY,
  INIT,
  PLAN,
  forget,
  initialized,
  shapeOf,
  stackDir,
  synth,
  terraform,
} = require("./stacks");

const TIMEOUTS = [60, 61];

/**
 * One group's timeout changed in a deployed stack of N groups, applied under the default
 * executor and under the per-group executor in turn (each stack in logstores of its own; every
 * round flips the timeout back, so each apply is one settings change). Resolves with the
 * wall-time row and a calls row per executor (the emulator's calls during the apply).
 */
async function settingsChange(ctx) {
  const n = ctx.sizes.applyGroups;
  const logstores = logstoresFor(n);
  const executors = {
    default: {
      mode: "default",
      from: 0,
      goal: `${logstores} list${logstores === 1 ? "" : "s"} + 1 write`,
      // The reconcile: one list per logstore of the stack, then the one update.
      met: (calls) =>
        calls.length === logstores + 1 &&
        calls.filter((c) => c === "ListConsumerGroup:200").length === logstores &&
        calls.includes("UpdateConsumerGroup:200"),
    },
    "per-group": { mode: "per-group", from: logstores, goal: "<= 2", met: (c) => c.length <= 2 },
  };
  ctx.emulator.reset();
  const variants = {};
  for (const [name, e] of Object.entries(executors)) {
    const options = [`--logstores-from=${e.from}`];
    // The stack deployed with the first timeout, and each timeout's cdk.tf.json to apply.
    e.dir = await initialized(ctx, `change-${name}`, e.mode, n, options);
    e.files = {};
    for (const timeout of TIMEOUTS) {
      const out = path.join(ctx.work, `change-${name}-${timeout}`);
      await synth(ctx, out, e.mode, n, ctx.emulator.url, [...options, `--timeout0=${timeout}`]);
      e.files[timeout] = path.join(stackDir(out), "cdk.tf.json");
    }
    await terraform(ctx, e.dir, APPLY);
    e.timeout = TIMEOUTS[0];
    e.calls = [];
    variants[name] = async (round) => {
      e.timeout = TIMEOUTS[(TIMEOUTS.indexOf(e.timeout) + 1) % TIMEOUTS.length];
      fs.copyFileSync(e.files[e.timeout], path.join(e.dir, "cdk.tf.json"));
      ctx.emulator.resetCalls();
      const ms = await terraform(ctx, e.dir, APPLY);
      const calls = ctx.emulator.calls().map(callText);
      const group = ctx.emulator.sls
        .listGroups("shop-prod", logstoreOf(0, e.from))
        .find((g) => g.name === "bench-0");
      if (group?.timeout !== e.timeout) {
        throw new Error(
          `${name}: bench-0 has timeout ${group?.timeout} after applying ${e.timeout}`,
        );
      }
      if (round >= 0) e.calls.push(calls);
      return ms;
    };
  }
  const t = await alternate(ctx.sizes.changeRounds, variants, 1);
  const event = (name) =>
    `SLS settings change of 1 group in a deployed ${n}-group stack: terraform apply, ${name} executor`;
  return {
    measurement: {
      id: "settings-change-default-vs-per-group",
      name: `terraform apply, one group's timeout changed in a deployed ${n}-group stack: default vs per-group executor (reported)`,
      goal: "-",
      unit: "ms",
      groups: n,
      ...pair(t.default, t["per-group"]),
    },
    calls: Object.entries(executors).map(([name, e]) => ({
      event: event(name),
      goal: e.goal,
      count: e.calls[0].length,
      calls: e.calls[0],
      met: e.calls.every(e.met),
      sameEveryRound: e.calls.every((c) => c.join() === e.calls[0].join()),
    })),
  };
}

/**
 * `terraform destroy` of a deployed stack of N groups (default executor: one delete hook per
 * group) vs N bare terraform_data with a `true` destroy hook. Each round deploys both again
 * (not timed); the emulator holds the groups, so each delete makes its real calls.
 */
async function destroyVsBare(ctx) {
  const n = ctx.sizes.applyGroups;
  const defaultDir = await initialized(ctx, "destroy-default", "default", n);
  const bareDir = await initialized(ctx, "destroy-bare", "bare-destroy", n);
  const nodeDir = await initialized(ctx, "destroy-node", "node-destroy", n);
  const deployThenDestroy = (dir) => async () => {
    ctx.emulator.reset();
    forget(dir);
    await terraform(ctx, dir, APPLY);
    const ms = await terraform(ctx, dir, DESTROY);
    const left = ctx.emulator.sls.listGroups("shop-prod", logstoreOf(0)).length;
    if (left) throw new Error(`destroy left ${left} groups in ${logstoreOf(0)}`);
    return ms;
  };
  const t = await alternate(ctx.sizes.destroyRounds, {
    default: deployThenDestroy(defaultDir),
    bare: deployThenDestroy(bareDir),
    node: deployThenDestroy(nodeDir),
  });
  const resources = { a: shapeOf(defaultDir).resources, b: n };
  return [
    {
      id: "destroy-default-vs-bare",
      name: `terraform destroy, deployed ${n}-group stack (default executor) vs ${n} bare terraform_data with a true destroy hook (reported)`,
      goal: "-",
      unit: "ms",
      groups: n,
      resources,
      ...pair(t.default, t.bare),
    },
    {
      id: "destroy-default-vs-node",
      name: `terraform destroy, the same stack vs ${n} bare terraform_data with a node -e 0 destroy hook (reported)`,
      goal: "-",
      unit: "ms",
      groups: n,
      resources,
      ...pair(t.default, t.node),
    },
  ];
}

/** Synth, plan (empty state) and apply wall time as the number of groups grows, per executor. */
async function growth(ctx, log) {
  const rows = [];
  const sizes = [
    ...ctx.sizes.growth.map((n) => ["default", n]),
    ...ctx.sizes.growthPerGroup.map((n) => ["per-group", n]),
  ];
  for (const [executor, n] of sizes) {
    ctx.emulator.reset();
    const out = path.join(ctx.work, `growth-${executor}-${n}`);
    const synthMs = await synth(ctx, out, executor, n, ctx.emulator.url);
    const dir = stackDir(out);
    await terraform(ctx, dir, INIT);
    const planMs = await terraform(ctx, dir, PLAN);
    const applyMs = await terraform(ctx, dir, APPLY);
    const { resources } = shapeOf(dir);
    rows.push({ executor, groups: n, resources, synthMs, planMs, applyMs });
    log(rows[rows.length - 1]);
  }
  return rows;
}

module.exports = { settingsChange, destroyVsBare, growth };
