// `cdktf-consumer-groups check [cdktf.out] [--json] [--stack NAME]`: compares the consumer
// groups a synthesized app declares with the groups the clouds list.
// Exit codes: 0 all in sync, 2 drift found, 1 error (the message says what and how to fix).

import { createReporter, type Reporter } from "../hook/report";
import { DEBUG_ENV } from "../contract/names";
import { compare, exitCodeOf } from "./compare";
import { readDeclaredGroups } from "./declared";
import { readLiveState } from "./live";
import { CheckError } from "./model";
import { renderJson, renderTable } from "./render";

export const CHECK_SUMMARY =
  "compare the consumer groups a synthesized app declares with the live groups (drift check)";

export const CHECK_USAGE =
  "check [path] [--json] [--stack NAME]\n" +
  "    path     the app's cdktf.out (default ./cdktf.out; run `cdktf synth` first)\n" +
  "    --json   print {groups: [{status, service, where, group, declared, live, stack}],\n" +
  "             summary, notes} instead of the table\n" +
  "    --stack  check only this stack (repeatable; default: every stack)\n" +
  "    One list call per logstore or queue, with the credentials the hooks read from the\n" +
  "    environment. STATUS is in sync, missing, settings differ or not declared (a live\n" +
  "    group in a logstore or queue the app manages that no construct declares).\n" +
  "    Exit codes: 0 all in sync, 2 drift found, 1 error";

export interface CheckIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CheckIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

interface CheckOptions {
  readonly outdir: string;
  readonly json: boolean;
  readonly stacks: string[];
}

export async function runCheck(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  io: CheckIo = processIo,
): Promise<number> {
  // Diagnostics go to stderr, the report to stdout; both redact every registered secret.
  const diagnostics = createReporter({
    debug: env[DEBUG_ENV] === "1",
    out: (line) => io.err(`${line}\n`),
    err: (line) => io.err(`${line}\n`),
  });
  const result = createReporter({ debug: false, out: (line) => io.out(`${line}\n`) });
  const reporter: Reporter = {
    ...diagnostics,
    addSecret: (value) => {
      diagnostics.addSecret(value);
      result.addSecret(value);
    },
  };
  let options: CheckOptions;
  try {
    options = parseArgs(args);
  } catch (e) {
    reporter.error(`check: ${(e as Error).message}\nusage: cdktf-consumer-groups ${CHECK_USAGE}`);
    return 1;
  }
  try {
    const app = readDeclaredGroups(options.outdir, options.stacks);
    const live = await readLiveState(app.groups, env, reporter);
    const report = compare(live.declared, live.containers);
    const text = options.json ? renderJson(report) : renderTable(report);
    result.info(text.replace(/\n$/, ""));
    return exitCodeOf(report);
  } catch (e) {
    if (e instanceof CheckError) {
      // One line per failure (containers are read in parallel, each may fail on its own).
      reporter.error(
        e.message
          .split("\n")
          .map((line) => `check: ${line}`)
          .join("\n"),
      );
    } else {
      reporter.error(`check failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`);
    }
    return 1;
  }
}

function parseArgs(args: readonly string[]): CheckOptions {
  const positional: string[] = [];
  const stacks: string[] = [];
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--json") {
      json = true;
    } else if (arg === "--stack" || arg.startsWith("--stack=")) {
      const value = arg === "--stack" ? args[++i] : arg.slice("--stack=".length);
      if (!value) throw new Error("--stack needs a stack name");
      stacks.push(value);
    } else if (arg.startsWith("-") && arg !== "-") {
      throw new Error(`unknown option ${JSON.stringify(arg)}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length > 1) {
    throw new Error(`expected at most one path, got ${positional.length}: ${positional.join(" ")}`);
  }
  return { outdir: positional[0] ?? "cdktf.out", json, stacks };
}
