// Declared versus live, as report rows. Pure: no I/O, no clock.

import { Service } from "../contract/names";
import {
  CheckStatus,
  type CheckReport,
  type DeclaredRow,
  type GroupSettings,
  type LiveContainer,
  type ReportRow,
} from "./model";

/**
 * One row per declared group (in sync, missing or settings differ) and one per live group in
 * a container the app manages that no construct declares (not declared).
 */
export function compare(
  declared: readonly DeclaredRow[],
  containers: readonly LiveContainer[],
): CheckReport {
  const byKey = new Map(containers.map((c) => [c.containerKey, c]));
  const rows: ReportRow[] = declared.map((d) => {
    const container = byKey.get(d.containerKey);
    const live = container?.found ? container.groups.find((g) => g.name === d.group) : undefined;
    const base = { service: d.service, where: d.where, group: d.group, stack: d.stack };
    if (!live) return { ...base, status: CheckStatus.MISSING, declared: d.settings, live: null };
    const status =
      d.service === Service.SLS && !sameSettings(d.settings, live.settings)
        ? CheckStatus.SETTINGS_DIFFER
        : CheckStatus.IN_SYNC;
    return { ...base, status, declared: d.settings, live: live.settings };
  });
  for (const container of containers) {
    if (!container.found) continue;
    const names = new Set(
      declared.filter((d) => d.containerKey === container.containerKey).map((d) => d.group),
    );
    for (const g of container.groups) {
      if (names.has(g.name)) continue;
      rows.push({
        status: CheckStatus.NOT_DECLARED,
        service: container.service,
        where: container.where,
        group: g.name,
        declared: null,
        live: g.settings,
        stack: null,
      });
    }
  }
  rows.sort(byPlace);
  const count = (status: CheckStatus) => rows.filter((r) => r.status === status).length;
  return {
    rows,
    summary: {
      groups: declared.length,
      inSync: count(CheckStatus.IN_SYNC),
      missing: count(CheckStatus.MISSING),
      settingsDiffer: count(CheckStatus.SETTINGS_DIFFER),
      notDeclared: count(CheckStatus.NOT_DECLARED),
    },
    notes: containers.flatMap((c) => (c.note ? [c.note] : [])).sort(),
  };
}

/** 0 when every declared group is in sync and nothing undeclared is listed; 2 otherwise. */
export function exitCodeOf(report: CheckReport): 0 | 2 {
  return report.rows.every((r) => r.status === CheckStatus.IN_SYNC) ? 0 : 2;
}

function sameSettings(a: GroupSettings, b: GroupSettings): boolean {
  return a.timeout === b.timeout && a.order === b.order;
}

function byPlace(a: ReportRow, b: ReportRow): number {
  return (
    a.service.localeCompare(b.service) ||
    a.where.localeCompare(b.where) ||
    a.group.localeCompare(b.group) ||
    (a.stack ?? "").localeCompare(b.stack ?? "")
  );
}
