// The role chain's files: the aliyun CLI's profile (~/.aliyun/config.json) and the credentials
// file (credentials.ini), each in the modes the official package reads.

import { readFileSync } from "node:fs";
import * as path from "node:path";
import { DEFAULT_SESSION_SECONDS } from "./sts-client";
import { ENV, failed, sessionName, type ChainSource, type Context } from "./alibaba-chain-common";
import { ecsSource } from "./alibaba-instance-sources";
import { assumeRoleSource, oidcSource } from "./alibaba-sts-sources";

// ---- CLI profile ---------------------------------------------------------------------------

type Profile = Record<string, unknown>;

export function cliProfile(ctx: Context): ChainSource | string {
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

export function credentialsFile(ctx: Context): ChainSource | string {
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
