// The role chain's STS sources: OIDC (AssumeRoleWithOIDC with the token file's token) and an
// AccessKey that assumes a role (AssumeRole), with what their failures say.

import { readFileSync } from "node:fs";
import {
  DEFAULT_SESSION_SECONDS,
  StsError,
  assumeRole,
  assumeRoleWithOidc,
  type StsCaller,
} from "./sts-client";
import {
  ENV,
  failed,
  sessionName,
  stsEndpoint,
  type ChainSource,
  type Context,
  type StsPlace,
} from "./alibaba-chain-common";

// ---- OIDC ----------------------------------------------------------------------------------

export function oidcFromEnv(ctx: Context): ChainSource | string {
  const { env } = ctx;
  const names = [ENV.ROLE_ARN, ENV.OIDC_PROVIDER_ARN, ENV.OIDC_TOKEN_FILE];
  const set = names.filter((n) => env[n]);
  if (set.length < names.length) {
    const missing = names.filter((n) => !env[n]);
    return set.length === 0
      ? "OIDC: none of its variables is set"
      : `OIDC: ${set.join(", ")} set, but not ${missing.join(" or ")}`;
  }
  return oidcSource(ctx, {
    roleArn: env[ENV.ROLE_ARN]!,
    oidcProviderArn: env[ENV.OIDC_PROVIDER_ARN]!,
    tokenFile: env[ENV.OIDC_TOKEN_FILE]!,
    sessionName: sessionName(env),
    durationSeconds: DEFAULT_SESSION_SECONDS,
    label: `the OIDC role ${env[ENV.ROLE_ARN]} (${ENV.ROLE_ARN}, token file ${env[ENV.OIDC_TOKEN_FILE]})`,
    sts: {},
  });
}

export function oidcSource(
  ctx: Context,
  o: {
    roleArn: string;
    oidcProviderArn: string;
    tokenFile: string;
    sessionName: string;
    durationSeconds: number;
    label: string;
    sts: StsPlace;
  },
): ChainSource {
  return {
    label: o.label,
    fetch: async () => {
      const endpoint = stsEndpoint(ctx.env, o.sts);
      let oidcToken: string;
      try {
        // Read again on every fetch: the platform rotates the projected token.
        oidcToken = readFileSync(o.tokenFile, "utf8").trim();
      } catch (e) {
        throw failed(
          o.label,
          `cannot read the OIDC token file ${JSON.stringify(o.tokenFile)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
          `Check ${ENV.OIDC_TOKEN_FILE}: it must name the file the platform writes the token to (RRSA: the projected service account token).`,
        );
      }
      ctx.secret(oidcToken);
      try {
        return await assumeRoleWithOidc(
          { endpoint },
          {
            roleArn: o.roleArn,
            oidcProviderArn: o.oidcProviderArn,
            oidcToken,
            sessionName: o.sessionName,
            durationSeconds: o.durationSeconds,
          },
        );
      } catch (e) {
        throw stsFailed(o.label, "AssumeRoleWithOIDC", endpoint, e, [oidcToken], {
          roleArn: o.roleArn,
          providerArn: o.oidcProviderArn,
          tokenFile: o.tokenFile,
        });
      }
    },
  };
}

// ---- AssumeRole with an AccessKey ----------------------------------------------------------

/**
 * The library's own: an AccessKey with ALIBABA_CLOUD_ROLE_ARN assumes that role, and the
 * CLI profile's and credentials file's RamRoleArn modes do the same.
 */
export function assumeRoleSource(
  env: NodeJS.ProcessEnv,
  caller: () => Promise<StsCaller>,
  o: {
    roleArn: string;
    sessionName?: string | undefined;
    durationSeconds?: number | undefined;
    label: string;
    sts?: StsPlace;
  },
): ChainSource {
  return {
    label: o.label,
    fetch: async () => {
      const endpoint = stsEndpoint(env, o.sts ?? {});
      const key = await caller();
      try {
        return await assumeRole({ endpoint }, key, {
          roleArn: o.roleArn,
          sessionName: o.sessionName || sessionName(env),
          durationSeconds: o.durationSeconds || DEFAULT_SESSION_SECONDS,
        });
      } catch (e) {
        throw stsFailed(
          o.label,
          "AssumeRole",
          endpoint,
          e,
          [key.accessKeySecret, key.securityToken ?? ""],
          { roleArn: o.roleArn },
        );
      }
    },
  };
}

/** What an STS failure says: the call, the endpoint, status and code, and the fix for the code. */
function stsFailed(
  label: string,
  action: string,
  endpoint: URL,
  e: unknown,
  secrets: readonly string[],
  o: { roleArn: string; providerArn?: string; tokenFile?: string },
): unknown {
  if (!(e instanceof StsError)) return e;
  let message = e.message.replace(/server string to sign is:.*/s, "server string to sign is: ***");
  for (const s of secrets) if (s) message = message.split(s).join("***");
  const answer =
    e.status === 0
      ? `no answer from STS at ${endpoint.origin} (${e.code})`
      : `STS ${endpoint.origin} answered ${e.status} ${e.code}: ${message}${e.requestId ? ` (request id ${e.requestId})` : ""}`;
  return failed(label, `${action} failed: ${answer}`, stsFix(e, endpoint, o));
}

function stsFix(
  e: StsError,
  endpoint: URL,
  o: { roleArn: string; providerArn?: string; tokenFile?: string },
): string {
  const { code } = e;
  if (e.status === 0) {
    return `Check that ${endpoint.origin} is reachable from here (a proxy in HTTPS_PROXY, or ${ENV.STS_ENDPOINT} / ${ENV.STS_REGION} and ${ENV.VPC_ENDPOINT_ENABLED} for the VPC endpoint).`;
  }
  if (code.startsWith("Throttling")) {
    return "STS throttled this request after 3 attempts: run again, or run fewer hook processes at once (each fetches its credentials once).";
  }
  if (code.includes("RoleArn") || code === "EntityNotExist.Role") {
    return `Check the role ARN ${o.roleArn}: it must be acs:ram::<account id>:role/<role name> of an existing role.`;
  }
  if (code.includes("OIDCToken")) {
    return `The OIDC token in ${o.tokenFile ?? "the token file"} was refused: check that the platform keeps the file fresh and that its issuer and audience match the OIDC provider ${o.providerArn ?? ""}.`;
  }
  if (code.includes("OIDCProvider")) {
    return `Check ${ENV.OIDC_PROVIDER_ARN} (${o.providerArn ?? ""}): it must be the ARN of the OIDC identity provider in RAM.`;
  }
  if (code.startsWith("NoPermission") || e.status === 403) {
    return o.providerArn
      ? `The role ${o.roleArn} must trust the OIDC provider ${o.providerArn} in its trust policy (with conditions that match the token).`
      : `The caller needs sts:AssumeRole on ${o.roleArn}, and the role's trust policy must trust the caller's account.`;
  }
  if (code.includes("AccessKey") || code.includes("Signature") || code.includes("SecurityToken")) {
    return "The AccessKey that assumes the role was refused: check its variables (a disabled or deleted key, or a wrong secret).";
  }
  if (code.includes("DurationSeconds")) {
    return "The session duration exceeds the role's maximum session duration: raise the role's maximum or shorten the duration.";
  }
  return "Check the role's setup in RAM and the STS endpoint.";
}
