// `cdktf-consumer-groups emulator list --url URL`: the consumer groups a running emulator holds,
// read from its admin route GET /_emulator/state and printed one row per group.

import { UsageError, readStringOptions } from "./command-line";
import type { EmulatorGroupRow } from "./emulated-cloud";
import { EMULATED_CLOUDS, EMULATED_CLOUDS_HELP } from "./emulated-clouds";

export const EMULATOR_LIST_SUMMARY = "list the consumer groups a running emulator holds";

export const EMULATOR_LIST_USAGE =
  "emulator list --url URL\n" +
  '    --url  the emulator\'s address, as its "emulator listening on <url>" line prints it\n' +
  `    ${EMULATED_CLOUDS_HELP.listRows}, then the count. Exit codes: 0 listed, 1 the emulator could\n` +
  "    not be read, 2 bad usage";

/** GET /_emulator/state's answer: a key per mounted service, its state as the cloud keeps it. */
export type EmulatorStateAnswer = Readonly<Record<string, unknown>>;

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

/** The rows of every cloud's groups, clouds in the registry's order, groups in the cloud's. */
export function emulatorGroupRows(state: EmulatorStateAnswer): EmulatorGroupRow[] {
  return Object.values(EMULATED_CLOUDS).flatMap((cloud) =>
    cloud.groupRows ? cloud.groupRows(state[cloud.serviceName]) : [],
  );
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
