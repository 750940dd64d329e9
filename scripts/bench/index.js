#!/usr/bin/env node
// `npm run bench`: what the library costs on top of Terraform and Node, each pair measured side
// by side (alternating runs) on this machine. Prints a table and writes bench-results/bench.json.
// `--quick` runs every measurement on a tiny size (the test suite's smoke test uses it);
// `--out FILE` writes the JSON elsewhere.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { callsPerEvent, DMS_PROJECT, QUEUE_ID, hookVsNode, hookVsSdk } = require("./hook-rows");
const { median, timed, table } = require("./stats");

const root = path.resolve(__dirname, "../..");
const { startEmulator } = require(path.join(root, "dist/lib/emulator/server"));
const QUICK = process.argv.includes("--quick");
const outAt = process.argv.indexOf("--out");
const OUT =
  outAt > 0
    ? path.resolve(process.argv[outAt + 1])
    : path.join(root, "bench-results", "bench.json");
const SIZES = QUICK
  ? { rounds: 2, applyGroups: 4, applyRounds: 1, synthGroups: 10, synthRounds: 1, growth: [2] }
  : {
      rounds: 31,
      applyGroups: 200,
      applyRounds: 3,
      synthGroups: 1000,
      synthRounds: 7,
      growth: [10, 100, 1000],
    };
const KEY = { accessKeyId: "bench-key-id", accessKeySecret: "bench-key-secret" };
const DMS_KEY = { accessKey: "bench-ak", secretKey: "bench-sk" };
const work = fs.mkdtempSync(path.join(os.tmpdir(), "cgac-bench-"));
const cliConfig = path.join(work, "terraformrc");
fs.writeFileSync(cliConfig, "");
const env = {
  ...process.env,
  CHECKPOINT_DISABLE: "1",
  TF_IN_AUTOMATION: "1",
  TF_CLI_CONFIG_FILE: cliConfig,
  ALIBABA_CLOUD_ACCESS_KEY_ID: KEY.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEY.accessKeySecret,
  HW_ACCESS_KEY: DMS_KEY.accessKey,
  HW_SECRET_KEY: DMS_KEY.secretKey,
};

async function main() {
  const logstores = Array.from({ length: 48 }, (_, i) => `bench-${String(i).padStart(2, "0")}`);
  const emulator = await startEmulator({
    sls: { accessKeys: [KEY], projects: { "shop-prod": { logstores: ["orders", ...logstores] } } },
    dms: {
      projects: { [DMS_PROJECT]: { queues: [{ name: "billing", id: QUEUE_ID }] } },
      accessKeys: [DMS_KEY],
    },
  });
  const ctx = { root, work, env, emulator, sizes: SIZES };
  const results = { machine: machine(), quick: QUICK, measurements: [] };
  const record = (m) => {
    results.measurements.push(m);
    console.log(`  ${m.name}: ${fmt(m.a)} vs ${fmt(m.b)} (${m.ratio.toFixed(2)}x)`);
  };
  try {
    console.log(
      `benchmarks on ${results.machine.cpus} x ${results.machine.cpu}, node ${process.version}${QUICK ? " (quick)" : ""}`,
    );
    record(await hookVsNode(ctx));
    record(await hookVsSdk(ctx));
    for (const m of await applyVsFloors(emulator)) record(m);
    for (const m of await synthVsBare()) record(m);
    results.calls = await callsPerEvent(ctx);
    results.growth = await growth(emulator);
  } finally {
    await emulator.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  print(results);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, JSON.stringify(results, null, 2) + "\n");
  console.log(`\nwritten to ${path.relative(root, OUT)}`);
}

/** `terraform apply` of N new groups vs the same stack with hooks `node -e 0` and `true`. */
async function applyVsFloors(emulator) {
  const n = SIZES.applyGroups;
  const base = path.join(work, "apply");
  await synth(base, "groups", n, emulator.url);
  const batchedBase = path.join(work, "apply-batched-synth");
  await synth(batchedBase, "batched", n, emulator.url);
  const variants = {
    hook: prepare(base, "hook", null),
    node: prepare(base, "node", ["node", "-e", "0"]),
    true: prepare(base, "true", ["true"]),
    batched: prepare(batchedBase, "batched", null),
  };
  for (const dir of Object.values(variants))
    await terraform(dir, ["init", "-input=false", "-no-color"]);
  const times = { hook: [], node: [], true: [], batched: [] };
  for (let round = 0; round < SIZES.applyRounds; round++) {
    for (const [variant, dir] of Object.entries(variants)) {
      emulator.reset();
      fs.rmSync(path.join(dir, "terraform.tfstate"), { force: true });
      times[variant].push(
        await terraform(dir, [
          "apply",
          "-input=false",
          "-auto-approve",
          "-no-color",
          "-parallelism=10",
        ]),
      );
    }
  }
  const hook = median(times.hook);
  const node = median(times.node);
  const floor = median(times.true);
  const batched = median(times.batched);
  return [
    {
      name: `terraform apply, ${n} new groups: hooks vs node -e 0 hooks`,
      goal: "<= 1.3x",
      unit: "ms",
      a: hook,
      b: node,
      ratio: hook / node,
      rounds: SIZES.applyRounds,
    },
    {
      name: `terraform apply, ${n} new groups: hooks vs true hooks (reported)`,
      goal: "-",
      unit: "ms",
      a: hook,
      b: floor,
      ratio: hook / floor,
      rounds: SIZES.applyRounds,
    },
    {
      name: `terraform apply, ${n} new groups: batched executor vs true hooks`,
      goal: "<= 2x",
      unit: "ms",
      a: batched,
      b: floor,
      ratio: batched / floor,
      rounds: SIZES.applyRounds,
    },
  ];
}

/** Copies the synthesized stack; `interpreter` null keeps the real hooks, else replaces the ensure hooks. */
function prepare(base, name, interpreter) {
  const from = path.join(base, "stacks", "bench");
  // Same state path for every variant: a leftover state would turn an apply into a no-op.
  const dir = path.join(work, `apply-${name}`);
  fs.cpSync(from, dir, { recursive: true });
  if (interpreter) {
    const file = path.join(dir, "cdk.tf.json");
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const resource of Object.values(json.resource.terraform_data)) {
      for (const p of resource.provisioner ?? []) {
        const exec = p["local-exec"];
        if (exec.interpreter?.[2] === "ensure") {
          exec.interpreter = interpreter;
          exec.command = "noop";
        }
      }
    }
    fs.writeFileSync(file, JSON.stringify(json));
  }
  return dir;
}

/** App synth of N groups vs N bare terraform_data resources with a hook, each in a fresh process. */
async function synthVsBare() {
  const n = SIZES.synthGroups;
  const resources = 2 * n + 1;
  const reference = path.join(work, "synth-reference");
  await synth(reference, "groups", n, "http://127.0.0.1:1");
  // Three-way alternation: groups; the same cdk.tf.json from plain cdktf resources (what cdktf
  // itself needs for this output); bare resources.
  const times = { groups: [], plain: [], bare: [] };
  for (let i = 0; i < SIZES.synthRounds; i++) {
    const out = (name) => path.join(work, `synth-${name}-${i}`);
    times.groups.push(await synth(out("g"), "groups", n, "http://127.0.0.1:1"));
    times.plain.push(await synth(out("p"), "plain", resources, reference));
    times.bare.push(await synth(out("b"), "bare", n, ""));
  }
  const [groups, plain, bare] = [times.groups, times.plain, times.bare].map(median);
  const rounds = SIZES.synthRounds;
  return [
    {
      name: `app synth, ${n} groups vs ${n} bare terraform_data`,
      goal: "<= 1.2x",
      unit: "ms",
      a: groups,
      b: bare,
      ratio: groups / bare,
      rounds,
    },
    {
      name: `app synth, the same output from ${resources} plain resources vs ${n} bare (reported)`,
      goal: "-",
      unit: "ms",
      a: plain,
      b: bare,
      ratio: plain / bare,
      rounds,
    },
  ];
}

/** Synth, plan and apply wall time as the number of groups grows. */
async function growth(emulator) {
  const rows = [];
  for (const n of SIZES.growth) {
    emulator.reset();
    const out = path.join(work, `growth-${n}`);
    const synthMs = await synth(out, "groups", n, emulator.url);
    const dir = path.join(out, "stacks", "bench");
    await terraform(dir, ["init", "-input=false", "-no-color"]);
    const planMs = await terraform(dir, ["plan", "-input=false", "-no-color", "-parallelism=10"]);
    const applyMs = await terraform(dir, [
      "apply",
      "-input=false",
      "-auto-approve",
      "-no-color",
      "-parallelism=10",
    ]);
    rows.push({ groups: n, resources: 2 * n + 1, synthMs, planMs, applyMs });
    console.log(`  growth ${n}: synth ${fmt(synthMs)}, plan ${fmt(planMs)}, apply ${fmt(applyMs)}`);
  }
  return rows;
}

function synth(outdir, mode, n, endpoint) {
  return timed(
    process.execPath,
    [path.join(__dirname, "synth-app.js"), outdir, mode, String(n), endpoint],
    { env, cwd: root },
  );
}

function terraform(dir, args) {
  return timed("terraform", args, { env, cwd: dir });
}

function fmt(ms) {
  return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpu: cpus[0]?.model ?? "unknown",
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

function print(results) {
  console.log(
    "\n" +
      table([
        ["measurement", "A", "B", "A/B", "goal", "rounds"],
        ...results.measurements.map((m) => [
          m.name,
          fmt(m.a),
          fmt(m.b),
          `${m.ratio.toFixed(2)}x`,
          m.goal,
          m.rounds,
        ]),
      ]),
  );
  console.log(
    "\n" +
      table([
        ["API calls per event", "goal", "made", "calls"],
        ...results.calls.map((c) => [c.event, c.goal, c.count, c.calls.join(", ")]),
      ]),
  );
  console.log(
    "\n" +
      table([
        ["groups", "resources", "synth", "plan", "apply"],
        ...results.growth.map((g) => [
          g.groups,
          g.resources,
          fmt(g.synthMs),
          fmt(g.planMs),
          fmt(g.applyMs),
        ]),
      ]),
  );
}

main().catch((e) => {
  console.error(`bench failed: ${e.stack ?? e.message}`);
  process.exitCode = 1;
});
