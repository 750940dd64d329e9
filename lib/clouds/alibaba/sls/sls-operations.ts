// What the hook does for an SLS consumer group: ensure and delete.
//
// | case                                   | calls                          | outcome                         |
// |----------------------------------------|--------------------------------|---------------------------------|
// | ensure, group absent                   | POST                           | created                         |
// | ensure, group exists (settings changed,| POST (400 exists), PUT         | adopted, declared settings set  |
// |   or adopted, or already in sync)      |                                |                                 |
// | ensure, POST answer lost (net/5xx)     | POST, GET list, [POST or PUT]  | created once, never duplicated  |
// | delete, group present, protection OFF  | DELETE                         | deleted                         |
// | delete, WHEN_IN_USE, idle              | GET checkpoints, DELETE        | deleted                         |
// | delete, WHEN_IN_USE, a recent commit   | GET checkpoints                | refused (HOOK_DELETE_PROTECTED) |
// | delete, ALWAYS                         | GET checkpoints                | refused (HOOK_DELETE_PROTECTED) |
// | delete, group/logstore/project missing | [GET checkpoints,] DELETE (404)| already gone = success          |
// | delete, removalPolicy RETAIN           | none                           | kept                            |
// With copyCheckpointsFrom, ensure also reads and copies checkpoints: copy-checkpoints.ts.
//
// An existing group gets the declared settings without reading them first: a create hook
// cannot tell a settings change from a new group, POST keeps a new group at one call, and a
// read before the write would make every settings change three. The PUT is idempotent; the
// plan shows the old and new values of a declared change, and `check` shows drift.

import { ErrorKind, isCloudApiError } from "../../../clients/cloud-api-error";
import { SlsClient, type SlsGroup } from "./client/sls-client";
import type { SlsCheckpoint } from "./client/sls-checkpoints";
import { HookCommand } from "../../../contract/names";
import { LOST_ANSWER_PRESENT, createOnce } from "../../../runtime/create-once";
import { slsCredentialChain, type SlsKeyAccess } from "./sls-credentials";
import { TERRAFORM_RUN_ENVIRONMENT } from "../../../runtime/errors";
import { resolveEndpoint } from "../../../runtime/endpoint";
import { HookError, HookErrorCode } from "../../../runtime/errors";
import { decideDelete, needsInUseCheck, type GuardAccess } from "../../../runtime/deletion-guard";
import { slsActivityWithin, slsEvidence } from "./sls-in-use";
import type { Reporter } from "../../../runtime/report";
import type { Session } from "../../../runtime/session";
import type { ServiceAccess } from "../../../runtime/cloud-service";
import { targetOf } from "../../../contract/target";
import { copySourceCheckpoints, readCopySource } from "./sls-copy-checkpoints";
import type { SlsPlanContext } from "./sls-plan-context";
import type {
  SlsDeletePayload,
  SlsEnsurePayload,
  SlsIdentity,
  SlsPayload,
  SlsSettings,
} from "./sls-contract";

/** Resolves credentials and endpoint, then runs the payload's command. */
export async function runSlsPayload(payload: SlsPayload, access: ServiceAccess): Promise<void> {
  const { session } = access;
  const { reporter } = session;
  const { credentials, endpoint } = await slsAccess(
    payload,
    access.env,
    reporter,
    access.onCredentials,
  );
  const client = slsClient(endpoint, payload.identity.project, credentials, session);
  const ctx = { client, call: session.callFor(client), reporter };
  if (payload.command === HookCommand.ENSURE && access.beforeSourceDelete) {
    await completeCopyBeforeSourceDelete(payload, ctx);
  } else if (payload.command === HookCommand.ENSURE) await ensureSlsGroup(payload, ctx);
  else await deleteSlsGroup(payload, ctx, { env: access.env, now: () => session.clock.now() });
}

/**
 * The payload's credentials (the first source of the default chain that is set up; its secrets
 * registered with the reporter, its description told to onCredentials) and the endpoint of its
 * group's region.
 */
export async function slsAccess(
  payload: SlsPayload,
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  onCredentials: (variables: string) => void,
  where: string = TERRAFORM_RUN_ENVIRONMENT,
): Promise<{ credentials: SlsKeyAccess; endpoint: string }> {
  const credentials = await slsCredentialChain(payload.credentials, env, where, (secret) =>
    reporter.addSecret(secret),
  );
  onCredentials(credentials.describe);
  const endpoint = resolveEndpoint(payload.transport);
  return { credentials, endpoint };
}

/** A client for one project over the session's connection pool and clock. */
export function slsClient(
  endpoint: string,
  project: string,
  credentials: SlsKeyAccess,
  session: Session,
): SlsClient {
  return new SlsClient({
    endpoint,
    project,
    credentials: credentials.current,
    dispatcher: session.dispatcher,
    now: () => session.clock.now(),
  });
}

/**
 * Before a prune deletes the group `payload` copies from: creates the copy as `ensure` does
 * when it does not exist, fills the shards it lacks when it does, and says nothing (after two
 * reads) when it already holds the source's checkpoint on every shard the source has one.
 */
async function completeCopyBeforeSourceDelete(
  payload: SlsEnsurePayload,
  ctx: SlsPlanContext,
): Promise<void> {
  const { identity } = payload;
  const target = targetOf(identity, payload.transport.region);
  let own: SlsCheckpoint[];
  try {
    own = await ctx.call(`read checkpoints of ${target}`, () =>
      ctx.client.getCheckPoint(identity.logstore, identity.name),
    );
  } catch (e) {
    if (!isCloudApiError(e) || e.cloudCode !== "ConsumerGroupNotExist") throw e;
    await ensureSlsGroup(payload, ctx);
    return;
  }
  const source = await readCopySource(payload, ctx);
  if (source.kind !== "read") return;
  const held = new Set(own.filter((c) => c.checkpoint !== "").map((c) => c.shard));
  if (source.checkpoints.every((c) => c.checkpoint === "" || held.has(c.shard))) return;
  await copySourceCheckpoints(payload, source, false, ctx);
}

export async function ensureSlsGroup(
  payload: SlsEnsurePayload,
  ctx: SlsPlanContext,
): Promise<void> {
  const target = targetOf(payload.identity, payload.transport.region);
  // Before the create: a missing copy source must not leave a group without its place.
  const source = await readCopySource(payload, ctx);
  const created = await createAndSetSettings(payload, target, ctx);
  await copySourceCheckpoints(payload, source, created, ctx);
}

/** The create-or-adopt of `ensure`; true when this run's create answered (a new group). */
async function createAndSetSettings(
  payload: SlsEnsurePayload,
  target: string,
  ctx: SlsPlanContext,
): Promise<boolean> {
  const { identity, settings } = payload;
  const created = await createOnce(
    ctx.call,
    `create ${target}`,
    () => ctx.client.createConsumerGroup(identity.logstore, { name: identity.name, ...settings }),
    () => listGroup(identity, ctx),
  );
  if (created.kind === "created") {
    ctx.reporter.info(`${target}: created (request ${created.requestId})`);
    return true;
  }
  if (created.kind === "listed") {
    // After a lost answer the lookup already read the group: update only what differs.
    if (describeChanges(created.group, settings).length === 0) {
      ctx.reporter.info(`${target}: ${LOST_ANSWER_PRESENT}, settings already match`);
    } else {
      await updateSlsSettings(payload, created.group, LOST_ANSWER_PRESENT, ctx);
    }
    return false;
  }
  // After a lost answer, the group may be this run's own create or one that was there before.
  // Otherwise it existed: an adoption or a settings change, which the hook cannot tell apart
  // without a read it does not need, so the line says what it did, not why.
  await setSlsSettings(payload, created.afterLostAnswer ? LOST_ANSWER_PRESENT : undefined, ctx);
  return false;
}

/**
 * Updates a present group's settings to the declared ones (one call) and logs what changed
 * (`settings updated: timeout 300 -> 600`), after `how` the group was found, if that needs
 * saying. Call only when describeChanges(live, …) is not empty.
 */
export async function updateSlsSettings(
  payload: SlsEnsurePayload,
  live: SlsGroup,
  how: string | undefined,
  ctx: SlsPlanContext,
): Promise<void> {
  const { identity, settings } = payload;
  const target = targetOf(identity, payload.transport.region);
  const changes = describeChanges(live, settings);
  const res = await ctx.call(`update ${target}`, () =>
    ctx.client.updateConsumerGroup(identity.logstore, identity.name, settings),
  );
  ctx.reporter.info(
    `${target}: ${how ? `${how}; ` : ""}settings updated: ${changes.join(", ")} (request ${res.requestId})`,
  );
}

/** Sets the declared settings on a group the service said exists (one call), after `how`. */
async function setSlsSettings(
  payload: SlsEnsurePayload,
  how: string | undefined,
  ctx: SlsPlanContext,
) {
  const { identity, settings } = payload;
  const target = targetOf(identity, payload.transport.region);
  try {
    const res = await ctx.call(`update ${target}`, () =>
      ctx.client.updateConsumerGroup(identity.logstore, identity.name, settings),
    );
    ctx.reporter.info(
      `${target}: ${how ? `${how}; ` : ""}settings set to timeout ${settings.timeout}, order ${settings.order} (request ${res.requestId})`,
    );
  } catch (e) {
    if (!isCloudApiError(e) || e.kind !== ErrorKind.NOT_FOUND) throw e;
    throw new HookError(
      HookErrorCode.GROUP_VANISHED,
      `${target}: the service said the group exists, then did not find it to update (${e.cloudCode})`,
      "Something else is deleting it at the same time; re-run the apply.",
    );
  }
}

export async function deleteSlsGroup(
  payload: SlsDeletePayload,
  ctx: SlsPlanContext,
  guard: GuardAccess,
): Promise<void> {
  const { identity } = payload;
  const target = targetOf(identity, payload.transport.region);
  try {
    // Deletion protection: one GetCheckPoint (every shard) unless OFF; a 404 = already gone.
    let evidence;
    if (needsInUseCheck(payload)) {
      const rows = await ctx.call(`read checkpoints of ${target}`, () =>
        ctx.client.getCheckPoint(identity.logstore, identity.name),
      );
      const window = payload.inUseWindowSeconds;
      const activity = slsActivityWithin(rows, guard.now(), window);
      evidence = activity && slsEvidence(activity, window);
    }
    decideDelete(target, identity.name, payload, evidence, guard.env, ctx.reporter);
    const res = await ctx.call(`delete ${target}`, () =>
      ctx.client.deleteConsumerGroup(identity.logstore, identity.name),
    );
    ctx.reporter.info(`${target}: deleted (request ${res.requestId})`);
  } catch (e) {
    if (!isCloudApiError(e) || e.kind !== ErrorKind.NOT_FOUND) throw e;
    ctx.reporter.info(`${target}: already gone (${e.cloudCode}, request ${e.requestId ?? "n/a"})`);
  }
}

async function listGroup(
  identity: SlsIdentity,
  ctx: SlsPlanContext,
): Promise<SlsGroup | undefined> {
  const { groups } = await ctx.client.listConsumerGroups(identity.logstore);
  return groups.find((g) => g.name === identity.name);
}

/** The settings that differ, as "timeout 60 -> 300"; empty when the group is in sync. */
export function describeChanges(live: SlsGroup, wanted: SlsSettings): string[] {
  const changes: string[] = [];
  if (live.timeout !== wanted.timeout) changes.push(`timeout ${live.timeout} -> ${wanted.timeout}`);
  if (live.order !== wanted.order) changes.push(`order ${live.order} -> ${wanted.order}`);
  return changes;
}
