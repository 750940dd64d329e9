// The props of a DmsQueueConsumerGroup.

import type { ConsumerGroupCommonProps } from "../../../../constructs/common-props";

/** Names of the environment variables that hold a Huawei Cloud AK/SK pair when Terraform runs. */
export interface DmsAccessKeyCredentials {
  /** Variable holding the access key (AK), e.g. `PROD_HW_ACCESS_KEY`. */
  readonly accessKeyVariable: string;
  /** Variable holding the secret key (SK). */
  readonly secretKeyVariable: string;
  /**
   * Variable holding the security token of temporary AK/SK, used when it is set.
   * @default - no security token is sent
   */
  readonly securityTokenVariable?: string;
}

/** Name of the environment variable that holds an IAM token, sent as `X-Auth-Token`. */
export interface DmsTokenCredentials {
  /** Variable holding the IAM token (valid 24 h; Huawei recommends AK/SK instead). */
  readonly iamTokenVariable: string;
}

export type DmsCredentials = DmsAccessKeyCredentials | DmsTokenCredentials;

/** A DMS queue, by id or by name (a name costs one lookup call per hook run). */
export type DmsQueueRef = { readonly id: string } | { readonly name: string };

/** Properties of a `DmsQueueConsumerGroup`. */
export interface DmsQueueConsumerGroupProps extends ConsumerGroupCommonProps {
  /** Project id (32 hex digits) that owns the queue. Part of the identity. */
  readonly projectId: string;
  /**
   * The queue, `{ id: "…" }` or `{ name: "…" }`. Part of the identity; switching between the
   * two forms for the same queue is not a rename: the prune looks the queue up and keeps the
   * group.
   */
  readonly queue: DmsQueueRef;
  /** Consumer group name: 1-32 characters of A-Z, a-z, 0-9, _ or -. Changing it deletes the old group. */
  readonly name: string;
  /**
   * Region id, e.g. `cn-north-4`: where the group is reached, not part of its identity (a
   * project id belongs to one region); changing it deletes nothing. Give `region`, `endpoint`,
   * or both. Either may be a reference to another resource of the stack (a cdktf token): the
   * hook checks its value when Terraform knows it, in the words synth uses for a literal, and a
   * changed value deletes nothing (no `key` needed; docs/composing.md, "Tokens").
   * @default - derived from a `dms.{region}.myhuaweicloud.com` endpoint, else the endpoint origin
   */
  readonly region?: string;
  /**
   * Endpoint base URL without path, e.g. `https://dms.cn-north-4.myhuaweicloud.com` or a
   * private cloud's DMS endpoint. Not part of the identity. May be a reference (a cdktf
   * token), as `region` may.
   * @default - `https://dms.{region}.myhuaweicloud.com`
   */
  readonly endpoint?: string;
  /**
   * Environment variables the hook reads credentials from. A value replaces the default list.
   * @default - `HW_ACCESS_KEY`/`HW_SECRET_KEY`/`HW_SECURITY_TOKEN`, else
   * `HUAWEICLOUD_SDK_AK`/`HUAWEICLOUD_SDK_SK`
   */
  readonly credentials?: DmsCredentials;
  /**
   * How long `ensure` waits for a new group to be listed (DMS initialises a group for 1-3 s).
   * @default 15
   */
  readonly readyTimeoutSeconds?: number;
}
