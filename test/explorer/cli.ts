// `npm run explore -- --seed N --steps M --runs R [--path P] [--minutes T]`: a longer
// exploration than CI's. Exit code 0: no violation; 1: a violation (the report says how to
// replay it and prints the shortest failing sequence); 2: bad arguments.

import { parseArgs } from "node:util";
import { describeReport, explore } from "./explore";

const USAGE =
  "usage: npm run explore -- [--seed N] [--steps M] [--runs R] [--path P] [--minutes T] [--without KINDS]\n" +
  "  --seed     fast-check seed (default: random, printed)\n" +
  "  --steps    at most M actions per sequence (default 20)\n" +
  "  --runs     R sequences (default 20)\n" +
  "  --path     replay the failing run at this fast-check path (with its --seed)\n" +
  "  --minutes  no new sequence or shrink attempt after T minutes (default 30)\n" +
  "  --without  action kinds never to run, comma-separated (explore past a known defect)";

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        seed: { type: "string" },
        steps: { type: "string", default: "20" },
        runs: { type: "string", default: "20" },
        path: { type: "string" },
        minutes: { type: "string", default: "30" },
        without: { type: "string", multiple: true, default: [] },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const number = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`--${name} must be an integer >= 0, got "${text}"`);
    return n;
  };
  try {
    const seed = number("seed", values.seed);
    const report = await explore({
      ...(seed === undefined ? {} : { seed }),
      ...(values.path === undefined ? {} : { path: values.path }),
      steps: number("steps", values.steps) ?? 20,
      runs: number("runs", values.runs) ?? 20,
      exclude: values.without.flatMap((w) => w.split(",")),
      timeLimitMs: (number("minutes", values.minutes) ?? 30) * 60_000,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(`${describeReport(report)}\n`);
    return report.failed ? 1 : 0;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
}

void main().then((code) => process.exit(code));
