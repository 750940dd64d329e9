// The report as a table a person reads, or as JSON for scripts. Pure.

import { CheckStatus, type CheckReport, type GroupSettings, type ReportSummary } from "./model";

const HEADERS = ["STATUS", "SERVICE", "WHERE", "GROUP", "DECLARED", "LIVE", "STACK"] as const;

export const SETTINGS_DIFFER_NOTE =
  "settings differ: the consumer libraries rewrite timeout and order with their own values when " +
  "they start (the official Java and Go consumer libraries do), so a difference may be the application's doing. The next " +
  'deploy with reconcile: "always", or a change of the declared settings, writes the declared values.';

/** "timeout 300, order true"; "present" for a DMS group (no settings); "-" for an absent one. */
export function formatSettings(settings: GroupSettings | null): string {
  if (settings === null) return "-";
  if (settings.timeout === undefined) return "present";
  return `timeout ${settings.timeout}, order ${settings.order}`;
}

/** "4 groups: 2 in sync, 1 missing, 1 settings differ, 1 not declared" (groups = declared). */
export function formatSummary(s: ReportSummary): string {
  return (
    `${s.groups} ${s.groups === 1 ? "group" : "groups"}: ${s.inSync} in sync, ${s.missing} missing, ` +
    `${s.settingsDiffer} settings differ, ${s.notDeclared} not declared`
  );
}

export function renderTable(report: CheckReport): string {
  const cells = report.rows.map((r) => [
    r.status,
    r.service,
    r.where,
    r.group,
    formatSettings(r.declared),
    formatSettings(r.live),
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
  if (report.rows.some((r) => r.status === CheckStatus.SETTINGS_DIFFER)) {
    notes.push(SETTINGS_DIFFER_NOTE);
  }
  if (notes.length > 0) out.push("", ...notes.map((n) => `note: ${n}`));
  return out.join("\n") + "\n";
}

/**
 * `{groups: [{status, service, where, group, declared, live, stack}], summary, notes}`.
 * declared/live: `{timeout, order}` for SLS, `{}` for DMS, null when absent; stack null for
 * a group no stack declares.
 */
export function renderJson(report: CheckReport): string {
  const groups = report.rows.map((r) => ({
    status: r.status,
    service: r.service,
    where: r.where,
    group: r.group,
    declared: r.declared,
    live: r.live,
    stack: r.stack,
  }));
  return JSON.stringify({ groups, summary: report.summary, notes: report.notes }, null, 2) + "\n";
}
