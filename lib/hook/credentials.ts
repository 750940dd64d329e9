// Credentials come only from the environment of the Terraform run; the payload names the
// variables, never their values.

import type { SlsCredentialSource } from "../spec/names";
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
