// Credentials come only from the environment of the Terraform run; the payload names the
// variables, never their values. The payload's variables come first (resolved without loading
// anything more); then Huawei's federation and ECS agency (role-chain.ts).

import type { DmsAuth } from "./client/dms-types";
import { readCredentialVariable } from "../../../runtime/credential-variable";
import { HookError, HookErrorCode, TERRAFORM_RUN_ENVIRONMENT } from "../../../runtime/errors";
import { RenewingKey } from "../../../runtime/renewing-key";
import type { DmsCredentialSource } from "./dms-contract";

export interface ResolvedDmsCredentials {
  readonly auth: DmsAuth;
  /** The variables or the source these came from, for error hints. */
  readonly describe: string;
}

/** Resolved from the payload's variables: which of its sources. */
export type DmsVariableCredentials = ResolvedDmsCredentials & {
  readonly source: DmsCredentialSource;
};

/**
 * The first source whose AK (or IAM token) variable is set wins. An AK/SK pair is never mixed
 * across sources, as for SLS.
 */
export function resolveDmsCredentials(
  sources: readonly DmsCredentialSource[],
  env: NodeJS.ProcessEnv,
  /** Where the variables must be set, in the words of the command that reads them. */
  where: string = TERRAFORM_RUN_ENVIRONMENT,
): DmsVariableCredentials {
  const found = dmsKeyFromEnv(sources, env, where);
  if (found) return found;
  throw missingDmsCredentials(sources, where, []);
}

/** The payload's variables: the first source whose AK (or IAM token) variable is set. */
export function dmsKeyFromEnv(
  sources: readonly DmsCredentialSource[],
  env: NodeJS.ProcessEnv,
  where: string = TERRAFORM_RUN_ENVIRONMENT,
): DmsVariableCredentials | undefined {
  for (const source of sources) {
    const describe = describeDmsSource(source);
    if ("iamToken" in source) {
      const token = readCredentialVariable(env, source.iamToken, where);
      if (token) return { auth: { kind: "token", token }, describe, source };
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
      describe,
      source,
    };
  }
  return undefined;
}

// One fetch per hook process for each environment: every group shares the key.
const keys = new Map<string, Promise<RenewingKey<HuaweiKey> & { label: string }>>();
type HuaweiKey = {
  accessKey: string;
  secretKey: string;
  securityToken: string;
  expiresAt?: number | undefined;
};

/**
 * The payload's variables, then role-chain.ts (loaded only when none is set): federation, then
 * the ECS agency. A temporary key is renewed before it expires; `secret` is told every secret.
 */
export async function dmsCredentialChain(
  sources: readonly DmsCredentialSource[],
  env: NodeJS.ProcessEnv,
  where: string,
  secret: (value: string | undefined) => void,
): Promise<ResolvedDmsCredentials> {
  const fixed = dmsKeyFromEnv(sources, env, where);
  if (fixed) return fixed;
  const cacheKey = JSON.stringify(
    Object.keys(env)
      .filter((k) => k.startsWith("HUAWEICLOUD_SDK_") || k.startsWith("CGAC_TEST_HUAWEI"))
      .sort()
      .map((k) => [k, env[k]]),
  );
  let pending = keys.get(cacheKey);
  if (!pending) {
    pending = firstHuaweiSource(sources, env, where, secret);
    keys.set(cacheKey, pending);
    pending.catch(() => keys.delete(cacheKey));
  }
  const renewing = await pending;
  const key = await renewing.current();
  return {
    auth: {
      kind: "aksk",
      accessKey: key.accessKey,
      secretKey: key.secretKey,
      securityToken: key.securityToken,
    },
    describe: renewing.label,
  };
}

async function firstHuaweiSource(
  sources: readonly DmsCredentialSource[],
  env: NodeJS.ProcessEnv,
  where: string,
  secret: (value: string | undefined) => void,
): Promise<RenewingKey<HuaweiKey> & { label: string }> {
  const chain = await import("../shared/huawei-role-chain");
  const skipped: string[] = [];
  for (const source of chain.huaweiSources(env, secret)) {
    if (typeof source === "string") {
      skipped.push(source);
      continue;
    }
    const first = await source.fetch();
    if (typeof first === "string") {
      skipped.push(first);
      continue;
    }
    let initial: HuaweiKey | undefined = first;
    const renewing = Object.assign(
      new RenewingKey<HuaweiKey>(async () => {
        const key = initial ?? (await source.fetch());
        initial = undefined;
        if (typeof key === "string") {
          throw new HookError(
            HookErrorCode.CREDENTIALS_FAILED,
            `credentials from ${source.label}: ${key} when the key was renewed`,
            "Run again; if it persists, check the instance's agency.",
          );
        }
        secret(key.secretKey);
        secret(key.securityToken);
        return key;
      }),
      { label: source.label },
    );
    await renewing.current();
    return renewing;
  }
  throw missingDmsCredentials(sources, where, skipped);
}

export function missingDmsCredentials(
  sources: readonly DmsCredentialSource[],
  where: string,
  skipped: readonly string[],
): HookError {
  const names = sources.map(describeDmsSource).join(", or ");
  const tried = [
    `${names}`,
    "HUAWEICLOUD_SDK_IDP_ID and HUAWEICLOUD_SDK_ID_TOKEN_FILE (identity-provider federation)",
    "the ECS instance's agency (the metadata service)",
  ].map((s, i) => `${i + 1}. ${s}`);
  const why = skipped.length ? ` What was found: ${skipped.join("; ")}.` : "";
  return new HookError(
    HookErrorCode.MISSING_CREDENTIALS,
    "no DMS credentials in the environment",
    `Set ${names} in ${where}, or set up one of the other sources, tried in this order: ${tried.join("; ")}.${why}`,
  );
}

/** "HW_ACCESS_KEY and HW_SECRET_KEY (and HW_SECURITY_TOKEN for temporary keys)" or "the IAM token in X" */
export function describeDmsSource(source: DmsCredentialSource): string {
  if ("iamToken" in source) return `${source.iamToken} (an IAM token)`;
  const token = source.securityToken ? ` (and ${source.securityToken} for temporary keys)` : "";
  return `${source.accessKey} and ${source.secretKey}${token}`;
}
