// Medians, side-by-side runs and a printable table for the benchmarks.
"use strict";
const { spawn } = require("node:child_process");

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs a command, resolves with its wall time in ms; rejects on a non-zero exit. */
function timed(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code === 0) resolve(ms);
      else
        reject(
          new Error(
            `${command} ${args.slice(0, 3).join(" ")} exited ${code}:\n${out.slice(-2000)}`,
          ),
        );
    });
  });
}

/**
 * Runs each of `variants` ({name: (round) => Promise<ms>}) once per round, in turn (A, B, C, A,
 * B, C, …), so that drift of the machine hits all alike; warm-up rounds (negative round
 * numbers) are not kept. Resolves with {name: [ms of each round]}.
 */
async function alternate(rounds, variants, warmup = 0) {
  const times = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let i = -warmup; i < rounds; i++) {
    for (const [name, run] of Object.entries(variants)) {
      const ms = await run(i);
      if (i >= 0) times[name].push(ms);
    }
  }
  return times;
}

/**
 * Measures A and B alternately (A, B, A, B, …) so that drift of the machine hits both alike.
 * `a` and `b` take the round number and resolve with a time in ms.
 */
async function sideBySide(rounds, a, b, warmup = 1) {
  const times = await alternate(rounds, { a, b }, warmup);
  return pair(times.a, times.b, rounds);
}

/** The medians of two lists of times, their ratio and the number of rounds. */
function pair(as, bs, rounds = as.length) {
  return { a: median(as), b: median(bs), ratio: median(as) / median(bs), rounds };
}

/** Whether `ratio` meets a goal written "<= 1.5x"; null for a goal that is not a ratio ("-"). */
function goalMet(goal, ratio) {
  const m = /^<=\s*([\d.]+)x$/.exec(goal);
  return m ? ratio <= Number(m[1]) : null;
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => String(c).padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

module.exports = { median, timed, alternate, sideBySide, pair, goalMet, table };
