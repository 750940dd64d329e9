// Finding a DMS group's queue, declared by id or by name, and the app-wide checks that only the
// queue's two spellings together allow (lib/contract/app-declarations.ts).

import type { DmsQueue } from "./client/dms-types";
import { type AppDeclarations } from "../../../contract/app-declarations";
import { readAppDeclarations } from "../../../runtime/app-declarations-file";
import { HookError, HookErrorCode } from "../../../runtime/errors";
import type { DmsPlanContext } from "./dms-plan-context";
import { mixesQueueSpellings, checkDeclaredOnce } from "./dms-app-declarations";
import type { DmsIdentity } from "./dms-contract";

/** The app's declarations, when they name queues of `projectId` both ways (else no alias). */
export function aliasingDeclarations(projectId: string): AppDeclarations | undefined {
  const declarations = readAppDeclarations();
  return declarations && mixesQueueSpellings(declarations, projectId) ? declarations : undefined;
}

/**
 * Before a create: refuses a group that another declaration of the app names with its queue
 * the other way (by id for by name), or a queue over its quota across both spellings.
 */
export async function ensureDeclaredOnce(
  identity: DmsIdentity,
  queueId: string,
  ctx: DmsPlanContext,
): Promise<void> {
  const declarations = aliasingDeclarations(identity.projectId);
  if (!declarations) return;
  const name = identity.queueName || (await queueName(queueId, ctx));
  checkDeclaredOnce(identity, { id: queueId, name }, declarations, "create");
}

/** The name of the queue with id `queueId` (one GET). */
async function queueName(queueId: string, ctx: DmsPlanContext): Promise<string> {
  const { queue } = await ctx.call(`get queue ${queueId}`, () => ctx.client.getQueue(queueId));
  return queue.name;
}

/**
 * The queue, id and name, of a group to delete: looked up by name, or by id only when the
 * name is needed (a prune asks whether the app declares the group by the queue's name, a
 * destroy hook whether another declaration names it that way).
 * Undefined when the queue does not exist.
 */
export async function resolveQueue(
  identity: DmsIdentity,
  ctx: DmsPlanContext,
  declares?: (identity: DmsIdentity) => boolean,
  needName = false,
): Promise<{ id: string; name: string } | undefined> {
  if (identity.queueId && !declares && !needName) return { id: identity.queueId, name: "" };
  if (identity.queueId) {
    const { queue } = await ctx.call(`get queue ${identity.queueId}`, () =>
      ctx.client.getQueue(identity.queueId),
    );
    return { id: queue.id, name: queue.name };
  }
  const id = await resolveQueueId(identity, ctx);
  return id === undefined ? undefined : { id, name: identity.queueName };
}

/** The queue id: the declared one, or looked up by name (undefined when no queue has it). */
export async function resolveQueueId(
  identity: DmsIdentity,
  ctx: DmsPlanContext,
): Promise<string | undefined> {
  if (identity.queueId) return identity.queueId;
  const { queues } = await ctx.call(`list queues of project ${identity.projectId}`, () =>
    ctx.client.listQueues(),
  );
  return queueIdByName(identity.queueName, queues);
}

/** The id of the queue called `name` (undefined when none is); two such queues are an error. */
export function queueIdByName(name: string, queues: readonly DmsQueue[]): string | undefined {
  const matches = queues.filter((q) => q.name === name);
  if (matches.length > 1) {
    throw new HookError(
      HookErrorCode.QUEUE_AMBIGUOUS,
      `${matches.length} queues are named "${name}" (${matches.map((q) => q.id).join(", ")})`,
      'Declare the queue by id: queue: { id: "…" }.',
    );
  }
  return matches[0]?.id;
}
