// The Alibaba Cloud role sources as a pipeline has them, each pointed at the emulator: the
// emulator's STS roles, and per source the files it reads (in a home of its own) and the
// variables of the Terraform run. Every source's environment comes from hookEnv's overrides,
// so nothing but the emulator is asked.

import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { StsEmulatorConfig } from "../../lib/clouds/alibaba/shared/emulator/sts-emulator-context";
import { SLS_KEY, slsEnv } from "./sls-fixtures";

export const ROLE = "acs:ram::1234567890123456:role/pipeline-deployer";
export const OIDC_PROVIDER = "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1";
export const OIDC_TOKEN = "canary-oidc-token-eyJhbGciOi.e30.7f3d";
export const ECS_ROLE = "EcsDeployerRole";

export function stsEmulatorConfig(): StsEmulatorConfig {
  return {
    roles: [{ arn: ROLE, oidc: [{ providerArn: OIDC_PROVIDER, token: OIDC_TOKEN }] }],
    ecsRoleName: ECS_ROLE,
    credentialsUri: true,
  };
}

export const ROLE_SOURCES = [
  "AssumeRole",
  "OIDC",
  "CLI profile",
  "credentials file",
  "ECS RAM role",
  "credentials URI",
] as const;
export type RoleSource = (typeof ROLE_SOURCES)[number];

/** The STS or metadata calls a source makes before its first SLS call. */
export const FETCH_CALLS: Record<RoleSource, string[]> = {
  AssumeRole: ["AssumeRole"],
  OIDC: ["AssumeRoleWithOIDC"],
  "CLI profile": ["AssumeRole"],
  "credentials file": ["AssumeRole"],
  "ECS RAM role": ["MetadataToken", "MetadataRoleCredentials", "MetadataRoleCredentials"],
  "credentials URI": ["CredentialsUri"],
};

/**
 * Writes what `source` reads under `home` and returns the variables of a run that uses it
 * (and no other source: the metadata probe stays off but for the ECS source).
 */
export function roleSourceEnv(
  source: RoleSource,
  emulatorUrl: string,
  home: string,
): Record<string, string> {
  const base = { HOME: home, ALIBABA_CLOUD_STS_ENDPOINT: emulatorUrl };
  switch (source) {
    case "AssumeRole":
      return { ...base, ...slsEnv(SLS_KEY), ALIBABA_CLOUD_ROLE_ARN: ROLE };
    case "OIDC": {
      const tokenFile = path.join(home, "oidc-token");
      writeFileSync(tokenFile, `${OIDC_TOKEN}\n`);
      return {
        ...base,
        ALIBABA_CLOUD_ROLE_ARN: ROLE,
        ALIBABA_CLOUD_OIDC_PROVIDER_ARN: OIDC_PROVIDER,
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
      };
    }
    case "CLI profile": {
      mkdirSync(path.join(home, ".aliyun"), { recursive: true });
      const profile = {
        name: "ci",
        mode: "RamRoleArn",
        access_key_id: SLS_KEY.accessKeyId,
        access_key_secret: SLS_KEY.accessKeySecret,
        ram_role_arn: ROLE,
        ram_session_name: "ci-run",
      };
      writeFileSync(
        path.join(home, ".aliyun", "config.json"),
        JSON.stringify({ current: "ci", profiles: [profile] }),
      );
      return base;
    }
    case "credentials file": {
      const file = path.join(home, "credentials.ini");
      writeFileSync(
        file,
        `[deploy]\ntype = ram_role_arn\naccess_key_id = ${SLS_KEY.accessKeyId}\n` +
          `access_key_secret = ${SLS_KEY.accessKeySecret}\nrole_arn = ${ROLE}\n`,
      );
      return { ...base, ALIBABA_CLOUD_CREDENTIALS_FILE: file, ALIBABA_CLOUD_PROFILE: "deploy" };
    }
    case "ECS RAM role":
      return {
        ...base,
        ALIBABA_CLOUD_ECS_METADATA_DISABLED: "false",
        CGAC_TEST_ALIBABA_METADATA_URL: emulatorUrl,
      };
    case "credentials URI":
      return { ...base, ALIBABA_CLOUD_CREDENTIALS_URI: `${emulatorUrl}/credentials` };
  }
}
