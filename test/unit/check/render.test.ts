// renderTable() and renderJson(): the report as a person and a script read it.

import { compare } from "../../../lib/check/compare";
import type { CheckReport, DeclaredRow, LiveContainer } from "../../../lib/check/model";
import {
  SETTINGS_DIFFER_NOTE,
  formatSettings,
  formatSummary,
  renderJson,
  renderTable,
} from "../../../lib/check/render";

const WHERE = "cn-hangzhou/shop-prod/orders";
const DMS_WHERE = "cn-north-4/0a1b2c3d4e5f40718293a4b5c6d7e8f9/billing";

function declared(group: string, timeout: number, order: boolean): DeclaredRow {
  return {
    service: "sls",
    containerKey: "o",
    where: WHERE,
    group,
    settings: { timeout, order },
    stack: "consumers",
  };
}

function drifted(): CheckReport {
  const live: LiveContainer[] = [
    {
      service: "sls",
      containerKey: "o",
      where: WHERE,
      found: true,
      groups: [
        { name: "a-reader", settings: { timeout: 300, order: true } },
        { name: "c-reader", settings: { timeout: 60, order: false } },
        { name: "stray", settings: { timeout: 20, order: false } },
      ],
    },
    {
      service: "dms",
      containerKey: "q",
      where: DMS_WHERE,
      found: true,
      groups: [{ name: "workers", settings: {} }],
    },
  ];
  return compare(
    [
      declared("a-reader", 300, true),
      declared("b-reader", 120, false),
      declared("c-reader", 300, true),
      {
        service: "dms",
        containerKey: "q",
        where: DMS_WHERE,
        group: "workers",
        settings: {},
        stack: "consumers",
      },
    ],
    live,
  );
}

it("formats settings, 'present' for a DMS group and '-' for an absent one", () => {
  expect(formatSettings({ timeout: 300, order: true })).toBe("timeout 300, order true");
  expect(formatSettings({})).toBe("present");
  expect(formatSettings(null)).toBe("-");
});

it("summarises in one line, counting declared groups", () => {
  expect(
    formatSummary({ groups: 4, inSync: 2, missing: 1, settingsDiffer: 1, notDeclared: 1 }),
  ).toBe("4 groups: 2 in sync, 1 missing, 1 settings differ, 1 not declared");
  expect(
    formatSummary({ groups: 1, inSync: 1, missing: 0, settingsDiffer: 0, notDeclared: 0 }),
  ).toBe("1 group: 1 in sync, 0 missing, 0 settings differ, 0 not declared");
});

it("renders an aligned table, the summary and the settings note", () => {
  expect(renderTable(drifted())).toBe(
    [
      "STATUS           SERVICE  WHERE                                                GROUP     DECLARED                  LIVE                     STACK",
      "in sync          dms      cn-north-4/0a1b2c3d4e5f40718293a4b5c6d7e8f9/billing  workers   present                   present                  consumers",
      "in sync          sls      cn-hangzhou/shop-prod/orders                         a-reader  timeout 300, order true   timeout 300, order true  consumers",
      "missing          sls      cn-hangzhou/shop-prod/orders                         b-reader  timeout 120, order false  -                        consumers",
      "settings differ  sls      cn-hangzhou/shop-prod/orders                         c-reader  timeout 300, order true   timeout 60, order false  consumers",
      "not declared     sls      cn-hangzhou/shop-prod/orders                         stray     -                         timeout 20, order false  -",
      "",
      "4 groups: 2 in sync, 1 missing, 1 settings differ, 1 not declared",
      "",
      `note: ${SETTINGS_DIFFER_NOTE}`,
      "",
    ].join("\n"),
  );
});

it("says consumer libraries rewrite the settings, and mentions reconcile: always, in the settings note", () => {
  expect(SETTINGS_DIFFER_NOTE).toContain("the consumer libraries rewrite timeout and order");
  expect(SETTINGS_DIFFER_NOTE).toContain('reconcile: "always"');
});

it("leaves the settings note out when no settings differ, and prints container notes", () => {
  const report = compare(
    [declared("a-reader", 300, true)],
    [
      {
        service: "sls",
        containerKey: "o",
        where: WHERE,
        found: false,
        groups: [],
        note: "logstore gone",
      },
    ],
  );

  const text = renderTable(report);

  expect(text).toContain("missing  sls      cn-hangzhou/shop-prod/orders  a-reader");
  expect(text).toContain("note: logstore gone");
  expect(text).not.toContain("settings differ:");
});

it("says so when nothing is declared", () => {
  expect(renderTable(compare([], []))).toBe(
    "no consumer groups declared\n\n0 groups: 0 in sync, 0 missing, 0 settings differ, 0 not declared\n",
  );
});

it("renders JSON with structured settings, null for absent ones and for undeclared stacks", () => {
  const json = JSON.parse(renderJson(drifted())) as {
    groups: unknown[];
    summary: unknown;
    notes: unknown[];
  };

  expect(json.groups).toHaveLength(5);
  expect(json.groups).toContainEqual({
    status: "settings differ",
    service: "sls",
    where: WHERE,
    group: "c-reader",
    declared: { timeout: 300, order: true },
    live: { timeout: 60, order: false },
    stack: "consumers",
  });
  expect(json.groups).toContainEqual({
    status: "not declared",
    service: "sls",
    where: WHERE,
    group: "stray",
    declared: null,
    live: { timeout: 20, order: false },
    stack: null,
  });
  expect(json.groups).toContainEqual(
    expect.objectContaining({ service: "dms", status: "in sync", declared: {}, live: {} }),
  );
  expect(json.summary).toEqual({
    groups: 4,
    inSync: 2,
    missing: 1,
    settingsDiffer: 1,
    notDeclared: 1,
  });
  expect(json.notes).toEqual([]);
});
