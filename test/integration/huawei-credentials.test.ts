// The hook's Huawei Cloud credential chain for DMS, run as Terraform runs the hook (child
// process), against the emulator's IAM federation and ECS metadata routes. Each source gets a
// temporary AK/SK with its security token, the DMS call is signed with it, and no secret,
// security token or id token reaches the output.
//
// | source                                         | calls before the DMS call                |
// |------------------------------------------------|------------------------------------------|
// | HUAWEICLOUD_SDK_IDP_ID + _ID_TOKEN_FILE        | unscoped token by id token, securitytokens |
// | the ECS instance's agency (metadata service)   | metadata token PUT, securitykey          |

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import type { HuaweiIdentityEmulatorConfig } from "../../lib/clouds/huawei/shared/emulator/huawei-identity-emulator";
import {
  BILLING_QUEUE_ID,
  DMS_KEY,
  DMS_PROJECT,
  dmsEmulatorConfig,
  dmsEnsurePayload,
} from "../support/dms-fixtures";
import { hookEnv, runHookProcess, type HookRun } from "../support/hook-process";

const IDP = "github-actions";
const ID_TOKEN = "canary-huawei-id-token-eyJraWQiOi.e30.9a1f";

let emulator: RunningEmulator;
let dir: string;

async function start(huawei: HuaweiIdentityEmulatorConfig): Promise<void> {
  await emulator?.close();
  emulator = await startEmulator({ dms: dmsEmulatorConfig(), huawei });
}
beforeEach(async () => {
  await start({ identityProviders: [{ id: IDP, idToken: ID_TOKEN }], ecsAgency: true });
  dir = mkdtempSync(path.join(tmpdir(), "cgac-huawei-"));
  writeFileSync(path.join(dir, "id-token"), `${ID_TOKEN}\n`);
});
afterEach(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

/** IAM and the metadata service at the emulator; the metadata probe on only when asked. */
function huaweiEnv(extra: Record<string, string>, metadata = false): NodeJS.ProcessEnv {
  return hookEnv({
    HUAWEICLOUD_SDK_IAM_ENDPOINT: emulator.url,
    ...(metadata ? { CGAC_TEST_HUAWEI_METADATA_URL: emulator.url } : {}),
    ...extra,
  });
}

function federationEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return huaweiEnv({
    HUAWEICLOUD_SDK_IDP_ID: IDP,
    HUAWEICLOUD_SDK_ID_TOKEN_FILE: path.join(dir, "id-token"),
    ...extra,
  });
}

function ensure(env: NodeJS.ProcessEnv, name = "billing-workers"): Promise<HookRun> {
  return runHookProcess(
    "ensure",
    dmsEnsurePayload({ endpoint: emulator.url, name, queue: { id: BILLING_QUEUE_ID } }),
    env,
  );
}

const calls = () => emulator.calls().map((c) => `${c.action}:${c.status}`);
const groups = () => emulator.dms.listGroups(DMS_PROJECT, BILLING_QUEUE_ID).map((g) => g.name);

function expectNoSecrets(run: HookRun): void {
  const out = run.stdout + run.stderr;
  const secrets: string[] = [ID_TOKEN, DMS_KEY.secretKey];
  for (const key of emulator.huawei.issued) secrets.push(key.secretKey, key.securityToken);
  expect(secrets.filter((s) => out.includes(s))).toEqual([]);
}

describe("Huawei Cloud's sources for DMS, source by source", () => {
  it("identity-provider federation: the id token for an unscoped token, then a temporary key", async () => {
    const run = await ensure(federationEnv());

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(calls().slice(0, 2)).toEqual([
      "CreateUnscopedTokenWithIdToken:201",
      "CreateTemporaryAccessKeyByToken:201",
    ]);
    expect(calls()).toContain("CreateConsumerGroups:201");
    expect(groups()).toEqual(["billing-workers"]);
    expect(emulator.huawei.issued).toHaveLength(1);
    expectNoSecrets(run);
  });

  it("the ECS instance's agency: one session-token PUT, then the security key", async () => {
    const run = await ensure(huaweiEnv({}, true));

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(calls().slice(0, 2)).toEqual([
      "HuaweiMetadataToken:200",
      "HuaweiMetadataSecurityKey:200",
    ]);
    expect(groups()).toEqual(["billing-workers"]);
    expectNoSecrets(run);
  });

  it("the payload's AK/SK variables come first: no federation call when they are set", async () => {
    const run = await ensure(
      federationEnv({ HW_ACCESS_KEY: DMS_KEY.accessKey, HW_SECRET_KEY: DMS_KEY.secretKey }),
    );

    expect(run.code).toBe(0);
    expect(calls().filter((c) => !c.startsWith("ListQueues") && !/ConsumerGroup/.test(c))).toEqual(
      [],
    );
  });

  it("an expired temporary key is refused by the gateway", async () => {
    await start({ identityProviders: [{ id: IDP, idToken: ID_TOKEN }], keyLifetimeSeconds: 1 });
    const first = await ensure(federationEnv());
    expect(first.code).toBe(0);
    const [key] = emulator.huawei.issued;
    await new Promise((r) => setTimeout(r, 1200));

    // The same key, straight through the DMS client: the hook itself would fetch a new one.
    const { DmsClient } = await import("../../lib/clouds/huawei/dms/client/dms-client");
    const { createDispatcher } = await import("../../lib/http/dispatcher");
    const dispatcher = createDispatcher({ requestTimeoutMs: 5000 });
    try {
      const client = new DmsClient({
        endpoint: emulator.url,
        projectId: DMS_PROJECT,
        auth: { kind: "aksk", ...key! },
        dispatcher,
      });
      const error = (await client.listQueues().catch((e: unknown) => e)) as {
        status?: number;
        cloudCode?: string;
        message: string;
      };
      expect([error.status, error.cloudCode]).toEqual([401, "APIGW.0301"]);
      expect(error.message).toContain("the security token has expired");
    } finally {
      await dispatcher.close();
    }
  });
});

describe("failures name the source, the reason and the fix, without secrets", () => {
  it("nothing set up: HOOK_MISSING_CREDENTIALS lists the sources in order, the metadata service skipped", async () => {
    const run = await ensure(hookEnv({}));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HOOK_MISSING_CREDENTIALS");
    const order = [
      "HW_ACCESS_KEY and HW_SECRET_KEY",
      "HUAWEICLOUD_SDK_IDP_ID and HUAWEICLOUD_SDK_ID_TOKEN_FILE",
      "the ECS instance's agency",
    ].map((s) => run.stderr.lastIndexOf(s));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(run.stderr).toContain("ECS agency: no metadata service answered at http://127.0.0.1:9");
    expect(calls()).toEqual([]);
  });

  it("an instance without an agency is no source: the metadata service's 401 is passed over", async () => {
    await start({ identityProviders: [] });
    const run = await ensure(huaweiEnv({}, true));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HOOK_MISSING_CREDENTIALS");
    expect(run.stderr).toContain(
      `ECS agency: the metadata service at ${new URL(emulator.url).origin}: the instance has no agency`,
    );
  });

  it("another cloud's metadata service at the address (404 everywhere) is no source either", async () => {
    const asked: string[] = [];
    const other = createServer((req, res) => {
      asked.push(`${req.method} ${req.url}`);
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const run = await ensure(hookEnv({ CGAC_TEST_HUAWEI_METADATA_URL: url }));

      expect(run.code).toBe(1);
      expect(run.stderr).toContain("HOOK_MISSING_CREDENTIALS");
      expect(run.stderr).toContain("not a Huawei Cloud ECS instance");
      expect(asked).toEqual([
        "PUT /meta-data/latest/api/token",
        "GET /openstack/latest/securitykey",
      ]);
    } finally {
      await new Promise((r) => other.close(r));
    }
  });

  it("only HUAWEICLOUD_SDK_IDP_ID: says which variable is missing", async () => {
    const run = await ensure(huaweiEnv({ HUAWEICLOUD_SDK_IDP_ID: IDP }));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "identity-provider federation: HUAWEICLOUD_SDK_IDP_ID set, but not HUAWEICLOUD_SDK_ID_TOKEN_FILE",
    );
  });

  it("a refused id token: the provider, the token file, IAM's status, never the token", async () => {
    const file = path.join(dir, "stale");
    writeFileSync(file, "canary-stale-huawei-id-token");
    const run = await ensure(federationEnv({ HUAWEICLOUD_SDK_ID_TOKEN_FILE: file }));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HOOK_CREDENTIALS_FAILED");
    expect(run.stderr).toContain(`the identity provider ${IDP}`);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toContain("answered 401 401");
    expect(run.stderr).toContain("IAM refused the id token");
    expect(run.stderr).not.toContain("canary-stale-huawei-id-token");
    expect(calls()).toEqual(["CreateUnscopedTokenWithIdToken:401"]);
  });

  it("an unknown identity provider: 404 and the variable to check", async () => {
    const run = await ensure(federationEnv({ HUAWEICLOUD_SDK_IDP_ID: "no-such-idp" }));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("answered 404");
    expect(run.stderr).toContain("Check HUAWEICLOUD_SDK_IDP_ID (no-such-idp)");
    expectNoSecrets(run);
  });

  it("an unreadable id token file: its path and the error code", async () => {
    const file = path.join(dir, "absent");
    const run = await ensure(federationEnv({ HUAWEICLOUD_SDK_ID_TOKEN_FILE: file }));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cannot read the id token file ${JSON.stringify(file)}: ENOENT`);
    expect(calls()).toEqual([]);
  });

  it("a metadata override that is not loopback is refused before any request", async () => {
    const run = await ensure(hookEnv({ CGAC_TEST_HUAWEI_METADATA_URL: "http://169.254.169.254" }));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HOOK_CREDENTIALS_FAILED");
    expect(run.stderr).toContain("CGAC_TEST_HUAWEI_METADATA_URL is for tests only");
  });
});
