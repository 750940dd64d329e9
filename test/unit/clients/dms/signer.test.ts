import {
  APIG_EMPTY_BODY_SHA256,
  apigAuthorization,
  apigCanonicalRequest,
  apigPercentEncode,
  apigSdkDate,
  apigSignature,
  apigStringToSign,
} from "../../../../lib/clouds/huawei/shared/apig-signer";
import { sdkAuthorization, type SdkRequest } from "./sdk-oracle";
import { createHash } from "node:crypto";

// vector: every fixture in the first two blocks comes from the DMS API documentation and the
// sources it cites (Huawei signing guide pages api-sign-algorithm-003…005, Go SDK v3
// core/auth/signer/signer_test.go, @huaweicloud/huaweicloud-sdk-core 3.1.211).
const DOC_KEY = {
  accessKey: "QTWAOYTTINDUT2QVKYUC",
  secretKey: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
};
const GO_KEY = { accessKey: "AccessKey", secretKey: "SecretKey" };
const DMS_KEY = {
  accessKey: "AKEXAMPLE1234567890A",
  secretKey: "SKEXAMPLEsecretkey0123456789abcdefghijklm",
};
const PROJECT = "0123456789abcdef0123456789abcdef";
const QUEUE = "9bf46390-38a2-462d-b392-4d5b2d519c55";
const GROUP = "g-5ec247fd-d4a2-4d4f-9876-e4ff3280c461";
const DMS_HOST = "dms.cn-north-4.myhuaweicloud.com";
const GROUPS_PATH = `/v1.0/${PROJECT}/queues/${QUEUE}/groups`;
const CREATE_BODY = '{"groups":[{"name":"group-aa"}]}';
const DMS_HEADERS = {
  "content-type": "application/json",
  host: DMS_HOST,
  "x-project-id": PROJECT,
  "x-sdk-date": "20240102T030405Z",
};

describe("(A) Huawei's published signing example", () => {
  const input = {
    method: "GET",
    path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
    query: { limit: "2", marker: "13551d6b-755d-4757-b956-536f674975c0" },
    headers: {
      "Content-Type": "application/json",
      "X-Sdk-Date": "20191115T033655Z",
      host: "service.region.example.com",
    },
  };

  it("builds the documented canonical request, trailing slash and blank line included", () => {
    expect(apigCanonicalRequest(input)).toBe(
      "GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\n" +
        "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n" +
        "content-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n\n" +
        "content-type;host;x-sdk-date\n" +
        APIG_EMPTY_BODY_SHA256,
    );
    expect(sha256(apigCanonicalRequest(input))).toBe(
      "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
    );
  });

  it("builds the string to sign from the algorithm, the date and the hash", () => {
    expect(apigStringToSign(input)).toBe(
      "SDK-HMAC-SHA256\n20191115T033655Z\n" +
        "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
    );
  });

  it("reproduces the published signature 7be66680… and Authorization header", () => {
    expect(apigAuthorization({ ...input, ...DOC_KEY })).toBe(
      "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, " +
        "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
    );
  });
});

describe("(B) Go SDK v3 signer_test.go vectors", () => {
  const headers = { "X-Sdk-Date": "20060102T150405Z" };

  it("signs GET /path?limit=1 with only x-sdk-date signed", () => {
    const auth = apigAuthorization({
      method: "GET",
      path: "/path",
      query: { limit: "1" },
      headers,
      ...GO_KEY,
    });
    expect(auth).toBe(
      "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, " +
        "Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
    );
  });

  it("hashes the exact POST body bytes, the Go encoder's trailing newline included", () => {
    const input = { method: "POST", path: "/path", query: { key: "value" }, headers };
    expect(apigSignature({ ...input, body: '{"Name":"test","Id":1}\n', ...GO_KEY })).toBe(
      "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59",
    );
    expect(apigSignature({ ...input, body: '{"Name":"test","Id":1}', ...GO_KEY })).not.toBe(
      "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59",
    );
  });

  it("encodes the Go canonical-query vector strictly, repeated values sorted", () => {
    const canonical = apigCanonicalRequest({
      method: "GET",
      path: "/path",
      query: {
        limit: "1",
        enable: "true",
        test: "一 (&=?!#%.*)",
        path: "/tmp/123",
        multi: ["3", "1", "2"],
      },
      headers,
    });
    expect(canonical.split("\n")[2]).toBe(
      "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123" +
        "&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29",
    );
  });
});

describe("(C) DMS requests signed by the official Node SDK", () => {
  it("C1 signs create group with content-type, host, x-project-id and x-sdk-date", () => {
    const input = { method: "POST", path: GROUPS_PATH, headers: DMS_HEADERS, body: CREATE_BODY };
    expect(sha256(CREATE_BODY)).toBe(
      "113cf4f225fe4e4bf4c07da8c7caf1f5db465a0d932fda96083af00141a32cf6",
    );
    expect(apigCanonicalRequest(input)).toBe(
      `POST\n${GROUPS_PATH}/\n\ncontent-type:application/json\nhost:${DMS_HOST}\n` +
        `x-project-id:${PROJECT}\nx-sdk-date:20240102T030405Z\n\n` +
        "content-type;host;x-project-id;x-sdk-date\n" +
        "113cf4f225fe4e4bf4c07da8c7caf1f5db465a0d932fda96083af00141a32cf6",
    );
    expect(sha256(apigCanonicalRequest(input))).toBe(
      "473e27b61e18426404718aae5e3d7f70e8dcce341d9d142afceac3393ff1b18e",
    );
    expect(apigAuthorization({ ...input, ...DMS_KEY })).toBe(
      "SDK-HMAC-SHA256 Access=AKEXAMPLE1234567890A, " +
        "SignedHeaders=content-type;host;x-project-id;x-sdk-date, " +
        "Signature=21df1c5aeee2a189ce01671dd2483289fe80454d92ba1d694eadf3615de71a9f",
    );
  });

  it("C2 signs the same create with only host and x-sdk-date", () => {
    const input = {
      method: "POST",
      path: GROUPS_PATH,
      headers: { host: DMS_HOST, "x-sdk-date": "20240102T030405Z" },
      body: CREATE_BODY,
    };
    expect(sha256(apigCanonicalRequest(input))).toBe(
      "d96503a97976efbb934825f5a74a0c9eb44f232c64a17b6ebb5205972ff17824",
    );
    expect(apigSignature({ ...input, ...DMS_KEY })).toBe(
      "5ecaf0a1975cb4d5861d5958498fa14957d0dc069dd7b4bf5e77a2d9ba966bd9",
    );
  });

  it("C3 signs list groups with its query and the empty-body hash", () => {
    const input = {
      method: "GET",
      path: GROUPS_PATH,
      query: { include_deadletter: "true", include_messages_num: "false" },
      headers: DMS_HEADERS,
    };
    expect(sha256(apigCanonicalRequest(input))).toBe(
      "e165b222aa92e5d030e6d62b745308a435edf15ef93e65367a2b9c383d439490",
    );
    expect(apigSignature({ ...input, ...DMS_KEY })).toBe(
      "b260cc6f1c227492fc6d721fdd54d1be99bb8161e5d344afa59f8a6fba620c98",
    );
  });

  it("C4 signs delete group with a temporary AK/SK's x-security-token", () => {
    const input = {
      method: "DELETE",
      path: `${GROUPS_PATH}/${GROUP}`,
      headers: { ...DMS_HEADERS, "x-security-token": "EXAMPLE-SECURITY-TOKEN" },
    };
    expect(apigCanonicalRequest(input).split("\n")[1]).toBe(`${GROUPS_PATH}/${GROUP}/`);
    expect(sha256(apigCanonicalRequest(input))).toBe(
      "a0fdc0c5edc542f83f578a73b947915934d4fe272e37bc72db0cdd5eecc996d7",
    );
    expect(apigAuthorization({ ...input, ...DMS_KEY })).toMatch(
      /SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token, Signature=c2caba64b9542859557bb663087926fee2c7c2345fdeb95568db83e7579f39b9$/,
    );
  });

  it("C5 signs list queues on Open Telekom Cloud", () => {
    const input = {
      method: "GET",
      path: `/v1.0/${PROJECT}/queues`,
      headers: { host: "dms.eu-de.otc.t-systems.com", "x-sdk-date": "20240102T030405Z" },
    };
    expect(sha256(apigCanonicalRequest(input))).toBe(
      "f2e202fb3936f5e180aa9b5bc05f9b94f51a4d8e3f340a233caf62a3d884497f",
    );
    expect(apigSignature({ ...input, ...DMS_KEY })).toBe(
      "1986c425661bd40d17cac19da51f9f7c212cf156a633ac1caea715d98041b0ed",
    );
  });
});

describe("canonical request rules", () => {
  const base = { method: "GET", path: "/v1.0/p/queues", headers: { "x-sdk-date": "D" } };

  it("encodes the characters encodeURIComponent leaves alone", () => {
    expect(apigPercentEncode("a b!'()*~-_.")).toBe("a%20b%21%27%28%29%2A~-_.");
    expect(apigPercentEncode("é/+")).toBe("%C3%A9%2F%2B");
  });

  it("encodes each path segment and appends exactly one trailing slash", () => {
    expect(apigCanonicalRequest({ ...base, path: "/a b/c(1)" }).split("\n")[1]).toBe(
      "/a%20b/c%281%29/",
    );
    expect(apigCanonicalRequest({ ...base, path: "/v1.0/p/" }).split("\n")[1]).toBe("/v1.0/p/");
  });

  it("lower-cases and sorts header names and trims values", () => {
    const canonical = apigCanonicalRequest({
      ...base,
      headers: { "X-Sdk-Date": " D ", Host: "h", "X-Project-Id": "p" },
    });
    expect(canonical).toContain(
      "\nhost:h\nx-project-id:p\nx-sdk-date:D\n\nhost;x-project-id;x-sdk-date\n",
    );
  });

  it("uses X-Sdk-Content-Sha256 in place of the body hash", () => {
    const canonical = apigCanonicalRequest({
      ...base,
      headers: { "x-sdk-date": "D", "x-sdk-content-sha256": "UNSIGNED-PAYLOAD" },
      body: "{}",
    });
    expect(canonical.endsWith("\nUNSIGNED-PAYLOAD")).toBe(true);
  });

  it("hashes an empty body like no body", () => {
    expect(apigCanonicalRequest({ ...base, body: "" })).toBe(apigCanonicalRequest(base));
  });

  it("rejects a request without X-Sdk-Date", () => {
    expect(() => apigCanonicalRequest({ ...base, headers: { host: "h" } })).toThrow(
      /cannot sign GET \/v1.0\/p\/queues: the request has no X-Sdk-Date header/,
    );
  });
});

describe("apigSdkDate", () => {
  it("formats UTC as YYYYMMDDTHHMMSSZ without milliseconds", () => {
    expect(apigSdkDate(Date.UTC(2024, 0, 2, 3, 4, 5, 678))).toBe("20240102T030405Z");
  });
});

/*
 * Oracle: each request below is signed by this signer and by the official SDK's
 * AKSKSigner.sign over the same method, URL, headers, query and body; the Authorization
 * headers must be equal.
 *
 * | op           | method | path                                        | query / body                        |
 * |--------------|--------|---------------------------------------------|-------------------------------------|
 * | create       | POST   | /v1.0/{p}/queues/{q}/groups                 | {"groups":[{"name":...}]}           |
 * | list groups  | GET    | /v1.0/{p}/queues/{q}/groups                 | include_deadletter, include_messages_num |
 * | delete       | DELETE | /v1.0/{p}/queues/{q}/groups/{g}             | none                                |
 * | list queues  | GET    | /v1.0/{p}/queues                            | none                                |
 * | get queue    | GET    | /v1.0/{p}/queues/{q}                        | include_deadletter                  |
 */
describe("agreement with the official SDK (@huaweicloud/huaweicloud-sdk-core AKSKSigner)", () => {
  const ops: [string, string, string, Record<string, string>, object | undefined][] = [
    ["create", "POST", GROUPS_PATH, {}, { groups: [{ name: "billing_1" }] }],
    [
      "list groups",
      "GET",
      GROUPS_PATH,
      { include_deadletter: "false", include_messages_num: "false" },
      undefined,
    ],
    ["delete", "DELETE", `${GROUPS_PATH}/${GROUP}`, {}, undefined],
    ["list queues", "GET", `/v1.0/${PROJECT}/queues`, {}, undefined],
    [
      "get queue",
      "GET",
      `/v1.0/${PROJECT}/queues/${QUEUE}`,
      { include_deadletter: "true" },
      undefined,
    ],
  ];
  const tokens = [
    ["a permanent AK/SK", undefined],
    ["a temporary AK/SK", "EXAMPLE-SECURITY-TOKEN-with.dots_and-dashes"],
  ] as const;

  describe.each(tokens)("with %s", (_what, securityToken) => {
    it.each(ops)("signs %s (%s %s) as the SDK does", (_op, method, path, query, data) => {
      const headers: Record<string, string> = {
        "X-Sdk-Date": "20240102T030405Z",
        "content-type": "application/json",
        "X-Project-Id": PROJECT,
        host: DMS_HOST,
        ...(securityToken ? { "X-Security-Token": securityToken } : {}),
      };
      expectAgreement({
        endpoint: `https://${DMS_HOST}${path}`,
        method,
        headers,
        queryParams: query,
        ...(data ? { data } : {}),
      });
    });
  });

  it("takes host with a port from the endpoint, as for the local emulator", () => {
    expectAgreement({
      endpoint: `http://127.0.0.1:45678/v1.0/${PROJECT}/queues`,
      method: "GET",
      headers: { "X-Sdk-Date": "20240102T030405Z", host: "127.0.0.1:45678" },
    });
  });

  // 100 requests from a fixed seed: odd path characters (the ones url.parse leaves alone, so
  // both signers see the same raw path), unicode, empty and repeated query values, odd names.
  const requests = Array.from({ length: 100 }, (_, i) => generateRequest(mulberry32(1000 + i)));
  it.each(requests.map((r, i) => [i, r] as const))("agrees on generated request #%i", (_i, r) => {
    expectAgreement(r);
  });
});

// ---------------------------------------------------------------------------------------------

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function expectAgreement(request: SdkRequest): void {
  // The raw path as written (new URL would resolve "." and ".." segments and escape unicode).
  const path = request.endpoint.replace(/^https?:\/\/[^/]+/, "");
  const ours = apigAuthorization({
    method: request.method,
    path,
    ...(request.queryParams ? { query: request.queryParams } : {}),
    headers: { host: new URL(request.endpoint).host, ...request.headers },
    ...(request.data ? { body: JSON.stringify(request.data) } : {}),
    ...DMS_KEY,
  });
  expect(ours).toBe(sdkAuthorization(request, DMS_KEY));
}

function generateRequest(random: () => number): SdkRequest {
  const PATH_CHARS = [..."!$&()*+,-.:;=@[]_~AZaz09", "一", "é", "😀"];
  const QUERY_CHARS = [..." !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~azAZ09", "一", "é", "😀", "\u00a0"];
  const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const text = (chars: readonly string[], min: number, max: number): string =>
    Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => pick(chars)).join(
      "",
    );
  const segments = Array.from({ length: 1 + Math.floor(random() * 4) }, () =>
    text(PATH_CHARS, 1, 8),
  );
  const path = `/v1.0/${segments.join("/")}${random() < 0.2 ? "/" : ""}`;
  const queryParams: Record<string, string | string[]> = {};
  for (let n = Math.floor(random() * 5); n > 0; n--) {
    const name = text(QUERY_CHARS, 1, 6);
    queryParams[name] =
      random() < 0.25
        ? Array.from({ length: 2 + Math.floor(random() * 2) }, () => text(QUERY_CHARS, 0, 6))
        : text(QUERY_CHARS, 0, 10);
  }
  const method = pick(METHODS);
  const headers: Record<string, string> = {
    "X-Sdk-Date": "20240102T030405Z",
    "content-type": "application/json",
    host: pick([DMS_HOST, "127.0.0.1:8080", "dms.eu-de.otc.t-systems.com"]),
  };
  if (random() < 0.5) headers["X-Project-Id"] = PROJECT;
  if (random() < 0.3)
    headers["X-Security-Token"] = text(QUERY_CHARS.slice(1, 20), 5, 30).trim() || "t";
  const withBody = method === "POST" || method === "PUT";
  return {
    endpoint: `https://${headers["host"]}${path}`,
    method,
    headers,
    queryParams,
    ...(withBody ? { data: { groups: [{ name: text(QUERY_CHARS, 1, 12) }] } } : {}),
  };
}

/** Small seeded PRNG, so every run generates the same requests. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
