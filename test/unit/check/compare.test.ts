// compare(): declared groups against what each container lists, as report rows.
//
// | case                                          | status           |
// |-----------------------------------------------|------------------|
// | SLS group listed with the declared settings   | in sync          |
// | SLS group listed with other timeout or order  | settings differ  |
// | group not listed, or container not found      | missing          |
// | DMS group listed                              | in sync          |
// | live group no construct declares              | not declared     |
// | container that could not be read              | error            |
//
// | exit code                                       | strict=false | strict=true |
// |-------------------------------------------------|--------------|-------------|
// | all in sync                                     | 0            | 0           |
// | not declared only                               | 0            | 2           |
// | missing or settings differ                      | 2            | 2           |
// | any error row, whatever else                    | 1            | 1           |

import { compare, exitCodeOf } from "../../../lib/check/compare";
import type { DeclaredRow, LiveContainer } from "../../../lib/runtime/live-model";

const ORDERS = "sls cn-hangzhou/shop-prod/orders";
const BILLING = "dms cn-north-4/p1/id:q1";

function sls(group: string, timeout = 300, order = false, stack = "app"): DeclaredRow {
  return {
    service: "sls",
    containerKey: ORDERS,
    where: "cn-hangzhou/shop-prod/orders",
    group,
    settings: { timeout, order },
    stack,
  };
}

function dms(group: string, stack = "app"): DeclaredRow {
  return {
    service: "dms",
    containerKey: BILLING,
    where: "cn-north-4/p1/billing",
    group,
    settings: {},
    stack,
  };
}

function orders(groups: { name: string; timeout: number; order: boolean }[]): LiveContainer {
  return {
    service: "sls",
    containerKey: ORDERS,
    where: "cn-hangzhou/shop-prod/orders",
    found: true,
    groups: groups.map(({ name, timeout, order }) => ({ name, settings: { timeout, order } })),
  };
}

function billing(names: string[]): LiveContainer {
  return {
    service: "dms",
    containerKey: BILLING,
    where: "cn-north-4/p1/billing",
    found: true,
    groups: names.map((name) => ({ name, settings: {} })),
  };
}

it("reports a group listed with the declared settings as in sync, exit 0", () => {
  const report = compare(
    [sls("reader", 300, true)],
    [orders([{ name: "reader", timeout: 300, order: true }])],
  );

  expect(report.rows).toEqual([
    {
      status: "in sync",
      service: "sls",
      where: "cn-hangzhou/shop-prod/orders",
      group: "reader",
      declared: { timeout: 300, order: true },
      live: { timeout: 300, order: true },
      stack: "app",
      activity: null,
      error: null,
    },
  ]);
  expect(report.summary).toEqual({
    groups: 1,
    inSync: 1,
    missing: 0,
    settingsDiffer: 0,
    notDeclared: 0,
    errors: 0,
  });
  expect(exitCodeOf(report)).toBe(0);
});

it.each([
  ["timeout", { name: "reader", timeout: 60, order: true }],
  ["order", { name: "reader", timeout: 300, order: false }],
])("reports a different %s as settings differ, with both values, exit 2", (_what, live) => {
  const report = compare([sls("reader", 300, true)], [orders([live])]);

  expect(report.rows[0]).toMatchObject({
    status: "settings differ",
    declared: { timeout: 300, order: true },
    live: { timeout: live.timeout, order: live.order },
  });
  expect(report.summary.settingsDiffer).toBe(1);
  expect(exitCodeOf(report)).toBe(2);
});

it("reports a group the container does not list as missing, exit 2", () => {
  const report = compare([sls("reader")], [orders([])]);

  expect(report.rows).toEqual([expect.objectContaining({ status: "missing", live: null })]);
  expect(exitCodeOf(report)).toBe(2);
});

it("reports every group of a container that does not exist as missing, with its note", () => {
  const gone: LiveContainer = { ...orders([]), found: false, note: "sls … does not exist" };

  const report = compare([sls("a"), sls("b")], [gone]);

  expect(report.rows.map((r) => r.status)).toEqual(["missing", "missing"]);
  expect(report.notes).toEqual(["sls … does not exist"]);
});

it("reports live groups no construct declares as not declared, with no stack", () => {
  const report = compare(
    [sls("reader")],
    [
      orders([
        { name: "reader", timeout: 300, order: false },
        { name: "stray", timeout: 20, order: true },
      ]),
    ],
  );

  expect(report.rows[1]).toEqual({
    status: "not declared",
    service: "sls",
    where: "cn-hangzhou/shop-prod/orders",
    group: "stray",
    declared: null,
    live: { timeout: 20, order: true },
    stack: null,
    activity: null,
    error: null,
  });
  expect(report.summary).toEqual({
    groups: 1,
    inSync: 1,
    missing: 0,
    settingsDiffer: 0,
    notDeclared: 1,
    errors: 0,
  });
});

describe("exit code", () => {
  const stray = { name: "stray", timeout: 20, order: true };
  const inSync = { name: "reader", timeout: 300, order: false };
  const unread: LiveContainer = {
    ...billing([]),
    found: false,
    readError: "listing dms … failed: HOOK_MISSING_CREDENTIALS",
    note: "listing dms … failed: HOOK_MISSING_CREDENTIALS",
  };

  it("is 0 for groups no construct declares, and 2 only with strict", () => {
    const report = compare([sls("reader")], [orders([inSync, stray])]);

    expect(exitCodeOf(report)).toBe(0);
    expect(exitCodeOf(report, true)).toBe(2);
  });

  it("is 2 for a missing group, with or without strict", () => {
    const report = compare([sls("reader")], [orders([stray])]);

    expect(exitCodeOf(report)).toBe(2);
    expect(exitCodeOf(report, true)).toBe(2);
  });

  it("is 1 when a container could not be read, and its groups are error rows", () => {
    const report = compare([sls("reader"), dms("workers")], [orders([]), unread]);

    expect(report.rows.map((r) => [r.group, r.status, r.error])).toEqual([
      ["workers", "error", "listing dms … failed: HOOK_MISSING_CREDENTIALS"],
      ["reader", "missing", null],
    ]);
    expect(report.summary.errors).toBe(1);
    expect(report.notes).toEqual(["listing dms … failed: HOOK_MISSING_CREDENTIALS"]);
    expect(exitCodeOf(report)).toBe(1);
    expect(exitCodeOf(report, true)).toBe(1);
  });
});

it("carries the live group's activity into its row, declared or not", () => {
  const activity = { lastCommit: { time: "2025-03-01T10:15:02.000Z", shard: 1, consumer: "w" } };
  const live = orders([inSyncGroup()]);
  const report = compare(
    [sls("reader")],
    [
      {
        ...live,
        groups: [
          { ...live.groups[0]!, activity },
          { name: "stray", settings: { timeout: 20, order: true }, activity: { lastCommit: null } },
        ],
      },
    ],
  );

  expect(report.rows.map((r) => r.activity)).toEqual([activity, { lastCommit: null }]);
});

function inSyncGroup() {
  return { name: "reader", timeout: 300, order: false };
}

it("compares DMS groups by name only", () => {
  const report = compare([dms("workers"), dms("gone")], [billing(["workers", "other"])]);

  expect(report.rows.map((r) => [r.group, r.status])).toEqual([
    ["gone", "missing"],
    ["other", "not declared"],
    ["workers", "in sync"],
  ]);
});

it("does not mix up groups of the same name in different containers", () => {
  const report = compare(
    [sls("reader"), dms("reader")],
    [orders([{ name: "reader", timeout: 300, order: false }]), billing([])],
  );

  expect(report.rows.map((r) => [r.service, r.status])).toEqual([
    ["dms", "missing"],
    ["sls", "in sync"],
  ]);
});

it("sorts rows by service, place, group and stack, and counts declared groups", () => {
  const report = compare(
    [sls("b", 300, false, "two"), sls("b", 300, false, "one"), sls("a"), dms("w")],
    [
      orders([
        { name: "a", timeout: 300, order: false },
        { name: "b", timeout: 300, order: false },
      ]),
      billing(["w"]),
    ],
  );

  expect(report.rows.map((r) => `${r.service} ${r.group} ${r.stack}`)).toEqual([
    "dms w app",
    "sls a app",
    "sls b one",
    "sls b two",
  ]);
  expect(report.summary.groups).toBe(4);
  expect(exitCodeOf(report)).toBe(0);
});

it("has nothing to report, exit 0, when no group is declared", () => {
  const report = compare([], []);

  expect(report.rows).toEqual([]);
  expect(exitCodeOf(report)).toBe(0);
});
