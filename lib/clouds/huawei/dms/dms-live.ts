// `check` for DMS: the live groups of one project's queues, with the declared rows.

import { DMS } from "./dms-contract";
import { ErrorKind, isCloudApiError } from "../../../clients/cloud-api-error";
import {
  CHECK_ENVIRONMENT,
  LiveReadError,
  type LiveContainer,
  type LiveReadOptions,
} from "../../../runtime/live-model";
import type { Reporter } from "../../../runtime/report";
import { withSession } from "../../../runtime/session";
import { notFound } from "../../../runtime/live-container";
import type { DeclaredMember, LiveFindings } from "../../../runtime/cloud-service";
import { dmsAccess, dmsClient } from "./dms-operations";
import { queueIdByName } from "./dms-queues";
import type { DmsEnsurePayload } from "./dms-contract";

/**
 * The DMS groups of one project: one queue lookup when any queue is declared by name, then
 * one list per queue (with its message counters, for the activity column). Queues are keyed by id, so a queue declared by id in one construct and
 * by name in another is one container.
 */
export async function readDmsLive(
  members: readonly DeclaredMember<DmsEnsurePayload>[],
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  options: LiveReadOptions = {},
): Promise<LiveFindings> {
  const first = members[0]!.payload;
  const { projectId } = first.identity;
  const { region } = first.transport;
  let credentialVariables: string | undefined;
  let what = `dms ${region}/${projectId}`;
  try {
    return await withSession(first.transport, reporter, async (session) => {
      const { credentials, endpoint } = await dmsAccess(
        first,
        env,
        reporter,
        (variables) => {
          credentialVariables = variables;
        },
        CHECK_ENVIRONMENT,
      );
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

      const found: LiveFindings = { declared: [], containers: [] };
      for (const [key, entry] of byQueue) {
        const containerKey = `dms ${region}/${projectId}/${key}`;
        let container: LiveContainer;
        let where = `${region}/${projectId}/${entry.label}`;
        if (!entry.queueId) {
          container = notFound(
            DMS,
            containerKey,
            where,
            `queue "${entry.label}" does not exist in project ${projectId}`,
          );
        } else {
          const queueId = entry.queueId;
          what = `dms ${where}`;
          try {
            // The activity column: the messages waiting, counted by the same list call.
            const activity = options.activity !== false;
            const list = await call(`list dms ${where}`, () =>
              client.listGroups(queueId, { includeMessagesNum: activity }),
            );
            if (list.queueName) where = `${region}/${projectId}/${list.queueName}`;
            container = {
              service: DMS,
              containerKey,
              where,
              found: true,
              groups: list.groups.map((g) => ({
                name: g.name,
                ...(g.id ? { id: g.id } : {}),
                settings: {},
                ...(activity
                  ? { activity: { availableMessages: g.availableMessages ?? null } }
                  : {}),
              })),
            };
          } catch (e) {
            if (!isCloudApiError(e) || e.kind !== ErrorKind.NOT_FOUND) throw e;
            container = notFound(DMS, containerKey, where, `${e.cloudCode}: ${e.cloudMessage}`);
          }
        }
        found.containers.push(container);
        for (const { payload, stack } of entry.members) {
          found.declared.push({
            service: DMS,
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
    throw new LiveReadError(what, e, credentialVariables);
  }
}
