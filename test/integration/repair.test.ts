// `cdktf-consumer-groups repair` as a user runs it: the built CLI in a child process, on a
// cdktf.out synthesized from the real constructs, against the emulator (no terraform).
//
// | case                                              | exit | calls                              |
// |---------------------------------------------------|------|------------------------------------|
// | a group deleted, a group's settings changed, an   | 0    | one list per logstore or queue, a  |
// |   undeclared group present                        |      | create, a PUT; never a DELETE      |
// | everything in sync                                | 0    | lists only, "in sync" lines        |
// | --dry-run                                         | 0    | lists only; the plan, one per group|
// | no SLS credentials                                | 1    | SLS groups fail with the hint, DMS |
// |                                                   |      | is still repaired                  |
// | a create the cloud refuses                        | 1    | that group fails, others repaired  |
// | unknown option, bad path                          | 1    | what is wrong and the usage        |

import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
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

const ENV = { ...slsEnv(SLS_KEY), ...dmsEnv(DMS_KEY) };
const ORDERS_READER = `sls cn-hangzhou/${PROJECT}/orders/orders-reader`;
const PAYMENTS_READER = `sls cn-hangzhou/${PROJECT}/payments/payments-reader`;
const BILLING_WORKERS = `dms cn-north-4/${DMS_PROJECT}/${BILLING_QUEUE}/billing-workers`;

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

describe("repair", () => {
  it("re-creates a deleted group and writes changed settings back, deleting nothing", async () => {
    // GIVEN payments-reader and billing-workers deleted, orders-reader's timeout changed to
    // 60, and a group no construct declares, in use
    drifted();
    emulator.sls.createGroup(PROJECT, "orders", { name: "legacy", timeout: 20, order: false });
    emulator.resetCalls();

    // WHEN
    const run = await repair();

    // THEN one line per group, then the summary
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^${ORDERS_READER}: settings updated: timeout 60 -> 300 \\(request \\w+\\)$`),
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^${PAYMENTS_READER}: created \\(request \\w+\\)$`)),
    );
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${BILLING_WORKERS}: created`)));
    expect(lines[3]).toBe("repair: 3 groups: 3 created or updated, 0 in sync, 0 failed");
    // and the cloud matches, checkpoints and the undeclared group untouched
    expect(emulator.sls.listGroups(PROJECT, "orders")).toEqual([
      { name: "orders-reader", timeout: 300, order: true },
      { name: "legacy", timeout: 20, order: false },
    ]);
    expect(emulator.sls.listGroups(PROJECT, "payments")).toEqual([
      { name: "payments-reader", timeout: 60, order: false },
    ]);
    expect(emulator.dms.listGroups(DMS_PROJECT, BILLING_QUEUE).map((g) => g.name)).toEqual([
      "billing-workers",
    ]);
    expect(emulator.sls.checkpoints(PROJECT, "orders", "orders-reader")).toHaveLength(1);
    // with one list per logstore or queue plus the writes, and no DELETE
    expect(actions().sort()).toEqual([
      "dms CreateConsumerGroups:201",
      "dms ListConsumerGroups:200", // the list
      "dms ListConsumerGroups:200", // the new group is listed (as `ensure` waits for it)
      "dms ListQueues:200",
      "sls CreateConsumerGroup:200",
      "sls ListConsumerGroup:200",
      "sls ListConsumerGroup:200",
      "sls UpdateConsumerGroup:200",
    ]);
    expect(actions().some((a) => a.includes("Delete"))).toBe(false);

    const after = await runCli(["check", outdir], ENV);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain("3 groups: 3 in sync, 0 missing, 0 settings differ");
  });

  it("says every group is in sync and makes only the lists when nothing drifted", async () => {
    deployAll();
    emulator.resetCalls();

    const run = await repair();

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${ORDERS_READER}: in sync, nothing to do`);
    expect(run.stdout).toContain(`${PAYMENTS_READER}: in sync, nothing to do`);
    expect(run.stdout).toContain(`${BILLING_WORKERS}: in sync, nothing to do`);
    expect(run.stdout).toContain("repair: 3 groups: 0 created or updated, 3 in sync, 0 failed");
    expect(actions().every((a) => a.includes("List"))).toBe(true);
  });

  it("prints the plan with --dry-run and changes nothing", async () => {
    drifted();
    emulator.resetCalls();

    const run = await repair(["--dry-run"]);

    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split("\n")).toEqual([
      `${BILLING_WORKERS}: would create`,
      `${ORDERS_READER}: would update settings to timeout 300, order true (live: timeout 60, order true)`,
      `${PAYMENTS_READER}: would create (timeout 60, order false)`,
      "repair --dry-run: 3 groups: 2 to create, 1 to update, 0 in sync, 0 not read; nothing changed",
    ]);
    expect(actions().every((a) => a.includes("List"))).toBe(true);
    expect(emulator.sls.listGroups(PROJECT, "payments")).toEqual([]);
  });

  it("fails the SLS groups when SLS credentials are missing, and still repairs DMS", async () => {
    drifted();

    const run = await repair([], dmsEnv(DMS_KEY));

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^${BILLING_WORKERS}: created`, "m"));
    expect(run.stdout).toContain("repair: 3 groups: 1 created or updated, 0 in sync, 2 failed");
    expect(run.stderr).toContain(
      `repair ${ORDERS_READER} failed: HOOK_MISSING_CREDENTIALS: no SLS credentials in the environment`,
    );
    expect(run.stderr).toContain("in the environment of this command");
    expect(run.stderr).not.toContain("terraform run");
    expect(emulator.dms.listGroups(DMS_PROJECT, BILLING_QUEUE)).toHaveLength(1);
  });

  it("fails one group the cloud refuses to create, repairing the others", async () => {
    drifted();
    emulator.faults.add({
      service: "sls",
      action: "CreateConsumerGroup",
      times: "always",
      fault: { kind: "error", status: 400, code: "ParameterInvalid", message: "refused" },
    });

    const run = await repair();

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`repair ${PAYMENTS_READER} failed: 400 ParameterInvalid`);
    expect(run.stdout).toContain(`${ORDERS_READER}: settings updated: timeout 60 -> 300`);
    expect(run.stdout).toContain("repair: 3 groups: 2 created or updated, 0 in sync, 1 failed");
  });

  it("rejects an unknown option and a path that is not a cdktf.out", async () => {
    const option = await repair(["--force"]);
    const missing = await runCli(["repair", path.join(outdir, "nope")], ENV);

    expect(option.code).toBe(1);
    expect(option.stderr).toContain('unknown option "--force"');
    expect(option.stderr).toContain("repair [path] [--dry-run] [--stack NAME]");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("is not a directory: run `cdktf synth` first");
    expect(emulator.calls()).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

function repair(args: string[] = [], env: Record<string, string> = ENV): Promise<CliRun> {
  return runCli(["repair", outdir, ...args], env);
}

function deployAll(): void {
  const { ordersReader, paymentsReader, billingWorkers } = DECLARED;
  emulator.sls.createGroup(PROJECT, ordersReader.logstore, { ...ordersReader });
  emulator.sls.createGroup(PROJECT, paymentsReader.logstore, { ...paymentsReader });
  emulator.dms.createGroup(DMS_PROJECT, billingWorkers.queue, billingWorkers.name);
}

/** orders-reader with timeout 60 and a checkpoint; payments-reader and billing-workers gone. */
function drifted(): void {
  emulator.sls.createGroup(PROJECT, "orders", { name: "orders-reader", timeout: 60, order: true });
  emulator.sls.setCheckpoints(PROJECT, "orders", "orders-reader", [
    { shard: 0, checkpoint: "MTcwMA==", consumer: "worker-7" },
  ]);
}

function actions(): string[] {
  return emulator.calls().map((c) => `${c.service} ${c.action}:${c.status}`);
}
