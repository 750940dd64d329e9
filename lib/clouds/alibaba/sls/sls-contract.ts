// An SLS consumer group in the payload: its identity, its ensure fields (settings, copy source)
// and its credential sources. SLS project names are unique across all regions, so an SLS
// group is project/logstore/name.

import type { CloudContract } from "../../../contract/cloud-contract";
import { credentialList, envName, record, ruled } from "../../../contract/fields";
import { IDENTITY_VERSION } from "../../../contract/group-identity";
import { PayloadError } from "../../../contract/payload-error";
import type { DeletePayload, EnsurePayload } from "../../../contract/payload-types";
import {
  SLS_GROUP_NAME,
  SLS_LOGSTORE_NAME,
  SLS_MAX_GROUPS_PER_LOGSTORE,
  SLS_PROJECT_NAME,
  SLS_TIMEOUT_RANGE,
  isOwnCopySource,
  isSlsTimeout,
} from "./sls-rules";

/** The `service` of SLS identities. */
export const SLS = "sls";

/** Identity of an SLS consumer group. */
export type SlsIdentity = {
  readonly v: string;
  readonly service: typeof SLS;
  readonly project: string;
  readonly logstore: string;
  readonly name: string;
};

export function slsIdentity(fields: Omit<SlsIdentity, "v" | "service">): SlsIdentity {
  return {
    v: IDENTITY_VERSION,
    service: SLS,
    project: fields.project,
    logstore: fields.logstore,
    name: fields.name,
  };
}

/** One set of environment variable names that together hold a credential. */
export interface SlsCredentialSource {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

/**
 * Default SLS credential variables, tried in order; the first source whose AccessKey id
 * variable is set wins, so a pair is never mixed across the two naming schemes.
 * The names are those of the Alibaba Cloud CLI/SDKs and of the alicloud Terraform provider.
 */
export const DEFAULT_SLS_CREDENTIAL_SOURCES: readonly SlsCredentialSource[] = [
  {
    accessKeyId: "ALIBABA_CLOUD_ACCESS_KEY_ID",
    accessKeySecret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    securityToken: "ALIBABA_CLOUD_SECURITY_TOKEN",
  },
  {
    accessKeyId: "ALICLOUD_ACCESS_KEY",
    accessKeySecret: "ALICLOUD_SECRET_KEY",
    securityToken: "ALICLOUD_SECURITY_TOKEN",
  },
];

export type SlsSettings = {
  /** Consumer heartbeat timeout, seconds. */
  readonly timeout: number;
  readonly order: boolean;
};

/** What an SLS ensure carries besides the envelope. */
export interface SlsEnsureFields {
  readonly settings: SlsSettings;
  /**
   * Another group of the same logstore whose checkpoints a group this hook creates starts from.
   * Optional: payloads without it (every earlier one) mean no copy.
   */
  readonly copyCheckpointsFrom?: string;
}

export type SlsEnsurePayload = EnsurePayload<SlsIdentity, SlsEnsureFields, SlsCredentialSource>;
export type SlsDeletePayload = DeletePayload<SlsIdentity, SlsCredentialSource>;
export type SlsPayload = SlsEnsurePayload | SlsDeletePayload;

export const slsContract: CloudContract<SlsIdentity, SlsEnsureFields, SlsCredentialSource> = {
  service: SLS,
  label: "SLS",
  container: { kind: "logstore", limit: SLS_MAX_GROUPS_PER_LOGSTORE },
  defaultCredentials: DEFAULT_SLS_CREDENTIAL_SOURCES,
  readIdentity: (o) =>
    slsIdentity({
      project: ruled(o["project"], "identity.project", SLS_PROJECT_NAME),
      logstore: ruled(o["logstore"], "identity.logstore", SLS_LOGSTORE_NAME),
      name: ruled(o["name"], "identity.name", SLS_GROUP_NAME),
    }),
  readEnsureFields: (p, identity) => ({
    settings: readSettings(p["settings"]),
    ...copySource(p["copyCheckpointsFrom"], identity.name),
  }),
  readCredentials: (value) =>
    credentialList(value).map((item, i) => {
      const o = record(item, `credentials[${i}]`);
      const token = o["securityToken"];
      return {
        accessKeyId: envName(o["accessKeyId"], `credentials[${i}].accessKeyId`),
        accessKeySecret: envName(o["accessKeySecret"], `credentials[${i}].accessKeySecret`),
        ...(token === undefined
          ? {}
          : { securityToken: envName(token, `credentials[${i}].securityToken`) }),
      };
    }),
  copySourceOf: (payload) =>
    payload.copyCheckpointsFrom === undefined
      ? undefined
      : slsIdentity({ ...payload.identity, name: payload.copyCheckpointsFrom }),
};

function readSettings(value: unknown): SlsSettings {
  const o = record(value, "settings");
  const timeout = o["timeout"];
  if (!isSlsTimeout(timeout)) {
    throw new PayloadError(
      `settings.timeout ${JSON.stringify(timeout)} must be a whole number of seconds from ${SLS_TIMEOUT_RANGE}`,
    );
  }
  const order = o["order"];
  if (typeof order !== "boolean") {
    throw new PayloadError(`settings.order ${JSON.stringify(order)} must be true or false`);
  }
  return { timeout, order };
}

/** The optional copy source: absent, or a group name other than the group's own. */
function copySource(value: unknown, name: string): { copyCheckpointsFrom?: string } {
  if (value === undefined) return {};
  const source = ruled(value, "copyCheckpointsFrom", SLS_GROUP_NAME);
  if (isOwnCopySource(source, name)) {
    throw new PayloadError(`copyCheckpointsFrom ${JSON.stringify(source)} names the group itself`);
  }
  return { copyCheckpointsFrom: source };
}
