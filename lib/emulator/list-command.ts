// `cdktf-consumer-groups emulator list --url URL`: the consumer groups a running emulator holds,
// read from its admin route GET /_emulator/state and printed one row per group.

import { UsageError, readStringOptions } from "./command-line";
import type { DmsStateSnapshot } from "../clouds/huawei/dms/emulator/dms-emulator-records";
import type { SlsStateSnapshot } from "../clouds/alibaba/sls/emulator/sls-emulator-state";

export const EMULATOR_LIST_SUMMARY = "list the consumer groups a running emulator holds";

export const EMULATOR_LIST_USAGE =
  "emulator list --url URL\n" +
  '    --url  the emulator\'s address, as its "emulator listening on <url>" line prints it\n' +
  "    One row per group: SERVICE, WHERE (SLS project/logstore, DMS project id/queue), GROUP\n" +
  "    and DETAIL (SLS: timeout, order and the shards with a checkpoint; DMS: the group id\n" +
  "    and the messages waiting), then the count. Exit codes: 0 listed, 1 the emulator could\n" +
  "    not be read, 2 bad usage";

/** One group of the emulator's state, as a row of the list. */
export interface EmulatorGroupRow {
  readonly service: "sls" | "dms";
  readonly where: string;
  readonly group: string;
  readonly detail: string;
}

/** GET /_emulator/state's answer: each key is there when its service is emulated. */
export interface EmulatorStateAnswer {
  readonly sls?: SlsStateSnapshot;
  readonly dms?: DmsStateSnapshot;
}

export async function runEmulatorList(
  args: readonly string[],
  out: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  const { url } = readStringOptions(args, ["url"]);
  if (url === undefined) {
    throw new UsageError("--url is required: the URL the emulator's listening line printed");
  }
  const state = await readEmulatorState(url);
  out(renderGroupRows(emulatorGroupRows(state)));
  return 0;
}

/** The rows of every SLS and DMS group, in the emulator's order (creation order per place). */
export function emulatorGroupRows(state: EmulatorStateAnswer): EmulatorGroupRow[] {
  const rows: EmulatorGroupRow[] = [];
  for (const [project, { logstores }] of Object.entries(state.sls?.projects ?? {})) {
    for (const [logstore, { groups, checkpoints }] of Object.entries(logstores)) {
      for (const g of groups) {
        const shards = checkpoints?.[g.name]?.length ?? 0;
        const committed =
          shards === 0
            ? "no checkpoint"
            : `checkpoints on ${shards} ${shards === 1 ? "shard" : "shards"}`;
        rows.push({
          service: "sls",
          where: `${project}/${logstore}`,
          group: g.name,
          detail: `timeout ${g.timeout}, order ${g.order}, ${committed}`,
        });
      }
    }
  }
  for (const [project, { queues }] of Object.entries(state.dms?.projects ?? {})) {
    for (const queue of queues) {
      for (const g of queue.groups) {
        const waiting = g.messages?.available_messages ?? 0;
        rows.push({
          service: "dms",
          where: `${project}/${queue.name}`,
          group: g.name,
          detail: `id ${g.id}, ${waiting} messages waiting`,
        });
      }
    }
  }
  return rows;
}

/** Aligned columns under a header, then "N consumer groups". */
export function renderGroupRows(rows: readonly EmulatorGroupRow[]): string {
  const count = `${rows.length} consumer ${rows.length === 1 ? "group" : "groups"}\n`;
  if (rows.length === 0) return count;
  const table = [
    ["SERVICE", "WHERE", "GROUP", "DETAIL"],
    ...rows.map((r) => [r.service, r.where, r.group, r.detail]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...table.map((cells) => cells[i]?.length ?? 0)));
  const lines = table.map((cells) =>
    cells.map((cell, i) => (i < widths.length ? cell.padEnd(widths[i] ?? 0) : cell)).join("  "),
  );
  return `${lines.join("\n")}\n${count}`;
}

/** GET <url>/_emulator/state; throws an Error saying what was wrong and what to check. */
async function readEmulatorState(url: string): Promise<EmulatorStateAnswer> {
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new UsageError(`--url ${JSON.stringify(url)} is not a URL, e.g. http://127.0.0.1:4580`);
  }
  const stateUrl = new URL("/_emulator/state", base);
  let answer: Response;
  try {
    answer = await fetch(stateUrl, { signal: AbortSignal.timeout(10_000) });
  } catch (e) {
    const { cause } = e as { cause?: { code?: string; message?: string } };
    const reason = cause?.code ?? cause?.message ?? (e as Error).message;
    throw new Error(
      `cannot reach ${stateUrl.href} (${reason}). Is the emulator running? ` +
        "Start it with `cdktf-consumer-groups emulator` and pass the URL it prints.",
    );
  }
  const body = await answer.text();
  let state: unknown;
  try {
    state = JSON.parse(body);
  } catch {
    state = undefined;
  }
  if (!answer.ok || typeof state !== "object" || state === null || Array.isArray(state)) {
    throw new Error(
      `GET ${stateUrl.href} answered ${answer.status} without the emulator's state: ` +
        "is --url the address of `cdktf-consumer-groups emulator`?",
    );
  }
  return state as EmulatorStateAnswer;
}
