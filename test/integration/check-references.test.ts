// `check` and `repair` on an app whose groups take references (cdktf tokens), as a user runs
// them: the built CLI in a child process, on a cdktf.out synthesized from the real constructs
// (literal groups beside groups whose logstore, queue.name or endpoint is a reference), against
// the emulator (no terraform: the references stay unresolved, as before any apply).
//
// | case                                            | exit | shows                                  |
// |-------------------------------------------------|------|----------------------------------------|
// | literal groups in sync, both executors          | 0    | their rows as before; one unresolved   |
// |                                                 |      | row per group by reference, a note     |
// |                                                 |      | with its path, props and Group address |
// | --json                                          | 0    | status unresolved, references {path,   |
// |                                                 |      | props, address, reason}, summary       |
// | a literal group missing                         | 2    | missing, as before; unresolved rows    |
// | the group by reference live, --strict           | 0    | not declared, "may be the group …"     |
// | repair, repair --dry-run                        | 0    | literal groups repaired; the others    |
// |                                                 |      | "left alone", nothing made for them    |
// | any output                                      |      | no ${TfToken…}, no ${jsonencode(       |

import { readFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { UNRESOLVED_NOTE } from "../../lib/check/render";
import { assertCliBuilt, removeDir, runCli, type CliRun } from "../support/check-app";
import { synthReferencedApp } from "../support/check-refs-app";
import {
  BILLING_QUEUE,
  DMS_KEY,
  DMS_PROJECT,
  dmsEmulatorConfig,
  dmsEnv,
} from "../support/dms-fixtures";
import { PROJECT, SLS_KEY, slsEmulatorConfig, slsEnv } from "../support/sls-fixtures";

const ENV = { ...slsEnv(SLS_KEY), ...dmsEnv(DMS_KEY) };
const EXECUTORS = [
  ["batched", {}],
  ["per-group", { "cdktf-consumer-groups:executor": "per-group" }],
] as const;
const GROUP_ADDRESS = /terraform_data\.(sls|dms)_[a-z-]+_[0-9a-f]{16}_group/;

let emulator: RunningEmulator;
let dir: string | undefined;

beforeAll(() => {
  assertCliBuilt();
});
beforeEach(async () => {
  emulator = await startEmulator({ sls: slsEmulatorConfig(), dms: dmsEmulatorConfig() });
});
afterEach(async () => {
  await emulator.close();
  removeDir(dir);
  dir = undefined;
});

function synth(context: Record<string, string> = {}): string {
  const app = synthReferencedApp(emulator.url, context);
  dir = app.dir;
  return app.outdir;
}

/** The groups of literals, as the hooks would have made them. */
function deployLiterals(): void {
  emulator.sls.createGroup(PROJECT, "orders", { name: "orders-reader", timeout: 60, order: false });
  emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE, "billing-workers");
}

/** The table's data rows, cells split on runs of 2+ spaces, without the activity column. */
function rows(run: CliRun): string[][] {
  const lines = run.stdout.split("\n");
  return lines.slice(1, lines.indexOf("")).map((l) => l.split(/ {2,}/));
}

function expectNoRawTokens(run: CliRun): void {
  for (const text of [run.stdout, run.stderr]) {
    expect(text).not.toMatch(/TfToken|\$\{jsonencode\(|\$\{terraform_data/);
  }
}

function actions(): string[] {
  return emulator.calls().map((c) => `${c.service} ${c.action}:${c.status}`);
}

describe.each(EXECUTORS)("check on an app with references, %s executor", (_, context) => {
  it("checks the literal groups as before and reports each group by reference as unresolved, exit 0", async () => {
    const outdir = synth(context);
    deployLiterals();

    const run = await runCli(["check", outdir], ENV);

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(rows(run).map((r) => [r[0], r[1], r[2], r[3], r[4], r.at(-1)])).toEqual([
      [
        "unresolved",
        "dms",
        `cn-north-4/${DMS_PROJECT}/<queue.name>`,
        "refunds-workers",
        "present",
        "billing",
      ],
      [
        "in sync",
        "dms",
        `cn-north-4/${DMS_PROJECT}/${BILLING_QUEUE}`,
        "billing-workers",
        "present",
        "billing",
      ],
      [
        "unresolved",
        "sls",
        "<endpoint>/shop-prod/orders",
        "edge-reader",
        "timeout 60, order false",
        "consumers",
      ],
      [
        "unresolved",
        "sls",
        "cn-hangzhou/shop-prod/<logstore>",
        "audit-reader",
        "timeout 60, order false",
        "consumers",
      ],
      [
        "in sync",
        "sls",
        "cn-hangzhou/shop-prod/orders",
        "orders-reader",
        "timeout 60, order false",
        "consumers",
      ],
    ]);
    expect(run.stdout).toContain(
      "\n5 groups: 2 in sync, 0 missing, 0 settings differ, 0 not declared, 3 unresolved\n",
    );
    const notes = run.stdout.split("\n").filter((l) => l.startsWith("note: "));
    expect(notes).toHaveLength(4);
    for (const [path, prop, stack] of [
      ["billing/Refunds", "queue.name", "billing"],
      ["consumers/EdgeReader", "endpoint", "consumers"],
      ["consumers/AuditReader", "logstore", "consumers"],
    ]) {
      const note = notes.find((n) => n.includes(`${path}:`));
      expect(note).toMatch(
        new RegExp(
          `^note: unresolved ${path}: ${prop} is a reference, known only when Terraform applies; ` +
            `\`terraform state show '${GROUP_ADDRESS.source}'\` in cdktf.out/stacks/${stack} ` +
            "shows the values of the last apply$",
        ),
      );
    }
    expect(notes.at(-1)).toBe(`note: ${UNRESOLVED_NOTE}`);
    // only the containers of literal groups are read
    expect(
      actions()
        .filter((a) => a.includes("ListConsumerGroup"))
        .sort(),
    ).toEqual(["dms ListConsumerGroups:200", "sls ListConsumerGroup:200"]);
    expectNoRawTokens(run);
  });
});

describe("check on an app with references", () => {
  it("gives each unresolved group its path, props, Group address and reason in --json", async () => {
    const outdir = synth();
    deployLiterals();

    const run = await runCli(["check", outdir, "--json"], ENV);

    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as {
      groups: Record<string, unknown>[];
      summary: Record<string, number>;
      notes: string[];
    };
    expect(json.summary).toEqual({
      groups: 5,
      inSync: 2,
      missing: 0,
      settingsDiffer: 0,
      notDeclared: 0,
      errors: 0,
      unresolved: 3,
    });
    const audit = json.groups.find((g) => g["group"] === "audit-reader")!;
    expect(audit).toMatchObject({
      status: "unresolved",
      service: "sls",
      where: "cn-hangzhou/shop-prod/<logstore>",
      declared: { timeout: 60, order: false },
      live: null,
      stack: "consumers",
      activity: null,
      error: null,
      references: { path: "consumers/AuditReader", props: ["logstore"] },
    });
    const references = audit["references"] as Record<string, string>;
    expect(references["address"]).toMatch(new RegExp(`^${GROUP_ADDRESS.source}$`));
    // the Group resource the note names is the one synth wrote
    const stack = JSON.parse(
      readFileSync(path.join(outdir, "stacks", "consumers", "cdk.tf.json"), "utf8"),
    ) as {
      resource: Record<string, Record<string, { triggers_replace?: Record<string, string> }>>;
    };
    const [type, name] = references["address"]!.split(".") as [string, string];
    expect(stack.resource[type]?.[name]?.triggers_replace?.["name"]).toBe("audit-reader");
    expect(references["reason"]).toContain("known only when Terraform applies");
    expect(json.groups.find((g) => g["group"] === "orders-reader")).not.toHaveProperty(
      "references",
    );
    expect(json.notes).toEqual([UNRESOLVED_NOTE]);
    expectNoRawTokens(run);
  });

  it("still fails (exit 2) on a missing literal group, beside the unresolved rows", async () => {
    const outdir = synth();
    emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE, "billing-workers");

    const run = await runCli(["check", outdir], ENV);

    expect(run.code).toBe(2);
    expect(rows(run).map((r) => `${r[0]} ${r[3]}`)).toContain("missing orders-reader");
    expect(run.stdout).toContain("5 groups: 1 in sync, 1 missing, 0 settings differ");
    expect(run.stdout).toContain(", 3 unresolved\n");
  });

  it("shows a live group that a group by reference may be as not declared, which --strict does not count", async () => {
    const outdir = synth();
    deployLiterals();
    // what an apply made for edge-reader (its endpoint a reference): in the literal logstore
    emulator.sls.createGroup(PROJECT, "orders", { name: "edge-reader", timeout: 60, order: false });
    // and a group nobody declares
    emulator.sls.createGroup(PROJECT, "orders", { name: "stray", timeout: 60, order: false });

    const strict = await runCli(["check", outdir, "--strict"], ENV);

    expect(strict.code).toBe(2);
    expect(rows(strict).map((r) => `${r[0]} ${r[3]}`)).toEqual(
      expect.arrayContaining([
        "not declared edge-reader",
        "not declared stray",
        "unresolved edge-reader",
      ]),
    );
    expect(strict.stdout).toContain(
      "note: not declared sls cn-hangzhou/shop-prod/orders/edge-reader may be the group " +
        "consumers/EdgeReader declares by reference (endpoint): --strict does not count it\n",
    );

    // without the stray group, --strict passes
    emulator.sls.deleteGroup(PROJECT, "orders", "stray");
    const passed = await runCli(["check", outdir, "--strict"], ENV);
    expect(passed.code).toBe(0);
  });
});

describe("repair on an app with references", () => {
  it("repairs the literal groups and leaves each group by reference alone", async () => {
    const outdir = synth();
    emulator.resetCalls();

    const run = await runCli(["repair", outdir], ENV);

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(6);
    expect(lines).toContainEqual(
      expect.stringMatching(/^sls cn-hangzhou\/shop-prod\/orders\/orders-reader: created/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^dms cn-north-4/${DMS_PROJECT}/${BILLING_QUEUE}/billing-workers: created`),
      ),
    );
    const leftAlone: [string, string, string][] = [
      ["sls cn-hangzhou/shop-prod/<logstore>/audit-reader", "consumers/AuditReader", "logstore"],
      ["sls <endpoint>/shop-prod/orders/edge-reader", "consumers/EdgeReader", "endpoint"],
      [
        `dms cn-north-4/${DMS_PROJECT}/<queue.name>/refunds-workers`,
        "billing/Refunds",
        "queue.name",
      ],
    ];
    for (const [target, path, prop] of leftAlone) {
      const line = lines.find((l) =>
        l.startsWith(`${target}: left alone (nothing created or changed): `),
      );
      expect(line).toBeDefined();
      expect(line!.slice(target.length)).toMatch(
        new RegExp(
          `^: left alone \\(nothing created or changed\\): ${path}: ${prop.replace(".", "\\.")} ` +
            "is a reference, known only when Terraform applies; .*; `cdktf deploy` creates and " +
            "reconciles it$",
        ),
      );
    }
    expect(lines.at(-1)).toBe(
      "repair: 2 groups: 2 created or updated, 0 in sync, 0 failed; 3 groups with references left alone",
    );
    // nothing made for the groups by reference
    expect(emulator.sls.listGroups(PROJECT, "orders").map((g) => g.name)).toEqual([
      "orders-reader",
    ]);
    expect(emulator.sls.listGroups(PROJECT, "payments")).toEqual([]);
    expect(emulator.dms.listGroups(DMS_PROJECT, BILLING_QUEUE).map((g) => g.name)).toEqual([
      "billing-workers",
    ]);
    expect(
      actions()
        .filter((a) => a.includes("Create"))
        .sort(),
    ).toEqual(["dms CreateConsumerGroups:201", "sls CreateConsumerGroup:200"]);
    expectNoRawTokens(run);
  });

  it("plans with --dry-run: the groups by reference would be left alone", async () => {
    const outdir = synth({ "cdktf-consumer-groups:executor": "per-group" });
    emulator.resetCalls();

    const run = await runCli(["repair", outdir, "--dry-run"], ENV);

    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(
      lines.filter((l) => l.includes(": would leave alone (nothing created or changed): ")),
    ).toHaveLength(3);
    expect(lines.at(-1)).toBe(
      "repair --dry-run: 5 groups: 2 to create, 0 to update, 0 in sync, 0 not read, " +
        "3 unresolved (left alone); nothing changed",
    );
    expect(actions().every((a) => a.includes("List"))).toBe(true);
    expectNoRawTokens(run);
  });
});
