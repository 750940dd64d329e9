import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, MockAgent, type Dispatcher } from "undici";
import {
  ErrorKind,
  isCloudApiError,
  type CloudApiError,
} from "../../../../lib/clients/cloud-api-error";
import { DmsClient } from "../../../../lib/clouds/huawei/dms/client/dms-client";
import type { DmsAuth } from "../../../../lib/clouds/huawei/dms/client/dms-types";
import { apigAuthorization, apigSdkDate } from "../../../../lib/clouds/huawei/shared/apig-signer";

// emulator-only: a scripted node:http server on port 0 stands in for DMS; response bodies
// follow the documented shapes in the DMS API documentation (examples from the API pages).
const PROJECT = "0123456789abcdef0123456789abcdef";
const QUEUE = "9bf46390-38a2-462d-b392-4d5b2d519c55";
const GROUP = "g-5ec247fd-d4a2-4d4f-9876-e4ff3280c461";
const NOW = Date.UTC(2024, 0, 2, 3, 4, 5);
const AKSK: DmsAuth = {
  kind: "aksk",
  accessKey: "AKEXAMPLE1234567890A",
  secretKey: "SKEXAMPLEsecretkey0123456789abcdefghijklm",
};

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe("DmsClient calls", () => {
  it("lists queues with a signed GET and returns ids, names and the request id", async () => {
    const { client, received } = await setup([
      ok(200, { total: 1, queues: [{ id: QUEUE, name: "queue-001", queue_mode: "FIFO" }] }),
    ]);
    const result = await client.listQueues();
    expect(result).toEqual({ requestId: "req-1", queues: [{ id: QUEUE, name: "queue-001" }] });
    const req = only(received);
    expect(req.method).toBe("GET");
    expect(req.url).toBe(`/v1.0/${PROJECT}/queues`);
    expect(req.headers["x-sdk-date"]).toBe("20240102T030405Z");
    expect(req.headers["x-project-id"]).toBe(PROJECT);
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["user-agent"]).toBe("cdktf-consumer-groups");
    expect(req.body).toBe("");
    expectValidSignature(req, AKSK, "content-type;host;x-project-id;x-sdk-date");
  });

  it("gets one queue by id", async () => {
    const { client, received } = await setup([ok(200, { id: QUEUE, name: "queue-001" })]);
    expect(await client.getQueue(QUEUE)).toEqual({
      requestId: "req-1",
      queue: { id: QUEUE, name: "queue-001" },
    });
    expect(only(received).url).toBe(`/v1.0/${PROJECT}/queues/${QUEUE}`);
  });

  it("creates groups with the documented body, signed over the exact bytes sent", async () => {
    const created = { groups: [{ id: GROUP, name: "group-aa" }] };
    const { client, received } = await setup([ok(201, created)]);
    expect(await client.createGroups(QUEUE, ["group-aa"])).toEqual({
      requestId: "req-1",
      groups: [{ id: GROUP, name: "group-aa" }],
    });
    const req = only(received);
    expect(req.method).toBe("POST");
    expect(req.url).toBe(`/v1.0/${PROJECT}/queues/${QUEUE}/groups`);
    expect(req.body).toBe('{"groups":[{"name":"group-aa"}]}');
    expectValidSignature(req, AKSK, "content-type;host;x-project-id;x-sdk-date");
  });

  it("lists groups cheaply (no counters, no dead letters) and reads the documented shape", async () => {
    const { client, received } = await setup([
      ok(200, {
        queue_id: QUEUE,
        queue_name: "queue_001",
        groups: [{ id: GROUP, name: "abcDffD", produced_messages: 0, consumed_messages: 0 }],
      }),
    ]);
    expect(await client.listGroups(QUEUE)).toEqual({
      requestId: "req-1",
      queueId: QUEUE,
      queueName: "queue_001",
      groups: [{ id: GROUP, name: "abcDffD" }],
    });
    const req = only(received);
    expect(req.url).toBe(
      `/v1.0/${PROJECT}/queues/${QUEUE}/groups?include_deadletter=false&include_messages_num=false`,
    );
    expectValidSignature(req, AKSK, "content-type;host;x-project-id;x-sdk-date");
  });

  it("returns available_messages when message counts are asked for", async () => {
    const { client, received } = await setup([
      ok(200, {
        queue_id: QUEUE,
        queue_name: "q",
        groups: [
          { id: GROUP, name: "a", produced_messages: 500, available_messages: 120 },
          { id: GROUP, name: "b" },
        ],
      }),
    ]);
    const result = await client.listGroups(QUEUE, { includeMessagesNum: true });
    expect(result.groups).toEqual([
      { id: GROUP, name: "a", availableMessages: 120 },
      { id: GROUP, name: "b" },
    ]);
    expect(only(received).url).toContain("include_messages_num=true");
  });

  it("returns redrive_policy when dead letters are asked for", async () => {
    const { client, received } = await setup([
      ok(200, { queue_id: QUEUE, queue_name: "q", redrive_policy: "enable", groups: [] }),
    ]);
    const result = await client.listGroups(QUEUE, { includeDeadletter: true });
    expect(result.redrivePolicy).toBe("enable");
    expect(only(received).url).toContain("include_deadletter=true");
  });

  it("deletes a group with a DELETE that expects 204", async () => {
    const { client, received } = await setup([
      { status: 204, headers: { "x-request-id": "req-9" } },
    ]);
    expect(await client.deleteGroup(QUEUE, GROUP)).toEqual({ requestId: "req-9" });
    const req = only(received);
    expect(req.method).toBe("DELETE");
    expect(req.url).toBe(`/v1.0/${PROJECT}/queues/${QUEUE}/groups/${GROUP}`);
    expectValidSignature(req, AKSK, "content-type;host;x-project-id;x-sdk-date");
  });

  it("returns an empty request id when the server sends no X-Request-Id", async () => {
    const { client } = await setup([{ status: 204 }]);
    expect(await client.deleteGroup(QUEUE, GROUP)).toEqual({ requestId: "" });
  });
});

describe("DmsClient authentication", () => {
  it("sends and signs X-Security-Token for a temporary AK/SK", async () => {
    const auth: DmsAuth = { ...AKSK, securityToken: "EXAMPLE-SECURITY-TOKEN" };
    const { client, received } = await setup([{ status: 204 }], { auth });
    await client.deleteGroup(QUEUE, GROUP);
    const req = only(received);
    expect(req.headers["x-security-token"]).toBe("EXAMPLE-SECURITY-TOKEN");
    expectValidSignature(req, auth, "content-type;host;x-project-id;x-sdk-date;x-security-token");
  });

  it("sends an IAM token as X-Auth-Token, with no Authorization and no X-Sdk-Date", async () => {
    const auth: DmsAuth = { kind: "token", token: "MIIExampleToken" };
    const { client, received } = await setup([ok(200, { queues: [] })], { auth });
    await client.listQueues();
    const req = only(received);
    expect(req.headers["x-auth-token"]).toBe("MIIExampleToken");
    expect(req.headers["authorization"]).toBeUndefined();
    expect(req.headers["x-sdk-date"]).toBeUndefined();
    expect(req.headers["x-project-id"]).toBe(PROJECT);
  });

  it("shifts X-Sdk-Date by clockOffsetMs", async () => {
    const { client, received } = await setup([ok(200, { queues: [] })]);
    client.clockOffsetMs = 90_000;
    await client.listQueues();
    expect(only(received).headers["x-sdk-date"]).toBe(apigSdkDate(NOW + 90_000));
  });

  it("signs create exactly as vector C1 against the real host name", async () => {
    // vector: the DMS API documentation C1 (official Node SDK). MockAgent captures the headers.
    const mock = new MockAgent();
    mock.disableNetConnect();
    cleanups.push(() => mock.close());
    let authorization: unknown;
    mock
      .get("https://dms.cn-north-4.myhuaweicloud.com")
      .intercept({ path: `/v1.0/${PROJECT}/queues/${QUEUE}/groups`, method: "POST" })
      .reply(201, (opts) => {
        authorization = (opts.headers as Record<string, string>)["authorization"];
        return { groups: [{ id: GROUP, name: "group-aa" }] };
      });
    const client = new DmsClient({
      endpoint: "https://dms.cn-north-4.myhuaweicloud.com",
      projectId: PROJECT,
      auth: AKSK,
      dispatcher: mock,
      now: () => NOW,
    });
    await client.createGroups(QUEUE, ["group-aa"]);
    expect(authorization).toBe(
      "SDK-HMAC-SHA256 Access=AKEXAMPLE1234567890A, " +
        "SignedHeaders=content-type;host;x-project-id;x-sdk-date, " +
        "Signature=21df1c5aeee2a189ce01671dd2483289fe80454d92ba1d694eadf3615de71a9f",
    );
  });
});

/*
 * Error answers become CloudApiError with a kind decided by the code.
 *
 * | answer                                              | kind           | request id from |
 * |-----------------------------------------------------|----------------|-----------------|
 * | 400 {error_code DMS.10240018}                       | ALREADY_EXISTS | X-Request-Id    |
 * | 404 {error_code DMS.10240407}                       | THROTTLED      | X-Request-Id    |
 * | 404 {error:{code DMS.10240405}}                     | NOT_FOUND      | X-Request-Id    |
 * | 401 {error_code APIGW.0301, request_id}             | AUTH           | body request_id |
 * | 429 {error_code APIGW.0308} + Retry-After: 3        | THROTTLED      | X-Request-Id    |
 * | 502 HTML                                            | SERVER         | X-Request-Id    |
 */
describe("DmsClient error answers", () => {
  it("turns 400 DMS.10240018 into ALREADY_EXISTS with the request id", async () => {
    const { client } = await setup([
      fail(400, { error_code: "DMS.10240018", error_msg: "The consumer group already exists." }),
    ]);
    const e = await caught(client.createGroups(QUEUE, ["group-aa"]));
    expect(e).toMatchObject({
      service: "dms",
      kind: ErrorKind.ALREADY_EXISTS,
      status: 400,
      cloudCode: "DMS.10240018",
      cloudMessage: "The consumer group already exists.",
      requestId: "req-1",
      method: "POST",
      path: `/v1.0/${PROJECT}/queues/${QUEUE}/groups`,
      code: "DMS_ALREADY_EXISTS",
    });
  });

  it("turns the 404 DMS.10240407 into THROTTLED, not NOT_FOUND", async () => {
    const { client } = await setup([
      fail(404, { error_code: "DMS.10240407", error_msg: "too frequent" }),
    ]);
    const e = await caught(client.listGroups(QUEUE));
    expect(e.kind).toBe(ErrorKind.THROTTLED);
    expect(e.retryable).toBe(true);
  });

  it("reads the {error:{code,message}} shape: group not found is NOT_FOUND", async () => {
    const { client } = await setup([
      fail(404, { error: { code: "DMS.10240405", message: "group not found" } }),
    ]);
    const e = await caught(client.deleteGroup(QUEUE, GROUP));
    expect(e).toMatchObject({ kind: ErrorKind.NOT_FOUND, cloudCode: "DMS.10240405" });
  });

  it("takes the gateway's request_id from the body when there is no X-Request-Id", async () => {
    const { client } = await setup([
      {
        status: 401,
        body: JSON.stringify({
          error_code: "APIGW.0301",
          error_msg: "Incorrect IAM authentication information: verify aksk signature fail",
          request_id: "8080d377bffeb6d519b0567c09cebe6b",
        }),
      },
    ]);
    const e = await caught(client.listQueues());
    expect(e).toMatchObject({
      kind: ErrorKind.AUTH,
      requestId: "8080d377bffeb6d519b0567c09cebe6b",
    });
  });

  it("reports CLOCK_SKEW when the gateway refuses the signature and its Date is 20 minutes off", async () => {
    const serverDate = new Date(NOW + 20 * 60_000).toUTCString();
    const { client } = await setup([
      fail(
        401,
        { error_code: "APIGW.0301", error_msg: "verify aksk signature fail" },
        { date: serverDate },
      ),
    ]);
    const e = await caught(client.listQueues());
    expect(e).toMatchObject({ kind: ErrorKind.CLOCK_SKEW, serverDate });
  });

  it("keeps AUTH when the server's Date agrees with the local clock", async () => {
    const serverDate = new Date(NOW + 60_000).toUTCString();
    const { client } = await setup([
      fail(401, { error_code: "APIGW.0301", error_msg: "ak not exist" }, { date: serverDate }),
    ]);
    expect((await caught(client.listQueues())).kind).toBe(ErrorKind.AUTH);
  });

  it("captures Retry-After from a gateway 429", async () => {
    const { client } = await setup([
      fail(429, { error_code: "APIGW.0308", error_msg: "throttled" }, { "retry-after": "3" }),
    ]);
    expect(await caught(client.listQueues())).toMatchObject({
      kind: ErrorKind.THROTTLED,
      retryAfterSeconds: 3,
    });
  });

  it("turns a proxy's HTML 502 into a retryable SERVER error that quotes the body", async () => {
    const { client } = await setup([
      { status: 502, body: "<html>Bad Gateway</html>", headers: { "x-request-id": "req-1" } },
    ]);
    const e = await caught(client.listQueues());
    expect(e).toMatchObject({ kind: ErrorKind.SERVER, cloudCode: "UnexpectedResponse" });
    expect(e.cloudMessage).toContain("<html>Bad Gateway</html>");
  });

  it("rejects a 200 whose body is not the documented shape as SERVER UnexpectedResponse", async () => {
    const { client } = await setup([ok(200, [{ id: QUEUE }])]);
    const e = await caught(client.listQueues());
    expect(e).toMatchObject({
      kind: ErrorKind.SERVER,
      status: 200,
      cloudCode: "UnexpectedResponse",
    });
  });

  it("removes the secret key and the token from error text", async () => {
    const auth: DmsAuth = { ...AKSK, securityToken: "TOKEN-SECRET-123" };
    const { client } = await setup(
      [fail(400, { error_code: "X", error_msg: `bad ${AKSK.secretKey} and TOKEN-SECRET-123` })],
      { auth },
    );
    const e = await caught(client.listQueues());
    expect(e.message).not.toContain(AKSK.secretKey);
    expect(e.message).not.toContain("TOKEN-SECRET-123");
    expect(e.cloudMessage).toBe("bad *** and ***");
  });

  it("turns a refused connection into a NETWORK CloudApiError with status 0", async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const client = newClient(`http://127.0.0.1:${port}`, AKSK);
    const e = await caught(client.listQueues());
    expect(e).toMatchObject({ kind: ErrorKind.NETWORK, status: 0, cloudCode: "ECONNREFUSED" });
  });
});

describe("DmsClient input checks", () => {
  it("rejects a group name outside [A-Za-z0-9_-]{1,32} without sending anything", async () => {
    const { client, received } = await setup([]);
    const e = await caught(client.createGroups(QUEUE, ["billing!"]));
    expect(e.kind).toBe(ErrorKind.VALIDATION);
    expect(e.message).toContain(
      'DMS consumer group name "billing!" must be 1-32 characters of A-Z, a-z, 0-9, _ or -',
    );
    expect(received).toHaveLength(0);
  });

  it.each([[""], ["a".repeat(33)], ["é"]])("rejects the group name %p", async (name) => {
    const { client } = await setup([]);
    expect((await caught(client.createGroups(QUEUE, [name]))).kind).toBe(ErrorKind.VALIDATION);
  });

  it("accepts a 32-character name of every allowed kind", async () => {
    const name = "Ab_-9".padEnd(32, "z");
    const { client } = await setup([ok(201, { groups: [{ id: GROUP, name }] })]);
    await expect(client.createGroups(QUEUE, [name])).resolves.toMatchObject({ groups: [{ name }] });
  });

  it("rejects an empty name list", async () => {
    const { client } = await setup([]);
    expect((await caught(client.createGroups(QUEUE, []))).kind).toBe(ErrorKind.VALIDATION);
  });

  it("rejects a queue or group id that would need escaping in the path", async () => {
    const { client, received } = await setup([]);
    expect((await caught(client.listGroups("../x"))).kind).toBe(ErrorKind.VALIDATION);
    expect((await caught(client.deleteGroup(QUEUE, "g 1"))).kind).toBe(ErrorKind.VALIDATION);
    expect(received).toHaveLength(0);
  });

  it("rejects an endpoint with the /v1.0/{project_id} path", () => {
    expect(() =>
      newClient(`https://dms.cn-north-4.myhuaweicloud.com/v1.0/${PROJECT}`, AKSK),
    ).toThrow(/must be a base URL without path or query \(no \/v1.0\/\{project_id\}\)/);
  });

  it("rejects a project id with characters outside the path-safe set", () => {
    expect(
      () =>
        new DmsClient({
          endpoint: "https://dms.cn-north-4.myhuaweicloud.com",
          projectId: "p/1",
          auth: AKSK,
          dispatcher: new MockAgent(),
        }),
    ).toThrow(/DMS project id "p\/1" must be/);
  });

  it("rejects an empty secret key without quoting it", () => {
    expect(() =>
      newClient("https://dms.cn-north-4.myhuaweicloud.com", { ...AKSK, secretKey: "" }),
    ).toThrow(/secret key \(SK\) is empty/);
  });
});

// ---------------------------------------------------------------------------------------------

/** Starts a server that answers each request with the next scripted reply. */
async function setup(
  replies: Reply[],
  options: { auth?: DmsAuth } = {},
): Promise<{ client: DmsClient; received: Received[] }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const reply = replies[received.length - 1] ?? { status: 599, body: "unscripted request" };
      // The server's clock agrees with the injected one unless a reply says otherwise.
      res.writeHead(reply.status, { date: new Date(NOW).toUTCString(), ...reply.headers });
      res.end(reply.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const port = (server.address() as AddressInfo).port;
  return { client: newClient(`http://127.0.0.1:${port}`, options.auth ?? AKSK), received };
}

function newClient(endpoint: string, auth: DmsAuth): DmsClient {
  const dispatcher: Dispatcher = new Agent();
  cleanups.push(() => dispatcher.close());
  return new DmsClient({ endpoint, projectId: PROJECT, auth, dispatcher, now: () => NOW });
}

function ok(status: number, body: unknown): Reply {
  return {
    status,
    body: JSON.stringify(body),
    headers: { "content-type": "application/json", "x-request-id": "req-1" },
  };
}

function fail(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    body: JSON.stringify(body),
    headers: { "content-type": "application/json", "x-request-id": "req-1", ...headers },
  };
}

function only(received: Received[]): Received {
  expect(received).toHaveLength(1);
  return received[0] as Received;
}

async function caught(promise: Promise<unknown>): Promise<CloudApiError> {
  try {
    await promise;
  } catch (e) {
    if (isCloudApiError(e)) return e;
    throw e;
  }
  throw new Error("expected the call to fail with a CloudApiError");
}

/** Recomputes the signature over what the server received, as the gateway would. */
function expectValidSignature(req: Received, auth: DmsAuth, signedHeaders: string): void {
  if (auth.kind !== "aksk") throw new Error("expectValidSignature needs an AK/SK");
  const match =
    /^SDK-HMAC-SHA256 Access=(\S+), SignedHeaders=(\S+), Signature=([0-9a-f]{64})$/.exec(
      String(req.headers["authorization"]),
    );
  expect(match?.[1]).toBe(auth.accessKey);
  expect(match?.[2]).toBe(signedHeaders);
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(";")) headers[name] = String(req.headers[name]);
  const [path = "", search = ""] = req.url.split("?");
  const query = Object.fromEntries(new URLSearchParams(search));
  expect(
    apigAuthorization({
      method: req.method,
      path,
      query,
      headers,
      body: req.body,
      accessKey: auth.accessKey,
      secretKey: auth.secretKey,
    }),
  ).toBe(req.headers["authorization"]);
}
