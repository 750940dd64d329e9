// Credentials come only from the environment of the Terraform run; the payload names the
// variables, never their values.

import type { SlsCredentialSource } from "../../contract/names";
import { readCredentialVariable } from "../../hook/credential-variable";
import { HookError, HookErrorCode, TERRAFORM_RUN_ENVIRONMENT } from "../../hook/errors";

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
  /** Where the variables must be set, in the words of the command that reads them. */
  where: string = TERRAFORM_RUN_ENVIRONMENT,
): ResolvedSlsCredentials {
  for (const source of sources) {
    const accessKeyId = readCredentialVariable(env, source.accessKeyId, where);
    if (!accessKeyId) continue;
    const accessKeySecret = readCredentialVariable(env, source.accessKeySecret, where);
    if (!accessKeySecret) {
      throw new HookError(
        HookErrorCode.MISSING_CREDENTIALS,
        `${source.accessKeyId} is set but ${source.accessKeySecret} is empty or unset`,
        `Set ${source.accessKeySecret} in ${where}.`,
      );
    }
    const token = source.securityToken
      ? readCredentialVariable(env, source.securityToken, where)
      : undefined;
    return { accessKeyId, accessKeySecret, ...(token ? { securityToken: token } : {}), source };
  }
  const names = sources.map((s) => `${s.accessKeyId} and ${s.accessKeySecret}`).join(", or ");
  throw new HookError(
    HookErrorCode.MISSING_CREDENTIALS,
    "no SLS credentials in the environment",
    `Set ${names} in ${where}.`,
  );
}

/** "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and …TOKEN)" */
export function describeSlsSource(source: SlsCredentialSource): string {
  const token = source.securityToken ? ` (and ${source.securityToken} for STS)` : "";
  return `${source.accessKeyId} and ${source.accessKeySecret}${token}`;
}
