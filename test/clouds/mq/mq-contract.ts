// MQ, a made-up message queue service that exists only in the tests: what its payloads hold.
// A group is namespace/topic/name and has one setting, maxInFlight, updated in place; a topic
// holds at most MQ_MAX_GROUPS_PER_TOPIC groups; the hook authenticates with a bearer token read
// from an environment variable.

import type { CloudContract } from "../../../lib/contract/cloud-contract";
import { credentialList, envName, record, ruled } from "../../../lib/contract/fields";
import { IDENTITY_VERSION } from "../../../lib/contract/group-identity";
import { PayloadError } from "../../../lib/contract/payload-error";
import type { DeletePayload, EnsurePayload } from "../../../lib/contract/payload-types";
import { pattern } from "../../../lib/contract/rules";

export const MQ = "mq";
export const MQ_MAX_GROUPS_PER_TOPIC = 5;
export const MQ_NAME = pattern(/^[a-z][a-z0-9-]{0,31}$/, "1-32 characters of a-z, 0-9 or -");
export const MQ_MAX_IN_FLIGHT = { min: 1, max: 10_000 };

export type MqIdentity = {
  readonly v: string;
  readonly service: typeof MQ;
  readonly namespace: string;
  readonly topic: string;
  readonly name: string;
};

export function mqIdentity(fields: { namespace: string; topic: string; name: string }): MqIdentity {
  return { v: IDENTITY_VERSION, service: MQ, ...fields };
}

/** The environment variable that holds the bearer token. */
export interface MqCredentialSource {
  readonly token: string;
}

export const DEFAULT_MQ_CREDENTIAL_SOURCES: readonly MqCredentialSource[] = [{ token: "MQ_TOKEN" }];

export interface MqSettings {
  readonly maxInFlight: number;
}

export interface MqEnsureFields {
  readonly settings: MqSettings;
}

export type MqEnsurePayload = EnsurePayload<MqIdentity, MqEnsureFields, MqCredentialSource>;
export type MqDeletePayload = DeletePayload<MqIdentity, MqCredentialSource>;
export type MqPayload = MqEnsurePayload | MqDeletePayload;

export function checkMaxInFlight(value: unknown, where: string): number {
  if (
    typeof value !== "number" ||
    !Number.isInteger(value) ||
    value < MQ_MAX_IN_FLIGHT.min ||
    value > MQ_MAX_IN_FLIGHT.max
  ) {
    throw new PayloadError(
      `${where} ${JSON.stringify(value)} must be a whole number from ${MQ_MAX_IN_FLIGHT.min} to ${MQ_MAX_IN_FLIGHT.max}`,
    );
  }
  return value;
}

export const mqContract: CloudContract<MqIdentity, MqEnsureFields, MqCredentialSource> = {
  service: MQ,
  label: "MQ",
  container: { kind: "topic", limit: MQ_MAX_GROUPS_PER_TOPIC },
  defaultCredentials: DEFAULT_MQ_CREDENTIAL_SOURCES,
  readIdentity: (o) =>
    mqIdentity({
      namespace: ruled(o["namespace"], "identity.namespace", MQ_NAME),
      topic: ruled(o["topic"], "identity.topic", MQ_NAME),
      name: ruled(o["name"], "identity.name", MQ_NAME),
    }),
  readEnsureFields: (p) => {
    const settings = record(p["settings"], "settings");
    return {
      settings: { maxInFlight: checkMaxInFlight(settings["maxInFlight"], "settings.maxInFlight") },
    };
  },
  readCredentials: (value) =>
    credentialList(value).map((item, i): MqCredentialSource => ({
      token: envName(record(item, `credentials[${i}]`)["token"], `credentials[${i}].token`),
    })),
};
