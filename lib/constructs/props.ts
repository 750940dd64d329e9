import type { HookResource } from "./hook-resource";
import type { RemovalPolicy } from "./removal-policy";

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
export interface SlsConsumerGroupProps {
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
   * Region id, e.g. `cn-hangzhou`. Part of the group's identity: changing it deletes the group in
   * the old region and creates one in the new region. Give `region`, `endpoint`, or both.
   * @default - derived from `endpoint` (`{region}.log.aliyuncs.com`, `-intranet` and `-share`
   * hosts), else the endpoint origin
   */
  readonly region?: string;
  /**
   * Endpoint base URL without project label, path or query, e.g.
   * `https://cn-hangzhou-intranet.log.aliyuncs.com`. Plain `http://` is accepted for loopback
   * hosts only, unless `allowInsecureHttp` is set. Not part of the identity: changing it replaces nothing.
   * @default - `https://{region}.log.aliyuncs.com`
   */
  readonly endpoint?: string;
  /**
   * Allow a plain `http://` endpoint on a host that is not loopback.
   * @default false
   */
  readonly allowInsecureHttp?: boolean;
  /**
   * Whether a destroy, or a rename, deletes the cloud group.
   * @default RemovalPolicy.DESTROY - the group is deleted on destroy
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Terraform resource type that carries the hooks.
   * @default HookResource.TERRAFORM_DATA - no provider needed
   */
  readonly hookResource?: HookResource;
  /**
   * Environment variables the hook reads the AccessKey from. A value replaces the default list.
   * @default - `ALIBABA_CLOUD_ACCESS_KEY_ID`/`_SECRET`/`ALIBABA_CLOUD_SECURITY_TOKEN`, else
   * `ALICLOUD_ACCESS_KEY`/`ALICLOUD_SECRET_KEY`/`ALICLOUD_SECURITY_TOKEN`
   */
  readonly credentials?: SlsCredentials;
  /**
   * Time limit of one HTTP request of the hook, in seconds.
   * @default 10
   */
  readonly requestTimeoutSeconds?: number;
  /**
   * Time limit of one hook run, retries included, in seconds.
   * @default 120
   */
  readonly deadlineSeconds?: number;
}
