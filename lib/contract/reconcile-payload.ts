// The payload of the default executor's one `reconcile` hook run per stack and apply (the
// per-group executor runs one `ensure` process per group instead). The stack-level resource,
// replaced whenever any group's identity, region or settings change, runs
// `hook.js reconcile <json>` with every declared group. The hook lists each logstore or queue
// once and creates or updates what differs, in parallel over one connection pool. Deletes stay
// with the Group resources' destroy hooks and the manifest's prune.
//
// The list is compact (tables for transports and credential lists), because it travels as one
// command-line argument (at most 128 KiB).

import { Table, compact, expand } from "./compact";
import { HookCommand, LIBRARY_RELEASE, PAYLOAD_VERSION, RECONCILE_COMMAND } from "./names";
import type { CloudContract } from "./cloud-contract";
import { NEWER_PAYLOAD_HINT, readHookPayload } from "./payload";
import { PayloadError, isNewerFormat, writerOf } from "./payload-error";
import type { EnsurePayload } from "./payload-types";

interface StoredReconcile {
  readonly v: number;
  readonly command: typeof RECONCILE_COMMAND;
  readonly transports: unknown[];
  readonly credentials: unknown[];
  /** Each: the ensure payload's own fields, with `t` and `c` indexing the tables (no `c`: the defaults). */
  readonly groups: Record<string, unknown>[];
}

/** The `reconcile` payload for these ensure payloads (the stack's groups). */
export function encodeReconcile(groups: readonly EnsurePayload[]): string {
  const transports = new Table<unknown>();
  const credentials = new Table<unknown>();
  const stored = groups.map((g) => {
    const { v: _v, command: _c, transport, credentials: creds, ...rest } = g;
    // No credential list: the cloud's defaults (payload.ts).
    const c = creds === undefined ? {} : { c: credentials.index(creds) };
    return { ...rest, t: transports.index(transport), ...c };
  });
  const payload: StoredReconcile = {
    v: PAYLOAD_VERSION,
    command: RECONCILE_COMMAND,
    transports: transports.values(),
    credentials: credentials.values(),
    groups: stored,
  };
  return compact(JSON.stringify(payload));
}

/** The ensure payloads of a `reconcile` payload, each checked as `parseHookPayload` does. */
export function parseReconcile(json: string, clouds: readonly CloudContract[]): EnsurePayload[] {
  let stored: StoredReconcile;
  try {
    stored = JSON.parse(expand(json)) as StoredReconcile;
  } catch (e) {
    throw new PayloadError(`the payload is not valid JSON (${(e as Error).message})`);
  }
  if (isNewerFormat(stored?.v, PAYLOAD_VERSION)) {
    throw new PayloadError(
      `reconcile payload version ${JSON.stringify(stored.v)} was written by ${writerOf(stored)}; ` +
        `this hook is cdktf-consumer-groups ${LIBRARY_RELEASE} and reads version ${PAYLOAD_VERSION}`,
      NEWER_PAYLOAD_HINT,
    );
  }
  if (stored?.v !== PAYLOAD_VERSION || stored.command !== RECONCILE_COMMAND) {
    throw new PayloadError(
      `not a reconcile payload of version ${PAYLOAD_VERSION}; synthesize the stack again with the installed library version`,
    );
  }
  if (!Array.isArray(stored.groups) || !Array.isArray(stored.transports)) {
    throw new PayloadError("a reconcile payload needs groups and transports lists");
  }
  return stored.groups.map((g, i) => {
    const { t, c, ...rest } = g;
    const payload = readHookPayload(
      HookCommand.ENSURE,
      {
        v: PAYLOAD_VERSION,
        command: HookCommand.ENSURE,
        ...rest,
        transport: stored.transports[t as number],
        credentials: c === undefined ? undefined : stored.credentials[c as number],
      },
      clouds,
    );
    if (payload.command !== HookCommand.ENSURE)
      throw new PayloadError(`groups[${i}] is not an ensure`);
    return payload;
  });
}
