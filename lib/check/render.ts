// The report as a table a person reads, or as JSON for scripts. Pure.

import {
  CheckStatus,
  type CheckReport,
  type GroupReferences,
  type ReportRow,
  type ReportSummary,
} from "./model";
import type { GroupActivity, GroupSettings } from "../runtime/live-model";

const HEADERS = [
  "STATUS",
  "SERVICE",
  "WHERE",
  "GROUP",
  "DECLARED",
  "LIVE",
  "ACTIVITY",
  "STACK",
] as const;

export const SETTINGS_DIFFER_NOTE =
  "settings differ: the consumer libraries rewrite timeout and order with their own values when " +
  "they start (the official Java and Go consumer libraries do), so a difference may be the " +
  "application's doing. `repair` writes the declared values now; so does the next deploy that " +
  'changes the declared settings, or every deploy with reconcile: "always".';

/** "timeout 300, order true"; "present" for a group without settings; "-" for an absent one. */
export function formatSettings(settings: GroupSettings | null): string {
  if (settings === null) return "-";
  const shown = Object.entries(settings).map(([name, value]) => `${name} ${value}`);
  return shown.length === 0 ? "present" : shown.join(", ");
}

export const NOT_DECLARED_NOTE =
  "not declared: live groups in a logstore or queue the app manages that no construct declares " +
  "(another team's, a group removed with RemovalPolicy.RETAIN, or one a consumer application " +
  "created). check never deletes them, and they fail the check only with --strict.";

export const UNRESOLVED_NOTE =
  "unresolved: a group whose logstore, queue, project, region or endpoint is a reference (a " +
  "cdktf token) names a value Terraform knows only when it applies, so check cannot look it up " +
  "from cdktf.out. It is not drift: it does not change the exit code, and `cdktf deploy` " +
  "creates and reconciles it as usual. To check it anyway, read the values resolved at the last " +
  "apply from Terraform state, as each such group's own line says (references.reason in " +
  "--json), and look the group up there.";

/**
 * Why a group with references could not be checked, and how to check it: "stack/Reader:
 * logstore is a reference … `terraform state show 'terraform_data.sls_…_group'` in
 * cdktf.out/stacks/consumers shows the values of the last apply".
 */
export function formatReferences(refs: GroupReferences, stack: string | null): string {
  const props = refs.props.join(", ");
  const verb = refs.props.length > 1 ? "are references" : "is a reference";
  return (
    `${refs.path}: ${props} ${verb}, known only when Terraform applies; ` +
    `\`terraform state show '${refs.address}'\` in cdktf.out/stacks/${stack ?? "<stack>"} ` +
    "shows the values of the last apply"
  );
}

/** What a row's `references` say: why it was not checked, or which group it may be. */
function referencesReason(r: ReportRow): string | undefined {
  if (r.references === undefined) return undefined;
  if (r.status === CheckStatus.UNRESOLVED) return formatReferences(r.references, r.stack);
  return (
    `${r.service} ${r.where}/${r.group} may be the group ${r.references.path} declares by ` +
    `reference (${r.references.props.join(", ")}): --strict does not count it`
  );
}

/**
 * "committed 2025-03-01T10:15:02Z (42s ago) by worker-7" or "no checkpoint" for SLS, "120
 * waiting" for DMS, "unknown (see note)" when it could not be read, "-" for no live group.
 */
export function formatActivity(activity: GroupActivity | null, now: number): string {
  if (activity === null) return "-";
  if ("error" in activity) return "unknown (see note)";
  if ("availableMessages" in activity) {
    const n = activity.availableMessages;
    return n === null ? "messages not counted" : `${n} waiting`;
  }
  const commit = activity.lastCommit;
  if (commit === null) return "no checkpoint";
  const at = commit.time.replace(/\.\d{3}Z$/, "Z");
  const by = commit.consumer === "" ? "no consumer named" : `by ${commit.consumer}`;
  return `committed ${at} (${formatAge(now - Date.parse(commit.time))}) ${by}`;
}

/** "42s ago", "5m ago", "3h ago", "12d ago"; "in the future" for a skewed clock. */
export function formatAge(ms: number): string {
  if (ms < 0) return "in the future";
  const s = Math.floor(ms / 1000);
  if (s < 120) return `${s}s ago`;
  if (s < 120 * 60) return `${Math.floor(s / 60)}m ago`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

/**
 * "4 groups: 2 in sync, 1 missing, 1 settings differ, 1 not declared" (groups = declared),
 * with ", 1 error" when some could not be read and ", 1 unresolved" when some name a
 * reference.
 */
export function formatSummary(s: ReportSummary): string {
  const errors = s.errors > 0 ? `, ${s.errors} ${s.errors === 1 ? "error" : "errors"}` : "";
  const unresolved = s.unresolved ? `, ${s.unresolved} unresolved` : "";
  return (
    `${s.groups} ${s.groups === 1 ? "group" : "groups"}: ${s.inSync} in sync, ${s.missing} missing, ` +
    `${s.settingsDiffer} settings differ, ${s.notDeclared} not declared${errors}${unresolved}`
  );
}

/** The table, the summary and the notes. `now` (ms) dates the activity column. */
export function renderTable(report: CheckReport, now: number = Date.now()): string {
  const cells = report.rows.map((r) => [
    r.status,
    r.service,
    r.where,
    r.group,
    formatSettings(r.declared),
    formatSettings(r.live),
    formatActivity(r.activity, now),
    r.stack ?? "-",
  ]);
  const table = [[...HEADERS], ...cells];
  const widths = HEADERS.map((_, i) => Math.max(...table.map((row) => (row[i] ?? "").length)));
  const lines = table.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
  const out = report.rows.length > 0 ? [...lines, ""] : ["no consumer groups declared", ""];
  out.push(formatSummary(report.summary));
  const notes = [...report.notes];
  for (const r of report.rows) {
    if (r.activity && "error" in r.activity) notes.push(r.activity.error);
    const reason = referencesReason(r);
    if (reason !== undefined) notes.push(`${r.status} ${reason}`);
  }
  if (report.rows.some((r) => r.status === CheckStatus.UNRESOLVED)) notes.push(UNRESOLVED_NOTE);
  if (report.rows.some((r) => r.status === CheckStatus.SETTINGS_DIFFER)) {
    notes.push(SETTINGS_DIFFER_NOTE);
  }
  if (report.rows.some((r) => r.status === CheckStatus.NOT_DECLARED)) {
    notes.push(NOT_DECLARED_NOTE);
  }
  if (notes.length > 0) out.push("", ...notes.map((n) => `note: ${n}`));
  return out.join("\n") + "\n";
}

/**
 * `{groups: [{status, service, where, group, id, declared, live, stack, activity, error}],
 * summary, notes}`. id: the DMS group's id, which the cloud assigns, for a listed group (SLS
 * groups have none). declared/live: `{timeout, order}` for SLS, `{}` for DMS, null when absent; stack null
 * for a group no stack declares. activity: `{lastCommit: {time, shard, consumer} | null}` for
 * SLS, `{availableMessages: n | null}` for DMS, `{error}` when it could not be read, null for
 * no live group. error: why the group's logstore or queue could not be read (status "error").
 * references (status "unresolved" only): `{path, props, address, reason}`, the construct, its
 * props given by reference, the Group resource whose state holds their values after an apply,
 * and why the group was not checked and how to check it.
 */
export function renderJson(report: CheckReport): string {
  const groups = report.rows.map((r) => ({
    status: r.status,
    service: r.service,
    where: r.where,
    group: r.group,
    ...(r.id === undefined ? {} : { id: r.id }),
    declared: r.declared,
    live: r.live,
    stack: r.stack,
    activity: r.activity,
    error: r.error,
    ...(r.references === undefined
      ? {}
      : { references: { ...r.references, reason: referencesReason(r) } }),
  }));
  const notes = report.rows.some((r) => r.status === CheckStatus.UNRESOLVED)
    ? [...report.notes, UNRESOLVED_NOTE]
    : report.notes;
  return JSON.stringify({ groups, summary: report.summary, notes }, null, 2) + "\n";
}
