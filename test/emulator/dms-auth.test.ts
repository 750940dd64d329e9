// DMS request authentication: the published DMS signing vectors (vector set C)
// and the official Node SDK's signer accepted by the emulator's own verifier, then each
// rejection: key, signature, tampering, the ±15 minute X-Sdk-Date window, temporary-AK tokens,
// IAM tokens and the project checks.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Dispatcher } from "undici";
import { isCloudApiError, type CloudApiError } from "../../lib/clients/cloud-api-error";
import { DmsClient } from "../../lib/clouds/huawei/dms/client/dms-client";
import type { DmsAuth } from "../../lib/clouds/huawei/dms/client/dms-types";
import { apigAuthorization, apigSdkDate } from "../../lib/clouds/huawei/shared/apig-signer";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import type { DmsEmulatorConfig } from "../../lib/clouds/huawei/dms/emulator/dms-emulator-service";
import { createDispatcher } from "../../lib/http/dispatcher";
import { sdkAuthorization } from "../unit/clients/dms/sdk-oracle";
import { DMS_REQUEST_ID, sendDms, sendRaw, type RawDmsAnswer } from "./dms-signed-request";

// vector set C: common inputs of the DMS-specific vectors.
const VECTOR_KEY = {
  accessKey: "AKEXAMPLE1234567890A",
  secretKey: "SKEXAMPLEsecretkey0123456789abcdefghijklm",
};
const PROJECT = "0123456789abcdef0123456789abcdef";
const QUEUE = "9bf46390-38a2-462d-b392-4d5b2d519c55";
const VECTOR_GROUP = "g-5ec247fd-d4a2-4d4f-9876-e4ff3280c461";
const VECTOR_DATE = "20240102T030405Z";
const VECTOR_TIME = Date.UTC(2024, 0, 2, 3, 4, 5);
const HUAWEI_HOST = "dms.cn-north-4.myhuaweicloud.com";
const GROUPS_PATH = `/v1.0/${PROJECT}/queues/${QUEUE}/groups`;
const KEY = { accessKey: "AK-auth-test", secretKey: "auth-test-secret" };
const TEMP_KEY = { accessKey: "AK-temp", secretKey: "temp-secret", securityToken: "temp-token-1" };
const MINUTE = 60_000;

let clock = Date.now();
let emulator: RunningEmulator;
let dispatcher: Dispatcher;
let dir: string;

beforeEach(async () => {
  clock = Date.now();
  dir = mkdtempSync(path.join(os.tmpdir(), "dms-auth-test-"));
  dispatcher = createDispatcher({ requestTimeoutMs: 5000 });
  emulator = await start();
});
afterEach(async () => {
  await emulator.close();
  await dispatcher.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("published DMS vectors, verified by the emulator's own code", () => {
  beforeEach(() => {
    clock = VECTOR_TIME;
  });

  it("[vector] C1 accepts a create signed content-type;host;x-project-id;x-sdk-date", async () => {
    const res = await vector(
      "POST",
      GROUPS_PATH,
      "content-type;host;x-project-id;x-sdk-date",
      "21df1c5aeee2a189ce01671dd2483289fe80454d92ba1d694eadf3615de71a9f",
      '{"groups":[{"name":"group-aa"}]}',
    );

    expect(res.status).toBe(201);
    expect(emulator.dms.listGroups(PROJECT, QUEUE).map((g) => g.name)).toEqual(["group-aa"]);
  });

  it("[vector] C2 accepts the same create signed only host;x-sdk-date", async () => {
    const res = await vector(
      "POST",
      GROUPS_PATH,
      "host;x-sdk-date",
      "5ecaf0a1975cb4d5861d5958498fa14957d0dc069dd7b4bf5e77a2d9ba966bd9",
      '{"groups":[{"name":"group-aa"}]}',
    );

    expect(res.status).toBe(201);
  });

  it("[vector] C3 accepts a list with include_deadletter=true&include_messages_num=false", async () => {
    const res = await vector(
      "GET",
      `${GROUPS_PATH}?include_deadletter=true&include_messages_num=false`,
      "content-type;host;x-project-id;x-sdk-date",
      "b260cc6f1c227492fc6d721fdd54d1be99bb8161e5d344afa59f8a6fba620c98",
    );

    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      queue_id: QUEUE,
      queue_name: "queue_001",
      redrive_policy: "disable",
      groups: [],
    });
  });

  it("[vector] C4 accepts a delete with a temporary AK and its X-Security-Token", async () => {
    // GIVEN the vector's group, restored from a state file (the only way to fix a group id)
    await emulator.close();
    const statePath = path.join(dir, "state.json");
    writeFileSync(
      statePath,
      JSON.stringify({
        dms: {
          projects: {
            [PROJECT]: {
              queues: [
                {
                  id: QUEUE,
                  name: "queue_001",
                  groups: [{ id: VECTOR_GROUP, name: "group-aa", createdAt: 0 }],
                },
              ],
            },
          },
        },
      }),
    );
    emulator = await start({
      accessKeys: [{ ...VECTOR_KEY, securityToken: "EXAMPLE-SECURITY-TOKEN" }],
      statePath,
    });

    // WHEN the vector request is sent
    const res = await vector(
      "DELETE",
      `${GROUPS_PATH}/${VECTOR_GROUP}`,
      "content-type;host;x-project-id;x-sdk-date;x-security-token",
      "c2caba64b9542859557bb663087926fee2c7c2345fdeb95568db83e7579f39b9",
      undefined,
      { "x-security-token": "EXAMPLE-SECURITY-TOKEN" },
    );

    // THEN the group is gone
    expect(res.status).toBe(204);
    expect(emulator.dms.listGroups(PROJECT, QUEUE)).toEqual([]);
  });

  it("[vector] C5 accepts an OTC list of queues signed host;x-sdk-date", async () => {
    const res = await sendRaw(emulator.url, "GET", `/v1.0/${PROJECT}/queues`, {
      host: "dms.eu-de.otc.t-systems.com",
      "x-sdk-date": VECTOR_DATE,
      authorization:
        "SDK-HMAC-SHA256 Access=AKEXAMPLE1234567890A, SignedHeaders=host;x-sdk-date, " +
        "Signature=1986c425661bd40d17cac19da51f9f7c212cf156a633ac1caea715d98041b0ed",
    });

    expect(res.status).toBe(200);
    expect((res.json as { queues: { id: string }[] }).queues[0]?.id).toBe(QUEUE);
  });

  it("[vector] rejects C1 with one signature digit changed", async () => {
    const res = await vector(
      "POST",
      GROUPS_PATH,
      "content-type;host;x-project-id;x-sdk-date",
      "31df1c5aeee2a189ce01671dd2483289fe80454d92ba1d694eadf3615de71a9f",
      '{"groups":[{"name":"group-aa"}]}',
    );

    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error_code: "APIGW.0301" });
  });
});

describe("official SDK signer (@huaweicloud/huaweicloud-sdk-core AKSKSigner)", () => {
  it("[vector] create, list and delete signed by the SDK and sent with raw undici", async () => {
    const data = { groups: [{ name: "sdk-group" }] };

    const created = await sdkSigned("POST", GROUPS_PATH, {}, data);
    const listed = await sdkSigned("GET", GROUPS_PATH, {
      include_deadletter: "false",
      include_messages_num: "false",
    });
    const id = (created.json as { groups: { id: string }[] }).groups[0]?.id ?? "";
    const deleted = await sdkSigned("DELETE", `${GROUPS_PATH}/${id}`, {});

    expect(created.status).toBe(201);
    expect(listed.json).toMatchObject({ groups: [{ id, name: "sdk-group" }] });
    expect(deleted.status).toBe(204);
    expect(emulator.dms.listGroups(PROJECT, QUEUE)).toEqual([]);
  });

  it("[vector] accepts query values the strict encoding changes (space, !, *, unicode)", async () => {
    const res = await sdkSigned("GET", GROUPS_PATH, { include_deadletter: "x !*()'一" });

    expect(res.status).toBe(200);
  });
});

describe("AK/SK rejections: 401 APIGW.0301 in the gateway shape", () => {
  it("[documented] an unknown AK: 'ak ... not exist' with request_id equal to X-Request-Id", async () => {
    const res = await list({ key: { accessKey: "AK-nobody", secretKey: "x" } });

    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      error_msg: "Incorrect IAM authentication information: ak AK-nobody not exist",
      error_code: "APIGW.0301",
      request_id: res.headers["x-request-id"],
    });
    expect(res.headers["x-request-id"]).toMatch(DMS_REQUEST_ID);
  });

  it("[documented] a wrong SK: 'verify aksk signature fail', AUTH for the client", async () => {
    const error = await failure(client({ kind: "aksk", ...KEY, secretKey: "wrong" }).listQueues());

    expect(error).toMatchObject({ status: 401, cloudCode: "APIGW.0301", kind: "AUTH" });
    expect(error.cloudMessage).toBe(
      "Incorrect IAM authentication information: verify aksk signature fail",
    );
  });

  it.each([
    ["a body changed after signing", { sentBody: '{"groups":[{"name":"other"}]}' }],
    ["a signed header changed", { tamper: (h: Hdrs) => void (h["content-type"] = "text/plain") }],
    ["the Host changed", { tamper: (h: Hdrs) => void (h["host"] = "evil.example") }],
    ["the signature's Access swapped", { tamper: (h: Hdrs) => swapAccess(h) }],
  ])("[vector] rejects %s", async (_what, change) => {
    const res = await sendDms(emulator.url, {
      method: "POST",
      path: GROUPS_PATH,
      body: '{"groups":[{"name":"group-aa"}]}',
      key: KEY,
      at: clock,
      ...change,
    });

    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error_code: "APIGW.0301" });
    expect(emulator.dms.listGroups(PROJECT, QUEUE)).toEqual([]);
  });

  it("[vector] accepts X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD in place of the body hash", async () => {
    const body = '{"groups":[{"name":"unsigned"}]}';
    const res = await sendRaw(
      emulator.url,
      "POST",
      GROUPS_PATH,
      sign("POST", GROUPS_PATH, { "x-sdk-content-sha256": "UNSIGNED-PAYLOAD" }, undefined),
      body,
    );

    expect(res.status).toBe(201);
  });

  it("[vector] accepts a path segment sent percent-encoded (decoded before signing, as Go does)", async () => {
    const encoded = GROUPS_PATH.replace(QUEUE, `%39${QUEUE.slice(1)}`);

    const res = await sendDms(emulator.url, { method: "GET", path: encoded, key: KEY, at: clock });

    expect(res.status).toBe(200);
  });

  it.each([
    ["a malformed Authorization", { authorization: "Bearer abc" }],
    [
      "the older Credential= form",
      { authorization: "SDK-HMAC-SHA256 Credential=a/b, SignedHeaders=x-sdk-date, Signature=00" },
    ],
    ["no X-Sdk-Date", { "x-sdk-date": undefined }],
    ["an X-Sdk-Date that is not YYYYMMDDTHHMMSSZ", { "x-sdk-date": "2024-01-02T03:04:05Z" }],
  ])("[emulator-only] rejects %s with 401 APIGW.0301 (message ours)", async (_what, headers) => {
    const res = await list({ key: KEY, tamper: (h) => Object.assign(h, headers) });

    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error_code: "APIGW.0301" });
  });
});

describe("X-Sdk-Date window (±15 minutes; the code for a stale date is inferred)", () => {
  it.each([
    ["14 minutes behind", -14 * MINUTE, 200],
    ["14 minutes ahead", 14 * MINUTE, 200],
    ["16 minutes behind", -16 * MINUTE, 401],
    ["16 minutes ahead", 16 * MINUTE, 401],
  ])("[documented] a date %s answers %i", async (_what, offset, status) => {
    const res = await list({ key: KEY, at: clock + offset });

    expect(res.status).toBe(status);
    if (status === 401) expect(res.json).toMatchObject({ error_code: "APIGW.0301" });
  });

  it("[documented] the client tells a stale date (CLOCK_SKEW) from a bad key by the Date header", async () => {
    const skewed = new DmsClient({
      endpoint: emulator.url,
      projectId: PROJECT,
      auth: { kind: "aksk", ...KEY },
      dispatcher,
      now: () => clock - 20 * MINUTE,
    });

    const error = await failure(skewed.listQueues());

    expect(error).toMatchObject({ cloudCode: "APIGW.0301", kind: "CLOCK_SKEW" });
    expect(error.serverDate).toBe(new Date(clock).toUTCString());
  });
});

describe("temporary AK/SK (X-Security-Token)", () => {
  it("[documented] accepts the AK with its token, signed", async () => {
    const { queues } = await client({ kind: "aksk", ...TEMP_KEY }).listQueues();

    expect(queues.map((q) => q.name)).toEqual(["queue_001"]);
  });

  it.each([
    ["without the token", undefined],
    ["with another token", "temp-token-2"],
  ])("[emulator-only] rejects the AK %s with 401 APIGW.0301", async (_what, securityToken) => {
    const key = { accessKey: TEMP_KEY.accessKey, secretKey: TEMP_KEY.secretKey };
    const res = await list({ key: securityToken ? { ...key, securityToken } : key });

    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error_code: "APIGW.0301" });
  });
});

describe("IAM token auth", () => {
  it("[documented] accepts a configured X-Auth-Token for create, list and delete", async () => {
    const byToken = client({ kind: "token", token: "iam-token-1" });

    const { groups } = await byToken.createGroups(QUEUE, ["by-token"]);
    const listed = await byToken.listGroups(QUEUE);
    await byToken.deleteGroup(QUEUE, groups[0]?.id ?? "");

    expect(listed.groups).toEqual(groups);
    expect(emulator.dms.listGroups(PROJECT, QUEUE)).toEqual([]);
  });

  it("[documented] rejects an unknown token with 401 DMS.10240101 (AUTH)", async () => {
    const error = await failure(client({ kind: "token", token: "stolen" }).listQueues());

    expect(error).toMatchObject({ status: 401, cloudCode: "DMS.10240101", kind: "AUTH" });
  });

  it("[documented] rejects a request with no credentials at all with 401 DMS.10240103", async () => {
    const res = await list({});

    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error_code: "DMS.10240103" });
  });
});

describe("project checks (the choice of code is the emulator's reading)", () => {
  it("[emulator-only] X-Project-Id differing from the path: 401 DMS.10240104", async () => {
    const res = await list({ key: KEY, projectHeader: "ffffffffffffffffffffffffffffffff" });

    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error_code: "DMS.10240104" });
  });

  it("[emulator-only] a well-formed project that is not emulated: 401 DMS.10240104", async () => {
    const res = await sendDms(emulator.url, {
      method: "GET",
      path: "/v1.0/ffffffffffffffffffffffffffffffff/queues",
      key: KEY,
    });

    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error_code: "DMS.10240104" });
  });

  it("[documented] a malformed project id: 400 DMS.10240005", async () => {
    const res = await sendDms(emulator.url, {
      method: "GET",
      path: "/v1.0/my-project/queues",
      key: KEY,
    });

    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error_code: "DMS.10240005" });
  });

  it("[vector] the Host undici sends is the one the client signs (host:port, unverified in the documentation)", async () => {
    const { queues } = await client({ kind: "aksk", ...KEY }).listQueues();

    expect(queues).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------

type Hdrs = Record<string, string | undefined>;

function start(
  extra: Partial<DmsEmulatorConfig> & { statePath?: string } = {},
): Promise<RunningEmulator> {
  const { statePath, ...dms } = extra;
  return startEmulator({
    now: () => clock,
    ...(statePath ? { statePath } : {}),
    dms: {
      projects: { [PROJECT]: { queues: [{ name: "queue_001", id: QUEUE }] } },
      accessKeys: [KEY, TEMP_KEY, VECTOR_KEY],
      tokens: ["iam-token-1"],
      ...dms,
    },
  });
}

function client(auth: DmsAuth): DmsClient {
  return new DmsClient({
    endpoint: emulator.url,
    projectId: PROJECT,
    auth,
    dispatcher,
    now: () => clock,
  });
}

function list(options: Omit<Parameters<typeof sendDms>[1], "method" | "path">) {
  return sendDms(emulator.url, { method: "GET", path: `/v1.0/${PROJECT}/queues`, ...options });
}

/** A vector set C request exactly as the vector lists it. */
function vector(
  method: string,
  target: string,
  signedHeaders: string,
  signature: string,
  body?: string,
  extra: Record<string, string> = {},
): Promise<RawDmsAnswer> {
  const headers = {
    "content-type": "application/json",
    host: HUAWEI_HOST,
    "x-project-id": PROJECT,
    "x-sdk-date": VECTOR_DATE,
    ...extra,
    authorization: `SDK-HMAC-SHA256 Access=${VECTOR_KEY.accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
  return sendRaw(emulator.url, method, target, headers, body);
}

/** Headers signed by the official SDK (it hashes JSON.stringify(data), which is then sent). */
async function sdkSigned(
  method: string,
  target: string,
  queryParams: Record<string, string>,
  data?: object,
): Promise<RawDmsAnswer> {
  const host = new URL(emulator.url).host;
  const headers: Record<string, string> = {
    "X-Sdk-Date": apigSdkDate(clock),
    "content-type": "application/json",
    "X-Project-Id": PROJECT,
    host,
  };
  const authorization = sdkAuthorization(
    {
      endpoint: `${emulator.url}${target}`,
      method,
      headers,
      queryParams,
      ...(data ? { data } : {}),
    },
    VECTOR_KEY,
  );
  const search = new URLSearchParams(queryParams).toString().replace(/\+/g, "%20");
  return sendRaw(
    emulator.url,
    method,
    search === "" ? target : `${target}?${search}`,
    { ...headers, Authorization: authorization },
    data ? JSON.stringify(data) : undefined,
  );
}

/** Headers for GROUPS_PATH signed with KEY by the client's signer, with extra signed headers. */
function sign(
  method: string,
  target: string,
  extra: Record<string, string>,
  body: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    host: new URL(emulator.url).host,
    "x-project-id": PROJECT,
    "x-sdk-date": apigSdkDate(clock),
    ...extra,
  };
  const authorization = apigAuthorization({
    method,
    path: target,
    headers,
    ...(body === undefined ? {} : { body }),
    ...KEY,
  });
  return { ...headers, authorization };
}

function swapAccess(h: Hdrs): void {
  h["authorization"] = h["authorization"]?.replace(/Access=[^,]+/, `Access=${TEMP_KEY.accessKey}`);
}

async function failure(promise: Promise<unknown>): Promise<CloudApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isCloudApiError(error)) throw new Error(`expected a CloudApiError, got ${String(error)}`);
  return error;
}
