// THE list of clouds the emulator emulates: the only file of the core that names them. A new
// cloud is one folder (its EmulatedCloud, emulated-cloud.ts) and one entry here.

import type { EmulatedCloud } from "./emulated-cloud";
import {
  stsEmulatedCloud,
  type StsIssuedKeys,
} from "../clouds/alibaba/shared/emulator/sts-emulated-cloud";
import type { StsEmulatorConfig } from "../clouds/alibaba/shared/emulator/sts-emulator-context";
import { slsEmulatedCloud } from "../clouds/alibaba/sls/emulator/sls-emulated-cloud";
import type { SlsEmulatorConfig } from "../clouds/alibaba/sls/emulator/sls-emulator-service";
import type { SlsStateAccessor } from "../clouds/alibaba/sls/emulator/sls-emulator-state-accessor";
import {
  huaweiIdentityEmulatedCloud,
  type HuaweiIssuedKeys,
} from "../clouds/huawei/shared/emulator/huawei-identity-emulated-cloud";
import type { HuaweiIdentityEmulatorConfig } from "../clouds/huawei/shared/emulator/huawei-identity-emulator";
import { dmsEmulatedCloud } from "../clouds/huawei/dms/emulator/dms-emulated-cloud";
import type { DmsEmulatorConfig } from "../clouds/huawei/dms/emulator/dms-emulator-service";
import type { DmsStateAccessor } from "../clouds/huawei/dms/emulator/dms-emulator-state-accessor";

/** Each cloud's entry of EmulatorOptions and of the `emulator --config` file. */
export interface EmulatedCloudOptions {
  /**
   * Alibaba Cloud's temporary keys: STS AssumeRole and AssumeRoleWithOIDC, the ECS metadata
   * routes and a credentials URI (sts-emulator.ts). Keys it issues sign SLS requests until they
   * expire.
   * @default - not mounted: those routes answer as SLS does, and the state has no "sts" key
   */
  sts?: StsEmulatorConfig;
  /**
   * Huawei Cloud's temporary keys: IAM identity-provider federation and the ECS metadata
   * service's agency key (huawei-identity-emulator.ts). Keys it issues sign DMS requests until
   * they expire.
   * @default - not mounted: those paths answer as DMS does, and the state has no "iam" key
   */
  huawei?: HuaweiIdentityEmulatorConfig;
  /** @default - an SLS service with no keys and no projects, so every call is rejected */
  sls?: SlsEmulatorConfig;
  /**
   * @default - no DMS service: /v1.0/ paths answer 404 NotEmulated and the state has no "dms"
   * key (so SLS-only state files and state answers stay as they were)
   */
  dms?: DmsEmulatorConfig;
}

/** What a RunningEmulator shows of each cloud, under the same key as its options. */
export interface EmulatedCloudAccessors {
  /** The temporary keys the STS, metadata and URI routes issued (none when not mounted). */
  readonly sts: StsIssuedKeys;
  /** The temporary keys the Huawei IAM and metadata routes issued (none when not mounted). */
  readonly huawei: HuaweiIssuedKeys;
  readonly sls: SlsStateAccessor;
  readonly dms: DmsStateAccessor;
}

/**
 * In the order requests are matched: the token services first, since STS's RPC calls share the
 * path "/" with SLS. `emulator list` shows groups in this order too.
 */
export const EMULATED_CLOUDS: {
  readonly [Key in keyof EmulatedCloudOptions]-?: EmulatedCloud<
    NonNullable<EmulatedCloudOptions[Key]>,
    EmulatedCloudAccessors[Key]
  >;
} = {
  sts: stsEmulatedCloud,
  huawei: huaweiIdentityEmulatedCloud,
  sls: slsEmulatedCloud,
  dms: dmsEmulatedCloud,
};

/** The parts of `emulator --help` and `emulator list --help` that describe the clouds. */
export const EMULATED_CLOUDS_HELP = {
  config:
    '    --config  JSON {"sls": {accessKeys, projects, ...}, "dms": {projects, accessKeys,\n' +
    '              tokens, ...}, "sts": {roles: [{arn, oidc?: [{providerArn, token}]}],\n' +
    '              ecsRoleName?, credentialsUri?, keyLifetimeSeconds?}, "huawei":\n' +
    "              {identityProviders?: [{id, idToken}], ecsAgency?, keyLifetimeSeconds?}}\n" +
    "              (sts: Alibaba Cloud STS, ECS metadata and credentials URI; huawei: IAM\n" +
    "              federation and the ECS agency) (default: demo keys demo-access-key-id /\n" +
    "              demo-access-key-secret; SLS project shop-prod with logstores orders,\n" +
    "              payments, audit; DMS project 0a1b2c3d4e5f40718293a4b5c6d7e8f9 with\n" +
    "              queues billing, shipping, IAM token demo-iam-token)\n",
  adminRoutes:
    "    /_emulator/sls/groups/{project}/{logstore}/{group}, DELETE\n" +
    "    /_emulator/dms/groups/{projectId}/{queue}/{group}, GET|PUT\n" +
    "    /_emulator/sls/checkpoints/..., PUT /_emulator/dms/messages/...",
  listRows:
    "One row per group: SERVICE, WHERE (SLS project/logstore, DMS project id/queue), GROUP\n" +
    "    and DETAIL (SLS: timeout, order and the shards with a checkpoint; DMS: the group id\n" +
    "    and the messages waiting)",
};
