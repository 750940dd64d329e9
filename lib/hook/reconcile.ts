// The `reconcile` command: every declared group of a stack (SLS and DMS mixed) brought to its
// declared state in one hook run, with as few calls as the per-group `ensure` safety allows.
//
// | step                                   | calls                                    |
// |----------------------------------------|------------------------------------------|
// | per transport                          | one session (one connection pool)        |
// | per (service, endpoint, project, keys) | one client                               |
// | per DMS client with queues by name     | GET queues (once)                        |
// | per logstore / queue                   | one list                                 |
// | group listed, same settings            | none ("in sync, nothing to do")          |
// | SLS group listed, other settings       | PUT (one update)                         |
// | group not listed                       | create as `ensure` does (createOnce:     |
// |                                        | lost-answer safe, adopts on "exists";    |
// |                                        | DMS then polls until listed)             |
//
// Nothing is ever deleted here. The per-group work runs at most PARALLELISM at a time across
// the whole stack; every call goes through its session's call policy (retries, deadline,
// clock-skew correction). One group's failure does not stop the others: each is reported
// through onFailure as `ensure` reports it, and the run fails when any did.

import type { DmsClient } from "../clients/dms/client";
import type { SlsClient, SlsGroup } from "../clients/sls/client";
import type { EnsurePayload } from "../contract/reconcile";
import type { DmsEnsurePayload, SlsEnsurePayload, Transport } from "../contract/payload";
import { Service } from "../contract/names";
import { targetOf } from "../contract/target";
import {
  createDmsGroup,
  dmsAccess,
  dmsClient,
  dmsPlanContext,
  queueIdByName,
  queueNotFound,
} from "./dms";
import type { FailureContext } from "./main";
import type { SkewCorrectable } from "./call-policy";
import type { Reporter } from "./report";
import { withSession, type Session } from "./session";
import { describeChanges, ensureSlsGroup, slsAccess, slsClient, updateSlsSettings } from "./sls";

/** How many groups (or list calls) are in flight at once, across the whole stack. */
export const RECONCILE_PARALLELISM = 8;

/** Told once for each group that could not be brought to its declared state. */
export type FailureSink = (payload: EnsurePayload, error: unknown, context: FailureContext) => void;

export interface ReconcileSummary {
  readonly groups: number;
  /** Created, adopted or updated. */
  readonly changed: number;
  readonly inSync: number;
  readonly failed: number;
}

export interface ReconcileOptions {
  /** @default RECONCILE_PARALLELISM */
  readonly parallelism?: number;
}

type Outcome = "changed" | "in sync";

/** One declared group on its way through the run. */
interface Member<P extends EnsurePayload = EnsurePayload> {
  readonly payload: P;
  readonly context: FailureContext;
  done: boolean;
}

interface Run {
  readonly env: NodeJS.ProcessEnv;
  readonly reporter: Reporter;
  readonly limit: Limiter;
  fail(member: Member, error: unknown): void;
  succeed(member: Member, outcome: Outcome): void;
}

/** Brings every group to its declared state; failures go to onFailure as they happen. */
export async function reconcileGroups(
  payloads: readonly EnsurePayload[],
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  onFailure: FailureSink,
  options: ReconcileOptions = {},
): Promise<ReconcileSummary> {
  const counts = { changed: 0, inSync: 0, failed: 0 };
  const run: Run = {
    env,
    reporter,
    limit: createLimiter(options.parallelism ?? RECONCILE_PARALLELISM),
    fail: (member, error) => {
      if (member.done) return;
      member.done = true;
      counts.failed++;
      onFailure(member.payload, error, member.context);
    },
    succeed: (member, outcome) => {
      if (member.done) return;
      member.done = true;
      if (outcome === "in sync") counts.inSync++;
      else counts.changed++;
    },
  };
  const byTransport = groupByTransport(payloads);
  await Promise.all(
    [...byTransport.values()].map(async ({ transport, payloads: ofTransport }) => {
      const members: Member[] = ofTransport.map((payload) => ({
        payload,
        context: {},
        done: false,
      }));
      try {
        await withSession(transport, reporter, (session) =>
          reconcileInSession(session, members, run),
        );
      } catch (e) {
        // The session could not start (an unreadable CA file), or something unforeseen broke.
        for (const member of members) run.fail(member, e);
      }
      const stray = new Error("the group was not reconciled (internal error); re-run the apply");
      for (const member of members) run.fail(member, stray);
    }),
  );
  return { groups: payloads.length, ...counts };
}

/** The payloads by transport (each transport gets one session), in order of appearance. */
export function groupByTransport<P extends { readonly transport: Transport }>(
  payloads: readonly P[],
): Map<string, { transport: Transport; payloads: P[] }> {
  const byTransport = new Map<string, { transport: Transport; payloads: P[] }>();
  for (const payload of payloads) {
    const key = JSON.stringify(payload.transport);
    const entry = byTransport.get(key) ?? { transport: payload.transport, payloads: [] };
    entry.payloads.push(payload);
    byTransport.set(key, entry);
  }
  return byTransport;
}

interface SlsLogstore {
  readonly client: SlsClient;
  readonly logstore: string;
  readonly members: Member<SlsEnsurePayload>[];
}

interface DmsProject {
  readonly client: DmsClient;
  readonly projectId: string;
  /** Declared by queue id, by that id. */
  readonly byQueueId: Map<string, Member<DmsEnsurePayload>[]>;
  /** Declared by queue name: resolved with one queue list. */
  readonly byQueueName: Member<DmsEnsurePayload>[];
}

async function reconcileInSession(session: Session, members: Member[], run: Run): Promise<void> {
  const logstores = new Map<string, SlsLogstore>();
  const projects = new Map<string, DmsProject>();
  const slsClients = new Map<string, SlsClient>();
  for (const member of members) {
    const onCredentials = (variables: string) => {
      member.context.credentialVariables = variables;
    };
    try {
      if (isSls(member)) {
        const { identity } = member.payload;
        const { credentials, endpoint } = slsAccess(
          member.payload,
          run.env,
          run.reporter,
          onCredentials,
        );
        const clientKey = JSON.stringify([endpoint, identity.project, credentials.source]);
        let client = slsClients.get(clientKey);
        if (!client) {
          client = slsClient(endpoint, identity.project, credentials, session);
          slsClients.set(clientKey, client);
        }
        const key = JSON.stringify([clientKey, identity.logstore]);
        const logstore = logstores.get(key) ?? { client, logstore: identity.logstore, members: [] };
        logstore.members.push(member);
        logstores.set(key, logstore);
      } else {
        const dms = member as Member<DmsEnsurePayload>;
        const { identity } = dms.payload;
        const { credentials, endpoint } = dmsAccess(
          dms.payload,
          run.env,
          run.reporter,
          onCredentials,
        );
        const key = JSON.stringify([endpoint, identity.projectId, credentials.source]);
        let project = projects.get(key);
        if (!project) {
          const client = dmsClient(endpoint, identity.projectId, credentials, session);
          project = {
            client,
            projectId: identity.projectId,
            byQueueId: new Map(),
            byQueueName: [],
          };
          projects.set(key, project);
        }
        if (identity.queueId) push(project.byQueueId, identity.queueId, dms);
        else project.byQueueName.push(dms);
      }
    } catch (e) {
      run.fail(member, e);
    }
  }
  await Promise.all([
    ...[...logstores.values()].map((logstore) => reconcileLogstore(logstore, session, run)),
    ...[...projects.values()].map((project) => reconcileDmsProject(project, session, run)),
  ]);
}

async function reconcileLogstore(
  { client, logstore, members }: SlsLogstore,
  session: Session,
  run: Run,
): Promise<void> {
  const { identity: first, transport } = members[0]!.payload;
  await reconcileContainer({
    what: `sls ${transport.region}/${first.project}/${logstore}`,
    list: async () => (await client.listConsumerGroups(logstore)).groups,
    members,
    client,
    session,
    run,
    // One call policy per group, as one `ensure` run has: its own clock-skew correction.
    each: (member, live) =>
      reconcileSlsGroup(member.payload, live, {
        client,
        call: session.callFor(client),
        reporter: run.reporter,
      }),
  });
}

async function reconcileSlsGroup(
  payload: SlsEnsurePayload,
  live: SlsGroup | undefined,
  ctx: Parameters<typeof ensureSlsGroup>[1],
): Promise<Outcome> {
  if (!live) {
    // Not listed: create it exactly as `ensure` does (adopting it if it appeared meanwhile).
    await ensureSlsGroup(payload, ctx);
    return "changed";
  }
  if (describeChanges(live, payload.settings).length === 0) {
    ctx.reporter.info(
      `${targetOf(payload.identity, payload.transport.region)}: in sync, nothing to do`,
    );
    return "in sync";
  }
  await updateSlsSettings(payload, live, undefined, ctx);
  return "changed";
}

async function reconcileDmsProject(project: DmsProject, session: Session, run: Run): Promise<void> {
  const { client, projectId, byQueueId, byQueueName } = project;
  if (byQueueName.length > 0) {
    try {
      const call = session.callFor(client);
      const { queues } = await run.limit(() =>
        call(`list queues of project ${projectId}`, () => client.listQueues()),
      );
      for (const member of byQueueName) {
        try {
          const queueId = queueIdByName(member.payload.identity.queueName, queues);
          if (!queueId) throw queueNotFound(member.payload.identity);
          push(byQueueId, queueId, member);
        } catch (e) {
          run.fail(member, e);
        }
      }
    } catch (e) {
      for (const member of byQueueName) run.fail(member, e);
    }
  }
  await Promise.all(
    [...byQueueId].map(([queueId, members]) =>
      reconcileQueue(client, queueId, members, session, run),
    ),
  );
}

async function reconcileQueue(
  client: DmsClient,
  queueId: string,
  members: Member<DmsEnsurePayload>[],
  session: Session,
  run: Run,
): Promise<void> {
  const { identity: first, transport } = members[0]!.payload;
  await reconcileContainer({
    what: `dms ${transport.region}/${first.projectId}/${first.queueName || queueId}`,
    list: async () => (await client.listGroups(queueId)).groups,
    members,
    client,
    session,
    run,
    each: async ({ payload }, group) => {
      if (group) {
        run.reporter.info(
          `${targetOf(payload.identity, payload.transport.region)}: in sync, nothing to do (id ${group.id})`,
        );
        return "in sync";
      }
      // Not listed: create it exactly as `ensure` does, then wait until it is listed.
      const ctx = dmsPlanContext(client, session.callFor(client), session);
      await createDmsGroup(payload, queueId, ctx);
      return "changed";
    },
  });
}

/**
 * One logstore or queue: one list call, then each member against what is listed, bounded in
 * parallel. A failed list fails every member of the container.
 */
async function reconcileContainer<P extends EnsurePayload, G extends { name: string }>(args: {
  readonly what: string;
  readonly list: () => Promise<G[]>;
  readonly members: Member<P>[];
  readonly client: SkewCorrectable;
  readonly session: Session;
  readonly run: Run;
  readonly each: (member: Member<P>, live: G | undefined) => Promise<Outcome>;
}): Promise<void> {
  const { what, list, members, client, session, run, each } = args;
  let live: Map<string, G>;
  try {
    const call = session.callFor(client);
    const groups = await run.limit(() => call(`list ${what}`, list));
    live = new Map(groups.map((g) => [g.name, g]));
  } catch (e) {
    for (const member of members) run.fail(member, e);
    return;
  }
  await Promise.all(
    members.map((member) =>
      run.limit(() =>
        settle(member, run, () => each(member, live.get(member.payload.identity.name))),
      ),
    ),
  );
}

async function settle(member: Member, run: Run, work: () => Promise<Outcome>): Promise<void> {
  try {
    run.succeed(member, await work());
  } catch (e) {
    run.fail(member, e);
  }
}

function isSls(member: Member): member is Member<SlsEnsurePayload> {
  return member.payload.identity.service === Service.SLS;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs at most `max` tasks at once; the others wait their turn, first come first served. */
export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new Error(`parallelism ${max} must be >= 1`);
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < max) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiting task, or free it.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
