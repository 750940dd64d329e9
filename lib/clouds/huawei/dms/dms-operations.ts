// What the hook does for a DMS queue consumer group (the DMS API documentation recipes).
//
// | case                                 | calls                                   | outcome                      |
// |--------------------------------------|-----------------------------------------|------------------------------|
// | ensure, group absent                 | POST, GET groups until listed           | created, usable              |
// | ensure, group exists                 | POST (DMS.10240018), GET groups         | adopted                      |
// | ensure, POST answer lost (net/5xx)   | POST, GET groups, [POST]                | created once                 |
// | delete, group present                | GET groups, DELETE                      | deleted                      |
// | delete, messages waiting / ALWAYS    | GET groups (counted unless OFF)         | refused: protection          |
// | delete, group or queue missing, or   | GET groups (absent or 404; or 400       | already gone = success       |
// |   its project or queue id malformed  |   DMS.10240005/10240015: never created) |                              |
// | delete, removalPolicy RETAIN         | none                                    | kept                         |
// | queue declared by name               | + GET queues (one lookup)               |                              |
//
// DMS groups have no settings: a group is its name, so "ensure" never updates anything.

import { isCloudApiError } from "../../../clients/cloud-api-error";
import { DmsClient } from "./client/dms-client";
import { goneReason } from "./client/dms-errors";
import type { DmsGroup } from "./client/dms-types";
import { HookCommand } from "../../../contract/names";
import { LOST_ANSWER_PRESENT, createOnce } from "../../../runtime/create-once";
import { dmsCredentialChain, type ResolvedDmsCredentials } from "./dms-credentials";
import { resolveEndpoint } from "../../../runtime/endpoint";
import { HookError, HookErrorCode, TERRAFORM_RUN_ENVIRONMENT } from "../../../runtime/errors";
import { decideDelete, needsInUseCheck } from "../../../runtime/deletion-guard";
import { dmsEvidence } from "./dms-in-use";
import type { Reporter } from "../../../runtime/report";
import type { Session } from "../../../runtime/session";
import type { ServiceAccess } from "../../../runtime/cloud-service";
import { targetOf } from "../../../contract/target";
import {
  aliasingDeclarations,
  ensureDeclaredOnce,
  resolveQueue,
  resolveQueueId,
} from "./dms-queues";
import { dmsPlanContext, type DmsPlanContext } from "./dms-plan-context";
import {
  withQueue,
  type DmsDeletePayload,
  type DmsEnsurePayload,
  type DmsIdentity,
  type DmsPayload,
} from "./dms-contract";
import { checkDeclaredOnce } from "./dms-app-declarations";

/** First and longest pause between "is the new group listed yet?" checks. */
const READY_POLL_FIRST_MS = 250;
const READY_POLL_MAX_MS = 1000;

/** Resolves credentials and endpoint, then runs the payload's command. */
export async function runDmsPayload(payload: DmsPayload, access: ServiceAccess): Promise<void> {
  const { session, env, onCredentials } = access;
  const { credentials, endpoint } = await dmsAccess(payload, env, session.reporter, onCredentials);
  const client = dmsClient(endpoint, payload.identity.projectId, credentials, session);
  const ctx = dmsPlanContext(client, session.callFor(client), session);
  if (payload.command === HookCommand.ENSURE) await ensureDmsGroup(payload, ctx);
  else await deleteDmsGroup(payload, ctx, env, access.declares);
}

/**
 * The payload's credentials (the first source set in `env`; its secrets registered with the
 * reporter, its variables told to onCredentials) and the endpoint of its group's region.
 */
export async function dmsAccess(
  payload: DmsPayload,
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  onCredentials: (variables: string) => void,
  where: string = TERRAFORM_RUN_ENVIRONMENT,
): Promise<{ credentials: ResolvedDmsCredentials; endpoint: string }> {
  const credentials = await dmsCredentialChain(payload.credentials, env, where, (s) =>
    reporter.addSecret(s),
  );
  const { auth } = credentials;
  if (auth.kind === "aksk") {
    reporter.addSecret(auth.secretKey);
    reporter.addSecret(auth.securityToken);
  } else {
    reporter.addSecret(auth.token);
  }
  onCredentials(credentials.describe);
  return { credentials, endpoint: resolveEndpoint(payload.transport) };
}

/** A client for one project over the session's connection pool and clock. */
export function dmsClient(
  endpoint: string,
  projectId: string,
  credentials: ResolvedDmsCredentials,
  session: Session,
): DmsClient {
  return new DmsClient({
    endpoint,
    projectId,
    auth: credentials.auth,
    dispatcher: session.dispatcher,
    now: () => session.clock.now(),
  });
}

export async function ensureDmsGroup(
  payload: DmsEnsurePayload,
  ctx: DmsPlanContext,
): Promise<void> {
  const { identity } = payload;
  const queueId = await resolveQueueId(identity, ctx);
  if (!queueId) throw queueNotFound(identity);
  await ensureDeclaredOnce(identity, queueId, ctx);
  await createDmsGroup(payload, queueId, ctx);
}

/** The error of an ensure whose queue, declared by name, does not exist. */
export function queueNotFound(identity: DmsIdentity): HookError {
  return new HookError(
    HookErrorCode.QUEUE_NOT_FOUND,
    `queue "${identity.queueName}" does not exist in project ${identity.projectId}`,
    "Create the queue first, or fix the construct's queue name.",
  );
}

/**
 * Creates the group in the queue (once, even over a lost answer; adopting it when it exists)
 * and waits until it is listed.
 */
export async function createDmsGroup(
  payload: DmsEnsurePayload,
  queueId: string,
  ctx: DmsPlanContext,
): Promise<void> {
  const { identity } = payload;
  const target = targetOf(identity, payload.transport.region);
  const outcome = await createOnce(
    ctx.call,
    `create ${target}`,
    () => ctx.client.createGroups(queueId, [identity.name]),
    () => findGroup(identity, queueId, ctx),
  );
  const startedAt = ctx.clock.now();
  const group =
    outcome.kind === "listed"
      ? outcome.group
      : await waitUntilListed(identity, queueId, payload.readyTimeoutMs, ctx);
  const readyAfter = ((ctx.clock.now() - startedAt) / 1000).toFixed(1);
  switch (outcome.kind) {
    case "created":
      ctx.reporter.info(
        `${target}: created (id ${group.id}, request ${outcome.requestId}), listed after ${readyAfter} s`,
      );
      return;
    case "exists":
      ctx.reporter.info(
        outcome.afterLostAnswer
          ? `${target}: ${LOST_ANSWER_PRESENT}; id ${group.id}`
          : `${target}: adopted (existed; id ${group.id})`,
      );
      return;
    case "listed":
      ctx.reporter.info(`${target}: ${LOST_ANSWER_PRESENT}; id ${group.id}`);
  }
}

export async function deleteDmsGroup(
  payload: DmsDeletePayload,
  ctx: DmsPlanContext,
  env: NodeJS.ProcessEnv,
  declares?: (identity: DmsIdentity) => boolean,
): Promise<void> {
  const { identity } = payload;
  const target = targetOf(identity, payload.transport.region);
  // A destroy hook: the app may still declare this group in another stack, its queue named the
  // other way (by id for by name); only the cloud can tell, and then nothing is deleted.
  const declarations = declares ? undefined : aliasingDeclarations(identity.projectId);
  try {
    const queue = await resolveQueue(identity, ctx, declares, declarations !== undefined);
    if (queue && declarations) checkDeclaredOnce(identity, queue, declarations, "delete");
    if (!queue) {
      const which = identity.queueName ? `"${identity.queueName}"` : identity.queueId;
      ctx.reporter.info(`${target}: already gone (queue ${which} does not exist)`);
      return;
    }
    // The app may declare this group with its queue named the other way (by id for by name).
    if (declares?.(withQueue(identity, queue))) {
      const as = identity.queueId ? `name "${queue.name}"` : `id ${queue.id}`;
      ctx.reporter.info(
        `${target}: still declared in the app, with its queue by ${as}; not deleted`,
      );
      return;
    }
    const queueId = queue.id;
    // Deletion protection counts the messages waiting in this same list: no extra call.
    const list = () => findGroup(identity, queueId, ctx, needsInUseCheck(payload));
    const group = await ctx.call(`list ${target}`, list);
    if (!group) {
      ctx.reporter.info(`${target}: already gone (not listed in the queue)`);
      return;
    }
    decideDelete(target, identity.name, payload, dmsEvidence(group), env, ctx.reporter);
    const res = await ctx.call(`delete ${target}`, () => ctx.client.deleteGroup(queueId, group.id));
    ctx.reporter.info(`${target}: deleted (id ${group.id}, request ${res.requestId})`);
  } catch (e) {
    // Not found, or a project or queue id the service calls malformed: never created.
    const gone = isCloudApiError(e) ? goneReason(e) : undefined;
    if (gone === undefined) throw e;
    ctx.reporter.info(`${target}: already gone (${gone})`);
  }
}

/**
 * A new group initialises for 1-3 s before it is listed and usable. Polls the list with
 * growing pauses, bounded by the ready timeout and the run's deadline.
 */
async function waitUntilListed(
  identity: DmsIdentity,
  queueId: string,
  readyTimeoutMs: number,
  ctx: DmsPlanContext,
): Promise<DmsGroup> {
  const target = targetOf(identity);
  const giveUpAt = Math.min(ctx.clock.now() + readyTimeoutMs, ctx.deadlineAt);
  let pause = READY_POLL_FIRST_MS;
  for (;;) {
    const group = await ctx.call(`list ${target}`, () => findGroup(identity, queueId, ctx));
    if (group) return group;
    if (ctx.clock.now() + pause > giveUpAt) break;
    await ctx.clock.sleep(pause);
    pause = Math.min(pause * 2, READY_POLL_MAX_MS);
  }
  throw new HookError(
    HookErrorCode.GROUP_NOT_READY,
    `${target}: the service accepted the group but did not list it within ${readyTimeoutMs} ms`,
    "It may still be initialising; re-run the apply (the hook adopts it), or raise readyTimeoutSeconds.",
  );
}

async function findGroup(
  identity: DmsIdentity,
  queueId: string,
  ctx: DmsPlanContext,
  includeMessagesNum = false,
): Promise<DmsGroup | undefined> {
  const { groups } = await ctx.client.listGroups(queueId, { includeMessagesNum });
  return groups.find((g) => g.name === identity.name);
}
