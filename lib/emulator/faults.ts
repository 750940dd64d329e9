// Fault injection rules: which cloud call gets which fault, by service, action and call count.
// Pure matching and counting; server.ts does the plumbing (sockets, timers, clocks) and the
// services build the error answers in their own shapes (EmulatedService.faultAnswer).
//
// | fault                         | what the client sees                      | state     | call log        |
// |-------------------------------|-------------------------------------------|-----------|-----------------|
// | throttle                      | the service's throttling answer (below)   | unchanged | status, code    |
// | error {status, code, message} | that error in the service's body shape    | unchanged | status, code    |
// | reset                         | socket destroyed, no answer               | unchanged | status 0        |
// | hang {ms}                     | nothing for ms, then the socket closes    | unchanged | status 0        |
// | hang {ms, then: "answer"}     | the normal answer, ms late                | changed   | real status     |
// | commit-then-drop              | socket destroyed after the request ran    | changed   | real status     |
// | skew {ms}                     | answer from a service clock shifted by ms | as usual  | real status     |
//
// Throttling answers: each cloud's own, with the variants it lists in emulated-clouds.ts (the
// first is its default). A rule's service is one of the clouds that list variants.
//
// Counting: every rule counts the calls it matches (service and action filters), faulted or
// not; a call gets the fault of the first rule, in the order added, whose window
// [after, after + times) holds that call's number. So "after: 2" always means "the third
// matching call", whatever other rules did to the first two.

import { isRecord } from "../contract/fields";
import { EMULATED_CLOUDS } from "./emulated-clouds";
import type { Fault, FaultKind } from "./fault-kinds";

/** The services a rule may name, with their throttling variants, in the registry's order. */
const FAULT_SERVICES: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(EMULATED_CLOUDS).flatMap(([key, cloud]) =>
    cloud.faults ? [[key, cloud.faults.throttleVariants] as const] : [],
  ),
);

/** Every cloud's throttling variants, in the registry's order. */
export const THROTTLE_VARIANTS: readonly string[] = [...FAULT_SERVICES.values()].flat();

export interface FaultRule {
  /** A service name of a cloud that lists throttling variants. @default - every service */
  service?: string;
  /**
   * The call log's action, e.g. CreateConsumerGroup, or a list of actions any of which matches
   * (["CreateConsumerGroup", "CreateConsumerGroups"]: one count across both). @default - any
   */
  action?: string | readonly string[];
  /** Matching calls to let through before the fault. @default 0 */
  after?: number;
  /** Matching calls that get the fault; Infinity or "always" for all. @default 1 */
  times?: number | "always";
  fault: Fault;
}

/** A rule as FaultPlan.list() shows it: JSON-safe ("always", not Infinity), with its count. */
export type FaultRuleStatus = FaultRule & {
  /** Calls this rule matched so far, faulted or not. */
  matched: number;
};

export class FaultRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FaultRuleError";
  }
}

interface ActiveRule {
  readonly rule: FaultRule;
  readonly after: number;
  readonly times: number;
  matched: number;
}

export class FaultPlan {
  readonly #rules: ActiveRule[] = [];

  constructor(rules: readonly unknown[] = []) {
    for (const rule of rules) this.add(rule);
  }

  /** Validates (throws FaultRuleError) and appends a rule, with a fresh count. */
  add(value: unknown): void {
    const rule = parseFaultRule(value);
    const times = rule.times === undefined ? 1 : rule.times === "always" ? Infinity : rule.times;
    this.#rules.push({ rule, after: rule.after ?? 0, times, matched: 0 });
  }

  clear(): void {
    this.#rules.splice(0);
  }

  list(): FaultRuleStatus[] {
    return this.#rules.map(({ rule, times, matched }) => ({
      ...rule,
      ...(rule.times === undefined ? {} : { times: times === Infinity ? "always" : times }),
      fault: { ...rule.fault },
      matched,
    }));
  }

  /** Counts the call for every matching rule; the fault it gets, if any. */
  take(service: string, action: string): Fault | undefined {
    let fault: Fault | undefined;
    for (const active of this.#rules) {
      const { rule } = active;
      if (rule.service !== undefined && rule.service !== service) continue;
      if (!actionMatches(rule.action, action)) continue;
      const n = active.matched++;
      if (fault === undefined && n >= active.after && n - active.after < active.times) {
        fault = rule.fault;
      }
    }
    return fault;
  }
}

/** One rule, or an array of rules (an admin POST body, a --faults file). */
export function parseFaultRules(value: unknown): FaultRule[] {
  const values = Array.isArray(value) ? value : [value];
  return values.map((v, i) => {
    try {
      return parseFaultRule(v);
    } catch (e) {
      if (Array.isArray(value) && e instanceof FaultRuleError) {
        throw new FaultRuleError(`rule ${i}: ${e.message}`);
      }
      throw e;
    }
  });
}

const RULE_KEYS = ["service", "action", "after", "times", "fault"];
const FAULT_KEYS: Record<FaultKind, string[]> = {
  throttle: ["variant"],
  error: ["status", "code", "message"],
  reset: [],
  hang: ["ms", "then"],
  "commit-then-drop": [],
  skew: ["ms"],
};

export function parseFaultRule(value: unknown): FaultRule {
  if (!isRecord(value)) throw new FaultRuleError("a fault rule must be a JSON object");
  unknownKeys(value, RULE_KEYS, "rule");
  const { service, action, after, times } = value;
  const rule: FaultRule = { fault: parseFault(value["fault"]) };
  if (service !== undefined) {
    if (typeof service !== "string" || !FAULT_SERVICES.has(service)) {
      const names = [...FAULT_SERVICES.keys()].map((name) => JSON.stringify(name));
      throw new FaultRuleError(
        `service must be ${names.join(" or ")}, got ${JSON.stringify(service)}`,
      );
    }
    rule.service = service;
  }
  if (action !== undefined) {
    const isName = (a: unknown): a is string => typeof a === "string" && a !== "";
    if (!(isName(action) || (Array.isArray(action) && action.length > 0 && action.every(isName)))) {
      throw new FaultRuleError(
        "action must be a non-empty string or a non-empty list of them, e.g. CreateConsumerGroup",
      );
    }
    rule.action = isName(action) ? action : [...(action as string[])];
  }
  if (after !== undefined) {
    if (!isCount(after, 0)) throw new FaultRuleError("after must be an integer >= 0");
    rule.after = after;
  }
  if (times !== undefined) {
    if (times !== "always" && times !== Infinity && !isCount(times, 1)) {
      throw new FaultRuleError('times must be an integer >= 1, Infinity or "always"');
    }
    rule.times = times;
  }
  return rule;
}

function parseFault(value: unknown): Fault {
  if (!isRecord(value)) {
    throw new FaultRuleError('fault must be an object with a kind, e.g. {"kind": "throttle"}');
  }
  const kind = value["kind"];
  if (typeof kind !== "string" || !(kind in FAULT_KEYS)) {
    throw new FaultRuleError(
      `fault.kind must be one of ${Object.keys(FAULT_KEYS).join(", ")}, got ${JSON.stringify(kind)}`,
    );
  }
  unknownKeys(value, ["kind", ...(FAULT_KEYS[kind as FaultKind] ?? [])], `fault ${kind}`);
  switch (kind as FaultKind) {
    case "throttle": {
      const variant = value["variant"];
      if (variant === undefined) return { kind: "throttle" };
      if (typeof variant !== "string" || !THROTTLE_VARIANTS.includes(variant)) {
        throw new FaultRuleError(`fault.variant must be one of ${THROTTLE_VARIANTS.join(", ")}`);
      }
      return { kind: "throttle", variant };
    }
    case "error": {
      const { status, code, message } = value;
      if (!Number.isInteger(status) || (status as number) < 400 || (status as number) > 599) {
        throw new FaultRuleError("fault.status must be an HTTP error status, 400 to 599");
      }
      if (typeof code !== "string" || code === "") {
        throw new FaultRuleError("fault.code must be a non-empty string");
      }
      if (message !== undefined && typeof message !== "string") {
        throw new FaultRuleError("fault.message must be a string");
      }
      return {
        kind: "error",
        status: status as number,
        code,
        ...(message === undefined ? {} : { message }),
      };
    }
    case "hang": {
      const { ms, then } = value;
      if (!isCount(ms, 0)) throw new FaultRuleError("fault.ms must be an integer >= 0");
      if (then !== undefined && then !== "close" && then !== "answer") {
        throw new FaultRuleError('fault.then must be "close" or "answer"');
      }
      return { kind: "hang", ms, ...(then === undefined ? {} : { then }) };
    }
    case "skew": {
      const { ms } = value;
      if (typeof ms !== "number" || !Number.isInteger(ms)) {
        throw new FaultRuleError("fault.ms must be an integer (ms, may be negative)");
      }
      return { kind: "skew", ms };
    }
    case "reset":
      return { kind: "reset" };
    case "commit-then-drop":
      return { kind: "commit-then-drop" };
  }
}

function actionMatches(filter: FaultRule["action"], action: string): boolean {
  if (filter === undefined) return true;
  return typeof filter === "string" ? filter === action : filter.includes(action);
}

function unknownKeys(value: Record<string, unknown>, known: string[], what: string): void {
  const extra = Object.keys(value).filter((k) => !known.includes(k));
  if (extra.length > 0) {
    throw new FaultRuleError(
      `${what} has unknown key(s) ${extra.join(", ")}; known: ${known.join(", ") || "none"}`,
    );
  }
}

function isCount(value: unknown, min: number): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= min;
}
