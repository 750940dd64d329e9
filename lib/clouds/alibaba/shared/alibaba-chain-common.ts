// What every source of the Alibaba Cloud role chain shares (role-chain.ts): the variable names,
// the key and source shapes, where STS is reached, and the error of a source that failed.

import { isLoopbackHost } from "../../../contract/rules";
import { HookError, HookErrorCode } from "../../../runtime/errors";

export const ENV = {
  ROLE_ARN: "ALIBABA_CLOUD_ROLE_ARN",
  OIDC_PROVIDER_ARN: "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
  OIDC_TOKEN_FILE: "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
  ROLE_SESSION_NAME: "ALIBABA_CLOUD_ROLE_SESSION_NAME",
  PROFILE: "ALIBABA_CLOUD_PROFILE",
  CLI_PROFILE_DISABLED: "ALIBABA_CLOUD_CLI_PROFILE_DISABLED",
  CREDENTIALS_FILE: "ALIBABA_CLOUD_CREDENTIALS_FILE",
  ECS_METADATA: "ALIBABA_CLOUD_ECS_METADATA",
  ECS_METADATA_DISABLED: "ALIBABA_CLOUD_ECS_METADATA_DISABLED",
  CREDENTIALS_URI: "ALIBABA_CLOUD_CREDENTIALS_URI",
  STS_ENDPOINT: "ALIBABA_CLOUD_STS_ENDPOINT",
  STS_REGION: "ALIBABA_CLOUD_STS_REGION",
  VPC_ENDPOINT_ENABLED: "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED",
  /** The library's own, for tests: a loopback URL that stands in for the ECS metadata service. */
  TEST_METADATA_URL: "CGAC_TEST_ALIBABA_METADATA_URL",
} as const;

/** A key to sign with; expiresAt undefined = a long-lived AccessKey. */
export interface ChainKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string | undefined;
  readonly expiresAt?: number | undefined;
}

/** One source that is set up: its words for messages and how it gets a key. */
export interface ChainSource {
  readonly label: string;
  readonly fetch: () => Promise<ChainKey>;
}

/** Thrown by a fetch when its source turns out not to be there (no metadata service). */
export class SourceAbsent extends Error {}

export interface Context {
  readonly env: NodeJS.ProcessEnv;
  /** Told every secret a source reads (an OIDC token), so no output shows it. */
  readonly secret: (value: string) => void;
  readonly home: string;
}

export interface StsPlace {
  readonly region?: string | undefined;
  readonly vpc?: boolean | undefined;
  readonly host?: string | undefined;
}

export function sessionName(env: NodeJS.ProcessEnv): string {
  return env[ENV.ROLE_SESSION_NAME] || `cdktf-consumer-groups-${Date.now()}`;
}

/**
 * ALIBABA_CLOUD_STS_ENDPOINT (a URL) wins; then a profile's own host; then the region and the
 * VPC switch as the package reads them: sts[-vpc].<region>.aliyuncs.com, else sts.aliyuncs.com.
 */
export function stsEndpoint(env: NodeJS.ProcessEnv, place: StsPlace): URL {
  const given = env[ENV.STS_ENDPOINT];
  if (given) {
    const url = URL.canParse(given) ? new URL(given) : undefined;
    const loopback = url && isLoopbackHost(url.hostname);
    if (!url || !(url.protocol === "https:" || (url.protocol === "http:" && loopback))) {
      throw new HookError(
        HookErrorCode.CREDENTIALS_FAILED,
        `${ENV.STS_ENDPOINT} ${JSON.stringify(given)} is not an https URL (http is allowed on loopback only)`,
        `Set ${ENV.STS_ENDPOINT} to the STS base URL, e.g. https://sts-vpc.cn-hangzhou.aliyuncs.com, or unset it.`,
      );
    }
    return new URL(url.origin);
  }
  if (place.host) return new URL(`https://${place.host}`);
  const region = place.region || env[ENV.STS_REGION];
  const vpc = place.vpc ?? env[ENV.VPC_ENDPOINT_ENABLED]?.toLowerCase() === "true";
  return new URL(
    region ? `https://sts${vpc ? "-vpc" : ""}.${region}.aliyuncs.com` : "https://sts.aliyuncs.com",
  );
}

export function failed(label: string, why: string, fix: string): HookError {
  return new HookError(HookErrorCode.CREDENTIALS_FAILED, `credentials from ${label}: ${why}`, fix);
}
