// The per-stack manifest of managed groups, and the `prune` payload built from it.
//
// Terraform runs no destroy hook for a resource that leaves the configuration,
// so a group whose construct is deleted from the code, or whose identity changed, would stay
// in the cloud. Each stack therefore has one manifest resource whose replace trigger lists
// the groups the stack manages, with what a delete needs. When that list changes, Terraform
// replaces the manifest and runs its destroy hook, `prune`, with
// - `previous`: the list as applied last time, read from state through `self`, and
// - `declared`: the keys of the groups the whole APP declares now (every stack of it), a
//   literal of the current configuration,
// and the hook deletes (or, by each group's removal policy, keeps) the groups of `previous`
// that the app no longer declares. App-wide, so that a group moved to another stack of the same
// app is never deleted by the stack it left, whichever stack deploys first. Keys are those of
// canonical identities (identity.ts), so a manifest of release 0.1.0, whose identities held a
// region, is compared by what the group is, not by how it was reached.
//
// The stored list is compact (transports and credential lists are tables, referenced by
// index), because the hook receives it as one command-line argument (at most 128 KiB).

import { Table, compact, expand } from "./compact";
import { record } from "./fields";
import { contractFor, type CloudContract } from "./cloud-contract";
import { canonicalIdentity, identityKey, type GroupIdentity } from "./group-identity";
import {
  LIBRARY_RELEASE,
  PAYLOAD_VERSION,
  HookCommand,
  RemovalPolicyValue,
  PRUNE_COMMAND,
} from "./names";
import { NEWER_PAYLOAD_HINT, readHookPayload, readIdentity } from "./payload";
import { PayloadError, isNewerFormat, writerOf } from "./payload-error";
import type { EnsurePayload, HookPayload } from "./payload-types";
import { compactGuard, expandGuard, type DeletionGuard } from "./protection";
import type { Transport } from "./transport";
import { matchesPattern, readRefs, substituteRefs } from "./refs";

/** What the manifest needs of one group to delete it later. */
export interface ManagedGroup {
  readonly identity: GroupIdentity;
  /**
   * The group's key when its identity holds references (refs.ts): the identity then holds
   * placeholders, and the key, known at synth, names the group in the app's declared keys.
   */
  readonly key?: string;
  readonly removalPolicy: RemovalPolicyValue;
  readonly transport: Transport;
  readonly credentials: readonly unknown[];
  /** As last deployed; absent (a manifest older than this field) means the defaults. */
  readonly deletionProtection?: DeletionGuard["deletionProtection"];
  readonly inUseWindowSeconds?: number;
}

/**
 * The manifest as stored: the value of its trigger `groups` is JSON of this. Identities are
 * as the release that wrote it stored them (0.1.0's held a region).
 */
interface StoredManifest {
  readonly transports: Transport[];
  readonly credentials: unknown[];
  /** `d`/`w`: deletion protection and in-use window, only where not the default. */
  readonly groups: {
    i: unknown;
    /** The key of a group whose identity holds references; absent: the identity's key. */
    k?: string;
    p: RemovalPolicyValue;
    t: number;
    c: number;
    d?: string;
    w?: number;
  }[];
}

/** The manifest trigger value for `groups` (the stack's groups, in declaration order). */
export function encodeManifest(groups: readonly ManagedGroup[]): string {
  const transports = new Table<Transport>();
  const credentials = new Table<unknown>();
  const stored = groups.map((g) => ({
    i: g.identity,
    ...(g.key === undefined ? {} : { k: g.key }),
    p: g.removalPolicy,
    t: transports.index(g.transport),
    c: credentials.index(g.credentials),
    ...compactGuard(g),
  }));
  const manifest: StoredManifest = {
    transports: transports.values(),
    credentials: credentials.values(),
    groups: stored,
  };
  return compact(JSON.stringify(manifest));
}

/**
 * The groups of a stored manifest of any release (the inverse of `encodeManifest`), with
 * canonical identities; throws on a bad one.
 */
export function decodeManifest(groups: string): ManagedGroup[] {
  const stored = JSON.parse(expand(groups)) as StoredManifest;
  return (stored.groups ?? []).map((g) => ({
    identity: canonicalIdentity(g.i),
    ...(g.k === undefined ? {} : { key: g.k }),
    removalPolicy: g.p,
    transport: stored.transports[g.t]!,
    credentials: credentialsAt(stored, g.c),
    ...(expandGuard(g) as Partial<DeletionGuard>),
  }));
}

/** `hook.js prune <json>`: `previous` is the manifest resource's triggers from state. */
export interface PrunePayload {
  readonly v: number;
  readonly command: typeof PRUNE_COMMAND;
  readonly previous: { readonly v: string; readonly groups: string; readonly refs?: string };
  /** Keys of the canonical identities the whole app declares now. */
  readonly declared: readonly string[];
  /**
   * The identities of the app's groups that hold references (placeholders for the parts only
   * Terraform knows), absent when none: a stored group they may resolve to is kept.
   */
  readonly patterns?: readonly Record<string, string>[];
  /**
   * The ensure payloads of the app's groups with `copyCheckpointsFrom`, absent when none: a
   * group one of them copies from is deleted only after that copy is created and filled.
   */
  readonly copies?: readonly unknown[];
}

/** The prune payload of the current configuration; `previous` is spliced in by Terraform. */
export function prunePayload(
  previous: PrunePayload["previous"] | string,
  declared: readonly string[],
  copies: readonly unknown[] = [],
  patterns: readonly Record<string, string>[] = [],
): Omit<PrunePayload, "previous"> & { previous: unknown } {
  return {
    v: PAYLOAD_VERSION,
    command: PRUNE_COMMAND,
    previous,
    declared,
    ...(copies.length > 0 ? { copies } : {}),
    ...(patterns.length > 0 ? { patterns } : {}),
  };
}

/** What a prune must consider deleting. */
export interface PrunePlan {
  /** Delete payloads of the groups of `previous` whose key the app does not declare. */
  readonly candidates: HookPayload[];
  /**
   * Whether the app declares a group with this canonical identity. A candidate may still be
   * declared under another spelling only the cloud can tell (a DMS queue by id and by name).
   */
  readonly declares: (identity: GroupIdentity) => boolean;
  /** The app's groups that copy checkpoints from another group (ensure payloads). */
  readonly copies: readonly EnsurePayload[];
  /** The manifest in state lists nothing: `terraform import` stores only an id. */
  readonly imported?: boolean;
}

/** Manifest trigger versions a prune reads: "1" (release 0.1.0) and the current one. */
const READABLE_MANIFESTS = ["1", String(PAYLOAD_VERSION)];

/**
 * Reads a prune payload. Release 0.1.0 wrote `current` (keys of its own identities, one stack);
 * this release writes `declared` (keys of canonical identities, the whole app).
 */
export function planPrune(json: string, clouds: readonly CloudContract[]): PrunePlan {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new PayloadError(`the payload is not valid JSON (${(e as Error).message})`);
  }
  const p = (raw ?? {}) as Partial<PrunePayload> & { current?: unknown };
  if (isNewerFormat(p.v, PAYLOAD_VERSION)) {
    throw new PayloadError(
      `prune payload version ${JSON.stringify(p.v)} was written by ${writerOf(p)}; this hook is ` +
        `cdktf-consumer-groups ${LIBRARY_RELEASE} and reads versions 1 and ${PAYLOAD_VERSION}`,
      NEWER_PAYLOAD_HINT,
    );
  }
  const legacy = p.v === 1;
  if ((p.v !== PAYLOAD_VERSION && !legacy) || p.command !== PRUNE_COMMAND) {
    throw new PayloadError(
      `not a prune payload of version 1 or ${PAYLOAD_VERSION}; synthesize the stack again with the installed library version`,
    );
  }
  const keys = legacy ? p.current : p.declared;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === "string")) {
    throw new PayloadError(`${legacy ? "current" : "declared"} must be a list of group keys`);
  }
  const previous = p.previous;
  if (previous === null) {
    // An imported manifest (its trigger null in state) lists no group, so it deletes none; the
    // apply goes on and stores the list, as after a `state rm` of the manifest.
    return { candidates: [], declares: () => true, copies: [], imported: true };
  }
  if (isNewerFormat(previous?.v, PAYLOAD_VERSION)) {
    // The state was deployed by a newer release (a downgrade): no synth of this one reads it.
    const writer = writerOf(previous);
    throw new PayloadError(
      `the manifest in Terraform state is format ${JSON.stringify(previous?.v)}, deployed by ` +
        `${writer}; this app's cdktf-consumer-groups ${LIBRARY_RELEASE} reads formats ` +
        `${READABLE_MANIFESTS.join(" and ")}`,
      `Deploy this stack with ${writer.replace(/^a release/, "the release")} or later ` +
        "(set that version in the app's package.json and synthesize again); nothing was deleted.",
    );
  }
  if (!READABLE_MANIFESTS.includes(previous?.v as string) || typeof previous?.groups !== "string") {
    throw new PayloadError(
      `previous manifest ${JSON.stringify(previous?.v)} is not one this hook reads (versions ${READABLE_MANIFESTS.join(" and ")})`,
    );
  }
  let stored: StoredManifest;
  // The values of references, as deployed, fill the stored identities' placeholders.
  const refs = typeof previous.refs === "string" ? readRefs(previous.refs) : undefined;
  const groupsText = refs ? substituteRefs(expand(previous.groups), refs) : previous.groups;
  try {
    stored = JSON.parse(expand(groupsText)) as StoredManifest;
  } catch (e) {
    throw new PayloadError(`previous.groups is not valid JSON (${(e as Error).message})`);
  }
  const declared = new Set(keys);
  // Release 0.1.0's `current` held keys of identities as it stored them, region included.
  const storedKey = (i: unknown) =>
    legacy ? identityKey(record(i, "identity")) : identityKey(readIdentity(i, clouds));
  const patterns = Array.isArray(p.patterns) ? p.patterns : [];
  // Kept: a group whose key the app declares, a group with references whose resolved identity
  // the app declares literally, and one that a group with references may now resolve to.
  const kept = (g: StoredManifest["groups"][number]) =>
    (g.k !== undefined && declared.has(g.k)) ||
    declared.has(storedKey(g.i)) ||
    patterns.some((pattern) => matchesPattern(g.i, pattern));
  const candidates = (stored.groups ?? [])
    .filter((g) => !kept(g))
    .map((g) =>
      readHookPayload(
        HookCommand.DELETE,
        {
          v: PAYLOAD_VERSION,
          command: HookCommand.DELETE,
          identity: g.i,
          removalPolicy: g.p,
          // The protection as last deployed; none stored (an older manifest) = WHEN_IN_USE.
          ...expandGuard(g),
          transport: stored.transports[g.t],
          credentials: stored.credentials[g.c],
        },
        clouds,
      ),
    );
  const copies = (Array.isArray(p.copies) ? p.copies : []).flatMap((c) => {
    const payload = readHookPayload(HookCommand.ENSURE, c, clouds);
    return payload.command === HookCommand.ENSURE ? [payload] : [];
  });
  return {
    candidates,
    declares: (identity) =>
      !legacy &&
      (declared.has(identityKey(identity)) || patterns.some((x) => matchesPattern(identity, x))),
    copies: copies.filter((c) => copySourceOf(c, clouds) !== undefined),
  };
}

/** The group whose checkpoints an ensure's group copies, if its cloud copies and it names one. */
export function copySourceOf(
  payload: EnsurePayload,
  clouds: readonly CloudContract[],
): GroupIdentity | undefined {
  return contractFor(clouds, payload.identity.service)?.copySourceOf?.(payload);
}

/**
 * The app's groups that copy their checkpoints from `group`: they must exist, filled, before it
 * is deleted.
 */
export function copiesOf(
  group: GroupIdentity,
  copies: readonly EnsurePayload[],
  clouds: readonly CloudContract[],
): EnsurePayload[] {
  const key = identityKey(group);
  return copies.filter((c) => {
    const source = copySourceOf(c, clouds);
    return source !== undefined && identityKey(source) === key;
  });
}

/** The credential list a stored group indexes (an empty list when the index is bad). */
function credentialsAt(stored: StoredManifest, index: number): readonly unknown[] {
  const list = stored.credentials[index];
  return Array.isArray(list) ? list : [];
}
