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

import type { CloudService } from "../runtime/cloud-service";
import type { FailureContext } from "../runtime/failure";
import { createLimiter, type Member, type Run } from "../runtime/reconcile-run";
import type { Reporter } from "../runtime/report";
import { withSession } from "../runtime/session";
import type { EnsurePayload } from "../contract/payload-types";
import type { Transport } from "../contract/transport";

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
  /**
   * Where `env` comes from, as messages name it (`repair` runs outside terraform).
   * @default - the environment of the terraform run
   */
  readonly environment?: string;
}

/** Brings every group to its declared state; failures go to onFailure as they happen. */
export async function reconcileGroups(
  payloads: readonly EnsurePayload[],
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  clouds: readonly CloudService[],
  onFailure: FailureSink,
  options: ReconcileOptions = {},
): Promise<ReconcileSummary> {
  const counts = { changed: 0, inSync: 0, failed: 0 };
  const run: Run = {
    env,
    ...(options.environment === undefined ? {} : { environment: options.environment }),
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
          // Each cloud groups its members into containers and reconciles them.
          Promise.all(
            clouds.map((service) =>
              service.reconcile(
                members.filter((m) => m.payload.identity.service === service.service),
                session,
                run,
              ),
            ),
          ),
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
