// The bundled hook's `reconcile` command, run as Terraform runs it, against one emulator with
// both clouds: every declared group of a stack in one process, one list per logstore or queue,
// then only the creates and updates that differ.
//
// | case                                        | exit | calls                                        |
// |---------------------------------------------|------|----------------------------------------------|
// | 20 SLS (2 logstores) + 2 DMS, from nothing  | 0    | SLS: 2 lists, 20 creates; DMS: ListQueues,   |
// |                                             |      | 2 lists, 2 creates, 2 readiness lists        |
// | the same again                              | 0    | the lists only                               |
// | 2 settings changed, 1 deleted behind our back| 0   | lists, 2 updates, 1 create                   |
// | groups already there (same / other settings)| 0    | lists, 1 update, no create                   |
// | the 31st group of a logstore                | 1    | the others created; the error names it       |
// | 2 creates reset                             | 0    | lookups first, no duplicate                  |

import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { encodeReconcile } from "../../lib/contract/reconcile-payload";
import {
  BILLING_QUEUE_ID,
  DMS_KEY,
  DMS_PROJECT,
  dmsEmulatorConfig,
  dmsEnsurePayload,
  dmsEnv,
} from "../support/dms-fixtures";
import { hookEnv, runHookProcess, type HookRun } from "../support/hook-process";
import {
  PROJECT,
  SLS_KEY,
  deletePayload,
  ensurePayload,
  slsEmulatorConfig,
  slsEnv,
} from "../support/sls-fixtures";
import type { EnsurePayload } from "../../lib/contract/payload-types";

const SHIPPING = "shipping";
const SLS_TARGET = `sls cn-hangzhou/${PROJECT}`;

let emulator: RunningEmulator;
beforeEach(async () => {
  emulator = await startEmulator({ sls: slsEmulatorConfig(), dms: dmsEmulatorConfig() });
});
afterEach(() => emulator.close());

interface Declared {
  /** name → timeout, per logstore */
  readonly orders: number;
  readonly payments: number;
  readonly timeout?: (name: string) => number;
}

/** The stack: `orders` groups o-0… on orders, `payments` groups p-0… on payments, 2 DMS. */
function stack({ orders, payments, timeout = () => 300 }: Declared): EnsurePayload[] {
  const sls = (logstore: string, prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${prefix}-${i}`).map((name) =>
      ensurePayload({ endpoint: emulator.url, logstore, name, timeout: timeout(name) }),
    );
  return [
    ...sls("orders", "o", orders),
    ...sls("payments", "p", payments),
    dmsEnsurePayload({ endpoint: emulator.url, name: "billing-workers" }),
    dmsEnsurePayload({
      endpoint: emulator.url,
      name: "shipping-workers",
      queue: { name: SHIPPING },
    }),
  ];
}

const TWENTY = { orders: 10, payments: 10 };

async function reconcile(payloads: EnsurePayload[]): Promise<HookRun> {
  const env = hookEnv({ ...slsEnv(SLS_KEY), ...dmsEnv(DMS_KEY) });
  return runHookProcess("reconcile", encodeReconcile(payloads), env);
}

/** How many calls of each action (with status) the hook made, e.g. {"ListQueues:200": 1}. */
function counts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of emulator.calls()) {
    const key = `${c.service} ${c.action}:${c.status}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

const LISTS_ONLY = {
  "sls ListConsumerGroup:200": 2,
  "dms ListQueues:200": 1,
  "dms ListConsumerGroups:200": 2,
};

const slsGroups = (logstore: string) => emulator.sls.listGroups(PROJECT, logstore);
const dmsNames = (queue: string) => emulator.dms.listGroups(DMS_PROJECT, queue).map((g) => g.name);
const lines = (text: string, fragment: string) =>
  text.split("\n").filter((l) => l.includes(fragment));

function expectNoSecret(run: HookRun): void {
  expect(run.stdout + run.stderr).not.toContain(SLS_KEY.accessKeySecret);
  expect(run.stdout + run.stderr).not.toContain(DMS_KEY.secretKey);
}

it("creates 20 SLS groups on 2 logstores and 2 DMS groups from nothing, one list per container", async () => {
  const startedAt = Date.now();
  const run = await reconcile(stack(TWENTY));
  const wallMs = Date.now() - startedAt;
  console.log(
    `reconcile of 22 groups (20 SLS on 2 logstores, 2 DMS) from nothing: ${wallMs} ms wall time, one hook process\n` +
      `calls: ${JSON.stringify(counts())}`,
  );

  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(counts()).toEqual({
    "sls ListConsumerGroup:200": 2, // one per logstore
    "sls CreateConsumerGroup:200": 20,
    "dms ListQueues:200": 1, // for the queue declared by name
    "dms ListConsumerGroups:200": 2 + 2, // one per queue, then one readiness check per create
    "dms CreateConsumerGroups:201": 2,
  });
  expect(lines(run.stdout, ": created (request ")).toHaveLength(20);
  expect(run.stdout).toMatch(
    new RegExp(`^${SLS_TARGET}/orders/o-7: created \\(request [0-9A-F]{24}\\)$`, "m"),
  );
  expect(run.stdout).toMatch(
    new RegExp(
      `^dms cn-north-4/${DMS_PROJECT}/${SHIPPING}/shipping-workers: created \\(id g-[0-9a-f-]{36}, request \\S+\\), listed after \\d+\\.\\d s$`,
      "m",
    ),
  );
  expect(run.stdout).toContain("reconcile: 22 groups: 22 created or updated, 0 in sync, 0 failed");
  expect(slsGroups("orders")).toHaveLength(10);
  expect(slsGroups("payments")).toHaveLength(10);
  expect(dmsNames(BILLING_QUEUE_ID)).toEqual(["billing-workers"]);
  expect(dmsNames(SHIPPING)).toEqual(["shipping-workers"]);
  expectNoSecret(run);
});

it("only lists when nothing changed", async () => {
  expect((await reconcile(stack(TWENTY))).code).toBe(0);
  emulator.resetCalls();

  const run = await reconcile(stack(TWENTY));

  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(counts()).toEqual(LISTS_ONLY);
  expect(lines(run.stdout, ": in sync, nothing to do")).toHaveLength(22);
  expect(run.stdout).toContain("reconcile: 22 groups: 0 created or updated, 22 in sync, 0 failed");
});

it("updates changed settings in place and recreates a group deleted behind its back", async () => {
  expect((await reconcile(stack(TWENTY))).code).toBe(0);
  const gone = await runHookProcess(
    "delete",
    deletePayload({ endpoint: emulator.url, logstore: "payments", name: "p-3" }),
    hookEnv(slsEnv(SLS_KEY)),
  );
  expect(gone.code).toBe(0);
  emulator.resetCalls();
  const changed = new Set(["o-1", "p-8"]);

  const run = await reconcile(
    stack({ ...TWENTY, timeout: (name) => (changed.has(name) ? 900 : 300) }),
  );

  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(counts()).toEqual({
    ...LISTS_ONLY,
    "sls UpdateConsumerGroup:200": 2,
    "sls CreateConsumerGroup:200": 1,
  });
  expect(run.stdout).toMatch(
    /orders\/o-1: settings updated: timeout 300 -> 900 \(request [0-9A-F]{24}\)/,
  );
  expect(run.stdout).toContain(`${SLS_TARGET}/payments/p-3: created (request `);
  expect(lines(run.stdout, ": in sync, nothing to do")).toHaveLength(19);
  expect(slsGroups("orders").find((g) => g.name === "o-1")?.timeout).toBe(900);
  expect(slsGroups("payments").map((g) => g.name)).toContain("p-3");
  expect(slsGroups("payments")).toHaveLength(10); // nothing deleted, nothing duplicated
});

it("adopts groups that are already there, updating only those with other settings", async () => {
  emulator.sls.createGroup(PROJECT, "orders", { name: "o-0", timeout: 300, order: false });
  emulator.sls.createGroup(PROJECT, "orders", { name: "o-1", timeout: 60, order: true });
  emulator.sls.createGroup(PROJECT, "orders", { name: "not-ours", timeout: 60, order: false });
  emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE_ID, "billing-workers");

  const run = await reconcile(stack({ orders: 3, payments: 0 }));

  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(counts()).toEqual({
    "sls ListConsumerGroup:200": 1,
    "sls UpdateConsumerGroup:200": 1,
    "sls CreateConsumerGroup:200": 1,
    "dms ListQueues:200": 1,
    "dms ListConsumerGroups:200": 2 + 1,
    "dms CreateConsumerGroups:201": 1,
  });
  expect(run.stdout).toContain(`${SLS_TARGET}/orders/o-0: in sync, nothing to do`);
  expect(run.stdout).toMatch(
    /orders\/o-1: settings updated: timeout 60 -> 300, order true -> false \(request /,
  );
  expect(run.stdout).toMatch(/billing-workers: in sync, nothing to do \(id g-/);
  expect(slsGroups("orders").map((g) => g.name)).toEqual(["o-0", "o-1", "not-ours", "o-2"]);
});

it("adopts a group that appears between the list and the create (declared twice here)", async () => {
  const twice = ensurePayload({ endpoint: emulator.url, name: "o-0" });

  const run = await reconcile([twice, twice]);

  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("o-0: created (request ");
  expect(run.stdout).toContain("o-0: settings set to timeout 300, order false (request");
  expect(slsGroups("orders").map((g) => g.name)).toEqual(["o-0"]);
});

it("creates the other groups when one hits the logstore quota, then fails naming that group", async () => {
  for (let i = 0; i < 30; i++) {
    emulator.sls.createGroup(PROJECT, "payments", { name: `x-${i}`, timeout: 60, order: false });
  }

  const run = await reconcile(stack({ orders: 19, payments: 1 }));

  expect(run.code).toBe(1);
  const errors = run.stderr.trim().split("\n");
  expect(errors).toEqual([
    expect.stringMatching(
      new RegExp(
        `^ensure ${SLS_TARGET}/payments/p-0 failed: 400 ConsumerGroupQuotaExceed: .*30 consumer groups per logstore`,
      ),
    ),
  ]);
  expect(errors[0]).toMatch(
    /\(request [0-9A-F]+\)\. SLS_QUOTA_EXCEEDED: The service allows 30 consumer groups per logstore; .*Nothing was created\.$/,
  );
  expect(slsGroups("orders")).toHaveLength(19);
  expect(slsGroups("payments")).toHaveLength(30);
  expect(dmsNames(SHIPPING)).toEqual(["shipping-workers"]);
  expect(run.stdout).toContain("reconcile: 22 groups: 21 created or updated, 0 in sync, 1 failed");
  expect(counts()["sls CreateConsumerGroup:400"]).toBe(1); // a quota error is never retried
});

it("fails only the groups whose queue or credentials are missing", async () => {
  // o-9 names credential variables that are not set.
  const unset = [{ accessKeyId: "UNSET_AK", accessKeySecret: "UNSET_SK" }];
  const payloads = [
    ...stack({ orders: 2, payments: 0 }),
    dmsEnsurePayload({ endpoint: emulator.url, name: "lost", queue: { name: "no-such-queue" } }),
    { ...ensurePayload({ endpoint: emulator.url, name: "o-9" }), credentials: unset },
  ];

  const run = await reconcile(payloads);

  expect(run.code).toBe(1);
  expect(run.stderr).toContain(
    `ensure dms cn-north-4/${DMS_PROJECT}/no-such-queue/lost failed: HOOK_QUEUE_NOT_FOUND`,
  );
  expect(run.stderr).toContain(
    `ensure ${SLS_TARGET}/orders/o-9 failed: HOOK_MISSING_CREDENTIALS: no SLS credentials in the environment. Set UNSET_AK and UNSET_SK`,
  );
  expect(run.stderr.trim().split("\n")).toHaveLength(2);
  expect(slsGroups("orders").map((g) => g.name)).toEqual(["o-0", "o-1"]);
  expect(counts()["dms ListQueues:200"]).toBe(1); // both by-name queues from one list
});

it("never duplicates a group when creates lose their connection", async () => {
  emulator.faults.add({
    service: "sls",
    action: "CreateConsumerGroup",
    times: 2,
    fault: { kind: "reset" },
  });

  const run = await reconcile(stack(TWENTY));

  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const c = counts();
  expect(c["sls CreateConsumerGroup:0"]).toBe(2);
  expect(c["sls CreateConsumerGroup:200"]).toBe(20);
  // one list per logstore, plus the lookup before each create sent again after a lost answer
  expect(c["sls ListConsumerGroup:200"]).toBe(2 + 2);
  for (const logstore of ["orders", "payments"]) {
    const names = slsGroups(logstore).map((g) => g.name);
    expect(names).toHaveLength(10);
    expect(new Set(names).size).toBe(10);
  }
});
