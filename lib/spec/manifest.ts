// The per-stack manifest of managed groups, and the `prune` payload built from it.
//
// Terraform runs no destroy hook for a resource that leaves the configuration (pitfall P5),
// so a group whose construct is deleted from the code, or whose identity changed, would stay
// in the cloud. Each stack therefore has one manifest resource whose replace trigger lists
// the groups the stack manages, with what a delete needs. When that list changes, Terraform
// replaces the manifest and runs its destroy hook, `prune`, with
// - `previous`: the list as applied last time, read from state through `self`, and
// - `current`: the keys of the groups declared now, a literal of the current configuration,
// and the hook deletes (or, by each group's removal policy, keeps) previous minus current.
//
// The stored list is compact (transports and credential lists are tables, referenced by
// index), because the hook receives it as one command-line argument (at most 128 KiB).

import { createHash } from "node:crypto";
import { Table, compact, expand } from "./compact";
import {
  PAYLOAD_VERSION,
  HookCommand,
  RemovalPolicyValue,
  type DmsCredentialSource,
  type SlsCredentialSource,
} from "./names";
import {
  PayloadError,
  parseHookPayload,
  type DmsIdentity,
  type HookPayload,
  type SlsIdentity,
  type Transport,
} from "./payload";

export const PRUNE_COMMAND = "prune";

export type GroupIdentity = SlsIdentity | DmsIdentity;

/** What the manifest needs of one group to delete it later. */
export interface ManagedGroup {
  readonly identity: GroupIdentity;
  readonly removalPolicy: RemovalPolicyValue;
  readonly transport: Transport;
  readonly credentials: readonly SlsCredentialSource[] | readonly DmsCredentialSource[];
}

/** The manifest as stored: the value of its one trigger, `groups`, is JSON of this. */
interface StoredManifest {
  readonly transports: Transport[];
  readonly credentials: unknown[];
  readonly groups: { i: GroupIdentity; p: RemovalPolicyValue; t: number; c: number }[];
}

/** A short, stable key of an identity: same identity, same key, in every library version. */
export function identityKey(identity: GroupIdentity): string {
  const fields = identity as unknown as Record<string, string>;
  const canonical = Object.keys(fields)
    .sort()
    .map((k) => [k, String(fields[k])]);
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex").slice(0, 16);
}

/** The manifest trigger value for `groups` (the stack's groups, in declaration order). */
export function encodeManifest(groups: readonly ManagedGroup[]): string {
  const transports = new Table<Transport>();
  const credentials = new Table<unknown>();
  const stored = groups.map((g) => ({
    i: g.identity,
    p: g.removalPolicy,
    t: transports.index(g.transport),
    c: credentials.index(g.credentials),
  }));
  const manifest: StoredManifest = {
    transports: transports.values(),
    credentials: credentials.values(),
    groups: stored,
  };
  return compact(JSON.stringify(manifest));
}

/** The groups of a stored manifest (the inverse of `encodeManifest`); throws on a bad one. */
export function decodeManifest(groups: string): ManagedGroup[] {
  const stored = JSON.parse(expand(groups)) as StoredManifest;
  return (stored.groups ?? []).map((g) => ({
    identity: g.i,
    removalPolicy: g.p,
    transport: stored.transports[g.t]!,
    credentials: stored.credentials[g.c] as ManagedGroup["credentials"],
  }));
}

/** `hook.js prune <json>`: `previous` is the manifest resource's triggers from state. */
export interface PrunePayload {
  readonly v: number;
  readonly command: typeof PRUNE_COMMAND;
  readonly previous: { readonly v: string; readonly groups: string };
  readonly current: readonly string[];
}

/**
 * The delete payloads of the groups in `previous` whose keys are not in `current`, each as
 * `parseHookPayload` would return it (so every check of a delete payload applies).
 */
export function groupsToPrune(json: string): HookPayload[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new PayloadError(`the payload is not valid JSON (${(e as Error).message})`);
  }
  const p = raw as Partial<PrunePayload>;
  if (p?.v !== PAYLOAD_VERSION || p.command !== PRUNE_COMMAND) {
    throw new PayloadError(
      `not a prune payload of version ${PAYLOAD_VERSION}; synthesize the stack again with the installed library version`,
    );
  }
  if (!Array.isArray(p.current) || !p.current.every((k) => typeof k === "string")) {
    throw new PayloadError("current must be a list of group keys");
  }
  const previous = p.previous;
  if (previous?.v !== String(PAYLOAD_VERSION) || typeof previous.groups !== "string") {
    throw new PayloadError(
      `previous manifest ${JSON.stringify(previous?.v)} is not one this hook reads (version ${PAYLOAD_VERSION})`,
    );
  }
  let stored: StoredManifest;
  try {
    stored = JSON.parse(expand(previous.groups)) as StoredManifest;
  } catch (e) {
    throw new PayloadError(`previous.groups is not valid JSON (${(e as Error).message})`);
  }
  const keep = new Set(p.current);
  return (stored.groups ?? [])
    .filter((g) => !keep.has(identityKey(g.i)))
    .map((g) =>
      parseHookPayload(
        HookCommand.DELETE,
        JSON.stringify({
          v: PAYLOAD_VERSION,
          command: HookCommand.DELETE,
          identity: g.i,
          removalPolicy: g.p,
          transport: stored.transports[g.t],
          credentials: stored.credentials[g.c],
        }),
      ),
    );
}
