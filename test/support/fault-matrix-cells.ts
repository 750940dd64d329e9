// The fault matrix: every injected fault × every hook operation × both services, each cell run
// against its own emulator, with the bundled hook as a child process (as Terraform runs it).
// This file declares the cells, runs them a few at a time, judges each one and renders the
// table; test/integration/fault-matrix.test.ts turns the verdicts into jest tests.
//
// Where a fault lands: on the FIRST call of the operation's mutating action (create, update,
// delete); for "ensure existing" and "delete missing" on the first call the operation makes.
// Clock skew is the exception in shape, not in place: from that call on, the service's clock
// is shifted for every call (a clock does not jump back after one request), so the hook must
// correct once and keep the correction for the rest of the run.

import { setTimeout as delay } from "node:timers/promises";
import { startEmulator } from "../../lib/emulator/server";
import { targetOf } from "../../lib/contract/target";
import {
  BILLING_QUEUE_ID,
  dmsDeletePayload,
  dmsEmulatorConfig,
  dmsEnsurePayload,
  dmsEnv,
  DMS_PROJECT,
} from "./dms-fixtures";
import { hookEnv, runHookProcess } from "./hook-process";
import {
  deletePayload,
  ensurePayload,
  LOGSTORE,
  PROJECT,
  slsEmulatorConfig,
  slsEnv,
} from "./sls-fixtures";
import type { EmulatorCall } from "../../lib/emulator/emulated-service";
import type { FaultRule } from "../../lib/emulator/faults";

export type Service = "sls" | "dms";
export const SERVICES: readonly Service[] = ["sls", "dms"];

export const OPERATIONS = [
  "ensure new",
  "ensure existing",
  "settings update",
  "delete",
  "delete missing",
] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Per-request timeout of every cell, and the hang that outlasts it (undici's timer is coarse). */
const REQUEST_TIMEOUT_MS = 1000;
const HANG_MS = 2500;
/** Enough for two retries (delays < 0.5 s + < 1 s) or a hang plus one retry. */
const DEADLINE_MS = 15_000;
/** For the persistent 500: the hook must give up well within the test's time. */
const SHORT_DEADLINE_MS = 3000;
const SKEW_MS = 20 * 60 * 1000;
/**
 * A new DMS group is listed only after this (the real service: 1-3 s), so a lost create answer
 * may be followed by a lookup that does not see the group yet, and a create that says "exists".
 */
const DMS_GROUP_INIT_MS = 300;

export interface FaultRow {
  readonly id: string;
  /** As the table prints it. */
  readonly label: string;
  readonly fault: FaultRule["fault"];
  readonly times: number | "always";
  /** The fault may mean "the request was applied, the answer lost" (createOnce lists first). */
  readonly ambiguous: boolean;
  /** The error code the hook's failure message must name when the cell is expected to fail. */
  readonly code?: string;
  readonly deadlineMs?: number;
}

const commonRows = (s: { code500: string }): FaultRow[] => [
  {
    id: "500",
    label: `500 ${s.code500} ×2`,
    fault: { kind: "error", status: 500, code: s.code500 },
    times: 2,
    ambiguous: true,
  },
  {
    id: "503",
    label: "503 ServiceUnavailable (load balancer) ×2",
    fault: { kind: "error", status: 503, code: "ServiceUnavailable" },
    times: 2,
    ambiguous: true,
  },
  {
    id: "reset",
    label: "connection reset ×2",
    fault: { kind: "reset" },
    times: 2,
    ambiguous: true,
  },
  {
    id: "hang",
    label: `hang ${HANG_MS} ms > ${REQUEST_TIMEOUT_MS} ms request timeout ×1`,
    fault: { kind: "hang", ms: HANG_MS },
    times: 1,
    ambiguous: true,
  },
  {
    id: "commit-then-drop",
    label: "commit-then-drop (answer lost) ×1",
    fault: { kind: "commit-then-drop" },
    times: 1,
    ambiguous: true,
  },
];

const persistent500 = (code: string): FaultRow => ({
  id: "500-persistent",
  label: `500 ${code} always (past a ${SHORT_DEADLINE_MS / 1000} s deadline)`,
  fault: { kind: "error", status: 500, code },
  times: "always",
  ambiguous: true,
  code,
  deadlineMs: SHORT_DEADLINE_MS,
});

export const ROWS: Record<Service, readonly FaultRow[]> = {
  sls: [
    {
      id: "throttle-quota",
      label: "throttle 403 WriteQuotaExceed ×2",
      fault: { kind: "throttle", variant: "quota" },
      times: 2,
      ambiguous: false,
    },
    {
      id: "throttle-busy",
      label: "throttle 503 ServerBusy ×2",
      fault: { kind: "throttle", variant: "server-busy" },
      times: 2,
      ambiguous: false,
    },
    ...commonRows({ code500: "InternalServerError" }),
    {
      id: "skew",
      label: "clock skew +20 min (RequestTimeTooSkewed)",
      fault: { kind: "skew", ms: SKEW_MS },
      times: "always",
      ambiguous: false,
    },
    persistent500("InternalServerError"),
  ],
  dms: [
    {
      id: "throttle-gateway",
      label: "throttle 429 APIGW.0308 ×2",
      fault: { kind: "throttle", variant: "gateway" },
      times: 2,
      ambiguous: false,
    },
    {
      id: "throttle-dms-404",
      label: "throttle 404 DMS.10240407 ×2",
      fault: { kind: "throttle", variant: "dms-404" },
      times: 2,
      ambiguous: false,
    },
    ...commonRows({ code500: "DMS.10250002" }),
    {
      id: "skew",
      label: "clock skew +20 min (401 APIGW.0301 + Date)",
      fault: { kind: "skew", ms: SKEW_MS },
      times: "always",
      ambiguous: false,
    },
    persistent500("DMS.10250002"),
  ],
};

// ---------------------------------------------------------------------------------------
// What each operation starts from, declares and calls.

/** One group as the matrix compares it: SLS settings, or a DMS id ("(new)" when created). */
type GroupState = Record<string, string | number | boolean>;
/** Container (logstore or queue) -> its groups, by name. */
export type WorldState = Record<string, GroupState[]>;

interface OperationPlan {
  readonly command: "ensure" | "delete";
  /**
   * Whether the target group exists before the run (besides the unrelated groups every
   * container gets), and for SLS with which settings.
   */
  readonly seeded: boolean;
  readonly seedSettings?: { timeout: number; order: boolean };
  /** The declared settings (SLS ensure). */
  readonly declared?: { timeout: number; order: boolean };
  /** The action whose first call gets the fault, and that call's index among all calls. */
  readonly action: string;
  readonly callIndex: number;
  /** The declared end state: the target present or absent. */
  readonly present: boolean;
  /** What stdout must say on success. */
  readonly says: RegExp;
}

const SLS_PLANS: Record<Operation, OperationPlan> = {
  "ensure new": {
    command: "ensure",
    seeded: false,
    declared: { timeout: 300, order: false },
    action: "CreateConsumerGroup",
    callIndex: 0,
    present: true,
    says: /: created|after a lost answer/,
  },
  "ensure existing": {
    command: "ensure",
    seeded: true,
    seedSettings: { timeout: 300, order: false },
    declared: { timeout: 300, order: false },
    action: "CreateConsumerGroup",
    callIndex: 0,
    present: true,
    says: /: settings set to|after a lost answer/,
  },
  "settings update": {
    command: "ensure",
    seeded: true,
    seedSettings: { timeout: 60, order: false },
    declared: { timeout: 600, order: true },
    action: "UpdateConsumerGroup",
    callIndex: 1, // Create (400 exists), Update
    present: true,
    says: /: settings set to timeout 600, order true/,
  },
  delete: {
    command: "delete",
    seeded: true,
    seedSettings: { timeout: 60, order: false },
    action: "DeleteConsumerGroup",
    callIndex: 0,
    present: false,
    says: /: deleted|: already gone/,
  },
  "delete missing": {
    command: "delete",
    seeded: false,
    action: "DeleteConsumerGroup",
    callIndex: 0,
    present: false,
    says: /: already gone/,
  },
};

const DMS_PLANS: Partial<Record<Operation, OperationPlan>> = {
  "ensure new": {
    command: "ensure",
    seeded: false,
    action: "CreateConsumerGroups",
    callIndex: 0,
    present: true,
    says: /: created|after a lost answer/,
  },
  "ensure existing": {
    command: "ensure",
    seeded: true,
    action: "CreateConsumerGroups",
    callIndex: 0,
    present: true,
    says: /: adopted \(existed|after a lost answer/,
  },
  // DMS queue groups have no settings: there is nothing to update.
  delete: {
    command: "delete",
    seeded: true,
    action: "DeleteConsumerGroup",
    callIndex: 1, // List, Delete
    present: false,
    says: /: deleted|: already gone/,
  },
  "delete missing": {
    command: "delete",
    seeded: false,
    action: "ListConsumerGroups",
    callIndex: 0,
    present: false,
    says: /: already gone/,
  },
};

export function planFor(service: Service, op: Operation): OperationPlan | undefined {
  return service === "sls" ? SLS_PLANS[op] : DMS_PLANS[op];
}

const SLS_TARGET = "orders-reader";
const DMS_TARGET = "billing-workers";
const SLS_OTHER_LOGSTORE = "payments";
const DMS_OTHER_QUEUE = "shipping";

// ---------------------------------------------------------------------------------------
// Cells

export interface Cell {
  readonly service: Service;
  readonly row: FaultRow;
  readonly op: Operation;
  readonly plan: OperationPlan;
  /** "success": exit 0 and the declared state. "fail": exit 1, a clear message, state unchanged. */
  readonly expect: "success" | "fail";
}

export function cells(): Cell[] {
  const all: Cell[] = [];
  for (const service of SERVICES) {
    for (const row of ROWS[service]) {
      for (const op of OPERATIONS) {
        const plan = planFor(service, op);
        if (plan) all.push({ service, row, op, plan, expect: expectedOutcome(row, op) });
      }
    }
  }
  return all;
}

/**
 * Every fault that stops before the deadline is survived. A 500 that never stops fails the
 * run, except "ensure existing": the 500 makes the create's outcome unknown, so the retry
 * lists first and finds the group, which is the declared state.
 */
function expectedOutcome(row: FaultRow, op: Operation): "success" | "fail" {
  if (row.times !== "always" || row.fault.kind === "skew") return "success";
  return op === "ensure existing" ? "success" : "fail";
}

export interface CellResult {
  readonly cell: Cell;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly calls: EmulatorCall[];
  readonly before: WorldState;
  readonly after: WorldState;
  readonly ms: number;
  /** Empty when the cell behaved as expected. */
  readonly problems: string[];
}

export function cellName(cell: Cell): string {
  return `${cell.service} | ${cell.row.label} | ${cell.op}`;
}

/** Runs the cells `concurrency` at a time, each against its own emulator. */
export async function runCells(all: readonly Cell[], concurrency: number): Promise<CellResult[]> {
  const results: CellResult[] = new Array<CellResult>(all.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < all.length; i = next++) {
      results[i] = await runCell(all[i] as Cell);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

export async function runCell(cell: Cell): Promise<CellResult> {
  const { service, row, plan } = cell;
  const emulator = await startEmulator({
    sls: slsEmulatorConfig(),
    dms: dmsEmulatorConfig({ groupInitDelayMs: DMS_GROUP_INIT_MS }),
  });
  try {
    // One unrelated group in every container, and the target itself when the operation needs it.
    emulator.sls.createGroup(PROJECT, LOGSTORE, {
      name: "audit-reader",
      timeout: 120,
      order: true,
    });
    emulator.sls.createGroup(PROJECT, SLS_OTHER_LOGSTORE, {
      name: SLS_TARGET, // same name, other logstore: must never be touched
      timeout: 45,
      order: false,
    });
    emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE_ID, "audit-workers");
    emulator.dms.createGroup(DMS_PROJECT, DMS_OTHER_QUEUE, DMS_TARGET);
    if (plan.seeded) {
      if (service === "sls") {
        const settings = plan.seedSettings ?? { timeout: 300, order: false };
        emulator.sls.createGroup(PROJECT, LOGSTORE, { name: SLS_TARGET, ...settings });
      } else {
        emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE_ID, DMS_TARGET);
      }
    }
    if (service === "dms") await delay(DMS_GROUP_INIT_MS + 50); // seeded groups are listed
    const snapshot = (): WorldState =>
      service === "sls"
        ? {
            [LOGSTORE]: sortByName(emulator.sls.listGroups(PROJECT, LOGSTORE)),
            [SLS_OTHER_LOGSTORE]: sortByName(emulator.sls.listGroups(PROJECT, SLS_OTHER_LOGSTORE)),
          }
        : {
            [BILLING_QUEUE_ID]: sortByName(emulator.dms.listGroups(DMS_PROJECT, BILLING_QUEUE_ID)),
            [DMS_OTHER_QUEUE]: sortByName(emulator.dms.listGroups(DMS_PROJECT, DMS_OTHER_QUEUE)),
          };
    const before = snapshot();

    emulator.faults.add(
      row.fault.kind === "skew"
        ? { service, after: plan.callIndex, times: "always", fault: row.fault }
        : { service, action: plan.action, times: row.times, fault: row.fault },
    );

    const payload = payloadFor(cell, emulator.url);
    const started = Date.now();
    const run = await runHookProcess(plan.command, payload, hookEnv({ ...slsEnv(), ...dmsEnv() }));
    const ms = Date.now() - started;
    const after = snapshot();
    const calls = emulator.calls().filter((c) => c.service === service);
    const target = targetOf(payload.identity, payload.transport.region);
    const result = { cell, ...run, calls, before, after, ms };
    return { ...result, problems: judge(result, target) };
  } finally {
    await emulator.close();
  }
}

function payloadFor(cell: Cell, endpoint: string) {
  const { service, row, plan } = cell;
  const deadlineMs = row.deadlineMs ?? DEADLINE_MS;
  if (service === "sls") {
    const args = { endpoint, name: SLS_TARGET, deadlineMs, requestTimeoutMs: REQUEST_TIMEOUT_MS };
    return plan.command === "ensure"
      ? ensurePayload({ ...args, ...plan.declared })
      : // The matrix scripts faults on the DELETE itself; protection's GetCheckPoint has its own
        // tests (test/integration/deletion-protection.test.ts).
        deletePayload({ ...args, deletionProtection: "OFF" });
  }
  const args = { endpoint, name: DMS_TARGET, deadlineMs };
  const payload = plan.command === "ensure" ? dmsEnsurePayload(args) : dmsDeletePayload(args);
  return { ...payload, transport: { ...payload.transport, requestTimeoutMs: REQUEST_TIMEOUT_MS } };
}

function sortByName<T extends { name: string }>(groups: T[]): T[] {
  return [...groups].sort((a, b) => a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------------------------------
// Verdicts

function judge(r: Omit<CellResult, "problems">, target: string): string[] {
  const { cell } = r;
  const { service, row, plan } = cell;
  const problems: string[] = [];
  const container = service === "sls" ? LOGSTORE : BILLING_QUEUE_ID;
  const name = service === "sls" ? SLS_TARGET : DMS_TARGET;

  const faulted = r.calls.filter((c) => c.fault !== undefined);
  if (faulted.length === 0) problems.push("the fault was never injected");

  for (const [box, groups] of Object.entries(r.after)) {
    const names = groups.map((g) => g["name"]);
    const dupes = names.filter((n, i) => names.indexOf(n) !== i);
    if (dupes.length > 0) problems.push(`duplicate group(s) in ${box}: ${dupes.join(", ")}`);
  }

  if (cell.expect === "success") {
    if (r.code !== 0) problems.push(`exit ${r.code}, expected 0`);
    if (r.stderr !== "") problems.push(`stderr not empty: ${r.stderr.trim()}`);
    if (!plan.says.test(r.stdout)) problems.push(`stdout does not match ${plan.says}`);
    // Declared state: the target present (with its declared settings) or absent; the rest as
    // before.
    const expected: WorldState = structuredClone(r.before);
    const groups = (expected[container] ?? []).filter((g) => g["name"] !== name);
    if (plan.present) {
      const existing = r.before[container]?.find((g) => g["name"] === name);
      groups.push(
        service === "sls"
          ? { name, ...(plan.declared ?? {}) }
          : { id: (existing?.["id"] as string | undefined) ?? "(new)", name },
      );
    }
    expected[container] = sortByName(groups as { name: string }[]);
    const actual = markNewIds(r.before, r.after);
    if (canonical(actual) !== canonical(expected)) {
      problems.push(`final state ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
    }
    // Proves each retry went through: every injected fault was met, except where a lost answer
    // makes the retry list first and find the group that already existed.
    if (row.fault.kind === "skew") {
      const rejected = faulted.filter((c) => c.errorCode === SKEW_CODE[service]);
      if (rejected.length !== 1) {
        problems.push(`expected exactly 1 call rejected for skew, got ${rejected.length}`);
      }
      if (!/corrected from the server's Date header/.test(r.stdout)) {
        problems.push("stdout does not say the clock was corrected");
      }
    } else if (typeof row.times === "number") {
      const shortCut = row.ambiguous && cell.op === "ensure existing";
      const want = shortCut ? 1 : row.times;
      if (faulted.length !== want) {
        problems.push(`expected ${want} faulted call(s), got ${faulted.length}`);
      }
    }
  } else {
    if (r.code !== 1) problems.push(`exit ${r.code}, expected 1`);
    const failed = `${plan.command} ${target} failed: 500 ${row.code ?? ""}`;
    if (!r.stderr.includes(failed)) problems.push(`stderr does not contain "${failed}"`);
    // The next step is the one the user was in: a delete hook runs in a destroy.
    const next = plan.command === "delete" ? "re-run the destroy" : "re-run the apply";
    if (!r.stderr.includes(next)) problems.push(`stderr does not say what to do ("${next}")`);
    if (canonical(r.after) !== canonical(r.before)) {
      problems.push(`state changed: ${JSON.stringify(r.before)} -> ${JSON.stringify(r.after)}`);
    }
    if (faulted.length < 2)
      problems.push(`expected retries, got ${faulted.length} faulted call(s)`);
  }
  if (plan.command === "ensure" && r.calls.some((c) => c.action === "DeleteConsumerGroup")) {
    problems.push("ensure deleted a group");
  }
  return problems;
}

/** What each service answers a request signed with a clock outside its window. */
const SKEW_CODE: Record<Service, string> = { sls: "RequestTimeTooSkewed", dms: "APIGW.0301" };

/** JSON with sorted keys: states compare by content, not by key order. */
function canonical(state: WorldState): string {
  return JSON.stringify(state, (_key, value: unknown) =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
}

/** DMS: ids the run created read "(new)", so a state compares with the declared one. */
function markNewIds(before: WorldState, after: WorldState): WorldState {
  const known = new Set(
    Object.values(before)
      .flat()
      .map((g) => g["id"])
      .filter((id) => id !== undefined),
  );
  const out: WorldState = {};
  for (const [box, groups] of Object.entries(after)) {
    out[box] = groups.map((g) =>
      g["id"] === undefined || known.has(g["id"]) ? g : { ...g, id: "(new)" },
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The table

export function renderMatrix(results: readonly CellResult[], totalMs: number): string {
  const lines: string[] = ["# Fault matrix", ""];
  for (const service of SERVICES) {
    lines.push(`## ${service.toUpperCase()}`, "");
    lines.push(`| fault | ${OPERATIONS.join(" | ")} |`);
    lines.push(`| --- | ${OPERATIONS.map(() => "---").join(" | ")} |`);
    for (const row of ROWS[service]) {
      const cellsText = OPERATIONS.map((op) => {
        const r = results.find(
          (x) => x.cell.service === service && x.cell.row.id === row.id && x.cell.op === op,
        );
        if (!planFor(service, op)) return "n/a";
        if (!r) return "not run";
        const verdict = r.problems.length === 0 ? "pass" : "FAIL";
        const how = r.cell.expect === "fail" ? ", fails cleanly" : "";
        return `${verdict} (${r.calls.length} calls${how})`;
      });
      lines.push(`| ${row.label} | ${cellsText.join(" | ")} |`);
    }
    lines.push("");
  }
  const passed = results.filter((r) => r.problems.length === 0).length;
  lines.push(
    `${results.length} cells, ${passed} pass, ${results.length - passed} FAIL, ` +
      `${(totalMs / 1000).toFixed(1)} s (DMS settings update: n/a, DMS groups have no settings)`,
  );
  const failures = results.filter((r) => r.problems.length > 0);
  if (failures.length > 0) {
    lines.push("", "Failures:");
    for (const r of failures) lines.push(`- ${cellName(r.cell)}: ${r.problems.join("; ")}`);
  }
  return lines.join("\n") + "\n";
}
