// The role chain's instance sources: the ECS instance's RAM role from the metadata service, and
// a credentials URI.

import { CredentialServiceError, NoAnswerError } from "../../../clients/token-exchange";
import { uriKey } from "./credentials-uri";
import { ECS_METADATA_URL, ecsMetadataToken, ecsRoleKey, ecsRoleName } from "./ecs-metadata";
import { isLoopbackHost } from "../../../contract/rules";
import { ENV, SourceAbsent, failed, type ChainSource, type Context } from "./alibaba-chain-common";

// ---- ECS RAM role --------------------------------------------------------------------------

export function ecsFromEnv(ctx: Context): ChainSource | string {
  if (ctx.env[ENV.ECS_METADATA_DISABLED]?.toLowerCase() === "true") {
    return `ECS RAM role: ${ENV.ECS_METADATA_DISABLED}=true`;
  }
  return ecsSource(ctx, ctx.env[ENV.ECS_METADATA], `the ECS instance's RAM role`);
}

export function ecsSource(ctx: Context, roleName: string | undefined, label: string): ChainSource {
  const base = metadataBase(ctx.env);
  const fix =
    `On an ECS instance, attach a RAM role to the instance (or name it in ${ENV.ECS_METADATA}); ` +
    `elsewhere set ${ENV.ECS_METADATA_DISABLED}=true and use another source.`;
  return {
    label: roleName ? `${label} ${roleName}` : label,
    fetch: async () => {
      let token: string | undefined;
      try {
        token = await ecsMetadataToken(base);
      } catch (e) {
        if (!(e instanceof NoAnswerError)) throw e;
        // Nothing answers: not an ECS instance. Only a role named on purpose makes that an error.
        if (!roleName)
          throw new SourceAbsent(
            `ECS RAM role: no metadata service answered at ${base.origin} (${e.code})`,
          );
        throw failed(
          `${label} ${roleName}`,
          `no metadata service answered at ${base.origin} (${e.code})`,
          fix,
        );
      }
      try {
        const name = roleName ?? (await ecsRoleName(base, token));
        if (!name)
          throw new SourceAbsent(`ECS RAM role: the instance at ${base.origin} has no RAM role`);
        return await ecsRoleKey(base, name, token);
      } catch (e) {
        if (e instanceof SourceAbsent || !(e instanceof CredentialServiceError)) throw e;
        throw failed(
          roleName ? `${label} ${roleName}` : label,
          `the metadata service at ${base.origin}: ${e.message}`,
          fix,
        );
      }
    },
  };
}

/**
 * The metadata service's fixed address, or the test override: a loopback URL only, so that a
 * stray setting can never send the instance's credentials request to another host.
 */
function metadataBase(env: NodeJS.ProcessEnv): URL {
  const given = env[ENV.TEST_METADATA_URL];
  if (!given) return new URL(ECS_METADATA_URL);
  const url = URL.canParse(given) ? new URL(given) : undefined;
  if (!url || !/^https?:$/.test(url.protocol) || !isLoopbackHost(url.hostname)) {
    throw failed(
      `the ECS metadata override ${ENV.TEST_METADATA_URL}`,
      `${JSON.stringify(given)} is not an http(s) URL on a loopback host`,
      `${ENV.TEST_METADATA_URL} is for tests only and takes a loopback URL such as http://127.0.0.1:<port>; unset it everywhere else.`,
    );
  }
  return new URL(url.origin);
}

// ---- credentials URI -----------------------------------------------------------------------

export function uriFromEnv(ctx: Context): ChainSource | string {
  const given = ctx.env[ENV.CREDENTIALS_URI];
  if (!given) return `credentials URI: ${ENV.CREDENTIALS_URI} is not set`;
  const fix = `Check that the credentials service at ${ENV.CREDENTIALS_URI} runs and answers GET with AccessKeyId, AccessKeySecret, SecurityToken and Expiration.`;
  const label = `the credentials service ${ENV.CREDENTIALS_URI}`;
  if (!URL.canParse(given) || !/^https?:$/.test(new URL(given).protocol)) {
    throw failed(label, `${JSON.stringify(given)} is not an http(s) URL`, fix);
  }
  const uri = new URL(given);
  return {
    label: `${label} (${uri.origin}${uri.pathname})`,
    fetch: async () => {
      try {
        return await uriKey(uri);
      } catch (e) {
        if (!(e instanceof CredentialServiceError)) throw e;
        throw failed(`${label} (${uri.origin}${uri.pathname})`, e.message, fix);
      }
    },
  };
}
