// Lists the live groups of every container (SLS logstore, DMS queue) the app declares groups
// in: one list call per container, with credentials, endpoint, retries and deadline exactly
// as the hook resolves them for the first group declared there.

import { ErrorKind, isCloudApiError } from "../clients/cloud-api-error";
import { dmsAccess, dmsClient, queueIdByName } from "../hook/dms";
import { isHookError } from "../hook/errors";
import { hintFor } from "../hook/hints";
import type { Reporter } from "../hook/report";
import { withSession } from "../hook/session";
import { slsAccess, slsClient } from "../hook/sls";
import { Service } from "../contract/names";
import type { DmsEnsurePayload, SlsEnsurePayload } from "../contract/payload";
import type { DeclaredGroup } from "./declared";
import { CheckError, type DeclaredRow, type LiveContainer } from "./model";

export interface LiveState {
  readonly declared: readonly DeclaredRow[];
  readonly containers: readonly LiveContainer[];
}

/** What one container (or DMS project) task found. */
interface Found {
  readonly declared: DeclaredRow[];
  readonly containers: LiveContainer[];
}

/**
 * The declared groups placed in their containers, and what each container lists. Containers
 * are read in parallel; every failure is reported, then the first leaves as a CheckError.
 */
export async function readLiveState(
  groups: readonly DeclaredGroup[],
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
): Promise<LiveState> {
  const sls = new Map<string, { payload: SlsEnsurePayload; stack: string }[]>();
  const dms = new Map<string, { payload: DmsEnsurePayload; stack: string }[]>();
  for (const { payload, stack } of groups) {
    if (payload.identity.service === Service.SLS) {
      const p = payload as SlsEnsurePayload;
      push(sls, slsWhere(p), { payload: p, stack });
    } else {
      const p = payload as DmsEnsurePayload;
      push(dms, `${p.transport.region}/${p.identity.projectId}`, { payload: p, stack });
    }
  }
  const tasks = [
    ...[...sls.values()].map((members) => readSlsContainer(members, env, reporter)),
    ...[...dms.values()].map((members) => readDmsProject(members, env, reporter)),
  ];
  const settled = await Promise.allSettled(tasks);
  const failures = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : []));
  if (failures.length > 0) {
    const messages = failures.map((e) => (e instanceof Error ? e.message : String(e)));
    throw new CheckError([...new Set(messages)].join("\n"));
  }
  const found = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  return {
    declared: found.flatMap((f) => f.declared),
    containers: found.flatMap((f) => f.containers),
  };
}

function slsWhere(p: SlsEnsurePayload): string {
  return `${p.transport.region}/${p.identity.project}/${p.identity.logstore}`;
}

async function readSlsContainer(
  members: readonly { payload: SlsEnsurePayload; stack: string }[],
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
): Promise<Found> {
  const first = members[0]!.payload;
  const where = slsWhere(first);
  const containerKey = `sls ${where}`;
  const declared: DeclaredRow[] = members.map(({ payload, stack }) => ({
    service: Service.SLS,
    containerKey,
    where,
    group: payload.identity.name,
    settings: payload.settings,
    stack,
  }));
  let credentialVariables: string | undefined;
  try {
    const container = await withSession(first.transport, reporter, async (session) => {
      const { credentials, endpoint } = slsAccess(first, env, reporter, (variables) => {
        credentialVariables = variables;
      });
      const client = slsClient(endpoint, first.identity.project, credentials, session);
      const call = session.callFor(client);
      try {
        const { groups } = await call(`list sls ${where}`, () =>
          client.listConsumerGroups(first.identity.logstore),
        );
        const live = groups.map((g) => ({
          name: g.name,
          settings: { timeout: g.timeout, order: g.order },
        }));
        return { service: Service.SLS, containerKey, where, found: true, groups: live };
      } catch (e) {
        if (!isCloudApiError(e) || e.kind !== ErrorKind.NOT_FOUND) throw e;
        return notFound(Service.SLS, containerKey, where, `${e.cloudCode}: ${e.cloudMessage}`);
      }
    });
    return { declared, containers: [container] };
  } catch (e) {
    throw failure(`sls ${where}`, e, credentialVariables);
  }
}

/**
 * The DMS groups of one project: one queue lookup when any queue is declared by name, then
 * one list per queue. Queues are keyed by id, so a queue declared by id in one construct and
 * by name in another is one container.
 */
async function readDmsProject(
  members: readonly { payload: DmsEnsurePayload; stack: string }[],
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
): Promise<Found> {
  const first = members[0]!.payload;
  const { projectId } = first.identity;
  const { region } = first.transport;
  let credentialVariables: string | undefined;
  let what = `dms ${region}/${projectId}`;
  try {
    return await withSession(first.transport, reporter, async (session) => {
      const { credentials, endpoint } = dmsAccess(first, env, reporter, (variables) => {
        credentialVariables = variables;
      });
      const client = dmsClient(endpoint, projectId, credentials, session);
      const call = session.callFor(client);

      // Queue names to ids, with one lookup for the whole project.
      const idOfName = new Map<string, string | undefined>();
      const names = [...new Set(members.map((m) => m.payload.identity.queueName).filter(Boolean))];
      if (names.length > 0) {
        const { queues } = await call(`list queues of project ${projectId}`, () =>
          client.listQueues(),
        );
        for (const name of names) idOfName.set(name, queueIdByName(name, queues));
      }

      // Declared groups by queue id (or by the name of a queue that does not exist).
      const byQueue = new Map<
        string,
        { queueId?: string; label: string; members: (typeof members)[number][] }
      >();
      for (const m of members) {
        const { queueId, queueName } = m.payload.identity;
        const id = queueId || idOfName.get(queueName);
        const key = id ? `id:${id}` : `name:${queueName}`;
        const entry = byQueue.get(key) ?? { queueId: id, label: queueName || queueId, members: [] };
        if (queueName) entry.label = queueName;
        entry.members.push(m);
        byQueue.set(key, entry);
      }

      const found: Found = { declared: [], containers: [] };
      for (const [key, entry] of byQueue) {
        const containerKey = `dms ${region}/${projectId}/${key}`;
        let container: LiveContainer;
        let where = `${region}/${projectId}/${entry.label}`;
        if (!entry.queueId) {
          container = notFound(
            Service.DMS,
            containerKey,
            where,
            `queue "${entry.label}" does not exist in project ${projectId}`,
          );
        } else {
          const queueId = entry.queueId;
          what = `dms ${where}`;
          try {
            const list = await call(`list dms ${where}`, () => client.listGroups(queueId));
            if (list.queueName) where = `${region}/${projectId}/${list.queueName}`;
            container = {
              service: Service.DMS,
              containerKey,
              where,
              found: true,
              groups: list.groups.map((g) => ({ name: g.name, settings: {} })),
            };
          } catch (e) {
            if (!isCloudApiError(e) || e.kind !== ErrorKind.NOT_FOUND) throw e;
            container = notFound(
              Service.DMS,
              containerKey,
              where,
              `${e.cloudCode}: ${e.cloudMessage}`,
            );
          }
        }
        found.containers.push(container);
        for (const { payload, stack } of entry.members) {
          found.declared.push({
            service: Service.DMS,
            containerKey,
            where: container.where,
            group: payload.identity.name,
            settings: {},
            stack,
          });
        }
      }
      return found;
    });
  } catch (e) {
    throw failure(what, e, credentialVariables);
  }
}

function notFound(
  service: Service,
  containerKey: string,
  where: string,
  why: string,
): LiveContainer {
  return {
    service,
    containerKey,
    where,
    found: false,
    groups: [],
    note: `${service} ${where} does not exist (${why}): its groups are missing, and a deploy fails until it is created`,
  };
}

/** The hook's wording for a failed call, as a CheckError. */
function failure(what: string, e: unknown, credentialVariables: string | undefined): CheckError {
  const prefix = `listing ${what} failed`;
  if (e instanceof CheckError) return e;
  if (isCloudApiError(e)) {
    const status = e.status === 0 ? "no answer" : String(e.status);
    const request = e.requestId ? ` (request ${e.requestId})` : "";
    const hint = hintFor(e, credentialVariables).replace(
      "re-run the apply (the hook is idempotent), or raise deadlineSeconds",
      "run the check again, or raise deadlineSeconds on the construct",
    );
    return new CheckError(
      `${prefix}: ${status} ${e.cloudCode}: ${e.cloudMessage}${request}. ${hint}`,
    );
  }
  if (isHookError(e)) {
    const hint = (e.hint ?? "").replace(
      "in the environment of the terraform run (cdktf deploy passes its environment on)",
      "in the environment of this command (and of the terraform run)",
    );
    return new CheckError(`${prefix}: ${e.code}: ${e.message}.${hint ? ` ${hint}` : ""}`);
  }
  return new CheckError(`${prefix}: ${e instanceof Error ? e.message : String(e)}`);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
