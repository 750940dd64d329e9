// Credentials come only from the environment of the Terraform run; the payload names the
// variables, never their values.

import type { DmsAuth } from "../clients/dms/types";
import type { DmsCredentialSource, SlsCredentialSource } from "../contract/names";
import { HookError, HookErrorCode } from "./errors";

export interface ResolvedSlsCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
  /** The variables these came from, for error hints ("Check X and Y"). */
  readonly source: SlsCredentialSource;
}

/** The first source whose AccessKey id variable is set wins; a pair is never mixed across sources. */
export function resolveSlsCredentials(
  sources: readonly SlsCredentialSource[],
  env: NodeJS.ProcessEnv,
): ResolvedSlsCredentials {
  for (const source of sources) {
    const accessKeyId = env[source.accessKeyId];
    if (!accessKeyId) continue;
    const accessKeySecret = env[source.accessKeySecret];
    if (!accessKeySecret) {
      throw new HookError(
        HookErrorCode.MISSING_CREDENTIALS,
        `${source.accessKeyId} is set but ${source.accessKeySecret} is empty or unset`,
        `Set ${source.accessKeySecret} in the environment of the terraform run.`,
      );
    }
    const token = source.securityToken ? env[source.securityToken] : undefined;
    return { accessKeyId, accessKeySecret, ...(token ? { securityToken: token } : {}), source };
  }
  const names = sources.map((s) => `${s.accessKeyId} and ${s.accessKeySecret}`).join(", or ");
  throw new HookError(
    HookErrorCode.MISSING_CREDENTIALS,
    "no SLS credentials in the environment",
    `Set ${names} in the environment of the terraform run (cdktf deploy passes its environment on).`,
  );
}

/** "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and …TOKEN)" */
export function describeSource(source: SlsCredentialSource): string {
  const token = source.securityToken ? ` (and ${source.securityToken} for STS)` : "";
  return `${source.accessKeyId} and ${source.accessKeySecret}${token}`;
}

export interface ResolvedDmsCredentials {
  readonly auth: DmsAuth;
  /** The variables these came from, for error hints. */
  readonly source: DmsCredentialSource;
}

/**
 * The first source whose AK (or IAM token) variable is set wins. An AK/SK pair is never mixed
 * across sources, as for SLS.
 */
export function resolveDmsCredentials(
  sources: readonly DmsCredentialSource[],
  env: NodeJS.ProcessEnv,
): ResolvedDmsCredentials {
  for (const source of sources) {
    if ("iamToken" in source) {
      const token = env[source.iamToken];
      if (token) return { auth: { kind: "token", token }, source };
      continue;
    }
    const accessKey = env[source.accessKey];
    if (!accessKey) continue;
    const secretKey = env[source.secretKey];
    if (!secretKey) {
      throw new HookError(
        HookErrorCode.MISSING_CREDENTIALS,
        `${source.accessKey} is set but ${source.secretKey} is empty or unset`,
        `Set ${source.secretKey} in the environment of the terraform run.`,
      );
    }
    const securityToken = source.securityToken ? env[source.securityToken] : undefined;
    return {
      auth: { kind: "aksk", accessKey, secretKey, ...(securityToken ? { securityToken } : {}) },
      source,
    };
  }
  const names = sources.map(describeDmsSource).join(", or ");
  throw new HookError(
    HookErrorCode.MISSING_CREDENTIALS,
    "no DMS credentials in the environment",
    `Set ${names} in the environment of the terraform run (cdktf deploy passes its environment on).`,
  );
}

/** "HW_ACCESS_KEY and HW_SECRET_KEY (and HW_SECURITY_TOKEN for temporary keys)" or "the IAM token in X" */
export function describeDmsSource(source: DmsCredentialSource): string {
  if ("iamToken" in source) return `${source.iamToken} (an IAM token)`;
  const token = source.securityToken ? ` (and ${source.securityToken} for temporary keys)` : "";
  return `${source.accessKey} and ${source.secretKey}${token}`;
}
