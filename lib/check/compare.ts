// Declared versus live, as report rows. Pure: no I/O, no clock.

import { CheckStatus, type CheckReport, type ReportRow } from "./model";
import type { DeclaredRow, GroupSettings, LiveContainer } from "../runtime/live-model";
import type { UnresolvedGroup } from "./declared-refs";

/**
 * One row per declared group (in sync, missing, settings differ, or error when its container
 * could not be read) and one per live group in a container the app manages that no construct
 * declares (not declared), and one per declared group whose identity or location is a
 * reference whose value is known only at apply (unresolved).
 */
export function compare(
  declared: readonly DeclaredRow[],
  containers: readonly LiveContainer[],
  unresolved: readonly UnresolvedGroup[] = [],
): CheckReport {
  const byKey = new Map(containers.map((c) => [c.containerKey, c]));
  const rows: ReportRow[] = declared.map((d) => {
    const container = byKey.get(d.containerKey);
    const live = container?.found ? container.groups.find((g) => g.name === d.group) : undefined;
    const base = { service: d.service, where: d.where, group: d.group, stack: d.stack };
    const id = live?.id === undefined ? {} : { id: live.id };
    const absent = { declared: d.settings, live: null, activity: null };
    if (container?.readError !== undefined) {
      return { ...base, ...absent, status: CheckStatus.ERROR, error: container.readError };
    }
    if (!live) return { ...base, ...absent, status: CheckStatus.MISSING, error: null };
    const status = !sameSettings(d.settings, live.settings)
      ? CheckStatus.SETTINGS_DIFFER
      : CheckStatus.IN_SYNC;
    const activity = live.activity ?? null;
    return {
      ...base,
      ...id,
      status,
      declared: d.settings,
      live: live.settings,
      activity,
      error: null,
    };
  });
  for (const container of containers) {
    if (!container.found) continue;
    const names = new Set(
      declared.filter((d) => d.containerKey === container.containerKey).map((d) => d.group),
    );
    const where = container.where.split("/");
    for (const g of container.groups) {
      if (names.has(g.name)) continue;
      // A group by reference may be this one: --strict does not count it.
      const maybe = unresolved.find(
        (u) =>
          u.service === container.service &&
          u.group === g.name &&
          u.container.length === where.length &&
          u.container.every((part, i) => part === null || part === where[i]),
      );
      rows.push({
        status: CheckStatus.NOT_DECLARED,
        service: container.service,
        where: container.where,
        group: g.name,
        ...(g.id === undefined ? {} : { id: g.id }),
        declared: null,
        live: g.settings,
        stack: null,
        activity: g.activity ?? null,
        error: null,
        ...(maybe ? { references: maybe.references } : {}),
      });
    }
  }
  for (const u of unresolved) {
    rows.push({
      status: CheckStatus.UNRESOLVED,
      service: u.service,
      where: u.where,
      group: u.group,
      declared: u.settings,
      live: null,
      stack: u.stack,
      activity: null,
      error: null,
      references: u.references,
    });
  }
  rows.sort(byPlace);
  const count = (status: CheckStatus) => rows.filter((r) => r.status === status).length;
  return {
    rows,
    summary: {
      groups: declared.length + unresolved.length,
      inSync: count(CheckStatus.IN_SYNC),
      missing: count(CheckStatus.MISSING),
      settingsDiffer: count(CheckStatus.SETTINGS_DIFFER),
      notDeclared: count(CheckStatus.NOT_DECLARED),
      errors: count(CheckStatus.ERROR),
      ...(unresolved.length > 0 ? { unresolved: unresolved.length } : {}),
    },
    notes: [...new Set(containers.flatMap((c) => (c.note ? [c.note] : [])))].sort(),
  };
}

/**
 * 1 when some logstore or queue could not be read (the rows that could be read still say
 * what they found); else 2 when a declared group is missing or differs, or, with `strict`, a
 * live group is not declared (one a group by reference may name does not count); else 0. A group with unresolved references changes nothing: an
 * app with references would otherwise never pass, and its row and note say what it is.
 */
export function exitCodeOf(report: CheckReport, strict = false): 0 | 1 | 2 {
  const has = (status: CheckStatus) => report.rows.some((r) => r.status === status);
  if (has(CheckStatus.ERROR)) return 1;
  if (has(CheckStatus.MISSING) || has(CheckStatus.SETTINGS_DIFFER)) return 2;
  const undeclared = report.rows.some(
    (r) => r.status === CheckStatus.NOT_DECLARED && r.references === undefined,
  );
  return strict && undeclared ? 2 : 0;
}

/** Whether every declared setting has its declared value (a DMS group declares none). */
function sameSettings(declared: GroupSettings, live: GroupSettings): boolean {
  const d = declared as Readonly<Record<string, unknown>>;
  const l = live as Readonly<Record<string, unknown>>;
  return Object.keys(d).every((key) => d[key] === l[key]);
}

function byPlace(a: ReportRow, b: ReportRow): number {
  return (
    a.service.localeCompare(b.service) ||
    a.where.localeCompare(b.where) ||
    a.group.localeCompare(b.group) ||
    (a.stack ?? "").localeCompare(b.stack ?? "")
  );
}
