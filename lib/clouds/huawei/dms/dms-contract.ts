// A DMS queue consumer group in the payload: its identity, its ensure fields and its credential
// sources. A DMS project id belongs to one region, so a DMS group is projectId/queue/name, the
// queue as the user declared it (by id or by name; a delete that must decide whether the app
// still declares a group resolves one form to the other).

import type { CloudContract } from "../../../contract/cloud-contract";
import { credentialList, envName, positiveInteger, record, ruled } from "../../../contract/fields";
import { IDENTITY_VERSION } from "../../../contract/group-identity";
import { PayloadError } from "../../../contract/payload-error";
import type { DeletePayload, EnsurePayload } from "../../../contract/payload-types";
import {
  DMS_GROUP_NAME,
  DMS_MAX_GROUPS_PER_QUEUE,
  DMS_PROJECT_ID,
  DMS_QUEUE_ID,
  DMS_QUEUE_NAME,
} from "./dms-rules";

/** The `service` of DMS identities. */
export const DMS = "dms";

/**
 * Identity of a DMS queue consumer group. Exactly one of `queueId` and `queueName` is set, the
 * other is "" (null_resource triggers are map(string): no field may be absent or null).
 */
export type DmsIdentity = {
  readonly v: string;
  readonly service: typeof DMS;
  readonly projectId: string;
  readonly queueId: string;
  readonly queueName: string;
  readonly name: string;
};

/** The identity of a DMS group; `queue` as the user declared it. */
export function dmsIdentity(fields: {
  readonly projectId: string;
  readonly queue: { readonly id: string } | { readonly name: string };
  readonly name: string;
}): DmsIdentity {
  const { queue } = fields;
  return {
    v: IDENTITY_VERSION,
    service: DMS,
    projectId: fields.projectId,
    queueId: "id" in queue ? queue.id : "",
    queueName: "name" in queue ? queue.name : "",
    name: fields.name,
  };
}

/** The same DMS group with its queue named the other way (by id for by name, and back). */
export function withQueue(identity: DmsIdentity, queue: { id: string; name: string }): DmsIdentity {
  return identity.queueId
    ? { ...identity, queueId: "", queueName: queue.name }
    : { ...identity, queueId: queue.id, queueName: "" };
}

/**
 * Environment variable names for one DMS credential: an AK/SK pair (optionally with the security
 * token of temporary credentials), or an IAM token sent as X-Auth-Token.
 */
export type DmsCredentialSource =
  | {
      readonly accessKey: string;
      readonly secretKey: string;
      readonly securityToken?: string;
    }
  | { readonly iamToken: string };

/**
 * Default DMS credential variables, first set AK variable wins: the huaweicloud Terraform
 * provider's names, then the Huawei Cloud SDKs'.
 */
export const DEFAULT_DMS_CREDENTIAL_SOURCES: readonly DmsCredentialSource[] = [
  { accessKey: "HW_ACCESS_KEY", secretKey: "HW_SECRET_KEY", securityToken: "HW_SECURITY_TOKEN" },
  { accessKey: "HUAWEICLOUD_SDK_AK", secretKey: "HUAWEICLOUD_SDK_SK" },
];

/** What a DMS ensure carries besides the envelope. */
export interface DmsEnsureFields {
  /** How long to wait for a new group to be listed (it initialises for 1-3 s). */
  readonly readyTimeoutMs: number;
}

export type DmsEnsurePayload = EnsurePayload<DmsIdentity, DmsEnsureFields, DmsCredentialSource>;
export type DmsDeletePayload = DeletePayload<DmsIdentity, DmsCredentialSource>;
export type DmsPayload = DmsEnsurePayload | DmsDeletePayload;

export const dmsContract: CloudContract<DmsIdentity, DmsEnsureFields, DmsCredentialSource> = {
  service: DMS,
  label: "DMS",
  defaultCredentials: DEFAULT_DMS_CREDENTIAL_SOURCES,
  container: { kind: "queue", limit: DMS_MAX_GROUPS_PER_QUEUE },
  readIdentity: (o) => {
    const queueId = o["queueId"] ? ruled(o["queueId"], "identity.queueId", DMS_QUEUE_ID) : "";
    const queueName = o["queueName"]
      ? ruled(o["queueName"], "identity.queueName", DMS_QUEUE_NAME)
      : "";
    if ((queueId === "") === (queueName === "")) {
      throw new PayloadError(
        "identity must name the queue by exactly one of queueId and queueName",
      );
    }
    return dmsIdentity({
      projectId: ruled(o["projectId"], "identity.projectId", DMS_PROJECT_ID),
      queue: queueId ? { id: queueId } : { name: queueName },
      name: ruled(o["name"], "identity.name", DMS_GROUP_NAME),
    });
  },
  readEnsureFields: (p) => ({
    readyTimeoutMs: positiveInteger(p["readyTimeoutMs"], "readyTimeoutMs"),
  }),
  readCredentials: (value) =>
    credentialList(value).map((item, i): DmsCredentialSource => {
      const o = record(item, `credentials[${i}]`);
      if (o["iamToken"] !== undefined) {
        return { iamToken: envName(o["iamToken"], `credentials[${i}].iamToken`) };
      }
      const token = o["securityToken"];
      return {
        accessKey: envName(o["accessKey"], `credentials[${i}].accessKey`),
        secretKey: envName(o["secretKey"], `credentials[${i}].secretKey`),
        ...(token === undefined
          ? {}
          : { securityToken: envName(token, `credentials[${i}].securityToken`) }),
      };
    }),
};
