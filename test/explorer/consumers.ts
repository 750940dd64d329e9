// What the explorer knows about consumers and deletion protection, and the oracle rule
// "no in-use group is ever deleted unless its protection was OFF".
//
// | source of truth                  | what it tells                                                   |
// |----------------------------------|-----------------------------------------------------------------|
// | the explorer's own admin calls   | "consumers active" (SLS: a commit now; DMS: messages waiting)   |
// |                                  | and "consumers stop" (SLS: every commit before the window;      |
// |                                  | DMS: 0 messages), each with its time                            |
// | the emulator's call log          | every successful DELETE (the group and its checkpoints or       |
// |                                  | counters are gone); a hook's checkpoint copy is a forced commit |
// |                                  | without a consumer, which protection rightly ignores            |
// | the runner's deploys             | per stack, the protections its state may hold for each group:   |
// |                                  | exactly the declared one after a successful apply, any of those |
// |                                  | tried after a failed, killed or destroy run                     |
// | the override windows             | runs with CONSUMER_GROUPS_ALLOW_DELETE=*                        |
//
// A successful DELETE of a group at time t, outside an override window, is a violation when no
// stack's state may have held OFF for it and either only ALWAYS was possible, or the group was in
// use at t. The window is the construct's default (600 s), far longer than a sequence runs.

import type { RunningEmulator } from "../../lib/emulator/server";
import { DMS_PROJECT } from "../support/dms-fixtures";
import { PROJECT } from "../support/sls-fixtures";
import {
  groupsOfStack,
  identityOf,
  protectionOf,
  type AppModel,
  type GroupDecl,
  type Protection,
} from "./app-model";
import type { EmulatorCall } from "../../lib/emulator/emulated-service";

export const IN_USE_WINDOW_SECONDS = 600;

type Activity = { at: number; kind: "active" | "idle" | "gone"; how: string };

export class ConsumerLedger {
  readonly #activity = new Map<string, Activity>();
  /** stack -> identity -> protections its state may hold. */
  readonly #protections = new Map<string, Map<string, Set<Protection>>>();
  readonly #overrides: { from: number; to: number }[] = [];

  /** Groups in use now (made so by the explorer), in a stable order. */
  activeNow(now = Date.now()): string[] {
    return [...this.#activity.keys()].filter((id) => this.inUseAt(id, now)).sort();
  }

  /** Every identity with recorded activity or protection. */
  knownIdentities(): Set<string> {
    const ids = new Set(this.#activity.keys());
    for (const record of this.#protections.values()) for (const id of record.keys()) ids.add(id);
    return ids;
  }

  /** Why `id` was in use at `at`, or undefined. */
  inUseAt(id: string, at: number): string | undefined {
    const last = this.#activity.get(id);
    if (!last || last.kind !== "active" || last.at > at) return undefined;
    if (id.startsWith("sls:") && at - last.at > IN_USE_WINDOW_SECONDS * 1000) return undefined;
    return last.how;
  }

  note(id: string, kind: Activity["kind"], how: string, at = Date.now()): void {
    this.#activity.set(id, { at, kind, how });
  }

  /** A successful apply of `stack`: its state now holds exactly the declared protections. */
  applied(app: AppModel, stack: string): void {
    const record = this.#stack(stack);
    for (const g of groupsOfStack(app, stack)) {
      record.set(identityOf(g), new Set([protectionOf(g)]));
    }
  }

  /** A failed, killed or destroy run of `stack`: its state may now hold the declared ones too. */
  attempted(app: AppModel, stack: string): void {
    const record = this.#stack(stack);
    for (const g of groupsOfStack(app, stack)) {
      const id = identityOf(g);
      record.set(id, new Set([...(record.get(id) ?? []), protectionOf(g)]));
    }
  }

  possibleProtections(id: string): Set<Protection> {
    const all = new Set<Protection>();
    for (const record of this.#protections.values()) {
      for (const p of record.get(id) ?? []) all.add(p);
    }
    return all.size === 0 ? new Set(["WHEN_IN_USE"]) : all;
  }

  override(from: number, to: number): void {
    this.#overrides.push({ from, to });
  }

  /**
   * Walks new calls in order: judges every successful DELETE against the activity before it,
   * then records what the call did. Returns the violations, one line each.
   */
  consume(calls: readonly EmulatorCall[]): string[] {
    const problems: string[] = [];
    for (const call of calls) {
      if (call.status < 200 || call.status >= 300 || !call.target) continue;
      const id = `${call.service}:${call.target}`;
      if (call.action === "DeleteConsumerGroup") {
        const problem = this.#judgeDelete(id, call.at);
        if (problem) problems.push(problem);
        this.note(id, "gone", "deleted", call.at);
      }
    }
    return problems;
  }

  #judgeDelete(id: string, at: number): string | undefined {
    if (this.#overrides.some((w) => w.from <= at && at <= w.to)) return undefined;
    const possible = this.possibleProtections(id);
    if (possible.has("OFF")) return undefined;
    const inUse = this.inUseAt(id, at);
    const may = [...possible].join("/");
    if (!possible.has("WHEN_IN_USE")) return `protected: ${id} was deleted with protection ALWAYS`;
    if (inUse) return `protected: ${id} was deleted while in use (${inUse}); protection ${may}`;
    return undefined;
  }

  #stack(stack: string): Map<string, Set<Protection>> {
    let record = this.#protections.get(stack);
    if (!record) this.#protections.set(stack, (record = new Map()));
    return record;
  }
}

// ---------------------------------------------------------------------------------------
// The explorer's consumers, through the emulator's admin accessors (no HTTP, no call log).

/** Whether the group is live now (synchronous: usable in a command's check()). */
export function isLive(emulator: RunningEmulator, id: string): boolean {
  const [service, rest] = id.split(":") as [string, string];
  const [owner, container, name] = rest.split("/") as [string, string, string];
  try {
    const groups =
      service === "sls"
        ? emulator.sls.listGroups(owner, container)
        : emulator.dms!.listGroups(owner, container);
    return groups.some((g) => g.name === name);
  } catch {
    return false;
  }
}

/** Consumers commit now (SLS, shard `n` % 2) or leave messages waiting (DMS). */
export function startConsumers(emulator: RunningEmulator, group: GroupDecl, n: number): string {
  if (group.service === "sls") {
    emulator.sls.setCheckpoints(PROJECT, group.container, group.name, [
      { shard: n % 2, checkpoint: `cp-${n}`, consumer: `worker-${n}` },
    ]);
    return `worker-${n} committed on shard ${n % 2}`;
  }
  emulator.dms!.setMessageCounts(DMS_PROJECT, group.container, group.name, {
    available_messages: 5 + n,
  });
  return `${5 + n} messages waiting`;
}

/** Every SLS commit moves an hour before the window; a DMS group's waiting messages go to 0. */
export function stopConsumers(emulator: RunningEmulator, id: string): void {
  const [service, rest] = id.split(":") as [string, string];
  const [owner, container, name] = rest.split("/") as [string, string, string];
  if (service === "dms") {
    emulator.dms!.setMessageCounts(owner, container, name, { available_messages: 0 });
    return;
  }
  const rows = emulator.sls.checkpoints(owner, container, name);
  const stale = Date.now() / 1000 - IN_USE_WINDOW_SECONDS - 3600;
  emulator.sls.setCheckpoints(
    owner,
    container,
    name,
    rows.map((r) => ({ ...r, updateTime: Math.floor(stale * unitPerSecond(r.updateTime)) })),
  );
}

/** The emulator's updateTime unit, told by magnitude (as lib/services/sls/checkpoint-time.ts). */
function unitPerSecond(updateTime: number): number {
  return updateTime >= 1e14 ? 1e6 : updateTime >= 1e11 ? 1e3 : 1;
}

/** The checkpoint strings of a live SLS group, by shard (empty ones left out). */
export function checkpointsOf(emulator: RunningEmulator, id: string): Map<number, string> {
  const [, rest] = id.split(":") as [string, string];
  const [owner, container, name] = rest.split("/") as [string, string, string];
  return new Map(
    emulator.sls
      .checkpoints(owner, container, name)
      .filter((c) => c.checkpoint !== "")
      .map((c) => [c.shard, c.checkpoint]),
  );
}
