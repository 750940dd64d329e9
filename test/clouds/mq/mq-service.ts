// MQ, the hook side: credentials, ensure and delete, the batched reconcile of a topic, and the
// live listing for `check`, behind the one CloudService interface.
//
// | case                        | calls                    | outcome                         |
// |-----------------------------|--------------------------|---------------------------------|
// | ensure, group absent        | GET groups, POST         | created                         |
// | ensure, other maxInFlight   | GET groups, PUT          | updated in place                |
// | ensure, in sync             | GET groups               | nothing to do                   |
// | delete, group present       | GET groups, DELETE       | deleted                         |
// | delete, group or topic gone | GET groups (absent, 404) | already gone = success          |
// | delete, ALWAYS protected    | GET groups               | refused unless the override     |

import { ErrorKind, isCloudApiError } from "../../../lib/clients/cloud-api-error";
import { HookCommand } from "../../../lib/contract/names";
import { targetOf } from "../../../lib/contract/target";
import type {
  CloudService,
  DeclaredMember,
  LiveFindings,
  ServiceAccess,
} from "../../../lib/runtime/cloud-service";
import type { Call } from "../../../lib/runtime/call-policy";
import { readCredentialVariable } from "../../../lib/runtime/credential-variable";
import { decideDelete } from "../../../lib/runtime/deletion-guard";
import { resolveEndpoint } from "../../../lib/runtime/endpoint";
import { HookError, HookErrorCode, TERRAFORM_RUN_ENVIRONMENT } from "../../../lib/runtime/errors";
import { notFound } from "../../../lib/runtime/live-container";
import {
  CHECK_ENVIRONMENT,
  LiveReadError,
  type LiveContainer,
} from "../../../lib/runtime/live-model";
import {
  credentialsSink,
  push,
  reconcileContainer,
  type Member,
  type Outcome,
  type Run,
} from "../../../lib/runtime/reconcile-run";
import type { Reporter } from "../../../lib/runtime/report";
import { withSession, type Session } from "../../../lib/runtime/session";
import { MqClient, type MqGroup } from "./mq-client";
import { mqEndpoints } from "./mq-endpoints";
import {
  MQ,
  mqContract,
  type MqCredentialSource,
  type MqDeletePayload,
  type MqEnsureFields,
  type MqEnsurePayload,
  type MqIdentity,
  type MqPayload,
} from "./mq-contract";

/** The payload's token (the first source set in `env`, registered as a secret) and endpoint. */
function mqAccess(
  payload: MqPayload,
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  onCredentials: (variables: string) => void,
  where: string = TERRAFORM_RUN_ENVIRONMENT,
): { token: string; variable: string; endpoint: string } {
  for (const { token: variable } of payload.credentials) {
    const token = readCredentialVariable(env, variable, where);
    if (token === undefined) continue;
    reporter.addSecret(token);
    onCredentials(variable);
    return { token, variable, endpoint: resolveEndpoint(payload.transport) };
  }
  const names = payload.credentials.map((c) => c.token).join(", ");
  throw new HookError(
    HookErrorCode.MISSING_CREDENTIALS,
    `no MQ token: none of ${names} is set`,
    `Set one of ${names} to an MQ token in ${where}.`,
  );
}

function mqClient(endpoint: string, token: string, session: Session): MqClient {
  return new MqClient({ endpoint, token, dispatcher: session.dispatcher });
}

async function runMqPayload(payload: MqPayload, access: ServiceAccess): Promise<void> {
  const { session, env, onCredentials } = access;
  const { token, endpoint } = mqAccess(payload, env, session.reporter, onCredentials);
  const client = mqClient(endpoint, token, session);
  const call = session.callFor(client);
  if (payload.command === HookCommand.ENSURE) {
    const { namespace, topic, name } = payload.identity;
    const target = targetOf(payload.identity, payload.transport.region);
    const groups = await call(`list ${target}`, () => client.listGroups(namespace, topic));
    await ensureGroup(
      payload,
      groups.find((g) => g.name === name),
      client,
      call,
      session.reporter,
    );
  } else {
    await deleteGroup(payload, client, call, env, session.reporter);
  }
}

/** Brings one group to its declared settings, given what the topic's list showed of it. */
async function ensureGroup(
  payload: MqEnsurePayload,
  live: MqGroup | undefined,
  client: MqClient,
  call: Call,
  reporter: Reporter,
): Promise<Outcome> {
  const { namespace, topic, name } = payload.identity;
  const { maxInFlight } = payload.settings;
  const target = targetOf(payload.identity, payload.transport.region);
  if (!live) {
    try {
      const res = await call(`create ${target}`, () =>
        client.createGroup(namespace, topic, { name, maxInFlight }),
      );
      reporter.info(`${target}: created (id ${res.group.id}, request ${res.requestId})`);
      return "changed";
    } catch (e) {
      if (!isCloudApiError(e) || e.kind !== ErrorKind.ALREADY_EXISTS) throw e;
      // Created since the list (or by a create whose answer was lost): adopt it.
      const again = await call(`list ${target}`, () => client.listGroups(namespace, topic));
      live = again.find((g) => g.name === name);
      if (!live) throw e;
      reporter.info(`${target}: adopted (existed; id ${live.id})`);
    }
  }
  if (live.maxInFlight === maxInFlight) {
    reporter.info(`${target}: in sync, nothing to do (id ${live.id})`);
    return "in sync";
  }
  const res = await call(`update ${target}`, () =>
    client.updateGroup(namespace, topic, name, maxInFlight),
  );
  reporter.info(
    `${target}: updated maxInFlight ${live.maxInFlight} -> ${maxInFlight} (id ${live.id}, request ${res.requestId})`,
  );
  return "changed";
}

async function deleteGroup(
  payload: MqDeletePayload,
  client: MqClient,
  call: Call,
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
): Promise<void> {
  const { namespace, topic, name } = payload.identity;
  const target = targetOf(payload.identity, payload.transport.region);
  try {
    const groups = await call(`list ${target}`, () => client.listGroups(namespace, topic));
    const group = groups.find((g) => g.name === name);
    if (!group) {
      reporter.info(`${target}: already gone (not listed in the topic)`);
      return;
    }
    // MQ tells nothing about a group's consumers: only ALWAYS refuses.
    decideDelete(target, name, payload, undefined, env, reporter);
    const res = await call(`delete ${target}`, () => client.deleteGroup(namespace, topic, name));
    reporter.info(`${target}: deleted (id ${group.id}, request ${res.requestId})`);
  } catch (e) {
    if (!isCloudApiError(e) || e.kind !== ErrorKind.NOT_FOUND) throw e;
    reporter.info(`${target}: already gone (${e.cloudCode})`);
  }
}

/** One client per endpoint and token, one list per topic, then creates and updates. */
async function reconcileMq(
  members: readonly Member<MqEnsurePayload>[],
  session: Session,
  run: Run,
): Promise<void> {
  const topics = new Map<string, { client: MqClient; members: Member<MqEnsurePayload>[] }>();
  for (const member of members) {
    try {
      const { token, variable, endpoint } = mqAccess(
        member.payload,
        run.env,
        run.reporter,
        credentialsSink(member),
        run.environment,
      );
      const { namespace, topic } = member.payload.identity;
      const key = JSON.stringify([endpoint, variable, namespace, topic]);
      const entry = topics.get(key) ?? { client: mqClient(endpoint, token, session), members: [] };
      entry.members.push(member);
      topics.set(key, entry);
    } catch (e) {
      run.fail(member, e);
    }
  }
  await Promise.all(
    [...topics.values()].map(({ client, members: inTopic }) => {
      const { identity, transport } = inTopic[0]!.payload;
      const call = session.callFor(client);
      return reconcileContainer({
        what: `mq ${transport.region}/${identity.namespace}/${identity.topic}`,
        list: () => client.listGroups(identity.namespace, identity.topic),
        members: inTopic,
        client,
        session,
        run,
        each: (member, live) => ensureGroup(member.payload, live, client, call, run.reporter),
      });
    }),
  );
}

/** `check`: one list per topic of the declared groups (one endpoint and namespace). */
async function readMqLive(
  members: readonly DeclaredMember<MqEnsurePayload>[],
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
): Promise<LiveFindings> {
  const first = members[0]!.payload;
  const { region } = first.transport;
  let credentialVariables: string | undefined;
  let what = `mq ${region}/${first.identity.namespace}`;
  try {
    return await withSession(first.transport, reporter, async (session) => {
      const onCredentials = (variables: string) => {
        credentialVariables = variables;
      };
      const { token, endpoint } = mqAccess(first, env, reporter, onCredentials, CHECK_ENVIRONMENT);
      const client = mqClient(endpoint, token, session);
      const call = session.callFor(client);
      const byTopic = new Map<string, DeclaredMember<MqEnsurePayload>[]>();
      for (const m of members) push(byTopic, m.payload.identity.topic, m);
      const found: LiveFindings = { declared: [], containers: [] };
      for (const [topic, inTopic] of byTopic) {
        const { namespace } = first.identity;
        const where = `${region}/${namespace}/${topic}`;
        const containerKey = `mq ${where}`;
        what = containerKey;
        let container: LiveContainer;
        try {
          const groups = await call(`list ${containerKey}`, () =>
            client.listGroups(namespace, topic),
          );
          container = {
            service: MQ,
            containerKey,
            where,
            found: true,
            groups: groups.map((g) => ({ name: g.name, settings: { maxInFlight: g.maxInFlight } })),
          };
        } catch (e) {
          if (!isCloudApiError(e) || e.kind !== ErrorKind.NOT_FOUND) throw e;
          container = notFound(MQ, containerKey, where, `${e.cloudCode}: ${e.cloudMessage}`);
        }
        found.containers.push(container);
        for (const { payload, stack } of inTopic) {
          found.declared.push({
            service: MQ,
            containerKey,
            where,
            group: payload.identity.name,
            settings: { maxInFlight: payload.settings.maxInFlight },
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

export const mqService: CloudService<MqIdentity, MqEnsureFields, MqCredentialSource> = {
  ...mqContract,
  endpoints: mqEndpoints,
  run: runMqPayload,
  reconcile: reconcileMq,
  readLive: readMqLive,
  liveBatchKey: (payload) =>
    `${payload.transport.endpoint}/${payload.identity.namespace}/${payload.credentials[0]?.token ?? ""}`,
  settingsOf: (payload) => ({ maxInFlight: payload.settings.maxInFlight }),
};
