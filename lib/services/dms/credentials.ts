// Credentials come only from the environment of the Terraform run; the payload names the
// variables, never their values.

import type { DmsAuth } from "../../clients/dms/types";
import type { DmsCredentialSource } from "../../contract/names";
import { readCredentialVariable } from "../../hook/credential-variable";
import { HookError, HookErrorCode, TERRAFORM_RUN_ENVIRONMENT } from "../../hook/errors";

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
  /** Where the variables must be set, in the words of the command that reads them. */
  where: string = TERRAFORM_RUN_ENVIRONMENT,
): ResolvedDmsCredentials {
  for (const source of sources) {
    if ("iamToken" in source) {
      const token = readCredentialVariable(env, source.iamToken, where);
      if (token) return { auth: { kind: "token", token }, source };
      continue;
    }
    const accessKey = readCredentialVariable(env, source.accessKey, where);
    if (!accessKey) continue;
    const secretKey = readCredentialVariable(env, source.secretKey, where);
    if (!secretKey) {
      throw new HookError(
        HookErrorCode.MISSING_CREDENTIALS,
        `${source.accessKey} is set but ${source.secretKey} is empty or unset`,
        `Set ${source.secretKey} in ${where}.`,
      );
    }
    const securityToken = source.securityToken
      ? readCredentialVariable(env, source.securityToken, where)
      : undefined;
    return {
      auth: { kind: "aksk", accessKey, secretKey, ...(securityToken ? { securityToken } : {}) },
      source,
    };
  }
  const names = sources.map(describeDmsSource).join(", or ");
  throw new HookError(
    HookErrorCode.MISSING_CREDENTIALS,
    "no DMS credentials in the environment",
    `Set ${names} in ${where}.`,
  );
}

/** "HW_ACCESS_KEY and HW_SECRET_KEY (and HW_SECURITY_TOKEN for temporary keys)" or "the IAM token in X" */
export function describeDmsSource(source: DmsCredentialSource): string {
  if ("iamToken" in source) return `${source.iamToken} (an IAM token)`;
  const token = source.securityToken ? ` (and ${source.securityToken} for temporary keys)` : "";
  return `${source.accessKey} and ${source.secretKey}${token}`;
}
