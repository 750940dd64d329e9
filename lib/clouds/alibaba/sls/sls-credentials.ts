// Credentials come only from the environment of the Terraform run; the payload names the
// variables, never their values. The AccessKey variables come first (the common case, resolved
// without loading anything more); then the rest of Alibaba Cloud's default chain (role-chain.ts).

import type { SlsCredentials } from "./client/sls-client";
import { readCredentialVariable } from "../../../runtime/credential-variable";
import { HookError, HookErrorCode, TERRAFORM_RUN_ENVIRONMENT } from "../../../runtime/errors";
import { RenewingKey } from "../../../runtime/renewing-key";
import type { SlsCredentialSource } from "./sls-contract";
import type { ChainSource } from "../shared/alibaba-chain-common";

export interface ResolvedSlsCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
  /** The variables these came from, for error hints ("Check X and Y"). */
  readonly source: SlsCredentialSource;
}

/** The first source whose AccessKey id variable is set wins; a pair is never mixed across sources. */
export function slsAccessKeyFromEnv(
  sources: readonly SlsCredentialSource[],
  env: NodeJS.ProcessEnv,
  where: string = TERRAFORM_RUN_ENVIRONMENT,
): ResolvedSlsCredentials | undefined {
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
  return undefined;
}

/** The AccessKey variables only (what 0.2.0 read): throws HOOK_MISSING_CREDENTIALS without one. */
export function resolveSlsCredentials(
  sources: readonly SlsCredentialSource[],
  env: NodeJS.ProcessEnv,
  /** Where the variables must be set, in the words of the command that reads them. */
  where: string = TERRAFORM_RUN_ENVIRONMENT,
): ResolvedSlsCredentials {
  const found = slsAccessKeyFromEnv(sources, env, where);
  if (found) return found;
  throw missingSlsCredentials(sources, where, []);
}

/** "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and …TOKEN)" */
export function describeSlsSource(source: SlsCredentialSource): string {
  const token = source.securityToken ? ` (and ${source.securityToken} for STS)` : "";
  return `${source.accessKeyId} and ${source.accessKeySecret}${token}`;
}

/** The variable that, with an AccessKey, makes the hook assume a role (the library's own). */
export const ROLE_ARN_ENV = "ALIBABA_CLOUD_ROLE_ARN";

/** Where a run's SLS key comes from, and the key itself, renewed before it expires. */
export interface SlsKeyAccess {
  /** The key to sign the next request with. */
  readonly current: () => Promise<SlsCredentials>;
  /** For messages: the variables or the source ("the OIDC role acs:ram::…"). */
  readonly describe: string;
  /** Only for a plain AccessKey: the variables it came from. */
  readonly source?: SlsCredentialSource;
}

// One fetch per hook process: every group, session and client of a run shares the key of a
// source (a prune or reconcile of many groups makes one STS call, not one per group).
const keys = new Map<string, Promise<SlsKeyAccess>>();

/**
 * The default chain: the AccessKey variables of the payload (with ALIBABA_CLOUD_ROLE_ARN:
 * assumed into that role), then role-chain.ts, loaded only when no AccessKey variable is set.
 * `secret` is told every secret value, so that no output shows it.
 */
export function slsCredentialChain(
  sources: readonly SlsCredentialSource[],
  env: NodeJS.ProcessEnv,
  where: string,
  secret: (value: string | undefined) => void,
): Promise<SlsKeyAccess> {
  const fixed = slsAccessKeyFromEnv(sources, env, where);
  if (fixed && !env[ROLE_ARN_ENV]) {
    const key = {
      accessKeyId: fixed.accessKeyId,
      accessKeySecret: fixed.accessKeySecret,
      ...(fixed.securityToken ? { securityToken: fixed.securityToken } : {}),
    };
    secret(key.accessKeySecret);
    secret(key.securityToken);
    return Promise.resolve({
      current: () => Promise.resolve(key),
      describe: describeSlsSource(fixed.source),
      source: fixed.source,
    });
  }
  const cacheKey = JSON.stringify([fixed?.source ?? sources, roleEnvironment(env)]);
  let access = keys.get(cacheKey);
  if (!access) {
    access = resolveRoleKey(sources, env, where, secret, fixed);
    keys.set(cacheKey, access);
    // A failure is not kept: the next group of a prune tries (and reports) again.
    access.catch(() => keys.delete(cacheKey));
  }
  return access;
}

function roleEnvironment(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.keys(env)
      .filter((k) => k.startsWith("ALIBABA_CLOUD_") || k.startsWith("CGAC_") || k === "HOME")
      .sort()
      .map((k) => [k, env[k]]),
  );
}

async function resolveRoleKey(
  sources: readonly SlsCredentialSource[],
  env: NodeJS.ProcessEnv,
  where: string,
  secret: (value: string | undefined) => void,
  fixed: ResolvedSlsCredentials | undefined,
): Promise<SlsKeyAccess> {
  // Loaded only here: most runs have an AccessKey variable and never need the chain.
  const [chain, { assumeRoleSource }, { SourceAbsent }] = await Promise.all([
    import("../shared/alibaba-role-chain"),
    import("../shared/alibaba-sts-sources"),
    import("../shared/alibaba-chain-common"),
  ]);
  const skipped: string[] = [];
  let candidates: Iterable<ChainSource | string>;
  if (fixed) {
    secret(fixed.accessKeySecret);
    secret(fixed.securityToken);
    const roleArn = env[ROLE_ARN_ENV]!;
    candidates = [
      assumeRoleSource(env, () => Promise.resolve(fixed), {
        roleArn,
        label: `the role ${roleArn} (${ROLE_ARN_ENV}), assumed with ${describeSlsSource(fixed.source)}`,
      }),
    ];
  } else {
    candidates = chain.roleSources(env, secret);
  }
  for (const source of candidates) {
    if (typeof source === "string") {
      skipped.push(source);
      continue;
    }
    const renewing = new RenewingKey(async () => {
      const key = await source.fetch();
      secret(key.accessKeySecret);
      secret(key.securityToken);
      return key;
    });
    try {
      await renewing.current();
    } catch (e) {
      // Only a metadata service that does not answer is absent; the chain goes on.
      if (!(e instanceof SourceAbsent)) throw e;
      skipped.push(e.message);
      continue;
    }
    return { current: () => renewing.current(), describe: source.label };
  }
  throw missingSlsCredentials(sources, where, skipped);
}

export function missingSlsCredentials(
  sources: readonly SlsCredentialSource[],
  where: string,
  skipped: readonly string[],
): HookError {
  const names = sources.map((s) => `${s.accessKeyId} and ${s.accessKeySecret}`).join(", or ");
  const rest = [
    `ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE (an OIDC role)`,
    `a profile in ~/.aliyun/config.json (ALIBABA_CLOUD_PROFILE picks one)`,
    `the credentials file ALIBABA_CLOUD_CREDENTIALS_FILE (default ~/.alibabacloud/credentials)`,
    `the ECS instance's RAM role (the metadata service)`,
    `ALIBABA_CLOUD_CREDENTIALS_URI (a credentials service)`,
  ];
  const tried = [`${names} (AccessKey variables)`, ...rest].map((s, i) => `${i + 1}. ${s}`);
  const why = skipped.length ? ` What was found: ${skipped.join("; ")}.` : "";
  return new HookError(
    HookErrorCode.MISSING_CREDENTIALS,
    "no SLS credentials in the environment",
    `Set ${names} in ${where}, or set up one of the other sources, tried in this order: ${tried.join("; ")}.${why}`,
  );
}
