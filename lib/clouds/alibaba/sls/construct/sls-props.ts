// The props of an SlsConsumerGroup.

import type { ConsumerGroupCommonProps } from "../../../../constructs/common-props";

/**
 * Names of the environment variables that hold an Alibaba Cloud AccessKey when Terraform runs.
 * Only the names reach cdk.tf.json and the state; the values are read by the hook at apply time.
 */
export interface SlsCredentials {
  /** Variable holding the AccessKey id, e.g. `PROD_ALIBABA_CLOUD_ACCESS_KEY_ID`. */
  readonly accessKeyIdVariable: string;
  /** Variable holding the AccessKey secret. */
  readonly accessKeySecretVariable: string;
  /**
   * Variable holding an STS security token, used when it is set.
   * @default - no security token is sent
   */
  readonly securityTokenVariable?: string;
}

/** Properties of an `SlsConsumerGroup`. */
export interface SlsConsumerGroupProps extends ConsumerGroupCommonProps {
  /** SLS project that holds the logstore, e.g. `shop-prod`. */
  readonly project: string;
  /** Logstore the group consumes, e.g. `orders`. */
  readonly logstore: string;
  /** Consumer group name: 1-128 characters of A-Z, a-z, 0-9, _ or -. Changing it deletes the old group. */
  readonly name: string;
  /** Consumer heartbeat timeout in seconds, 1 to 86400. Changing it updates the group in place. */
  readonly timeout: number;
  /**
   * Whether shards are consumed in order (after a split or merge, the parent shard first).
   * Changing it updates the group in place.
   * @default false
   */
  readonly order?: boolean;
  /**
   * Another consumer group of the same logstore whose checkpoints this group starts from: when a
   * deploy creates this group (or finds it without any checkpoint yet), it first copies every
   * shard's checkpoint from that group, so consumers moved here resume where they were. A group
   * that already has checkpoints is never overwritten. The safe way to rename a group (README
   * "Renaming a group without losing its place"). Not part of the identity: changing or removing
   * it later replaces nothing.
   * @default - a new group starts without checkpoints (consumers begin at their start position)
   */
  readonly copyCheckpointsFrom?: string;
  /**
   * With `deletionProtection: WHEN_IN_USE`, the group is in use while some shard committed a
   * checkpoint within this many seconds (1 to 86400). Consumers of a logstore that receives no
   * data commit nothing and look idle.
   * @default 600 - a commit in the last 10 minutes keeps the group
   */
  readonly inUseWindowSeconds?: number;
  /**
   * Region id, e.g. `cn-hangzhou`: where the group is reached (SLS project names are unique
   * across regions, so it is not part of the group's identity; changing it deletes nothing).
   * Give `region`, `endpoint`, or both. Either may be a reference to another resource of the
   * stack (a cdktf token): the hook checks its value when Terraform knows it, in the words synth
   * uses for a literal, and a changed value deletes nothing (no `key` needed;
   * docs/composing.md, "Tokens").
   * @default - derived from `endpoint` (`{region}.log.aliyuncs.com`, `-intranet` and `-share`
   * hosts), else the endpoint origin
   */
  readonly region?: string;
  /**
   * Endpoint base URL without project label, path or query, e.g.
   * `https://cn-hangzhou-intranet.log.aliyuncs.com`. Plain `http://` is accepted for loopback
   * hosts only, unless `allowInsecureHttp` is set. Not part of the identity: changing it replaces nothing.
   * May be a reference (a cdktf token), as `region` may.
   * @default - `https://{region}.log.aliyuncs.com`
   */
  readonly endpoint?: string;
  /**
   * Environment variables the hook reads the AccessKey from. A value replaces the default list.
   * @default - `ALIBABA_CLOUD_ACCESS_KEY_ID`/`_SECRET`/`ALIBABA_CLOUD_SECURITY_TOKEN`, else
   * `ALICLOUD_ACCESS_KEY`/`ALICLOUD_SECRET_KEY`/`ALICLOUD_SECURITY_TOKEN`
   */
  readonly credentials?: SlsCredentials;
}
