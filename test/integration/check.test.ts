// `cdktf-consumer-groups check` as a user runs it: the built CLI in a child process, on a
// cdktf.out synthesized from the real constructs, against the emulator whose groups each
// test places directly (no terraform).
//
// | case                                         | exit | shows                                  |
// |----------------------------------------------|------|----------------------------------------|
// | every declared group listed, same settings   | 0    | in sync rows, one list per container,  |
// |                                              |      | one GetCheckPoint per listed SLS group |
// | a declared group not listed                  | 2    | missing                                |
// | a listed group with other timeout/order      | 2    | settings differ, both values, the note |
// | a listed group no construct declares         | 0    | not declared, stack "-", the note      |
// | ... with --strict                            | 2    | the same rows                          |
// | checkpoints (seconds or microseconds), DMS   | 0    | last commit, consumer; messages waiting|
// |   messages waiting                           |      | (table and --json)                     |
// | --json                                       | 2    | {groups, summary} and nothing else     |
// | --stack NAME                                 | 0    | only that stack's groups               |
// | no SLS credentials                           | 1    | SLS rows "error" + the hook's message, |
// |                                              |      | DMS rows still checked                 |
// | a wrong secret                               | 1    | the 401 and its hint, no secret        |
// | bad path, unparsable payload, unknown option | 1    | what is wrong and how to fix it        |

import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { NOT_DECLARED_NOTE, SETTINGS_DIFFER_NOTE } from "../../lib/check/render";
import {
  DECLARED,
  assertCliBuilt,
  removeDir,
  runCli,
  synthCheckApp,
  type CliRun,
} from "../support/check-app";
import {
  BILLING_QUEUE,
  DMS_KEY,
  DMS_PROJECT,
  dmsEmulatorConfig,
  dmsEnv,
} from "../support/dms-fixtures";
import { PROJECT, SLS_KEY, slsEmulatorConfig, slsEnv } from "../support/sls-fixtures";

const ORDERS_WHERE = `cn-hangzhou/${PROJECT}/orders`;
const PAYMENTS_WHERE = `cn-hangzhou/${PROJECT}/payments`;
const BILLING_WHERE = `cn-north-4/${DMS_PROJECT}/${BILLING_QUEUE}`;
const ENV = { ...slsEnv(SLS_KEY), ...dmsEnv(DMS_KEY) };

let emulator: RunningEmulator;
let dir: string | undefined;
let outdir: string;

beforeAll(() => {
  assertCliBuilt();
});
beforeEach(async () => {
  emulator = await startEmulator({ sls: slsEmulatorConfig(), dms: dmsEmulatorConfig() });
  ({ dir, outdir } = synthCheckApp(emulator.url));
});
afterEach(async () => {
  await emulator.close();
  removeDir(dir);
  dir = undefined;
});

/** Places every declared group in the emulator, with the declared settings unless overridden. */
function deployAll(overrides: { orders?: { timeout: number; order: boolean } } = {}): void {
  const { ordersReader, paymentsReader, billingWorkers } = DECLARED;
  emulator.sls.createGroup(PROJECT, ordersReader.logstore, {
    name: ordersReader.name,
    timeout: overrides.orders?.timeout ?? ordersReader.timeout,
    order: overrides.orders?.order ?? ordersReader.order,
  });
  emulator.sls.createGroup(PROJECT, paymentsReader.logstore, { ...paymentsReader });
  emulator.dms.createGroup(DMS_PROJECT, billingWorkers.queue, billingWorkers.name);
}

function check(args: string[] = [], env: Record<string, string> = ENV): Promise<CliRun> {
  return runCli(["check", outdir, ...args], env);
}

/** The table's data rows, cells split on runs of 2+ spaces. */
function rows(run: CliRun): string[][] {
  const lines = run.stdout.split("\n");
  const end = lines.indexOf("");
  return lines.slice(1, end).map((l) => l.split(/ {2,}/));
}

function actions(): string[] {
  return emulator.calls().map((c) => `${c.service} ${c.action}:${c.status}`);
}

describe("check", () => {
  it("exits 0 with every group in sync, making one list call per container", async () => {
    deployAll();

    const run = await check();

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toMatch(
      /^STATUS +SERVICE +WHERE +GROUP +DECLARED +LIVE +ACTIVITY +STACK$/,
    );
    expect(rows(run)).toEqual([
      [
        "in sync",
        "dms",
        BILLING_WHERE,
        "billing-workers",
        "present",
        "present",
        "0 waiting",
        "billing",
      ],
      [
        "in sync",
        "sls",
        ORDERS_WHERE,
        "orders-reader",
        "timeout 300, order true",
        "timeout 300, order true",
        "no checkpoint",
        "consumers",
      ],
      [
        "in sync",
        "sls",
        PAYMENTS_WHERE,
        "payments-reader",
        "timeout 60, order false",
        "timeout 60, order false",
        "no checkpoint",
        "consumers",
      ],
    ]);
    expect(run.stdout).toContain(
      "\n3 groups: 3 in sync, 0 missing, 0 settings differ, 0 not declared\n",
    );
    expect(run.stdout).not.toContain("note:");
    expect(actions().sort()).toEqual([
      "dms ListConsumerGroups:200",
      "dms ListQueues:200",
      "sls GetCheckPoint:200",
      "sls GetCheckPoint:200",
      "sls ListConsumerGroup:200",
      "sls ListConsumerGroup:200",
    ]);
  });

  it("exits 2 and shows a declared group the cloud does not list as missing", async () => {
    emulator.sls.createGroup(PROJECT, "orders", {
      name: "orders-reader",
      timeout: 300,
      order: true,
    });
    emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE, "billing-workers");

    const run = await check();

    expect(run.code).toBe(2);
    expect(rows(run)).toContainEqual([
      "missing",
      "sls",
      PAYMENTS_WHERE,
      "payments-reader",
      "timeout 60, order false",
      "-",
      "-",
      "consumers",
    ]);
    expect(run.stdout).toContain(
      "3 groups: 2 in sync, 1 missing, 0 settings differ, 0 not declared",
    );
  });

  it("exits 2 and shows both values of a group whose settings differ, with the note", async () => {
    deployAll({ orders: { timeout: 60, order: true } });

    const run = await check();

    expect(run.code).toBe(2);
    expect(rows(run)).toContainEqual([
      "settings differ",
      "sls",
      ORDERS_WHERE,
      "orders-reader",
      "timeout 300, order true",
      "timeout 60, order true",
      "no checkpoint",
      "consumers",
    ]);
    expect(run.stdout).toContain(
      "3 groups: 2 in sync, 0 missing, 1 settings differ, 0 not declared",
    );
    expect(run.stdout).toContain(`note: ${SETTINGS_DIFFER_NOTE}`);
  });

  it("exits 0 and shows live groups no construct declares, in SLS and DMS", async () => {
    deployAll();
    emulator.sls.createGroup(PROJECT, "orders", {
      name: "legacy-reader",
      timeout: 20,
      order: false,
    });
    emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE, "old-workers");
    // A logstore the app declares nothing in is not its business.
    emulator.dms.createGroup(DMS_PROJECT, "shipping", "shipping-workers");

    const run = await check();

    expect(run.code).toBe(0);
    expect(rows(run)).toContainEqual([
      "not declared",
      "sls",
      ORDERS_WHERE,
      "legacy-reader",
      "-",
      "timeout 20, order false",
      "no checkpoint",
      "-",
    ]);
    expect(rows(run)).toContainEqual([
      "not declared",
      "dms",
      BILLING_WHERE,
      "old-workers",
      "-",
      "present",
      "0 waiting",
      "-",
    ]);
    expect(run.stdout).not.toContain("shipping-workers");
    expect(run.stdout).toContain(
      "3 groups: 3 in sync, 0 missing, 0 settings differ, 2 not declared",
    );
    expect(run.stdout).toContain(`note: ${NOT_DECLARED_NOTE}`);
  });

  it("exits 2 for groups no construct declares only with --strict", async () => {
    deployAll();
    emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE, "old-workers");

    const strict = await check(["--strict"]);
    const lenient = await check();

    expect(strict.code).toBe(2);
    expect(lenient.code).toBe(0);
    expect(strict.stdout).toBe(lenient.stdout);
  });

  it("shows when and by whom a checkpoint was last committed, and messages waiting", async () => {
    deployAll();
    // GIVEN orders-reader with commits in microseconds (as the service answers), the latest by
    // worker-7 on shard 1; payments-reader with one in seconds (as the reference says)
    const at = Date.parse("2025-03-01T10:15:02Z");
    emulator.sls.setCheckpoints(PROJECT, "orders", "orders-reader", [
      { shard: 0, checkpoint: "MTcwMA==", updateTime: (at - 60_000) * 1000, consumer: "w-1" },
      { shard: 1, checkpoint: "MTcwMQ==", updateTime: at * 1000, consumer: "worker-7" },
    ]);
    emulator.sls.setCheckpoints(PROJECT, "payments", "payments-reader", [
      { shard: 0, checkpoint: "MQ==", updateTime: at / 1000 - 3600, consumer: "settler" },
    ]);
    emulator.dms.setMessageCounts(DMS_PROJECT, BILLING_QUEUE, "billing-workers", {
      available_messages: 120,
    });

    // WHEN checked as a table and as JSON
    const table = await check();
    const json = await check(["--json"]);

    // THEN
    expect(table.code).toBe(0);
    const activity = Object.fromEntries(rows(table).map((r) => [r[3], r[6]]));
    expect(activity).toEqual({
      "billing-workers": "120 waiting",
      "orders-reader": expect.stringMatching(
        /^committed 2025-03-01T10:15:02Z \(\d+d ago\) by worker-7$/,
      ) as unknown,
      "payments-reader": expect.stringMatching(
        /^committed 2025-03-01T09:15:02Z \(\d+d ago\) by settler$/,
      ) as unknown,
    });
    const groups = (JSON.parse(json.stdout) as { groups: { group: string; activity: unknown }[] })
      .groups;
    expect(Object.fromEntries(groups.map((g) => [g.group, g.activity]))).toEqual({
      "billing-workers": { availableMessages: 120 },
      "orders-reader": {
        lastCommit: { time: "2025-03-01T10:15:02.000Z", shard: 1, consumer: "worker-7" },
      },
      "payments-reader": {
        lastCommit: { time: "2025-03-01T09:15:02.000Z", shard: 0, consumer: "settler" },
      },
    });
    // The id DMS assigned to a group, which consumers need and Terraform cannot read back.
    const ids = Object.fromEntries(
      (JSON.parse(json.stdout) as { groups: { group: string; id?: string }[] }).groups.map((g) => [
        g.group,
        g.id,
      ]),
    );
    expect(ids).toEqual({
      "billing-workers": expect.stringMatching(/^g-[0-9a-f]{8}-[0-9a-f]{4}-/) as unknown,
      "orders-reader": undefined,
      "payments-reader": undefined,
    });
  });

  it("prints JSON only with --json, with the same exit code", async () => {
    deployAll({ orders: { timeout: 60, order: false } });
    emulator.sls.createGroup(PROJECT, "payments", { name: "stray", timeout: 30, order: true });

    const run = await check(["--json"]);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe("");
    const json = JSON.parse(run.stdout) as { groups: unknown[]; summary: unknown };
    expect(json.summary).toEqual({
      groups: 3,
      inSync: 2,
      missing: 0,
      settingsDiffer: 1,
      notDeclared: 1,
      errors: 0,
    });
    expect(json.groups).toEqual([
      {
        status: "in sync",
        service: "dms",
        where: BILLING_WHERE,
        group: "billing-workers",
        id: expect.stringMatching(/^g-[0-9a-f]{8}-/) as unknown,
        declared: {},
        live: {},
        stack: "billing",
        activity: { availableMessages: 0 },
        error: null,
      },
      {
        status: "settings differ",
        service: "sls",
        where: ORDERS_WHERE,
        group: "orders-reader",
        declared: { timeout: 300, order: true },
        live: { timeout: 60, order: false },
        stack: "consumers",
        activity: { lastCommit: null },
        error: null,
      },
      {
        status: "in sync",
        service: "sls",
        where: PAYMENTS_WHERE,
        group: "payments-reader",
        declared: { timeout: 60, order: false },
        live: { timeout: 60, order: false },
        stack: "consumers",
        activity: { lastCommit: null },
        error: null,
      },
      {
        status: "not declared",
        service: "sls",
        where: PAYMENTS_WHERE,
        group: "stray",
        declared: null,
        live: { timeout: 30, order: true },
        stack: null,
        activity: { lastCommit: null },
        error: null,
      },
    ]);
  });

  it("checks only the stacks named with --stack", async () => {
    emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE, "billing-workers");

    const run = await check(["--stack", "billing"]);

    expect(run.code).toBe(0);
    expect(rows(run)).toEqual([
      [
        "in sync",
        "dms",
        BILLING_WHERE,
        "billing-workers",
        "present",
        "present",
        "0 waiting",
        "billing",
      ],
    ]);
    expect(actions().every((a) => a.startsWith("dms "))).toBe(true);
  });

  it("exits 1 with SLS rows as errors when SLS credentials are missing, still checking DMS", async () => {
    deployAll();
    emulator.sls.deleteGroup(PROJECT, "orders", "orders-reader");
    emulator.dms.deleteGroup(DMS_PROJECT, BILLING_QUEUE, "billing-workers");

    const run = await check([], dmsEnv(DMS_KEY));
    const json = await check(["--json"], dmsEnv(DMS_KEY));

    expect(run.code).toBe(1);
    expect(rows(run)).toEqual([
      ["missing", "dms", BILLING_WHERE, "billing-workers", "present", "-", "-", "billing"],
      [
        "error",
        "sls",
        ORDERS_WHERE,
        "orders-reader",
        "timeout 300, order true",
        "-",
        "-",
        "consumers",
      ],
      [
        "error",
        "sls",
        PAYMENTS_WHERE,
        "payments-reader",
        "timeout 60, order false",
        "-",
        "-",
        "consumers",
      ],
    ]);
    expect(run.stdout).toContain(
      "3 groups: 0 in sync, 1 missing, 0 settings differ, 0 not declared, 2 errors",
    );
    expect(run.stdout).toContain(
      `note: listing sls ${ORDERS_WHERE} failed: HOOK_MISSING_CREDENTIALS: no SLS credentials in the environment`,
    );
    expect(run.stdout).toContain("ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as {
      groups: { group: string; status: string; error: string | null }[];
    };
    expect(report.groups.map((g) => [g.group, g.status])).toEqual([
      ["billing-workers", "missing"],
      ["orders-reader", "error"],
      ["payments-reader", "error"],
    ]);
    expect(report.groups[1]!.error).toContain("HOOK_MISSING_CREDENTIALS");
    expect(actions().some((a) => a.startsWith("sls "))).toBe(false);
    expect(actions()).toContain("dms ListConsumerGroups:200");
  });

  it("exits 1 on a rejected key, with the hint and without printing the secret", async () => {
    deployAll();
    const wrong = { ...SLS_KEY, accessKeySecret: "canary-wrong-secret-0d9e2b" };

    const run = await check([], { ...slsEnv(wrong), ...dmsEnv(DMS_KEY) });

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/listing sls cn-hangzhou\/shop-prod\/(orders|payments) failed: 401/);
    expect(run.stdout).toContain(
      "Check ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    );
    expect(
      rows(run)
        .filter((r) => r[0] === "in sync")
        .map((r) => r[3]),
    ).toEqual(["billing-workers"]);
    expect(run.stdout + run.stderr).not.toContain(wrong.accessKeySecret);
    expect(run.stdout + run.stderr).not.toContain(DMS_KEY.secretKey);
  });

  it("exits 1 for a path that is not a cdktf.out", async () => {
    const missing = await runCli(["check", path.join(outdir, "nope")], ENV);
    const stackDir = await runCli(["check", path.join(outdir, "stacks", "consumers")], ENV);

    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("is not a directory: run `cdktf synth` first");
    expect(stackDir.code).toBe(1);
    expect(stackDir.stderr).toContain("no stacks in");
    expect(stackDir.stderr).toContain("pass the cdktf.out directory itself");
  });

  it("exits 1 for an unknown stack, naming the stacks there are", async () => {
    const run = await check(["--stack", "nope"]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no stack named "nope"');
    expect(run.stderr).toContain("its stacks are: billing, consumers");
  });

  it.each([
    ["the default executor's reconcile", {}, "consumer_groups_reconciler", "reconcile"],
    [
      "a per-group ensure",
      { "cdktf-consumer-groups:executor": "per-group" },
      "\\S+_settings",
      "ensure",
    ],
  ])(
    "exits 1 for an unparsable payload (%s), naming the stack and the resource",
    async (_what, context, resource, command) => {
      removeDir(dir);
      ({ dir, outdir } = synthCheckApp(emulator.url, context));
      const file = path.join(outdir, "stacks", "consumers", "cdk.tf.json");
      const text = readFileSync(file, "utf8");
      writeFileSync(file, text.replace(/\\"timeout\\":300/, '\\"timeout\\":0'));

      const run = await check();

      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        new RegExp(
          `check: stack consumers, resource terraform_data\\.${resource}: the ${command} ` +
            "payload cannot be read: settings\\.timeout 0 must be",
        ),
      );
      expect(run.stderr).toContain("run `cdktf synth` again");
      expect(emulator.calls()).toEqual([]);
    },
  );

  it("exits 1 for an unknown option, with the usage", async () => {
    const run = await check(["--jsno"]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown option "--jsno"');
    expect(run.stderr).toContain("check [path] [--json] [--strict] [--stack NAME]");
  });

  it("is described in --help", async () => {
    const run = await runCli(["--help"], {});

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "cdktf-consumer-groups check [path] [--json] [--strict] [--stack NAME]",
    );
    expect(run.stdout).toContain("Exit codes: 0 in sync, 2 drift found");
    expect(run.stdout).toContain("cdktf-consumer-groups repair [path] [--dry-run] [--stack NAME]");
  });
});
