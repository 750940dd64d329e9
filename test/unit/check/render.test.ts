// renderTable() and renderJson(): the report as a person and a script read it.

import { compare } from "../../../lib/check/compare";
import type { CheckReport } from "../../../lib/check/model";
import {
  NOT_DECLARED_NOTE,
  SETTINGS_DIFFER_NOTE,
  formatActivity,
  formatSettings,
  formatSummary,
  renderJson,
  renderTable,
} from "../../../lib/check/render";
import type { DeclaredRow, LiveContainer } from "../../../lib/runtime/live-model";

const WHERE = "cn-hangzhou/shop-prod/orders";
const DMS_WHERE = "cn-north-4/0a1b2c3d4e5f40718293a4b5c6d7e8f9/billing";
/** 2025-03-01T10:15:44Z: the clock the activity column is rendered against. */
const NOW = Date.parse("2025-03-01T10:15:44Z");

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

function orders(): LiveContainer {
  return {
    service: "sls",
    containerKey: "o",
    where: WHERE,
    found: true,
    groups: [
      {
        name: "a-reader",
        settings: { timeout: 300, order: true },
        activity: { lastCommit: { time: "2025-03-01T10:15:02.000Z", shard: 1, consumer: "w-7" } },
      },
      {
        name: "c-reader",
        settings: { timeout: 60, order: false },
        activity: { lastCommit: null },
      },
      {
        name: "stray",
        settings: { timeout: 20, order: false },
        activity: { lastCommit: { time: "2025-02-27T10:15:44.000Z", shard: 0, consumer: "" } },
      },
    ],
  };
}

function drifted(): CheckReport {
  const live: LiveContainer[] = [
    orders(),
    {
      service: "dms",
      containerKey: "q",
      where: DMS_WHERE,
      found: true,
      groups: [{ name: "workers", settings: {}, activity: { availableMessages: 120 } }],
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
    formatSummary({
      groups: 4,
      inSync: 2,
      missing: 1,
      settingsDiffer: 1,
      notDeclared: 1,
      errors: 0,
    }),
  ).toBe("4 groups: 2 in sync, 1 missing, 1 settings differ, 1 not declared");
  expect(
    formatSummary({
      groups: 1,
      inSync: 1,
      missing: 0,
      settingsDiffer: 0,
      notDeclared: 0,
      errors: 0,
    }),
  ).toBe("1 group: 1 in sync, 0 missing, 0 settings differ, 0 not declared");
});

it("renders an aligned table, the summary and the notes", () => {
  expect(renderTable(drifted(), NOW)).toBe(
    [
      "STATUS           SERVICE  WHERE                                                GROUP     DECLARED                  LIVE                     ACTIVITY                                                   STACK",
      "in sync          dms      cn-north-4/0a1b2c3d4e5f40718293a4b5c6d7e8f9/billing  workers   present                   present                  120 waiting                                                consumers",
      "in sync          sls      cn-hangzhou/shop-prod/orders                         a-reader  timeout 300, order true   timeout 300, order true  committed 2025-03-01T10:15:02Z (42s ago) by w-7            consumers",
      "missing          sls      cn-hangzhou/shop-prod/orders                         b-reader  timeout 120, order false  -                        -                                                          consumers",
      "settings differ  sls      cn-hangzhou/shop-prod/orders                         c-reader  timeout 300, order true   timeout 60, order false  no checkpoint                                              consumers",
      "not declared     sls      cn-hangzhou/shop-prod/orders                         stray     -                         timeout 20, order false  committed 2025-02-27T10:15:44Z (2d ago) no consumer named  -",
      "",
      "4 groups: 2 in sync, 1 missing, 1 settings differ, 1 not declared",
      "",
      `note: ${SETTINGS_DIFFER_NOTE}`,
      `note: ${NOT_DECLARED_NOTE}`,
      "",
    ].join("\n"),
  );
});

it("formats activity: last commit with its age and consumer, messages waiting, unknown", () => {
  const commit = (time: string, consumer: string) => ({
    lastCommit: { time, shard: 0, consumer },
  });

  expect(formatActivity(commit("2025-03-01T10:14:00.000Z", "w"), NOW)).toBe(
    "committed 2025-03-01T10:14:00Z (104s ago) by w",
  );
  expect(formatActivity(commit("2025-03-01T07:00:00.000Z", "w"), NOW)).toBe(
    "committed 2025-03-01T07:00:00Z (3h ago) by w",
  );
  expect(formatActivity(commit("2025-03-01T10:00:00.000Z", "w"), NOW)).toBe(
    "committed 2025-03-01T10:00:00Z (15m ago) by w",
  );
  expect(formatActivity({ lastCommit: null }, NOW)).toBe("no checkpoint");
  expect(formatActivity({ availableMessages: 0 }, NOW)).toBe("0 waiting");
  expect(formatActivity({ availableMessages: null }, NOW)).toBe("messages not counted");
  expect(formatActivity({ error: "read checkpoints failed: 403" }, NOW)).toBe("unknown (see note)");
  expect(formatActivity(null, NOW)).toBe("-");
});

it("adds the error count to the summary only when there are errors", () => {
  expect(
    formatSummary({
      groups: 2,
      inSync: 1,
      missing: 0,
      settingsDiffer: 0,
      notDeclared: 0,
      errors: 1,
    }),
  ).toBe("2 groups: 1 in sync, 0 missing, 0 settings differ, 0 not declared, 1 error");
});

it("prints why an activity could not be read as a note", () => {
  const live = { ...orders(), groups: [{ ...orders().groups[0]!, activity: { error: "E403" } }] };

  const text = renderTable(compare([declared("a-reader", 300, true)], [live]), NOW);

  expect(text).toContain("unknown (see note)");
  expect(text).toContain("note: E403");
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
    activity: { lastCommit: null },
    error: null,
  });
  expect(json.groups).toContainEqual({
    status: "not declared",
    service: "sls",
    where: WHERE,
    group: "stray",
    declared: null,
    live: { timeout: 20, order: false },
    stack: null,
    activity: { lastCommit: { time: "2025-02-27T10:15:44.000Z", shard: 0, consumer: "" } },
    error: null,
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
    errors: 0,
  });
  expect(json.groups).toContainEqual(
    expect.objectContaining({ group: "workers", activity: { availableMessages: 120 } }),
  );
  expect(json.notes).toEqual([]);
});
