// Temporary keys expire, and the emulator enforces it: an expired token is refused by SLS with
// SecurityTokenExpired. The hook's key is fetched once per process and renewed before it
// expires, so a long run keeps signing with a valid one.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { isCloudApiError } from "../../lib/clients/cloud-api-error";
import { SlsClient } from "../../lib/clouds/alibaba/sls/client/sls-client";
import { createDispatcher } from "../../lib/http/dispatcher";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { slsCredentialChain } from "../../lib/clouds/alibaba/sls/sls-credentials";
import { noCloudNetworkEnv } from "../support/no-cloud-network";
import { LOGSTORE, PROJECT, slsEmulatorConfig } from "../support/sls-fixtures";
import { DEFAULT_SLS_CREDENTIAL_SOURCES } from "../../lib/clouds/alibaba/sls/sls-contract";

const ROLE = "acs:ram::1234567890123456:role/pipeline-deployer";
const PROVIDER = "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1";
const OIDC_TOKEN = "canary-oidc-token-renewal";
const LIFETIME_S = 3;

let emulator: RunningEmulator;
let dir: string;
const dispatcher = createDispatcher({ requestTimeoutMs: 5000 });

beforeEach(async () => {
  emulator = await startEmulator({
    sls: slsEmulatorConfig(),
    sts: {
      roles: [{ arn: ROLE, oidc: [{ providerArn: PROVIDER, token: OIDC_TOKEN }] }],
      keyLifetimeSeconds: LIFETIME_S,
    },
  });
  dir = mkdtempSync(path.join(tmpdir(), "cgac-renew-"));
  writeFileSync(path.join(dir, "token"), OIDC_TOKEN);
});
afterEach(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});
afterAll(() => dispatcher.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function client(credentials: ConstructorParameters<typeof SlsClient>[0]["credentials"]) {
  return new SlsClient({ endpoint: emulator.url, project: PROJECT, credentials, dispatcher });
}

it("an expired temporary key is refused with 401 SecurityTokenExpired", async () => {
  const secrets: string[] = [];
  const access = await slsCredentialChain(
    DEFAULT_SLS_CREDENTIAL_SOURCES,
    noCloudNetworkEnv(
      {},
      {
        HOME: dir,
        ALIBABA_CLOUD_ROLE_ARN: ROLE,
        ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER,
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: path.join(dir, "token"),
        ALIBABA_CLOUD_STS_ENDPOINT: emulator.url,
        ALIBABA_CLOUD_ROLE_SESSION_NAME: "expiry-test",
      },
    ),
    "the test",
    (s) => s && secrets.push(s),
  );
  const fixed = await access.current();
  const sls = client(fixed);
  await sls.listConsumerGroups(LOGSTORE);

  await sleep(LIFETIME_S * 1000 + 200);
  const error = await sls.listConsumerGroups(LOGSTORE).catch((e: unknown) => e);

  expect(isCloudApiError(error) && [error.status, error.cloudCode]).toEqual([
    401,
    "SecurityTokenExpired",
  ]);
  // The secret and token were registered for scrubbing, and the error text holds neither.
  expect(secrets).toEqual(
    expect.arrayContaining([OIDC_TOKEN, fixed.accessKeySecret, fixed.securityToken]),
  );
  expect(String((error as Error).message)).not.toContain(fixed.securityToken!);
});

it("the chain renews the key before it expires: one fetch per key lifetime, no failed call", async () => {
  const access = await slsCredentialChain(
    DEFAULT_SLS_CREDENTIAL_SOURCES,
    noCloudNetworkEnv(
      {},
      {
        HOME: dir,
        ALIBABA_CLOUD_ROLE_ARN: ROLE,
        ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER,
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: path.join(dir, "token"),
        ALIBABA_CLOUD_STS_ENDPOINT: emulator.url,
        ALIBABA_CLOUD_ROLE_SESSION_NAME: "renewal-test",
      },
    ),
    "the test",
    () => undefined,
  );
  const sls = client(access.current);

  for (let i = 0; i < 8; i++) {
    await sls.listConsumerGroups(LOGSTORE);
    await sleep(500);
  }

  const calls = emulator.calls().map((c) => `${c.action}:${c.status}`);
  expect(calls.filter((c) => c.startsWith("ListConsumerGroup"))).toEqual(
    Array(8).fill("ListConsumerGroup:200"),
  );
  // 4 s of calls with 3 s keys renewed when less than 1 s is left: two or three fetches.
  const fetches = calls.filter((c) => c === "AssumeRoleWithOIDC:200").length;
  expect(fetches).toBeGreaterThanOrEqual(2);
  expect(fetches).toBeLessThanOrEqual(3);
});

it("one fetch per process: a second resolution with the same environment shares the key", async () => {
  const env = noCloudNetworkEnv(
    {},
    {
      HOME: dir,
      ALIBABA_CLOUD_ROLE_ARN: ROLE,
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER,
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: path.join(dir, "token"),
      ALIBABA_CLOUD_STS_ENDPOINT: emulator.url,
      ALIBABA_CLOUD_ROLE_SESSION_NAME: "shared-test",
    },
  );
  const a = await slsCredentialChain(
    DEFAULT_SLS_CREDENTIAL_SOURCES,
    env,
    "the test",
    () => undefined,
  );
  const b = await slsCredentialChain(
    DEFAULT_SLS_CREDENTIAL_SOURCES,
    env,
    "the test",
    () => undefined,
  );

  expect(await a.current()).toBe(await b.current());
  expect(emulator.calls().map((c) => c.action)).toEqual(["AssumeRoleWithOIDC"]);
});
