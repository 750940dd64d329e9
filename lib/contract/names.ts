// Constants shared by the constructs (synth time) and the hook (apply time).
// This folder has no dependencies at all: both sides import it, nothing else couples them.

/**
 * Version of the hook payload format. Bump only with a parser for every older version: the
 * hook reads payloads and manifests that earlier releases left in Terraform state.
 * 1: release 0.1.0 (identities with a region). 2: identities without region.
 */
export const PAYLOAD_VERSION = 2;

/** This library's release (package.json `version`; a unit test keeps the two equal). */
export const LIBRARY_RELEASE = "0.2.0";

/**
 * The field in which a payload or stored manifest of a format newer than PAYLOAD_VERSION says
 * which release wrote it (`"by": "0.4.0"`). A release that bumps the format writes it (the
 * manifest is replaced by that bump anyway), so that an older hook meeting it, as after a
 * downgrade, names the release instead of asking for a synth that cannot help.
 */
export const RELEASE_FIELD = "by";

/** Subcommands of the hook program. */
export const HookCommand = {
  ENSURE: "ensure",
  DELETE: "delete",
} as const;
export type HookCommand = (typeof HookCommand)[keyof typeof HookCommand];

/** The manifest's subcommand: deletes the groups a stack no longer declares. */
export const PRUNE_COMMAND = "prune";
/** The reconciler's subcommand: ensures every group of a stack in one run. */
export const RECONCILE_COMMAND = "reconcile";

/** Every subcommand the hook program takes, for usage and error messages. */
export const HOOK_SUBCOMMANDS = [
  HookCommand.ENSURE,
  HookCommand.DELETE,
  PRUNE_COMMAND,
  RECONCILE_COMMAND,
] as const;

export const Service = {
  SLS: "sls",
  DMS: "dms",
} as const;
export type Service = (typeof Service)[keyof typeof Service];

/** What a destroy does to the cloud group. Kept as plain strings so state stays readable. */
export const RemovalPolicyValue = {
  DESTROY: "DESTROY",
  RETAIN: "RETAIN",
} as const;
export type RemovalPolicyValue = (typeof RemovalPolicyValue)[keyof typeof RemovalPolicyValue];

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

/** Environment switch for verbose hook output (request lines, retries). Never prints secrets. */
export const DEBUG_ENV = "CGAC_DEBUG";

/** How long a DMS ensure waits for a new group to be listed (documented: 1-3 s to initialise). */
export const DEFAULT_DMS_READY_TIMEOUT_MS = 15_000;
