// copyCheckpointsFrom: a group the hook creates starts from another group's checkpoints,
// so consumers moved to it resume where they were (the safe rename, README "Renaming a group
// without losing its place").
//
// | case (copyCheckpointsFrom set)                  | calls                                    | outcome                       |
// |-------------------------------------------------|------------------------------------------|-------------------------------|
// | source present, group absent                    | GetCP(source), POST, n x UpdateCP        | created, n shards copied      |
// | source missing, group absent                    | GetCP(source) 404, GET list              | HOOK_COPY_SOURCE_MISSING,     |
// |                                                 |                                          |   nothing created             |
// | group exists (adopt, settings change)           | GetCP(source), POST(400), PUT, GetCP(own)| its checkpoints kept; shards  |
// |                                                 |   [, k x UpdateCP]                       |   with none filled (k)        |
// | group exists, its copy failed in an earlier run | as above                                 | the missing shards copied     |
// | source missing, group exists                    | GetCP(source) 404, GET list, POST(400),  | settings set, nothing copied, |
// |                                                 |   PUT                                    |   one line says why           |
//
// The rule that makes a failed copy converge: a shard's checkpoint is copied only where the
// group has none ("" or absent); a checkpoint the group has is never overwritten. A create
// whose copy failed half-way (or whose answer was lost) is, on the next apply, an existing
// group with some or no checkpoints, and gets exactly the shards it still lacks. A group in use
// has a checkpoint on every shard its consumers committed, so adopting it changes nothing there.
// UpdateCheckPoint with forceSuccess sets a value, so a retried one is harmless.

import { isCloudApiError } from "../../../clients/cloud-api-error";
import type { SlsCheckpoint } from "./client/sls-checkpoints";
import { targetOf } from "../../../contract/target";
import { HookError, HookErrorCode } from "../../../runtime/errors";
import type { SlsPlanContext } from "./sls-plan-context";
import type { SlsEnsurePayload } from "./sls-contract";

/** The source's checkpoints as read before the create, or why there are none to copy. */
export type CopySource =
  | { readonly kind: "none" }
  | { readonly kind: "read"; readonly name: string; readonly checkpoints: SlsCheckpoint[] }
  /** The source is missing and the group exists: nothing to copy, nothing to fail. */
  | { readonly kind: "missing"; readonly name: string };

/**
 * Reads the source's checkpoints before anything is created. A missing source fails the hook
 * when the group does not exist either (it would be created without its place); when the group
 * exists, a missing source only means nothing can be copied.
 */
export async function readCopySource(
  payload: SlsEnsurePayload,
  ctx: SlsPlanContext,
): Promise<CopySource> {
  const { identity, copyCheckpointsFrom: name } = payload;
  if (name === undefined) return { kind: "none" };
  const target = targetOf(identity, payload.transport.region);
  try {
    const checkpoints = await ctx.call(`read checkpoints of ${name} for ${target}`, () =>
      ctx.client.getCheckPoint(identity.logstore, name),
    );
    return { kind: "read", name, checkpoints };
  } catch (e) {
    if (!isCloudApiError(e) || e.cloudCode !== "ConsumerGroupNotExist") throw e;
  }
  const { groups } = await ctx.call(`list ${target}`, () =>
    ctx.client.listConsumerGroups(identity.logstore),
  );
  if (groups.some((g) => g.name === identity.name)) return { kind: "missing", name };
  throw new HookError(
    HookErrorCode.COPY_SOURCE_MISSING,
    `${target}: copyCheckpointsFrom names group ${JSON.stringify(name)}, which logstore ` +
      `${JSON.stringify(identity.logstore)} does not have; nothing was created`,
    "Fix copyCheckpointsFrom to name an existing group of the same logstore, or remove it to " +
      "create the group without checkpoints. (A group deleted by an earlier deploy took its " +
      "checkpoints with it; a rename in one deploy creates and fills the new group before the " +
      "old one is deleted.)",
  );
}

/**
 * Copies the source's checkpoints into the group, after `ensure` made sure it exists:
 * `created` = this run's create answered, so the group has none yet and is not read.
 * Logs one line with the number of shards copied, and returns it (undefined: no copy source).
 */
export async function copySourceCheckpoints(
  payload: SlsEnsurePayload,
  source: CopySource,
  created: boolean,
  ctx: SlsPlanContext,
): Promise<number | undefined> {
  if (source.kind === "none") return undefined;
  const { identity } = payload;
  const target = targetOf(identity, payload.transport.region);
  if (source.kind === "missing") {
    ctx.reporter.info(
      `${target}: copyCheckpointsFrom group ${JSON.stringify(source.name)} not found; ` +
        "the group already exists, so nothing was copied",
    );
    return 0;
  }
  const own = created
    ? []
    : await ctx.call(`read checkpoints of ${target}`, () =>
        ctx.client.getCheckPoint(identity.logstore, identity.name),
      );
  const held = new Set(own.filter((c) => c.checkpoint !== "").map((c) => c.shard));
  const offered = source.checkpoints.filter((c) => c.checkpoint !== "");
  const copies = offered.filter((c) => !held.has(c.shard));
  for (const { shard, checkpoint } of copies) {
    await ctx.call(`copy checkpoint of shard ${shard} from ${source.name} to ${target}`, () =>
      ctx.client.updateCheckPoint(
        identity.logstore,
        identity.name,
        { shard, checkpoint },
        { forceSuccess: true },
      ),
    );
  }
  const kept = offered.length - copies.length;
  ctx.reporter.info(
    `${target}: copied the checkpoints of ${count(copies.length)} from ${source.name}` +
      (offered.length === 0 ? " (it has none)" : "") +
      (kept > 0 ? `; kept its own on ${count(kept)}` : ""),
  );
  return copies.length;
}

/**
 * The batched executor's path for a group the list already shows: the same rule as `ensure`
 * (shards without a checkpoint are filled), so a copy that failed in an earlier run converges
 * under either executor. The number of shards copied; undefined without copyCheckpointsFrom.
 */
export async function copyIntoListedGroup(
  payload: SlsEnsurePayload,
  ctx: SlsPlanContext,
): Promise<number | undefined> {
  if (payload.copyCheckpointsFrom === undefined) return undefined;
  const source = await readCopySource(payload, ctx);
  return copySourceCheckpoints(payload, source, false, ctx);
}

function count(shards: number): string {
  return `${shards} shard${shards === 1 ? "" : "s"}`;
}
