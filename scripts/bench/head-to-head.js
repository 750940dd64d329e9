#!/usr/bin/env node
// Two or more builds of the library side by side: each tree synthesizes the bench's stack of N
// SLS groups (default executor) against one emulator, next to N bare terraform_data; then, in
// alternating rounds, `terraform apply` of each from empty state, then `terraform plan` of each
// as deployed. For measuring a change against the build before it on one busy machine, where
// two runs of `npm run bench` would disagree more than the builds do.
// Usage: node scripts/bench/head-to-head.js [--groups N] [--rounds R] NAME=TREE [NAME=TREE ...]
// (each TREE a checkout of this repository with `npm run build` done).
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { LOGSTORES } = require("./layout");
const { median, timed } = require("./stats");
const { KEY, benchWork } = require("./stacks");

const root = path.resolve(__dirname, "../..");
const { values, positionals } = parseArgs({
  options: { groups: { type: "string", default: "200" }, rounds: { type: "string", default: "5" } },
  allowPositionals: true,
});
const trees = positionals.map((spec) => {
  const [name, tree] = spec.split("=");
  if (!name || !tree || name === "bare") {
    console.error(`head-to-head: "${spec}" is not NAME=TREE (NAME not "bare")`);
    process.exit(2);
  }
  return { name, tree: path.resolve(tree) };
});
if (trees.length === 0) {
  console.error("usage: head-to-head.js [--groups N] [--rounds R] NAME=TREE [NAME=TREE ...]");
  process.exit(2);
}
const TF = ["-input=false", "-no-color", "-parallelism=10"];

async function main() {
  const { startEmulator } = require(path.join(root, "dist/lib/emulator/server"));
  const logstores = Array.from(
    { length: LOGSTORES },
    (_, i) => `bench-${String(i).padStart(2, "0")}`,
  );
  const emulator = await startEmulator({
    sls: { accessKeys: [KEY], projects: { "shop-prod": { logstores: ["orders", ...logstores] } } },
  });
  const { work, env } = benchWork();
  const dirs = {};
  for (const { name, tree, mode } of [...trees, { name: "bare", tree: root, mode: "bare" }]) {
    const out = path.join(work, name);
    const synthApp = path.join(tree, "scripts/bench/synth-app.js");
    const args = [synthApp, out, mode ?? "default", values.groups, emulator.url];
    await timed(process.execPath, args, { env, cwd: tree });
    dirs[name] = path.join(out, "stacks", "bench");
    await timed("terraform", ["init", "-input=false"], { env, cwd: dirs[name] });
    const bytes = fs.statSync(path.join(dirs[name], "cdk.tf.json")).size;
    console.log(`${name}: cdk.tf.json ${bytes} bytes`);
  }
  const rounds = Number(values.rounds);
  const apply = await alternate(rounds, dirs, (dir) => {
    emulator.reset();
    for (const f of ["terraform.tfstate", "terraform.tfstate.backup"]) {
      fs.rmSync(path.join(dir, f), { force: true });
    }
    return timed("terraform", ["apply", ...TF, "-auto-approve"], { env, cwd: dir });
  });
  const plan = await alternate(rounds, dirs, (dir) =>
    timed("terraform", ["plan", ...TF, "-detailed-exitcode"], { env, cwd: dir }),
  );
  for (const [what, times] of [
    ["apply", apply],
    ["plan", plan],
  ]) {
    const floor = median(times.bare);
    for (const [name, ms] of Object.entries(times)) {
      const ratio = (median(ms) / floor).toFixed(2);
      console.log(
        `${what} ${name}: median ${Math.round(median(ms))} ms (${ratio}x bare); ${ms.map(Math.round).join(", ")}`,
      );
    }
  }
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  fs.rmSync(work, { recursive: true, force: true });
  await emulator.close();
}

/** Runs `run(dir)` for each stack in turn, `rounds` times; {name: [ms of each round]}. */
async function alternate(rounds, dirs, run) {
  const times = Object.fromEntries(Object.keys(dirs).map((name) => [name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, dir] of Object.entries(dirs)) times[name].push(await run(dir));
  }
  return times;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
