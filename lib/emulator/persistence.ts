// The optional state file: read once at start, rewritten after each mutation. The write goes to
// a temporary file in the same folder and is renamed over the old one, so a reader (a test, or a
// killed emulator) never sees half a file.

import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

export function readStateFile(path: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, "utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(
      `emulator state file ${path} is not valid JSON (${String(e)}); fix or delete it`,
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`emulator state file ${path} must hold a JSON object; fix or delete it`);
  }
  return value as Record<string, unknown>;
}

let sequence = 0;

export function writeStateFile(path: string, state: unknown): void {
  const tmp = `${path}.${process.pid}.${++sequence}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, "utf8");
  renameSync(tmp, path);
}

/** The state of every mounted service, keyed by service name (GET /_emulator/state). */
export function snapshotServices(
  services: readonly { name: string; snapshot(): unknown }[],
): Record<string, unknown> {
  return Object.fromEntries(services.map((s) => [s.name, s.snapshot()]));
}

/** Restores each service from the state file when it exists and holds that service's key. */
export function restoreServices(
  services: readonly { name: string; restore(snapshot: unknown): void }[],
  path: string,
): void {
  const saved = readStateFile(path);
  for (const service of services) {
    if (saved?.[service.name] !== undefined) service.restore(saved[service.name]);
  }
}
