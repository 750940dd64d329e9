#!/usr/bin/env node
// `npm run bench`: what the library costs on top of Terraform and Node, each pair measured side
// by side (alternating runs) on this machine. Prints a table and writes bench-results/bench.json.
// `--quick` runs every measurement on a tiny size (the test suite's smoke test uses it);
// `--out FILE` writes the JSON elsewhere; `--only PART[,PART]` runs only those parts (hook,
// credentials, calls, apply, large, synth, change, destroy, growth), e.g. `--only credentials`.
// The "default executor" rows synthesize with no executor context, so they measure whatever the
// library defaults to (the JSON's defaultExecutor says which, read from the synthesized stack);
// the "per-group executor" rows set the context `cdktf-consumer-groups:executor` = "per-group".
// Rows: hook-rows.js (hook process, calls per event), credential-rows.js (cold start per
// credential source, bundle size), apply-rows.js (applies of new groups, plan
// of a deployed stack, synth), change-rows.js (settings change, destroy, growth).
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { applyNewGroups, largeStack, synthVsBare } = require("./apply-rows");
const { destroyVsBare, growth, settingsChange } = require("./change-rows");
const { bundleBytes, coldStartBySource, stsConfig } = require("./credential-rows");
const { DMS_PROJECT, QUEUE_ID, callsPerEvent, hookVsNode, hookVsSdk } = require("./hook-rows");
const { LOGSTORES } = require("./layout");
const { goalMet, table } = require("./stats");
const { DMS_KEY, KEY, benchWork } = require("./stacks");

const started = process.hrtime.bigint();
const root = path.resolve(__dirname, "../..");
const { startEmulator } = require(path.join(root, "dist/lib/emulator/server"));
const QUICK = process.argv.includes("--quick");
const outAt = process.argv.indexOf("--out");
const OUT =
  outAt > 0
    ? path.resolve(process.argv[outAt + 1])
    : path.join(root, "bench-results", "bench.json");
const PARTS = [
  "hook",
  "credentials",
  "calls",
  "apply",
  "large",
  "synth",
  "change",
  "destroy",
  "growth",
];
const onlyAt = process.argv.indexOf("--only");
const ONLY = onlyAt > 0 ? process.argv[onlyAt + 1].split(",") : PARTS;
const unknownPart = ONLY.find((p) => !PARTS.includes(p));
if (unknownPart) {
  console.error(
    `bench: unknown part "${unknownPart}" after --only; the parts: ${PARTS.join(", ")}`,
  );
  process.exit(2);
}
const wanted = (part) => ONLY.includes(part);
// applyGroups: the 200-group stack (new groups, settings change, destroy, per-group rows);
// largeGroups: the 1,000-group stack (apply, then plan of it deployed).
const SIZES = QUICK
  ? {
      rounds: 2,
      applyGroups: 4,
      applyRounds: 1,
      largeGroups: 10,
      largeApplyRounds: 1,
      planRounds: 1,
      synthGroups: 10,
      synthRounds: 1,
      changeRounds: 2,
      destroyRounds: 1,
      growth: [2],
      growthPerGroup: [2],
    }
  : {
      rounds: 31,
      applyGroups: 200,
      applyRounds: 3,
      largeGroups: 1000,
      largeApplyRounds: 2,
      planRounds: 3,
      synthGroups: 1000,
      synthRounds: 7,
      changeRounds: 5,
      destroyRounds: 3,
      growth: [10, 100, 1000],
      growthPerGroup: [10, 100],
    };
const { work, env } = benchWork();

/** The order of the printed table (rows are measured in another order). */
const ROW_ORDER = [
  "hook-cold-start",
  "hook-vs-sdk",
  "cold-start-assume-role-vs-key",
  "cold-start-oidc-vs-key",
  "cold-start-ecs-role-vs-key",
  "cold-start-credentials-uri-vs-key",
  "apply-default-vs-bare",
  "apply-large-default-vs-bare",
  "synth-default-vs-bare",
  "synth-plain-vs-bare",
  "config-bytes-per-group",
  "plan-deployed-default-vs-bare",
  "settings-change-default-vs-per-group",
  "destroy-default-vs-bare",
  "destroy-default-vs-node",
  "apply-per-group-vs-node",
  "apply-per-group-vs-true",
];

async function main() {
  const logstores = Array.from(
    { length: LOGSTORES },
    (_, i) => `bench-${String(i).padStart(2, "0")}`,
  );
  const emulator = await startEmulator({
    sls: { accessKeys: [KEY], projects: { "shop-prod": { logstores: ["orders", ...logstores] } } },
    dms: {
      projects: { [DMS_PROJECT]: { queues: [{ name: "billing", id: QUEUE_ID }] } },
      accessKeys: [DMS_KEY],
    },
    sts: stsConfig(),
  });
  const ctx = { root, work, env, emulator, sizes: SIZES };
  const results = {
    machine: machine(),
    quick: QUICK,
    only: ONLY.length < PARTS.length ? ONLY : undefined,
    sizes: SIZES,
    hookBundleBytes: bundleBytes(),
    measurements: [],
    calls: [],
    growth: [],
  };
  const phasesMs = {};
  const phase = async (name, fn) => {
    const start = process.hrtime.bigint();
    const value = await fn();
    phasesMs[name] = Number(process.hrtime.bigint() - start) / 1e6;
    return value;
  };
  const record = (m) => {
    results.measurements.push({ ...m, met: goalMet(m.goal, m.ratio) });
    console.log(`  ${m.name}: ${fmt(m.a, m.unit)} vs ${fmt(m.b, m.unit)} (${m.ratio.toFixed(2)}x)`);
  };
  try {
    console.log(
      `benchmarks on ${results.machine.cpus} x ${results.machine.cpu}, node ${process.version}${QUICK ? " (quick)" : ""}`,
    );
    console.log(`  hook bundle: ${results.hookBundleBytes} bytes (dist/hook/hook-bundle.js)`);
    if (wanted("hook")) {
      record(await phase("hook cold start", () => hookVsNode(ctx)));
      record(await phase("hook vs sdk", () => hookVsSdk(ctx)));
    }
    if (wanted("credentials")) {
      for (const m of await phase("credential sources", () => coldStartBySource(ctx))) record(m);
    }
    if (wanted("calls")) results.calls = await phase("calls per event", () => callsPerEvent(ctx));
    if (wanted("apply")) {
      const applied = await phase("apply, new groups", () => applyNewGroups(ctx));
      results.defaultExecutor = applied.shape;
      console.log(
        `  default executor (no context): ${applied.shape.executor}, ${applied.shape.resources} resources for ${SIZES.applyGroups} groups`,
      );
      record(applied.default);
      for (const m of applied.perGroup) record(m);
    }
    if (wanted("large")) {
      for (const m of await phase("large stack, apply and plan", () => largeStack(ctx))) record(m);
    }
    if (wanted("synth")) for (const m of await phase("synth", () => synthVsBare(ctx))) record(m);
    if (wanted("change")) {
      const change = await phase("settings change", () => settingsChange(ctx));
      record(change.measurement);
      results.calls.push(...change.calls);
    }
    if (wanted("destroy")) {
      for (const m of await phase("destroy", () => destroyVsBare(ctx))) record(m);
    }
    if (wanted("growth")) {
      results.growth = await phase("growth", () =>
        growth(ctx, (g) =>
          console.log(
            `  growth, ${g.executor} executor, ${g.groups}: synth ${fmt(g.synthMs)}, plan ${fmt(g.planMs)}, apply ${fmt(g.applyMs)}`,
          ),
        ),
      );
    }
  } finally {
    await emulator.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  const rank = (m) => ROW_ORDER.indexOf(m.id);
  results.measurements.sort((x, y) => rank(x) - rank(y));
  results.phasesMs = phasesMs;
  results.totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  results.machine.loadAtEnd = loadAverage();
  print(results);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, JSON.stringify(results, null, 2) + "\n");
  console.log(`\nwritten to ${path.relative(root, OUT)}`);
}

function fmt(ms, unit = "ms") {
  if (unit === "bytes") return `${Math.round(ms)} bytes`;
  if (ms >= 120000) return `${(ms / 60000).toFixed(1)} min`;
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
    // Other work on the machine inflates every time (the ratios less: pairs alternate).
    loadAtStart: loadAverage(),
  };
}

/** The 1, 5 and 15 minute load averages. */
function loadAverage() {
  return os.loadavg().map((l) => Number(l.toFixed(2)));
}

function print(results) {
  if (results.defaultExecutor) {
    const { executor, resources } = results.defaultExecutor;
    console.log(
      `\ndefault executor (no context) measured: ${executor} (${resources} resources for ${results.sizes.applyGroups} groups)`,
    );
  }
  console.log(
    `\nhook bundle: ${results.hookBundleBytes} bytes\n` +
      table([
        ["measurement", "A", "B", "A/B", "goal", "met", "rounds"],
        ...results.measurements.map((m) => [
          m.name,
          fmt(m.a, m.unit),
          fmt(m.b, m.unit),
          `${m.ratio.toFixed(2)}x`,
          m.goal,
          m.met === null ? "-" : m.met ? "yes" : "no",
          m.rounds,
        ]),
      ]),
  );
  if (results.calls.length) {
    console.log(
      "\n" +
        table([
          ["API calls per event", "goal", "met", "made", "calls"],
          ...results.calls.map((c) => [
            c.event,
            c.goal,
            c.met === undefined ? "" : c.met ? "yes" : "no",
            c.count,
            runs(c.calls).join(", "),
          ]),
        ]),
    );
  }
  if (results.growth.length) {
    console.log(
      "\n" +
        table([
          ["executor", "groups", "resources", "synth", "plan (empty state)", "apply"],
          ...results.growth.map((g) => [
            g.executor,
            g.groups,
            g.resources,
            fmt(g.synthMs),
            fmt(g.planMs),
            fmt(g.applyMs),
          ]),
        ]),
    );
  }
  const phases = Object.entries(results.phasesMs).map(([name, ms]) => `${name} ${fmt(ms)}`);
  console.log(`\ntotal ${fmt(results.totalMs)} (${phases.join(", ")})`);
  const { loadAtStart, loadAtEnd } = results.machine;
  console.log(
    `load average (1, 5, 15 min): ${loadAtStart.join(" ")} at start, ${loadAtEnd.join(" ")} at end`,
  );
}

/** Runs of the same call written once: "ListConsumerGroup:200 x8". */
function runs(calls) {
  const out = [];
  for (let i = 0; i < calls.length;) {
    let j = i;
    while (j < calls.length && calls[j] === calls[i]) j++;
    out.push(j - i > 1 ? `${calls[i]} x${j - i}` : calls[i]);
    i = j;
  }
  return out;
}

main().catch((e) => {
  console.error(`bench failed: ${e.stack ?? e.message}`);
  process.exitCode = 1;
});
