// The Alibaba Cloud default credential chain after the AccessKey variables, in the order and
// with the variable names of the official credentials package (@alicloud/credentials 2.4):
//   OIDC (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE)
//   → the CLI profile (~/.aliyun/config.json, ALIBABA_CLOUD_PROFILE)
//   → the credentials file (ALIBABA_CLOUD_CREDENTIALS_FILE, default ~/.alibabacloud/credentials)
//   → the ECS instance's RAM role (metadata service; ALIBABA_CLOUD_ECS_METADATA names the role,
//     ALIBABA_CLOUD_ECS_METADATA_DISABLED=true skips it)
//   → ALIBABA_CLOUD_CREDENTIALS_URI.
// Loaded only when no AccessKey variable is set. Unlike the package, a source that is set up
// (its variables set, its file present) and fails stops the chain with its own error, rather
// than falling through to the next: a pipeline's role must not be silently replaced.

import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";
import { CredentialServiceError, NoAnswerError } from "../../clients/credentials/exchange";
import { uriKey } from "../../clients/credentials/credentials-uri";
import {
  ECS_METADATA_URL,
  ecsMetadataToken,
  ecsRoleKey,
  ecsRoleName,
} from "../../clients/credentials/ecs-metadata";
import {
  DEFAULT_SESSION_SECONDS,
  StsError,
  assumeRole,
  assumeRoleWithOidc,
  type StsCaller,
} from "../../clients/credentials/sts";
import { isLoopbackHost } from "../../contract/rules";
import { HookError, HookErrorCode } from "../../hook/errors";

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

interface Context {
  readonly env: NodeJS.ProcessEnv;
  /** Told every secret a source reads (an OIDC token), so no output shows it. */
  readonly secret: (value: string) => void;
  readonly home: string;
}

/**
 * The chain's sources in order, each looked at only when the ones before it were not set up:
 * a ChainSource for one that is, or why it is not (for the missing-credentials message).
 */
export function* roleSources(
  env: NodeJS.ProcessEnv,
  secret: (value: string) => void,
): Generator<ChainSource | string> {
  const ctx: Context = { env, secret, home: env["HOME"] || homedir() };
  for (const step of [oidcFromEnv, cliProfile, credentialsFile, ecsFromEnv, uriFromEnv]) {
    yield step(ctx);
  }
}

// ---- OIDC ----------------------------------------------------------------------------------

function oidcFromEnv(ctx: Context): ChainSource | string {
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

interface StsPlace {
  readonly region?: string | undefined;
  readonly vpc?: boolean | undefined;
  readonly host?: string | undefined;
}

function oidcSource(
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

function sessionName(env: NodeJS.ProcessEnv): string {
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

// ---- CLI profile ---------------------------------------------------------------------------

type Profile = Record<string, unknown>;

function cliProfile(ctx: Context): ChainSource | string {
  const { env } = ctx;
  if (env[ENV.CLI_PROFILE_DISABLED]?.toLowerCase() === "true") {
    return `CLI profile: ${ENV.CLI_PROFILE_DISABLED}=true`;
  }
  const file = path.join(ctx.home, ".aliyun", "config.json");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return `CLI profile: no ${file}`;
  }
  const fix = `Fix ${file} (aliyun configure), pick another profile with ${ENV.PROFILE}, or set ${ENV.CLI_PROFILE_DISABLED}=true to skip it.`;
  let conf: { current?: unknown; profiles?: unknown };
  try {
    conf = JSON.parse(text) as typeof conf;
  } catch {
    throw failed(`the CLI profile file ${file}`, "it is not valid JSON", fix);
  }
  const name = env[ENV.PROFILE] || (typeof conf.current === "string" ? conf.current : "default");
  const profiles = Array.isArray(conf.profiles) ? (conf.profiles as Profile[]) : [];
  const p = profiles.find((x) => x?.["name"] === name);
  const label = `the CLI profile "${name}" in ${file}`;
  if (!p) throw failed(label, "no profile has that name", fix);
  const str = (k: string) => (typeof p[k] === "string" && p[k] ? (p[k] as string) : undefined);
  const num = (k: string) => (typeof p[k] === "number" && p[k] ? (p[k] as number) : undefined);
  const need = (...keys: string[]) => {
    const missing = keys.filter((k) => !str(k));
    if (missing.length)
      throw failed(label, `mode ${String(p["mode"])} needs ${missing.join(", ")}`, fix);
  };
  const sts = {
    region: str("sts_region"),
    vpc: p["enable_vpc"] === true,
    host: str("sts_endpoint"),
  };
  switch (p["mode"]) {
    case "AK":
      need("access_key_id", "access_key_secret");
      return staticSource(label, str("access_key_id")!, str("access_key_secret")!);
    case "StsToken":
      need("access_key_id", "access_key_secret", "sts_token");
      return staticSource(
        label,
        str("access_key_id")!,
        str("access_key_secret")!,
        str("sts_token"),
      );
    case "RamRoleArn":
      need("access_key_id", "access_key_secret", "ram_role_arn");
      return assumeRoleSource(
        env,
        async () => ({
          accessKeyId: str("access_key_id")!,
          accessKeySecret: str("access_key_secret")!,
        }),
        {
          roleArn: str("ram_role_arn")!,
          sessionName: str("ram_session_name"),
          durationSeconds: num("expired_seconds"),
          label: `${label} (role ${str("ram_role_arn")})`,
          sts,
        },
      );
    case "EcsRamRole":
      return ecsSource(ctx, str("ram_role_name"), `${label} (ECS RAM role)`);
    case "OIDC":
      need("oidc_token_file", "oidc_provider_arn", "ram_role_arn");
      return oidcSource(ctx, {
        roleArn: str("ram_role_arn")!,
        oidcProviderArn: str("oidc_provider_arn")!,
        tokenFile: str("oidc_token_file")!,
        sessionName: str("ram_session_name") || sessionName(env),
        durationSeconds:
          num("duration_seconds") || num("expired_seconds") || DEFAULT_SESSION_SECONDS,
        label: `${label} (OIDC role ${str("ram_role_arn")}, token file ${str("oidc_token_file")})`,
        sts,
      });
    default:
      throw failed(
        label,
        `mode ${JSON.stringify(p["mode"])} is not supported here (AK, StsToken, RamRoleArn, EcsRamRole and OIDC are)`,
        fix,
      );
  }
}

function staticSource(label: string, id: string, secret: string, token?: string): ChainSource {
  const key = {
    accessKeyId: id,
    accessKeySecret: secret,
    ...(token ? { securityToken: token } : {}),
  };
  return { label, fetch: () => Promise.resolve(key) };
}

// ---- credentials.ini -----------------------------------------------------------------------

function credentialsFile(ctx: Context): ChainSource | string {
  const { env } = ctx;
  const given = env[ENV.CREDENTIALS_FILE];
  const file = given || path.join(ctx.home, ".alibabacloud", "credentials");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    if (!given) return `credentials file: no ${file}`;
    throw failed(
      `the credentials file ${file} (${ENV.CREDENTIALS_FILE})`,
      `cannot read it: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      `Set ${ENV.CREDENTIALS_FILE} to a readable file, or unset it.`,
    );
  }
  const name = env[ENV.PROFILE] || "default";
  const section = parseIni(text)[name];
  const label = `the profile [${name}] of the credentials file ${file}`;
  const fix = `Fix ${file}: the section needs type = access_key, ecs_ram_role or ram_role_arn and its keys.`;
  if (!section) {
    // As the package does: a file without the profile is no source.
    return `credentials file: ${file} has no [${name}]`;
  }
  const need = (...keys: string[]) => {
    const missing = keys.filter((k) => !section[k]);
    if (missing.length)
      throw failed(label, `type ${section["type"]} needs ${missing.join(", ")}`, fix);
  };
  switch (section["type"]) {
    case "access_key":
      need("access_key_id", "access_key_secret");
      return staticSource(label, section["access_key_id"]!, section["access_key_secret"]!);
    case "ecs_ram_role":
      return ecsSource(ctx, section["role_name"], `${label} (ECS RAM role)`);
    case "ram_role_arn":
      need("access_key_id", "access_key_secret", "role_arn");
      return assumeRoleSource(
        env,
        async () => ({
          accessKeyId: section["access_key_id"]!,
          accessKeySecret: section["access_key_secret"]!,
        }),
        {
          roleArn: section["role_arn"]!,
          sessionName: section["role_session_name"],
          label: `${label} (role ${section["role_arn"]})`,
        },
      );
    default:
      throw failed(
        label,
        `type ${JSON.stringify(section["type"] ?? "")} is not access_key, ecs_ram_role or ram_role_arn`,
        fix,
      );
  }
}

/** Sections of key = value lines; ; and # start comments. Enough for the credentials file. */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith(";") || line.startsWith("#")) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = out[section[1]!.trim()] ??= {};
      continue;
    }
    const eq = line.indexOf("=");
    if (eq > 0 && current) {
      current[line.slice(0, eq).trim()] = line
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, "$1");
    }
  }
  return out;
}

// ---- ECS RAM role --------------------------------------------------------------------------

function ecsFromEnv(ctx: Context): ChainSource | string {
  if (ctx.env[ENV.ECS_METADATA_DISABLED]?.toLowerCase() === "true") {
    return `ECS RAM role: ${ENV.ECS_METADATA_DISABLED}=true`;
  }
  return ecsSource(ctx, ctx.env[ENV.ECS_METADATA], `the ECS instance's RAM role`);
}

function ecsSource(ctx: Context, roleName: string | undefined, label: string): ChainSource {
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

function uriFromEnv(ctx: Context): ChainSource | string {
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

// ---- errors --------------------------------------------------------------------------------

function failed(label: string, why: string, fix: string): HookError {
  return new HookError(HookErrorCode.CREDENTIALS_FAILED, `credentials from ${label}: ${why}`, fix);
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
