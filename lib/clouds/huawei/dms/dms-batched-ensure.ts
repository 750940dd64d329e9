// The batched reconcile of DMS groups: one client per endpoint, project and credential set,
// one queue list for the queues declared by name, one group list per queue, then per group:
// nothing (listed) or a create exactly as `ensure` makes it (DMS groups have no settings).

import type { DmsClient } from "./client/dms-client";
import { targetOf } from "../../../contract/target";
import { type AppDeclarations } from "../../../contract/app-declarations";
import { readAppDeclarations } from "../../../runtime/app-declarations-file";
import {
  credentialsSink,
  push,
  reconcileContainer,
  type Member,
  type Run,
} from "../../../runtime/reconcile-run";
import type { Session } from "../../../runtime/session";
import { createDmsGroup, dmsAccess, dmsClient, queueNotFound } from "./dms-operations";
import { dmsPlanContext } from "./dms-plan-context";
import { queueIdByName } from "./dms-queues";
import type { DmsEnsurePayload } from "./dms-contract";
import { mixesQueueSpellings, checkDeclaredOnce } from "./dms-app-declarations";

interface DmsProject {
  readonly client: DmsClient;
  readonly projectId: string;
  /** Declared by queue id, by that id. */
  readonly byQueueId: Map<string, Member<DmsEnsurePayload>[]>;
  /** Declared by queue name: resolved with one queue list. */
  readonly byQueueName: Member<DmsEnsurePayload>[];
}

export async function reconcileDms(
  members: readonly Member<DmsEnsurePayload>[],
  session: Session,
  run: Run,
): Promise<void> {
  const projects = new Map<string, DmsProject>();
  for (const member of members) {
    try {
      const { identity } = member.payload;
      const { credentials, endpoint } = await dmsAccess(
        member.payload,
        run.env,
        run.reporter,
        credentialsSink(member),
        run.environment,
      );
      const key = JSON.stringify([endpoint, identity.projectId, credentials.describe]);
      let project = projects.get(key);
      if (!project) {
        const client = dmsClient(endpoint, identity.projectId, credentials, session);
        project = { client, projectId: identity.projectId, byQueueId: new Map(), byQueueName: [] };
        projects.set(key, project);
      }
      if (identity.queueId) push(project.byQueueId, identity.queueId, member);
      else project.byQueueName.push(member);
    } catch (e) {
      run.fail(member, e);
    }
  }
  await Promise.all([...projects.values()].map((p) => reconcileDmsProject(p, session, run)));
}
async function reconcileDmsProject(project: DmsProject, session: Session, run: Run): Promise<void> {
  const { client, projectId, byQueueId, byQueueName } = project;
  // When the app names queues of this project both by id and by name, two declarations may be
  // one group: the queue list (made anyway for the queues declared by name) tells.
  const read = readAppDeclarations();
  const declarations = read && mixesQueueSpellings(read, projectId) ? read : undefined;
  const queueNames = new Map<string, string>();
  if (byQueueName.length > 0 || declarations) {
    try {
      const call = session.callFor(client);
      const { queues } = await run.limit(() =>
        call(`list queues of project ${projectId}`, () => client.listQueues()),
      );
      for (const q of queues) queueNames.set(q.id, q.name);
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
      if (declarations) {
        for (const members of byQueueId.values()) for (const m of members) run.fail(m, e);
        return;
      }
    }
  }
  await Promise.all(
    [...byQueueId].map(([queueId, members]) => {
      const declaredOnce = declarations
        ? members.filter((m) => declaredOnceOrFail(m, queueId, queueNames, declarations, run))
        : members;
      return declaredOnce.length === 0
        ? Promise.resolve()
        : reconcileQueue(client, queueId, declaredOnce, session, run);
    }),
  );
}

/** False (and the member failed) when the app declares its group twice or its queue over quota. */
function declaredOnceOrFail(
  member: Member<DmsEnsurePayload>,
  queueId: string,
  queueNames: ReadonlyMap<string, string>,
  declarations: AppDeclarations,
  run: Run,
): boolean {
  try {
    const name = queueNames.get(queueId) ?? "";
    checkDeclaredOnce(member.payload.identity, { id: queueId, name }, declarations, "create");
    return true;
  } catch (e) {
    run.fail(member, e);
    return false;
  }
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
