// `cdktf-consumer-groups check [cdktf.out] [--json] [--strict] [--stack NAME]`: compares the
// consumer groups a synthesized app declares with the groups the clouds list.
// Exit codes: 0 in sync, 2 drift found, 1 error (something could not be read, or bad input).
// A group named by a reference (unresolved) is reported and changes no exit code.

import { createReporter, type Reporter } from "../runtime/report";
import { DEBUG_ENV } from "../contract/names";
import { readCommandArguments } from "./arguments";
import { compare, exitCodeOf } from "./compare";
import type { CloudService } from "../runtime/cloud-service";
import { readDeclaredGroups } from "./declared";
import { readLiveState } from "./live-read";
import { CheckError } from "./model";
import { renderJson, renderTable } from "./render";

export const CHECK_SUMMARY =
  "compare the consumer groups a synthesized app declares with the live groups (drift check)";

export const CHECK_USAGE =
  "check [path] [--json] [--strict] [--stack NAME]\n" +
  "    path      the app's cdktf.out (default ./cdktf.out; run `cdktf synth` first)\n" +
  "    --json    print {groups: [{status, service, where, group, declared, live, activity,\n" +
  "              error, stack, references}], summary, notes} instead of the table\n" +
  "    --strict  also fail (exit 2) on live groups no construct declares\n" +
  "    --stack   check only this stack (repeatable; default: every stack)\n" +
  "    One list call per logstore or queue and one activity read per listed group, with\n" +
  "    the credentials the hooks read from the environment. STATUS is in sync, missing,\n" +
  "    settings differ, not declared (a live group in a logstore or queue the app manages\n" +
  "    that no construct declares) or error (its logstore or queue could not be read).\n" +
  "    ACTIVITY is the last checkpoint commit or the messages waiting, as the cloud tells.\n" +
  "    Exit codes: 0 in sync, 2 drift found (a declared group missing or differing; with\n" +
  "    --strict also a group not declared), 1 error (some logstore or queue could not be\n" +
  "    read: every other row is still printed; or bad input)";

export interface CheckIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CheckIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export async function runCheck(
  clouds: readonly CloudService[],
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
  let options: ReturnType<typeof readCommandArguments>;
  try {
    options = readCommandArguments(args, ["json", "strict"]);
  } catch (e) {
    reporter.error(`check: ${(e as Error).message}\nusage: cdktf-consumer-groups ${CHECK_USAGE}`);
    return 1;
  }
  try {
    const app = readDeclaredGroups(clouds, options.outdir, options.stacks);
    const live = await readLiveState(clouds, app.groups, env, reporter);
    const report = compare(live.declared, live.containers, app.unresolved);
    const text = options.flags["json"] ? renderJson(report) : renderTable(report);
    result.info(text.replace(/\n$/, ""));
    return exitCodeOf(report, options.flags["strict"]);
  } catch (e) {
    if (e instanceof CheckError) {
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
