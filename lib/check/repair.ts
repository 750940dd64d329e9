// `cdktf-consumer-groups repair [cdktf.out] [--dry-run] [--stack NAME]`: makes the clouds match
// the synthesized app without terraform. It runs the batched reconcile the `reconcile` hook
// runs (lib/hook/reconcile.ts) over the ensure payloads `check` reads from cdktf.out: one list
// per logstore or queue, then a create for each missing group and one update for each SLS
// group whose settings differ. It never deletes: groups no construct declares are left alone.
// A group whose identity or location is a reference (known only when Terraform applies) is
// never created or changed: repair says so, and it changes no exit code.
// Exit codes: 0 everything matches now (with --dry-run: the plan could be made), 1 error.

import { DEBUG_ENV } from "../contract/names";
import { targetOf } from "../contract/target";
import { Phase, formatFailure } from "../runtime/failure";
import { reconcileGroups } from "../hook/reconcile-command";
import { createReporter, type Reporter } from "../runtime/report";
import { readCommandArguments } from "./arguments";
import type { CheckIo } from "./command";
import { compare } from "./compare";
import type { CloudService } from "../runtime/cloud-service";
import { readDeclaredGroups, type DeclaredGroup } from "./declared";
import { readLiveState } from "./live-read";
import { CheckError, CheckStatus, type CheckReport } from "./model";
import { formatReferences, formatSettings } from "./render";
import type { UnresolvedGroup } from "./declared-refs";
import type { GroupSettings } from "../runtime/live-model";

export const REPAIR_SUMMARY =
  "create missing declared groups and write declared settings back, without terraform; never deletes";

export const REPAIR_USAGE =
  "repair [path] [--dry-run] [--stack NAME]\n" +
  "    path       the app's cdktf.out (default ./cdktf.out; run `cdktf synth` first)\n" +
  "    --dry-run  print what would be created or updated and change nothing\n" +
  "    --stack    repair only this stack's groups (repeatable; default: every stack)\n" +
  "    Creates the declared groups the clouds do not list and writes the declared settings\n" +
  "    (timeout, order) to groups whose settings differ, as the hooks would. Never deletes:\n" +
  "    groups no construct declares are left alone. One list per logstore or queue plus\n" +
  "    one call per change, with the credentials in this command's environment (the\n" +
  "    variables the hooks read). Prints one line per group.\n" +
  "    Exit codes: 0 every declared group matches now (--dry-run: the plan is complete),\n" +
  "    1 error (the other groups are still repaired)";

/** Where `repair` reads credentials from, as its messages say it. */
export const REPAIR_ENVIRONMENT = "the environment of this command";

const processIo: CheckIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export async function runRepair(
  clouds: readonly CloudService[],
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  io: CheckIo = processIo,
): Promise<number> {
  // One line per group on stdout; failures on stderr; both redact every registered secret.
  const reporter = createReporter({
    debug: env[DEBUG_ENV] === "1",
    out: (line) => io.out(`${line}\n`),
    err: (line) => io.err(`${line}\n`),
  });
  let options: ReturnType<typeof readCommandArguments>;
  try {
    options = readCommandArguments(args, ["dry-run"]);
  } catch (e) {
    reporter.error(`repair: ${(e as Error).message}\nusage: cdktf-consumer-groups ${REPAIR_USAGE}`);
    return 1;
  }
  try {
    const app = readDeclaredGroups(clouds, options.outdir, options.stacks);
    if (app.groups.length === 0 && app.unresolved.length === 0) {
      reporter.info("repair: the app declares no consumer groups; nothing to do");
      return 0;
    }
    if (options.flags["dry-run"]) {
      return await planRepair(clouds, app.groups, app.unresolved, env, reporter);
    }
    for (const u of app.unresolved) reporter.info(leftAlone(u));
    if (app.groups.length === 0) {
      reporter.info(`repair: ${unresolvedCount(app.unresolved.length)}; nothing changed`);
      return 0;
    }
    return await repair(clouds, app.groups, app.unresolved.length, env, reporter);
  } catch (e) {
    if (e instanceof CheckError) {
      reporter.error(`repair: ${e.message}`);
    } else {
      reporter.error(`repair failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`);
    }
    return 1;
  }
}

/** The line of a group repair leaves alone because a reference names it. */
function leftAlone(u: UnresolvedGroup): string {
  return (
    `${u.service} ${u.where}/${u.group}: left alone (nothing created or changed): ` +
    `${formatReferences(u.references, u.stack)}; \`cdktf deploy\` creates and reconciles it`
  );
}

/** "1 group with references left alone". */
function unresolvedCount(n: number): string {
  return `${n} ${n === 1 ? "group" : "groups"} with references left alone`;
}

async function repair(
  clouds: readonly CloudService[],
  groups: readonly DeclaredGroup[],
  unresolved: number,
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
): Promise<number> {
  const summary = await reconcileGroups(
    groups.map((g) => g.payload),
    env,
    reporter,
    clouds,
    (payload, e, context) =>
      reporter.error(
        formatFailure(
          `repair ${targetOf(payload.identity, payload.transport.region)}`,
          e,
          context,
          Phase.REPAIR,
        ),
      ),
    { environment: REPAIR_ENVIRONMENT },
  );
  reporter.info(
    `repair: ${summary.groups} ${summary.groups === 1 ? "group" : "groups"}: ` +
      `${summary.changed} created or updated, ${summary.inSync} in sync, ${summary.failed} failed` +
      (unresolved > 0 ? `; ${unresolvedCount(unresolved)}` : ""),
  );
  return summary.failed === 0 ? 0 : 1;
}

/** --dry-run: what `check` sees, as the writes a repair would make. Lists only. */
async function planRepair(
  clouds: readonly CloudService[],
  groups: readonly DeclaredGroup[],
  unresolved: readonly UnresolvedGroup[],
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
): Promise<number> {
  const live = await readLiveState(
    clouds,
    groups,
    env,
    reporter,
    { activity: false },
    Phase.REPAIR,
  );
  const report = compare(live.declared, live.containers, unresolved);
  for (const line of planLines(report)) reporter.info(line);
  const errors = new Set(report.rows.flatMap((r) => (r.error === null ? [] : [r.error])));
  for (const error of errors) reporter.error(`repair: ${error}`);
  const count = (status: CheckStatus) => report.rows.filter((r) => r.status === status).length;
  reporter.info(
    `repair --dry-run: ${report.summary.groups} ${report.summary.groups === 1 ? "group" : "groups"}: ` +
      `${count(CheckStatus.MISSING)} to create, ${count(CheckStatus.SETTINGS_DIFFER)} to update, ` +
      `${count(CheckStatus.IN_SYNC)} in sync, ${count(CheckStatus.ERROR)} not read` +
      (unresolved.length > 0 ? `, ${unresolved.length} unresolved (left alone)` : "") +
      "; nothing changed",
  );
  return count(CheckStatus.ERROR) === 0 ? 0 : 1;
}

/** One line per declared group: what a repair would do to it. */
export function planLines(report: CheckReport): string[] {
  return report.rows.flatMap((r) => {
    const target = `${r.service} ${r.where}/${r.group}`;
    switch (r.status) {
      case CheckStatus.MISSING:
        return [
          `${target}: would create${hasSettings(r.declared) ? ` (${formatSettings(r.declared)})` : ""}`,
        ];
      case CheckStatus.SETTINGS_DIFFER:
        return [
          `${target}: would update settings to ${formatSettings(r.declared)} ` +
            `(live: ${formatSettings(r.live)})`,
        ];
      case CheckStatus.IN_SYNC:
        return [`${target}: in sync, nothing to do`];
      case CheckStatus.ERROR:
        return [`${target}: cannot plan: its logstore or queue could not be read`];
      case CheckStatus.UNRESOLVED:
        return [
          `${target}: would leave alone (nothing created or changed): ` +
            formatReferences(r.references!, r.stack),
        ];
      default:
        // Not declared: repair never touches it.
        return [];
    }
  });
}

/** Whether a declared group has settings to show (an SLS group does, a DMS group does not). */
function hasSettings(settings: GroupSettings | null): boolean {
  return settings !== null && Object.keys(settings).length > 0;
}
