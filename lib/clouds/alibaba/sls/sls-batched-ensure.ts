// The batched reconcile of SLS groups: one client per endpoint, project and credential set,
// one list per logstore, then per group: nothing (in sync), one PUT (other settings), or a
// create exactly as `ensure` makes it (when the list does not have it). A group with
// copyCheckpointsFrom also gets the copy rule of copy-checkpoints.ts, listed or created.

import type { SlsClient, SlsGroup } from "./client/sls-client";
import { targetOf } from "../../../contract/target";
import {
  credentialsSink,
  reconcileContainer,
  type Member,
  type Outcome,
  type Run,
} from "../../../runtime/reconcile-run";
import type { Session } from "../../../runtime/session";
import {
  describeChanges,
  ensureSlsGroup,
  slsAccess,
  slsClient,
  updateSlsSettings,
} from "./sls-operations";
import type { SlsPlanContext } from "./sls-plan-context";
import { copyIntoListedGroup } from "./sls-copy-checkpoints";
import type { SlsEnsurePayload } from "./sls-contract";

interface SlsLogstore {
  readonly client: SlsClient;
  readonly logstore: string;
  readonly members: Member<SlsEnsurePayload>[];
}

export async function reconcileSls(
  members: readonly Member<SlsEnsurePayload>[],
  session: Session,
  run: Run,
): Promise<void> {
  const logstores = new Map<string, SlsLogstore>();
  const clients = new Map<string, SlsClient>();
  for (const member of members) {
    try {
      const { identity } = member.payload;
      const { credentials, endpoint } = await slsAccess(
        member.payload,
        run.env,
        run.reporter,
        credentialsSink(member),
        run.environment,
      );
      const clientKey = JSON.stringify([endpoint, identity.project, credentials.describe]);
      let client = clients.get(clientKey);
      if (!client) {
        client = slsClient(endpoint, identity.project, credentials, session);
        clients.set(clientKey, client);
      }
      const key = JSON.stringify([clientKey, identity.logstore]);
      const logstore = logstores.get(key) ?? { client, logstore: identity.logstore, members: [] };
      logstore.members.push(member);
      logstores.set(key, logstore);
    } catch (e) {
      run.fail(member, e);
    }
  }
  await Promise.all([...logstores.values()].map((l) => reconcileLogstore(l, session, run)));
}

async function reconcileLogstore(
  { client, logstore, members }: SlsLogstore,
  session: Session,
  run: Run,
): Promise<void> {
  const { identity: first, transport } = members[0]!.payload;
  const { ordered, sourceOf } = copySourcesFirst(members);
  const finished = new Map<string, Promise<void>>();
  const done = new Map<string, () => void>();
  for (const member of ordered) {
    const name = member.payload.identity.name;
    finished.set(name, new Promise<void>((resolve) => done.set(name, resolve)));
  }
  await reconcileContainer({
    what: `sls ${transport.region}/${first.project}/${logstore}`,
    list: async () => (await client.listConsumerGroups(logstore)).groups,
    members: ordered,
    client,
    session,
    run,
    // One call policy per group, as one `ensure` run has: its own clock-skew correction.
    each: async (member, live) => {
      const name = member.payload.identity.name;
      try {
        // A copy whose source this run also declares waits for the source's create: both
        // declared in one apply converge in that apply. Sources come first in `ordered`, so
        // they hold their parallelism slots before any copy waits in one.
        const source = sourceOf.get(member);
        if (source) await finished.get(source.payload.identity.name);
        return await reconcileSlsGroup(member.payload, live, {
          client,
          call: session.callFor(client),
          reporter: run.reporter,
        });
      } finally {
        done.get(name)?.();
      }
    },
  });
}

/**
 * The members with every copy after the member it copies from (when this logstore's batch
 * declares it), and which member that is. A cycle of copies is left unordered: no wait.
 */
function copySourcesFirst<M extends Member<SlsEnsurePayload>>(
  members: readonly M[],
): { ordered: M[]; sourceOf: Map<M, M> } {
  const byName = new Map(members.map((m) => [m.payload.identity.name, m]));
  const sourceOf = new Map<M, M>();
  const ordered: M[] = [];
  const placed = new Set<M>();
  const visiting = new Set<M>();
  const place = (member: M): void => {
    if (placed.has(member) || visiting.has(member)) return;
    visiting.add(member);
    const from = member.payload.copyCheckpointsFrom;
    const source = from === undefined ? undefined : byName.get(from);
    if (source && !visiting.has(source)) {
      place(source);
      sourceOf.set(member, source);
    }
    visiting.delete(member);
    placed.add(member);
    ordered.push(member);
  };
  for (const member of members) place(member);
  return { ordered, sourceOf };
}

async function reconcileSlsGroup(
  payload: SlsEnsurePayload,
  live: SlsGroup | undefined,
  ctx: SlsPlanContext,
): Promise<Outcome> {
  if (!live) {
    // Not listed: create it exactly as `ensure` does (adopting it if it appeared meanwhile).
    await ensureSlsGroup(payload, ctx);
    return "changed";
  }
  const changed = describeChanges(live, payload.settings).length > 0;
  if (changed) await updateSlsSettings(payload, live, undefined, ctx);
  // A listed group may be one whose copy failed in an earlier run: fill what it lacks (the
  // copy's line then says what happened to the group's checkpoints).
  const copied = await copyIntoListedGroup(payload, ctx);
  if (!changed && copied === undefined) {
    ctx.reporter.info(
      `${targetOf(payload.identity, payload.transport.region)}: in sync, nothing to do`,
    );
  }
  return changed || (copied ?? 0) > 0 ? "changed" : "in sync";
}
