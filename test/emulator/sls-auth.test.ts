// Request authentication: the published signing vectors accepted by the emulator's own verifier,
// and each header check of the SLS API documentation in its order.

import { request } from "undici";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { REQUEST_ID, sendSigned, type RawSlsRequest } from "./signed-request";

const KEY = { accessKeyId: "LTAI-auth-test", accessKeySecret: "auth-test-secret" };
const STS = {
  accessKeyId: "STS.auth-test",
  accessKeySecret: "sts-secret",
  securityToken: "CAIS-token-1",
};
// the SLS API documentation (A): the official doc key pair, used by vectors (C)-(F).
const DOC_KEY = {
  accessKeyId: "bq2sjzesjmo86kq35behupbq",
  accessKeySecret: "4fdO2fTDDnZPU/L7CHNdemB2Nsk=",
};

let clock = Date.now();
let emulator: RunningEmulator;

beforeEach(async () => {
  clock = Date.now();
  emulator = await startEmulator({
    now: () => clock,
    sls: {
      accessKeys: [KEY, STS],
      projects: {
        "shop-prod": { logstores: ["orders"] },
        "my-project": { logstores: ["my-logstore"] },
      },
    },
  });
});
afterEach(async () => {
  await emulator.close();
});

describe("published signature vectors, verified by the emulator's own code", () => {
  it("[vector] (C) accepts CreateConsumerGroup signed VSmodkAUQEdsRTSSTf2eJExiSyE=", async () => {
    await useKeys([DOC_KEY]);
    clock = Date.parse("Fri, 04 May 2018 08:02:22 GMT");

    const res = await raw(
      "POST",
      "/logstores/my-logstore/consumergroups",
      {
        "content-type": "application/json",
        "content-md5": "E6D9EBD7C2EAB2C77649AD08C4C7BDB5",
        date: "Fri, 04 May 2018 08:02:22 GMT",
        "x-log-apiversion": "0.6.0",
        "x-log-bodyrawsize": "63",
        "x-log-signaturemethod": "hmac-sha1",
        authorization: "LOG bq2sjzesjmo86kq35behupbq:VSmodkAUQEdsRTSSTf2eJExiSyE=",
      },
      '{"consumerGroup":"consumer-group-1","timeout":300,"order":true}',
    );

    expect(res.status).toBe(200);
    expect(emulator.sls.listGroups("my-project", "my-logstore")).toEqual([
      { name: "consumer-group-1", timeout: 300, order: true },
    ]);
  });

  it("[vector] (D) accepts ListConsumerGroup signed Fe3cG0PSHoE0MPBbKfZSH9lwVh4=", async () => {
    await useKeys([DOC_KEY]);
    clock = Date.parse("Fri, 04 May 2018 08:47:30 GMT");

    const res = await raw("GET", "/logstores/my-logstore/consumergroups", {
      date: "Fri, 04 May 2018 08:47:30 GMT",
      "x-log-apiversion": "0.6.0",
      "x-log-bodyrawsize": "0",
      "x-log-signaturemethod": "hmac-sha1",
      authorization: "LOG bq2sjzesjmo86kq35behupbq:Fe3cG0PSHoE0MPBbKfZSH9lwVh4=",
    });

    expect(res.status).toBe(200);
  });

  it("[vector] (E) accepts DeleteConsumerGroup signed 67JwN90ilzYECsSfypIcO7JOfR8=", async () => {
    await useKeys([DOC_KEY]);
    emulator.sls.createGroup("my-project", "my-logstore", {
      name: "consumer-group-1",
      timeout: 60,
      order: false,
    });
    clock = Date.parse("Fri, 04 May 2018 08:02:22 GMT");

    const res = await raw("DELETE", "/logstores/my-logstore/consumergroups/consumer-group-1", {
      date: "Fri, 04 May 2018 08:02:22 GMT",
      "x-log-apiversion": "0.6.0",
      "x-log-bodyrawsize": "0",
      "x-log-signaturemethod": "hmac-sha1",
      authorization: "LOG bq2sjzesjmo86kq35behupbq:67JwN90ilzYECsSfypIcO7JOfR8=",
    });

    expect(res.status).toBe(200);
    expect(emulator.sls.listGroups("my-project", "my-logstore")).toEqual([]);
  });

  it("[vector] (F) accepts UpdateConsumerGroup with an STS token signed f/PVMbeMujTqscAp/Zj9JISQxiM=", async () => {
    await useKeys([{ ...DOC_KEY, securityToken: "CAIS-example-token" }]);
    emulator.sls.createGroup("my-project", "my-logstore", {
      name: "consumer-group-1",
      timeout: 60,
      order: true,
    });
    clock = Date.parse("Fri, 04 May 2018 08:02:22 GMT");

    const res = await raw(
      "PUT",
      "/logstores/my-logstore/consumergroups/consumer-group-1",
      {
        "content-type": "application/json",
        "content-md5": "61E6AABA775AB45C38D435729D2262E8",
        date: "Fri, 04 May 2018 08:02:22 GMT",
        "x-acs-security-token": "CAIS-example-token",
        "x-log-apiversion": "0.6.0",
        "x-log-bodyrawsize": "29",
        "x-log-signaturemethod": "hmac-sha1",
        authorization: "LOG bq2sjzesjmo86kq35behupbq:f/PVMbeMujTqscAp/Zj9JISQxiM=",
      },
      '{"order":false,"timeout":100}',
    );

    expect(res.status).toBe(200);
    expect(emulator.sls.listGroups("my-project", "my-logstore")).toEqual([
      { name: "consumer-group-1", timeout: 100, order: false },
    ]);
  });

  it("[vector] (C) rejects the same request with one signature character changed: 401 SignatureNotMatch", async () => {
    await useKeys([DOC_KEY]);
    clock = Date.parse("Fri, 04 May 2018 08:47:30 GMT");

    const res = await raw("GET", "/logstores/my-logstore/consumergroups", {
      date: "Fri, 04 May 2018 08:47:30 GMT",
      "x-log-apiversion": "0.6.0",
      "x-log-bodyrawsize": "0",
      "x-log-signaturemethod": "hmac-sha1",
      authorization: "LOG bq2sjzesjmo86kq35behupbq:Fe3cG0PSHoE0MPBbKfZSH9lwVh4X",
    });

    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      errorCode: "SignatureNotMatch",
      errorMessage: "signature Fe3cG0PSHoE0MPBbKfZSH9lwVh4X not match",
    });
  });
});

describe("authentication errors", () => {
  it("[documented] rejects an unknown AccessKey id with 401 Unauthorized", async () => {
    const res = await list({ key: { accessKeyId: "LTAI-nobody", accessKeySecret: "x" } });

    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      errorCode: "Unauthorized",
      errorMessage: "AccessKeyId not found: LTAI-nobody",
    });
  });

  it("[documented] rejects a wrong secret with 401 SignatureNotMatch", async () => {
    const res = await list({ key: { ...KEY, accessKeySecret: "not-the-secret" } });

    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ errorCode: "SignatureNotMatch" });
    expect((res.json as { errorMessage: string }).errorMessage).toMatch(
      /^signature \S+ not match$/,
    );
  });

  it("[documented] rejects a request whose signed header was changed after signing", async () => {
    const res = await list({ tamper: (h) => void (h["x-log-bodyrawsize"] = "1") });

    expect(res.json).toMatchObject({ errorCode: "SignatureNotMatch" });
  });

  it("[documented] rejects a missing Authorization with 400 MissAccessKeyId", async () => {
    const res = await list({ tamper: (h) => void delete h["authorization"] });

    expect([res.status, (res.json as { errorCode: string }).errorCode]).toEqual([
      400,
      "MissAccessKeyId",
    ]);
  });

  it("[documented] accepts an STS key only with its security token, signed", async () => {
    const res = await list({ key: STS });

    expect(res.status).toBe(200);
  });

  it("[documented] rejects an STS key without x-acs-security-token with 401 Unauthorized", async () => {
    const res = await list({
      key: { accessKeyId: STS.accessKeyId, accessKeySecret: STS.accessKeySecret },
    });

    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      errorCode: "Unauthorized",
      errorMessage: "The security token you provided is invalid",
    });
  });

  it("[documented] rejects an STS key with another token with 401 Unauthorized", async () => {
    const res = await list({ key: { ...STS, securityToken: "CAIS-other" } });

    expect([res.status, (res.json as { errorCode: string }).errorCode]).toEqual([
      401,
      "Unauthorized",
    ]);
  });

  it("[documented] rejects an unsigned security token (added after signing) with SignatureNotMatch", async () => {
    const res = await list({
      key: { accessKeyId: STS.accessKeyId, accessKeySecret: STS.accessKeySecret },
      tamper: (h) => void (h["x-acs-security-token"] = STS.securityToken),
    });

    expect(res.json).toMatchObject({ errorCode: "SignatureNotMatch" });
  });

  it("[documented] accepts x-log-signaturemethod hmac-sha256 with an HMAC-SHA256 signature (TEA SDK)", async () => {
    const sha256 = await list({
      extraHeaders: { "x-log-signaturemethod": "hmac-sha256" },
      algorithm: "sha256",
    });
    const mixed = await list({ extraHeaders: { "x-log-signaturemethod": "hmac-sha256" } });

    expect(sha256.status).toBe(200);
    expect(mixed.json).toMatchObject({ errorCode: "SignatureNotMatch" }); // SHA1 signature, SHA256 declared
  });
});

describe("header checks", () => {
  it("[documented] accepts a Date 14 minutes off and rejects 16 minutes with 400 RequestTimeTooSkewed", async () => {
    const at = (ms: number) => new Date(clock + ms).toUTCString();

    const early = await list({ date: at(-14 * 60_000) });
    const late = await list({ date: at(14 * 60_000) });
    const tooEarly = await list({ date: at(-16 * 60_000) });
    const tooLate = await list({ date: at(16 * 60_000) });

    expect([early.status, late.status]).toEqual([200, 200]);
    for (const res of [tooEarly, tooLate]) {
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ errorCode: "RequestTimeTooSkewed" });
    }
  });

  it("[documented] checks skew and signature against x-log-date when present", async () => {
    const stale = "Mon, 01 Jan 2001 00:00:00 GMT";

    const res = await list({
      date: stale,
      extraHeaders: { "x-log-date": new Date(clock).toUTCString() },
    });

    expect(res.status).toBe(200);
  });

  it("[documented] rejects a missing Date with 400 MissingDate and a bad one with InvalidDateFormat", async () => {
    const missing = await list({ tamper: (h) => void delete h["date"] });
    const bad = await list({ date: "yesterday" });

    expect(missing.json).toMatchObject({ errorCode: "MissingDate" });
    expect(bad.json).toMatchObject({ errorCode: "InvalidDateFormat" });
    expect([missing.status, bad.status]).toEqual([400, 400]);
  });

  it("[documented] rejects a missing or other x-log-apiversion", async () => {
    const missing = await list({ tamper: (h) => void delete h["x-log-apiversion"] });
    const other = await list({ extraHeaders: { "x-log-apiversion": "0.5.0" } });

    expect(missing.json).toMatchObject({ errorCode: "MissingAPIVersion" });
    expect(other.json).toMatchObject({ errorCode: "InvalidAPIVersion" });
  });

  it("[documented] rejects a missing or unknown x-log-signaturemethod", async () => {
    const missing = await list({ tamper: (h) => void delete h["x-log-signaturemethod"] });
    const other = await list({ extraHeaders: { "x-log-signaturemethod": "md5" } });

    expect(missing.json).toMatchObject({ errorCode: "MissingSignatureMethod" });
    expect(other.json).toMatchObject({ errorCode: "InvalidSignatureMethod" });
  });

  it("[documented] rejects a non-numeric x-log-bodyrawsize with 400 InvalidBodyRawSize", async () => {
    const res = await list({ extraHeaders: { "x-log-bodyrawsize": "lots" } });

    expect(res.json).toMatchObject({ errorCode: "InvalidBodyRawSize" });
  });

  it("[emulator-only] rejects a body changed after signing (Content-MD5 mismatch) with 400 ContentMD5NotMatch", async () => {
    const res = await sendSigned(emulator.url, {
      method: "POST",
      path: "/logstores/orders/consumergroups",
      body: '{"consumerGroup":"g1","timeout":60,"order":false}',
      sentBody: '{"consumerGroup":"g1","timeout":99,"order":false}',
      key: KEY,
    });

    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ errorCode: "ContentMD5NotMatch" });
    expect(res.headers["x-log-requestid"]).toMatch(REQUEST_ID);
    expect(emulator.sls.listGroups("shop-prod", "orders")).toEqual([]);
  });

  it("[documented] rejects a body without Content-Type with 400 MissingContentType", async () => {
    const res = await sendSigned(emulator.url, {
      method: "POST",
      path: "/logstores/orders/consumergroups",
      body: '{"consumerGroup":"g1","timeout":60,"order":false}',
      key: KEY,
      tamper: (h) => void delete h["content-type"],
    });

    expect(res.json).toMatchObject({ errorCode: "MissingContentType" });
  });

  it("[documented] takes the project from the Host header's first label only", async () => {
    const res = await list({ project: "my-project" });
    const wrong = await list({ project: "orders" });

    expect(res.status).toBe(404); // my-project has no logstore "orders"
    expect(res.json).toMatchObject({ errorCode: "LogStoreNotExist" });
    expect(wrong.json).toMatchObject({ errorCode: "ProjectNotExist" });
  });

  it("[emulator-only] logs rejected calls with their action, status and error code", async () => {
    await list({ key: { ...KEY, accessKeySecret: "wrong" } });

    expect(emulator.calls()).toEqual([
      expect.objectContaining({
        service: "sls",
        action: "ListConsumerGroup",
        method: "GET",
        path: "/logstores/orders/consumergroups",
        status: 401,
        errorCode: "SignatureNotMatch",
        target: "shop-prod/orders",
        at: clock,
      }),
    ]);
  });
});

// ---------------------------------------------------------------------------------------

function list(overrides: Partial<RawSlsRequest> = {}) {
  return sendSigned(emulator.url, {
    method: "GET",
    path: "/logstores/orders/consumergroups",
    key: KEY,
    date: new Date(clock).toUTCString(),
    ...overrides,
  });
}

async function useKeys(
  accessKeys: { accessKeyId: string; accessKeySecret: string; securityToken?: string }[],
) {
  await emulator.close();
  emulator = await startEmulator({
    now: () => clock,
    sls: { accessKeys, projects: { "my-project": { logstores: ["my-logstore"] } } },
  });
}

async function raw(method: string, path: string, headers: Record<string, string>, body?: string) {
  const url = new URL(emulator.url);
  const res = await request(`${emulator.url}${path}`, {
    method: method as "GET",
    headers: { ...headers, host: `my-project.${url.host}` },
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, json: text ? (JSON.parse(text) as unknown) : undefined };
}
