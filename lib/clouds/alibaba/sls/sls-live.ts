// `check` for SLS: the live groups of one logstore (one list, then one GetCheckPoint per listed
// group for the activity column), with the declared rows.

import { SLS } from "./sls-contract";
import { ErrorKind, isCloudApiError } from "../../../clients/cloud-api-error";
import {
  CHECK_ENVIRONMENT,
  LiveReadError,
  type DeclaredRow,
  type LiveReadOptions,
} from "../../../runtime/live-model";
import type { Reporter } from "../../../runtime/report";
import { withSession } from "../../../runtime/session";
import { notFound } from "../../../runtime/live-container";
import type { DeclaredMember, LiveFindings } from "../../../runtime/cloud-service";
import { readSlsActivity } from "./sls-activity";
import { slsAccess, slsClient } from "./sls-operations";
import type { SlsEnsurePayload } from "./sls-contract";

/** Where an SLS group is reached, as `check` shows it: region/project/logstore. */
export function slsWhere(p: SlsEnsurePayload): string {
  return `${p.transport.region}/${p.identity.project}/${p.identity.logstore}`;
}

export async function readSlsLive(
  members: readonly DeclaredMember<SlsEnsurePayload>[],
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  options: LiveReadOptions = {},
): Promise<LiveFindings> {
  const first = members[0]!.payload;
  const where = slsWhere(first);
  const containerKey = `sls ${where}`;
  const declared: DeclaredRow[] = members.map(({ payload, stack }) => ({
    service: SLS,
    containerKey,
    where,
    group: payload.identity.name,
    settings: payload.settings,
    stack,
  }));
  let credentialVariables: string | undefined;
  try {
    const container = await withSession(first.transport, reporter, async (session) => {
      const { credentials, endpoint } = await slsAccess(
        first,
        env,
        reporter,
        (variables) => {
          credentialVariables = variables;
        },
        CHECK_ENVIRONMENT,
      );
      const client = slsClient(endpoint, first.identity.project, credentials, session);
      const call = session.callFor(client);
      try {
        const { groups } = await call(`list sls ${where}`, () =>
          client.listConsumerGroups(first.identity.logstore),
        );
        const activity =
          options.activity === false
            ? undefined
            : await readSlsActivity({
                client,
                call,
                logstore: first.identity.logstore,
                where,
                names: groups.map((g) => g.name),
                credentialVariables,
              });
        const live = groups.map((g) => {
          const read = activity?.get(g.name);
          return {
            name: g.name,
            settings: { timeout: g.timeout, order: g.order },
            ...(read ? { activity: read } : {}),
          };
        });
        return { service: SLS, containerKey, where, found: true, groups: live };
      } catch (e) {
        if (!isCloudApiError(e) || e.kind !== ErrorKind.NOT_FOUND) throw e;
        return notFound(SLS, containerKey, where, `${e.cloudCode}: ${e.cloudMessage}`);
      }
    });
    return { declared, containers: [container] };
  } catch (e) {
    throw new LiveReadError(`sls ${where}`, e, credentialVariables);
  }
}
