// The hook's Alibaba Cloud credential chain, run as Terraform runs the hook (child process),
// against the emulator's STS, ECS metadata and credentials-URI routes. Each source gets a key,
// the SLS call is signed with it, and no secret, token or OIDC token reaches the output.
//
// | source                                    | calls before the SLS call                      |
// |-------------------------------------------|------------------------------------------------|
// | AccessKey + ALIBABA_CLOUD_ROLE_ARN         | AssumeRole (signed with the AccessKey)         |
// | OIDC (RRSA variables)                      | AssumeRoleWithOIDC                             |
// | CLI profile AK / StsToken / RamRoleArn / OIDC / EcsRamRole | none / none / AssumeRole / …   |
// | credentials file (access_key, ram_role_arn)| none / AssumeRole                              |
// | ECS RAM role                              | metadata token PUT, role name, role key        |
// | ALIBABA_CLOUD_CREDENTIALS_URI             | GET /credentials                               |

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { hookEnv, runHookProcess, type HookRun } from "../support/hook-process";
import {
  LOGSTORE,
  PROJECT,
  SLS_KEY,
  ensurePayload,
  slsEmulatorConfig,
  slsEnv,
} from "../support/sls-fixtures";

const ROLE = "acs:ram::1234567890123456:role/pipeline-deployer";
const PROVIDER = "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1";
const OIDC_TOKEN = "canary-oidc-token-eyJhbGciOi.e30.5c2a";

let emulator: RunningEmulator;
let dir: string;

beforeEach(async () => {
  emulator = await startEmulator({
    sls: slsEmulatorConfig(),
    sts: {
      roles: [{ arn: ROLE, oidc: [{ providerArn: PROVIDER, token: OIDC_TOKEN }] }],
      ecsRoleName: "EcsDeployerRole",
      credentialsUri: true,
    },
  });
  dir = mkdtempSync(path.join(tmpdir(), "cgac-chain-"));
  writeFileSync(path.join(dir, "token"), `${OIDC_TOKEN}\n`);
});
afterEach(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * What every run without an AccessKey sets: a home of its own, STS and metadata at the emulator
 * (the harness turns the metadata probe off; these tests turn it back on, at the emulator).
 */
function roleEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return hookEnv({
    HOME: dir,
    ALIBABA_CLOUD_STS_ENDPOINT: emulator.url,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: "false",
    CGAC_TEST_ALIBABA_METADATA_URL: emulator.url,
    ...extra,
  });
}

function ensure(env: NodeJS.ProcessEnv): Promise<HookRun> {
  return runHookProcess(
    "ensure",
    ensurePayload({ endpoint: emulator.url, name: "orders-reader" }),
    env,
  );
}

function calls(): string[] {
  return emulator.calls().map((c) => `${c.action}:${c.status}`);
}

function created(): boolean {
  return emulator.sls.listGroups(PROJECT, LOGSTORE).some((g) => g.name === "orders-reader");
}

/** No secret the emulator issued, nor the OIDC token, nor the AccessKey secret, in the output. */
function expectNoSecrets(run: HookRun): void {
  const out = run.stdout + run.stderr;
  const secrets = [OIDC_TOKEN, SLS_KEY.accessKeySecret];
  for (const key of emulator.sts.issued) secrets.push(key.accessKeySecret, key.securityToken);
  for (const s of secrets) expect(out).not.toContain(s);
}

function writeCliConfig(profile: Record<string, unknown>, current = "ci"): void {
  mkdirSync(path.join(dir, ".aliyun"), { recursive: true });
  writeFileSync(
    path.join(dir, ".aliyun", "config.json"),
    JSON.stringify({ current, profiles: [{ name: current, ...profile }] }),
  );
}

describe("the default chain, source by source", () => {
  it("an AccessKey with ALIBABA_CLOUD_ROLE_ARN assumes the role: AssumeRole signed with the key", async () => {
    const run = await ensure(roleEnv({ ...slsEnv(), ALIBABA_CLOUD_ROLE_ARN: ROLE }));

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(calls()).toEqual(["AssumeRole:200", "CreateConsumerGroup:200"]);
    expect(created()).toBe(true);
    expectNoSecrets(run);
  });

  it("OIDC (as RRSA sets it): AssumeRoleWithOIDC with the token file's token", async () => {
    const run = await ensure(
      roleEnv({
        ALIBABA_CLOUD_ROLE_ARN: ROLE,
        ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER,
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: path.join(dir, "token"),
      }),
    );

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(calls()).toEqual(["AssumeRoleWithOIDC:200", "CreateConsumerGroup:200"]);
    expectNoSecrets(run);
  });

  it.each([
    [
      "AK",
      {
        mode: "AK",
        access_key_id: SLS_KEY.accessKeyId,
        access_key_secret: SLS_KEY.accessKeySecret,
      },
      [],
    ],
    [
      "RamRoleArn",
      {
        mode: "RamRoleArn",
        access_key_id: SLS_KEY.accessKeyId,
        access_key_secret: SLS_KEY.accessKeySecret,
        ram_role_arn: ROLE,
        ram_session_name: "ci-run",
      },
      ["AssumeRole:200"],
    ],
    [
      "EcsRamRole",
      { mode: "EcsRamRole", ram_role_name: "EcsDeployerRole" },
      ["MetadataToken:200", "MetadataRoleCredentials:200"],
    ],
  ] as const)("the CLI profile in %s mode", async (_mode, profile, before) => {
    writeCliConfig(profile);

    const run = await ensure(roleEnv({}));

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(calls()).toEqual([...before, "CreateConsumerGroup:200"]);
    expectNoSecrets(run);
  });

  it("the CLI profile in OIDC mode, picked by ALIBABA_CLOUD_PROFILE", async () => {
    writeCliConfig(
      {
        mode: "OIDC",
        ram_role_arn: ROLE,
        oidc_provider_arn: PROVIDER,
        oidc_token_file: path.join(dir, "token"),
      },
      "rrsa",
    );

    const run = await ensure(roleEnv({ ALIBABA_CLOUD_PROFILE: "rrsa" }));

    expect(run.stderr).toBe("");
    expect(calls()).toEqual(["AssumeRoleWithOIDC:200", "CreateConsumerGroup:200"]);
    expectNoSecrets(run);
  });

  it("the CLI profile in StsToken mode signs with the profile's token", async () => {
    await emulator.close();
    emulator = await startEmulator({
      sls: {
        ...slsEmulatorConfig(),
        accessKeys: [
          {
            accessKeyId: "STS.profile",
            accessKeySecret: "canary-profile-secret",
            securityToken: "canary-profile-token",
          },
        ],
      },
    });
    writeCliConfig({
      mode: "StsToken",
      access_key_id: "STS.profile",
      access_key_secret: "canary-profile-secret",
      sts_token: "canary-profile-token",
    });

    const run = await ensure(roleEnv({}));

    expect(run.stderr).toBe("");
    expect(calls()).toEqual(["CreateConsumerGroup:200"]);
    expect(run.stdout + run.stderr).not.toContain("canary-profile");
  });

  it("the credentials file: access_key and ram_role_arn profiles, ALIBABA_CLOUD_CREDENTIALS_FILE", async () => {
    const file = path.join(dir, "credentials.ini");
    writeFileSync(
      file,
      `[default]\ntype = access_key\naccess_key_id = ${SLS_KEY.accessKeyId}\naccess_key_secret = ${SLS_KEY.accessKeySecret}\n\n` +
        `[deploy]\ntype = ram_role_arn\naccess_key_id = ${SLS_KEY.accessKeyId}\naccess_key_secret = ${SLS_KEY.accessKeySecret}\nrole_arn = ${ROLE}\nrole_session_name = ci\n`,
    );

    const plain = await ensure(roleEnv({ ALIBABA_CLOUD_CREDENTIALS_FILE: file }));
    expect(plain.stderr).toBe("");
    expect(calls()).toEqual(["CreateConsumerGroup:200"]);

    emulator.resetCalls();
    const role = await ensure(
      roleEnv({ ALIBABA_CLOUD_CREDENTIALS_FILE: file, ALIBABA_CLOUD_PROFILE: "deploy" }),
    );
    expect(role.stderr).toBe("");
    expect(calls()).toEqual([
      "AssumeRole:200",
      "CreateConsumerGroup:400",
      "UpdateConsumerGroup:200",
    ]);
    expectNoSecrets(role);
  });

  it("the ECS instance's RAM role: one session-token PUT, the role's name, then its key", async () => {
    const run = await ensure(roleEnv({}));

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(calls()).toEqual([
      "MetadataToken:200",
      "MetadataRoleCredentials:200",
      "MetadataRoleCredentials:200",
      "CreateConsumerGroup:200",
    ]);
    expectNoSecrets(run);
  });

  it("ALIBABA_CLOUD_CREDENTIALS_URI, after an ECS metadata service that has no role", async () => {
    await emulator.close();
    emulator = await startEmulator({
      sls: slsEmulatorConfig(),
      sts: { roles: [], credentialsUri: true },
    });

    const run = await ensure(
      roleEnv({ ALIBABA_CLOUD_CREDENTIALS_URI: `${emulator.url}/credentials` }),
    );

    expect(run.stderr).toBe("");
    expect(calls()).toEqual([
      "MetadataToken:200",
      "MetadataRoleCredentials:404",
      "CredentialsUri:200",
      "CreateConsumerGroup:200",
    ]);
    expectNoSecrets(run);
  });
});

describe("failures name the source, the reason and the fix, without secrets", () => {
  it("nothing set up: HOOK_MISSING_CREDENTIALS lists every source in the order tried", async () => {
    const run = await ensure(roleEnv({ ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" }));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HOOK_MISSING_CREDENTIALS");
    const order = [
      "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET",
      "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
      "~/.aliyun/config.json",
      "ALIBABA_CLOUD_CREDENTIALS_FILE",
      "ECS instance's RAM role",
      "ALIBABA_CLOUD_CREDENTIALS_URI",
    ].map((s) => run.stderr.lastIndexOf(s));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(calls()).toEqual([]);
  });

  it("only ALIBABA_CLOUD_ROLE_ARN: says which OIDC variables are missing", async () => {
    const run = await ensure(
      roleEnv({ ALIBABA_CLOUD_ROLE_ARN: ROLE, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" }),
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "OIDC: ALIBABA_CLOUD_ROLE_ARN set, but not ALIBABA_CLOUD_OIDC_PROVIDER_ARN or ALIBABA_CLOUD_OIDC_TOKEN_FILE",
    );
  });

  it("a role that does not exist: the role ARN, STS's status and code, and the fix", async () => {
    const missing = "acs:ram::1234567890123456:role/no-such-role";
    const run = await ensure(
      roleEnv({
        ALIBABA_CLOUD_ROLE_ARN: missing,
        ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER,
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: path.join(dir, "token"),
      }),
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HOOK_CREDENTIALS_FAILED");
    expect(run.stderr).toContain(`the OIDC role ${missing}`);
    expect(run.stderr).toContain("answered 404 EntityNotExist.Role");
    expect(run.stderr).toContain(`Check the role ARN ${missing}`);
    expect(calls()).toEqual(["AssumeRoleWithOIDC:404"]);
    expectNoSecrets(run);
  });

  it("a refused OIDC token: the token file's path and the code, never the token", async () => {
    const file = path.join(dir, "stale-token");
    writeFileSync(file, "canary-stale-oidc-token");
    const run = await ensure(
      roleEnv({
        ALIBABA_CLOUD_ROLE_ARN: ROLE,
        ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER,
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: file,
      }),
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("400 AuthenticationFail.OIDCToken.Invalid");
    expect(run.stderr).toContain(file);
    expect(run.stderr).not.toContain("canary-stale-oidc-token");
  });

  it("an unreadable token file: its path and the error code", async () => {
    const file = path.join(dir, "absent-token");
    const run = await ensure(
      roleEnv({
        ALIBABA_CLOUD_ROLE_ARN: ROLE,
        ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER,
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: file,
      }),
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cannot read the OIDC token file ${JSON.stringify(file)}: ENOENT`);
    expect(calls()).toEqual([]);
  });

  it("AssumeRole with a wrong secret: SignatureDoesNotMatch, the string to sign not echoed", async () => {
    const run = await ensure(
      roleEnv({
        ...slsEnv({ ...SLS_KEY, accessKeySecret: "canary-wrong-secret" }),
        ALIBABA_CLOUD_ROLE_ARN: ROLE,
      }),
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("400 SignatureDoesNotMatch");
    expect(run.stderr).toContain("server string to sign is: ***");
    expect(run.stderr).not.toContain("canary-wrong-secret");
  });
});
