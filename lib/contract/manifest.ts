// The per-stack manifest of managed groups, and the `prune` payload built from it.
//
// Terraform runs no destroy hook for a resource that leaves the configuration,
// so a group whose construct is deleted from the code, or whose identity changed, would stay
// in the cloud. Each stack therefore has one manifest resource whose replace triggers list
// the groups the stack manages, with what a delete needs. When that list changes, Terraform
// replaces the manifest and runs its destroy hook, `prune`, with
// - `previous`: the triggers as applied last time, read from state through `self`, and
// - `declared`: the keys of the groups the whole APP declares now (every stack of it), a
//   literal of the current configuration,
// and the hook deletes (or, by each group's removal policy, keeps) the groups of `previous`
// that the app no longer declares. App-wide, so that a group moved to another stack of the same
// app is never deleted by the stack it left, whichever stack deploys first.
//
// The stored forms, and how `previous` travels: stored-manifest.ts.

import { record } from "./fields";
import { contractFor, type CloudContract } from "./cloud-contract";
import { identityKey, type GroupIdentity } from "./group-identity";
import { LIBRARY_RELEASE, PAYLOAD_VERSION, HookCommand, PRUNE_COMMAND } from "./names";
import { NEWER_PAYLOAD_HINT, readHookPayload, readIdentity } from "./payload";
import { PayloadError, isNewerFormat, writerOf } from "./payload-error";
import type { EnsurePayload, HookPayload } from "./payload-types";
import { expandGuard } from "./protection";
import {
  MANIFEST_VERSION,
  REFS_TRIGGER,
  readPrevious,
  storedEntries,
  type StoredEntry,
} from "./stored-manifest";
import { matchesPattern, readRefs, substituteRefs } from "./refs";

/**
 * `hook.js prune <json>`: `previous` is the manifest resource's triggers from state, as
 * Terraform's `base64gzip(jsonencode(…))` of them (configurations up to 0.2.0 spliced the
 * object itself).
 */
export interface PrunePayload {
  readonly v: number;
  readonly command: typeof PRUNE_COMMAND;
  readonly previous: string | Readonly<Record<string, unknown>> | null;
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

/** Manifest trigger versions a prune reads: "1" (0.1.0), "2" (up to 0.2.0), and this one. */
const READABLE_MANIFESTS = ["1", "2", String(MANIFEST_VERSION)];

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
  const previous = readPrevious(p.previous);
  if (previous === null) {
    // An imported manifest (its trigger null in state) lists no group, so it deletes none; the
    // apply goes on and stores the list, as after a `state rm` of the manifest.
    return { candidates: [], declares: () => true, copies: [], imported: true };
  }
  if (isNewerFormat(previous?.["v"], MANIFEST_VERSION)) {
    // The state was deployed by a newer release (a downgrade): no synth of this one reads it.
    const writer = writerOf(previous);
    throw new PayloadError(
      `the manifest in Terraform state is format ${JSON.stringify(previous?.["v"])}, deployed by ` +
        `${writer}; this app's cdktf-consumer-groups ${LIBRARY_RELEASE} reads formats ` +
        `${READABLE_MANIFESTS.join(", ")}`,
      `Deploy this stack with ${writer.replace(/^a release/, "the release")} or later ` +
        "(set that version in the app's package.json and synthesize again); nothing was deleted.",
    );
  }
  if (previous === undefined || !READABLE_MANIFESTS.includes(String(previous["v"]))) {
    throw new PayloadError(
      `previous manifest ${JSON.stringify(previous?.["v"])} is not one this hook reads (versions ${READABLE_MANIFESTS.join(", ")})`,
    );
  }
  const declared = new Set(keys);
  // Format 3 stores each group under its key. Before, keys are computed from the identities;
  // release 0.1.0's `current` held keys of identities as it stored them, region included.
  const identityOf = (e: StoredEntry) =>
    legacy ? record(e.group.i, "identity") : readIdentity(e.group.i, clouds);
  const patterns = Array.isArray(p.patterns) ? p.patterns : [];
  // Kept: a group whose key the app declares, a group with references whose resolved identity
  // the app declares literally, and one that a group with references may now resolve to.
  const kept = (e: StoredEntry) =>
    (e.key !== undefined && declared.has(e.key)) ||
    declared.has(identityKey(identityOf(e))) ||
    patterns.some((pattern) => matchesPattern(e.group.i, pattern));
  const candidates = storedEntries(withRefsResolved(previous))
    .filter((e) => !kept(e))
    .map((e) =>
      readHookPayload(
        HookCommand.DELETE,
        {
          v: PAYLOAD_VERSION,
          command: HookCommand.DELETE,
          identity: e.group.i,
          removalPolicy: e.group.p,
          // The protection as last deployed; none stored (an older manifest) = WHEN_IN_USE.
          ...expandGuard(e.group),
          transport: e.transport,
          credentials: Array.isArray(e.credentials) ? e.credentials : [],
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

/**
 * The stored triggers with the placeholders of identities given by reference replaced by the
 * values Terraform resolved when they were deployed (the `refs` trigger, refs.ts).
 */
function withRefsResolved(
  triggers: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  const stored = triggers[REFS_TRIGGER];
  if (typeof stored !== "string") return triggers;
  const refs = readRefs(stored);
  return Object.fromEntries(
    Object.entries(triggers).map(([k, v]) => [
      k,
      k !== REFS_TRIGGER && typeof v === "string" ? substituteRefs(v, refs) : v,
    ]),
  );
}
