// The manifest as Terraform stores it: what each release wrote into the manifest resource's
// triggers, written and read back here (the prune, manifest.ts; the synth-time report).
//
// Stored forms, all still read from state:
// - "1" (release 0.1.0) and "2" (up to 0.2.0): `{ v, groups }`, `groups` one JSON text of a list
//   (transports and credential lists as tables referenced by index), deflated when large. Keys
//   are computed from the identities (canonical ones: 0.1.0's held a region).
// - "3": one trigger per group, keyed by the group's key (the key of its Terraform address), so a
//   plan shows the one group added or removed. Its value is "<the group, in words> <JSON>", the
//   words making it no JSON text, which Terraform would spread over many plan lines. The JSON is
//   `[profile, values]`: the identity's path values, and the hash of a trigger
//   "profile:<hash>" that holds what the groups of a stack mostly share (identity version,
//   service and field names, removal policy, deletion protection, transport, credential
//   sources). Terraform's apply time grows with the manifest's bytes, so an entry repeats
//   nothing its profile holds.
// The prune payload gets `previous` gzipped and base64-encoded by Terraform (`base64gzip`), since
// the hook receives it in one environment variable (at most 128 KiB).

import { createHash } from "node:crypto";
import { expand, expandBase64Gzip } from "./compact";
import { canonicalIdentity, identityKey, type GroupIdentity } from "./group-identity";
import type { RemovalPolicyValue } from "./names";
import { PayloadError } from "./payload-error";
import { compactGuard, expandGuard, type DeletionGuard } from "./protection";
import { targetOf } from "./target";
import { transportRegion, type Transport, type TransportSpec } from "./transport";

/** What the manifest needs of one group to delete it later. */
export interface ManagedGroup {
  readonly identity: GroupIdentity;
  readonly removalPolicy: RemovalPolicyValue;
  /** With its location by reference (placeholders, filled from `refs`) or resolved. */
  readonly transport: TransportSpec;
  readonly credentials: readonly unknown[];
  /** As last deployed; absent (a manifest older than this field) means the defaults. */
  readonly deletionProtection?: DeletionGuard["deletionProtection"];
  readonly inUseWindowSeconds?: number;
}

/** The manifest format this release writes ("1" and "2" were a single list, see above). */
export const MANIFEST_VERSION = 3;
/**
 * The trigger of a stack whose groups name parts of their identity by reference: the values
 * Terraform resolved (refs.ts), which fill the stored identities' placeholders at the prune.
 */
export const REFS_TRIGGER = "refs";
const PROFILE_PREFIX = "profile:";

/**
 * The manifest as releases up to 0.2.0 stored it: the value of its trigger `groups` is JSON of
 * this (compacted). Identities are as the release that wrote it stored them (0.1.0's held a
 * region).
 */
export interface ListManifest {
  readonly transports: Transport[];
  readonly credentials: unknown[];
  /** `d`/`w`: deletion protection and in-use window, only where not the default. */
  readonly groups: StoredGroup<number>[];
}

/** One group as stored; `t` and `c` reference its transport and credential list. */
export interface StoredGroup<Ref> {
  i: unknown;
  p: RemovalPolicyValue;
  t: Ref;
  c: Ref;
  d?: string;
  w?: number;
}

/** A stored group with its tables resolved; `key` as stored (format 3), else undefined. */
export interface StoredEntry {
  readonly key: string | undefined;
  readonly group: StoredGroup<unknown>;
  readonly transport: unknown;
  readonly credentials: unknown;
}

/**
 * The manifest triggers one group adds (format 3): its own, under `key`, and the profile it
 * references. Values are literals, not yet template-escaped.
 */
export function manifestEntries(key: string, group: ManagedGroup): Record<string, string> {
  const { v, service, ...path } = group.identity;
  const profile: StoredProfile = {
    v,
    service,
    fields: Object.keys(path),
    p: group.removalPolicy,
    ...compactGuard(group),
    transport: group.transport,
    credentials: group.credentials,
  };
  const text = JSON.stringify(profile);
  const hash = shortHash(text);
  const entry: [string, string[]] = [hash, Object.values(path)];
  return {
    [key]: `${targetOf(group.identity, transportRegion(group.transport))} ${JSON.stringify(entry)}`,
    [PROFILE_PREFIX + hash]: `profile ${text}`,
  };
}

/** What a format-3 profile holds: all of a group but its path values. */
interface StoredProfile {
  readonly v: string;
  readonly service: string;
  readonly fields: readonly string[];
  readonly p: RemovalPolicyValue;
  readonly d?: string;
  readonly w?: number;
  readonly transport: unknown;
  readonly credentials: unknown;
}

/** The `v` trigger of a manifest this release writes. */
export function manifestVersion(): string {
  return String(MANIFEST_VERSION);
}

/**
 * The groups of a stored manifest of any release (its triggers, as in state or cdk.tf.json),
 * with canonical identities and each group's key (as stored, or computed from the identity for
 * the list formats); throws on a bad one.
 */
export function decodeManifest(
  triggers: Readonly<Record<string, unknown>>,
): (ManagedGroup & { readonly key: string })[] {
  return storedEntries(triggers).map((e) => ({
    key: e.key ?? identityKey(canonicalIdentity(e.group.i)),
    identity: canonicalIdentity(e.group.i),
    removalPolicy: e.group.p,
    transport: e.transport as TransportSpec,
    credentials: Array.isArray(e.credentials) ? e.credentials : [],
    ...(expandGuard(e.group) as Partial<DeletionGuard>),
  }));
}

/** The entries of stored triggers of format 1, 2 or 3; throws PayloadError on a bad one. */
export function storedEntries(triggers: Readonly<Record<string, unknown>>): StoredEntry[] {
  if (String(triggers["v"]) !== String(MANIFEST_VERSION)) {
    if (typeof triggers["groups"] !== "string") {
      throw new PayloadError("previous.groups must be the manifest's list");
    }
    let stored: ListManifest;
    try {
      stored = JSON.parse(expand(triggers["groups"])) as ListManifest;
    } catch (e) {
      throw new PayloadError(`previous.groups is not valid JSON (${(e as Error).message})`);
    }
    return (stored.groups ?? []).map((g) => ({
      key: undefined,
      group: g,
      transport: stored.transports[g.t],
      credentials: stored.credentials[g.c],
    }));
  }
  const entries: StoredEntry[] = [];
  for (const [key, value] of Object.entries(triggers)) {
    if (key === "v" || key === REFS_TRIGGER || key.startsWith(PROFILE_PREFIX)) continue;
    const entry = jsonOf(value, key, ENTRY_START);
    if (!Array.isArray(entry) || typeof entry[0] !== "string" || !Array.isArray(entry[1])) {
      throw new PayloadError(`previous manifest entry ${JSON.stringify(key)} is not a group's`);
    }
    const [hash, values] = entry as [string, unknown[]];
    const profile = jsonOf(triggers[PROFILE_PREFIX + hash], PROFILE_PREFIX + hash, TABLE_START);
    const { v, service, fields, p, d, w, transport, credentials } = (profile ??
      {}) as Partial<StoredProfile>;
    if (!Array.isArray(fields) || fields.length !== values.length) {
      throw new PayloadError(
        `previous manifest entry ${JSON.stringify(key)} does not match its profile's fields`,
      );
    }
    const path = Object.fromEntries(fields.map((field, n) => [String(field), values[n]]));
    entries.push({
      key,
      group: {
        i: { v, service, ...path },
        p: p!,
        t: hash,
        c: hash,
        ...(d === undefined ? {} : { d }),
        ...(w === undefined ? {} : { w }),
      },
      transport,
      credentials,
    });
  }
  return entries;
}

/**
 * Where the JSON of a stored value "<words> <JSON>" starts. A table's words are one word. A
 * group's words may hold values a reference resolved to, with any character but an unescaped
 * quote, so its list is found by how it starts: a quoted hash and a list, `["<hash>",[`.
 */
const ENTRY_START = / \["[0-9a-f]{12}",\[/;
const TABLE_START = / /;

/** The JSON of a stored value "<words> <JSON>". */
function jsonOf(value: unknown, key: string, start: RegExp): unknown {
  const at = typeof value === "string" ? value.search(start) : -1;
  if (at < 0)
    throw new PayloadError(
      `previous manifest entry ${JSON.stringify(key)} is missing or holds no JSON`,
    );
  try {
    return JSON.parse((value as string).slice(at + 1));
  } catch (e) {
    throw new PayloadError(
      `previous manifest entry ${JSON.stringify(key)} is not valid JSON (${(e as Error).message})`,
    );
  }
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

/**
 * The stored triggers in a prune payload: gzipped and base64-encoded by Terraform, or (a
 * configuration up to 0.2.0) the object itself; null for an imported manifest, undefined when
 * it is neither.
 */
export function readPrevious(value: unknown): Readonly<Record<string, unknown>> | null | undefined {
  let previous = value;
  if (typeof value === "string") {
    try {
      previous = JSON.parse(expandBase64Gzip(value));
    } catch (e) {
      throw new PayloadError(`previous is not gzipped JSON (${(e as Error).message})`);
    }
  }
  if (previous === null) return null;
  return typeof previous === "object" && !Array.isArray(previous)
    ? (previous as Record<string, unknown>)
    : undefined;
}
