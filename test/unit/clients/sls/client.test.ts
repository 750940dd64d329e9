import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, type Dispatcher } from "undici";
import {
  ErrorKind,
  isCloudApiError,
  type CloudApiError,
} from "../../../../lib/clients/cloud-api-error";
import {
  SlsClient,
  type SlsCredentials,
} from "../../../../lib/clouds/alibaba/sls/client/sls-client";
import { sdkAuthorization } from "./sdk-oracle";

// emulator-only: a scripted node:http server on port 0 stands in for SLS; the bodies follow the
// shapes of the SLS API reference (a bare array of {name, timeout, order} for the list, and
// {"errorCode","errorMessage"} for errors). Signatures are checked with the official SDK's signer.
const PROJECT = "shop-prod";
const LOGSTORE = "orders";
const NOW = Date.UTC(2024, 0, 2, 3, 4, 5);
const KEY: SlsCredentials = {
  accessKeyId: "LTAI5tExampleKeyId00",
  accessKeySecret: "ExampleSecret0123456789abcdefABCDEF",
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

describe("SlsClient requests", () => {
  it("creates a group with a signed POST of the documented body", async () => {
    const { client, received } = await setup([ok("")]);
    const result = await client.createConsumerGroup(LOGSTORE, {
      name: "orders-reader",
      timeout: 60,
      order: true,
    });
    expect(result).toEqual({ requestId: "req-1" });
    const req = only(received);
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/logstores/orders/consumergroups");
    expect(JSON.parse(req.body)).toEqual({
      consumerGroup: "orders-reader",
      timeout: 60,
      order: true,
    });
    expect(req.headers["host"]).toMatch(/^shop-prod\.127\.0\.0\.1:\d+$/);
    expect(req.headers["date"]).toBe("Tue, 02 Jan 2024 03:04:05 GMT");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["content-md5"]).toMatch(/^[0-9A-F]{32}$/);
    expect(req.headers["x-log-bodyrawsize"]).toBe(String(Buffer.byteLength(req.body)));
    expect(req.headers["x-log-apiversion"]).toBe("0.6.0");
    expect(req.headers["x-log-signaturemethod"]).toBe("hmac-sha1");
    expect(req.headers["user-agent"]).toBe("cdktf-consumer-groups");
    expectSdkSignature(req, KEY);
  });

  it("updates only order and timeout with a PUT to the group's path", async () => {
    const { client, received } = await setup([ok("")]);
    await client.updateConsumerGroup(LOGSTORE, "orders-reader", { timeout: 120, order: false });
    const req = only(received);
    expect([req.method, req.url]).toEqual([
      "PUT",
      "/logstores/orders/consumergroups/orders-reader",
    ]);
    expect(JSON.parse(req.body)).toEqual({ order: false, timeout: 120 });
    expectSdkSignature(req, KEY);
  });

  it("deletes with an unsigned-body DELETE: no content type, no Content-MD5, raw size 0", async () => {
    const { client, received } = await setup([ok("")]);
    await client.deleteConsumerGroup(LOGSTORE, "orders-reader");
    const req = only(received);
    expect([req.method, req.url, req.body]).toEqual([
      "DELETE",
      "/logstores/orders/consumergroups/orders-reader",
      "",
    ]);
    expect(req.headers["content-md5"]).toBeUndefined();
    expect(req.headers["x-log-bodyrawsize"]).toBe("0");
    expectSdkSignature(req, KEY);
  });

  it("lists groups from the bare array, defaulting a missing order to false", async () => {
    const { client, received } = await setup([
      ok(
        JSON.stringify([
          { name: "a", timeout: 60, order: true },
          { name: "b", timeout: 30 },
        ]),
      ),
    ]);
    expect(await client.listConsumerGroups(LOGSTORE)).toEqual({
      requestId: "req-1",
      groups: [
        { name: "a", timeout: 60, order: true },
        { name: "b", timeout: 30, order: false },
      ],
    });
    expect(only(received).method).toBe("GET");
  });

  it("reads every shard's checkpoint with a signed GET to the group's path", async () => {
    const answer = [
      { shard: 0, checkpoint: "MTcwMA==", updateTime: 1740824102000000, consumer: "worker-7" },
      { shard: 1, checkpoint: "", updateTime: 1740824100 },
    ];
    const { client, received } = await setup([ok(JSON.stringify(answer))]);
    expect(await client.getCheckPoint(LOGSTORE, "orders-reader")).toEqual([
      { shard: 0, checkpoint: "MTcwMA==", updateTime: 1740824102000000, consumer: "worker-7" },
      { shard: 1, checkpoint: "", updateTime: 1740824100, consumer: "" },
    ]);
    const req = only(received);
    expect([req.method, req.url]).toEqual([
      "GET",
      "/logstores/orders/consumergroups/orders-reader",
    ]);
    expectSdkSignature(req, KEY);
  });

  it("reads one shard's checkpoint with ?shard=N in the signed resource", async () => {
    const { client, received } = await setup([ok("[]")]);
    expect(await client.getCheckPoint(LOGSTORE, "orders-reader", 3)).toEqual([]);
    const req = only(received);
    expect(req.url).toBe("/logstores/orders/consumergroups/orders-reader?shard=3");
    expectSdkSignature(req, KEY);
  });

  it("rejects a 200 checkpoint answer that is not an array of checkpoints", async () => {
    const { client } = await setup([ok(JSON.stringify({ shard: 0 }))]);
    const e = await caught(client.getCheckPoint(LOGSTORE, "orders-reader"));
    expect(e.cloudCode).toBe("UnexpectedResponse");
  });

  it("encodes the logstore and group name in the path", async () => {
    const { client, received } = await setup([ok("")]);
    await client.deleteConsumerGroup("a b", "g/1");
    expect(only(received).url).toBe("/logstores/a%20b/consumergroups/g%2F1");
  });

  it("sends the STS token and signs it", async () => {
    const sts = { ...KEY, securityToken: "CAIS.example-token" };
    const { client, received } = await setup([ok("[]")], { credentials: sts });
    await client.listConsumerGroups(LOGSTORE);
    const req = only(received);
    expect(req.headers["x-acs-security-token"]).toBe("CAIS.example-token");
    expectSdkSignature(req, sts);
  });

  it("dates the request with the corrected clock", async () => {
    const { client, received } = await setup([ok("[]")]);
    client.clockOffsetMs = 3_600_000;
    await client.listConsumerGroups(LOGSTORE);
    expect(only(received).headers["date"]).toBe("Tue, 02 Jan 2024 04:04:05 GMT");
  });
});

describe("SlsClient checkpoint calls", () => {
  it("reads every shard's checkpoint with a signed GET on the group's path", async () => {
    const answer = [
      { shard: 0, checkpoint: "MTcwMA==", updateTime: 1524224984800922, consumer: "worker-7" },
      { shard: 1, checkpoint: "", updateTime: 0, consumer: "" },
    ];
    const { client, received } = await setup([ok(JSON.stringify(answer))]);
    expect(await client.getCheckPoint(LOGSTORE, "orders-reader")).toEqual(answer);
    const req = only(received);
    expect([req.method, req.url]).toEqual([
      "GET",
      "/logstores/orders/consumergroups/orders-reader",
    ]);
    expectSdkSignature(req, KEY);
  });

  it("reads one shard with ?shard=N, signed with the query", async () => {
    const { client, received } = await setup([ok("[]")]);
    expect(await client.getCheckPoint(LOGSTORE, "orders-reader", 3)).toEqual([]);
    expect(only(received).url).toBe("/logstores/orders/consumergroups/orders-reader?shard=3");
    expectSdkSignature(only(received), KEY);
  });

  it("reads entries without checkpoint, consumer or updateTime as empty", async () => {
    const { client } = await setup([ok(JSON.stringify([{ shard: 2 }]))]);
    expect(await client.getCheckPoint(LOGSTORE, "g")).toEqual([
      { shard: 2, checkpoint: "", updateTime: 0, consumer: "" },
    ]);
  });

  it("rejects a checkpoint answer that is not an array of shards", async () => {
    const { client } = await setup([ok(JSON.stringify({ shard: 0 }))]);
    const e = await caught(client.getCheckPoint(LOGSTORE, "g"));
    expect([e.kind, e.cloudCode]).toEqual([ErrorKind.SERVER, "UnexpectedResponse"]);
  });

  it("forces a checkpoint with a signed POST ?type=checkpoint&forceSuccess=true", async () => {
    const { client, received } = await setup([ok("")]);
    const result = await client.updateCheckPoint(
      LOGSTORE,
      "orders-reader",
      { shard: 1, checkpoint: "MTcwMA==" },
      { forceSuccess: true },
    );
    expect(result).toEqual({ requestId: "req-1" });
    const req = only(received);
    expect([req.method, req.url]).toEqual([
      "POST",
      "/logstores/orders/consumergroups/orders-reader?type=checkpoint&forceSuccess=true",
    ]);
    expect(JSON.parse(req.body)).toEqual({ shard: 1, checkpoint: "MTcwMA==" });
    expectSdkSignature(req, KEY);
  });
});

describe("SlsClient error mapping", () => {
  // status, errorCode → kind (the classification table itself is in errors.test.ts)
  it.each<[number, string, ErrorKind]>([
    [400, "ConsumerGroupAlreadyExist", ErrorKind.ALREADY_EXISTS],
    [404, "ConsumerGroupNotExist", ErrorKind.NOT_FOUND],
    [404, "LogStoreNotExist", ErrorKind.NOT_FOUND],
    [400, "ConsumerGroupQuotaExceed", ErrorKind.QUOTA_EXCEEDED],
    [403, "ServerBusy", ErrorKind.THROTTLED],
    [400, "RequestTimeTooSkewed", ErrorKind.CLOCK_SKEW],
    [500, "InternalServerError", ErrorKind.SERVER],
    [400, "ParameterInvalid", ErrorKind.VALIDATION],
  ])(
    "maps %i %s to kind %s, keeping the cloud's code, message and request id",
    async (status, code, kind) => {
      const { client } = await setup([fail(status, code, "scripted message")]);
      const error = await caught(client.deleteConsumerGroup(LOGSTORE, "orders-reader"));
      expect(error).toMatchObject({
        service: "sls",
        kind,
        status,
        cloudCode: code,
        cloudMessage: "scripted message",
        requestId: "req-1",
        method: "DELETE",
        path: "/logstores/orders/consumergroups/orders-reader",
      });
    },
  );

  it("keeps the server's Date and Retry-After for the retry layer", async () => {
    const { client } = await setup([
      fail(503, "ServerBusy", "busy", {
        "retry-after": "3",
        date: "Tue, 02 Jan 2024 05:00:00 GMT",
      }),
    ]);
    const error = await caught(client.listConsumerGroups(LOGSTORE));
    expect(error).toMatchObject({
      kind: ErrorKind.THROTTLED,
      retryAfterSeconds: 3,
      serverDate: "Tue, 02 Jan 2024 05:00:00 GMT",
    });
  });

  it("masks the secret, the token and a quoted signature in the error text", async () => {
    const sts = { ...KEY, securityToken: "CAIS.example-token" };
    const { client } = await setup(
      [
        fail(
          401,
          "SignatureNotMatch",
          `signature AbCdEf012345= not match; key ${KEY.accessKeySecret}, token CAIS.example-token`,
        ),
      ],
      { credentials: sts },
    );
    const error = await caught(client.listConsumerGroups(LOGSTORE));
    expect(error.kind).toBe(ErrorKind.AUTH);
    expect(error.cloudMessage).toBe("signature *** not match; key ***, token ***");
    expect(error.message).not.toContain(KEY.accessKeySecret);
  });

  it("reports an answer that is not an SLS error (a proxy's HTML) by status", async () => {
    const { client } = await setup([{ status: 502, body: "<html>Bad Gateway</html>" }]);
    const error = await caught(client.listConsumerGroups(LOGSTORE));
    expect(error).toMatchObject({
      kind: ErrorKind.SERVER,
      status: 502,
      cloudCode: "UnexpectedResponse",
    });
    expect(error.cloudMessage).toMatch(/is not an SLS error .*<html>Bad Gateway<\/html>/);
  });

  it("rejects a 200 list answer that is not an array of groups", async () => {
    const { client } = await setup([ok(JSON.stringify({ unexpected: true }))]);
    const error = await caught(client.listConsumerGroups(LOGSTORE));
    expect(error).toMatchObject({
      kind: ErrorKind.SERVER,
      status: 200,
      cloudCode: "UnexpectedResponse",
    });
  });

  it("turns a reset connection into a NETWORK error with no answer", async () => {
    const { client } = await setup([{ status: 0 }]);
    const error = await caught(client.listConsumerGroups(LOGSTORE));
    expect(error).toMatchObject({ kind: ErrorKind.NETWORK, status: 0 });
  });
});

describe("SlsClient construction", () => {
  it("accepts a named regional endpoint", () => {
    expect(() => newClient("https://cn-hangzhou.log.aliyuncs.com")).not.toThrow();
  });

  it.each([
    ["a path", "https://cn-hangzhou.log.aliyuncs.com/shop"],
    ["user info", "https://user:pw@cn-hangzhou.log.aliyuncs.com"],
    ["another scheme", "file:///etc/passwd"],
  ])("rejects an endpoint with %s", (_what, endpoint) => {
    expect(() => newClient(endpoint)).toThrow(/must be a base URL without project, path or query/);
  });

  it("rejects an invalid project name", () => {
    expect(() =>
      newClient("https://cn-hangzhou.log.aliyuncs.com", { project: "Shop_Prod" }),
    ).toThrow(/SLS project "Shop_Prod" must be/);
  });

  it("rejects an empty secret without quoting the credentials", () => {
    expect(() =>
      newClient("https://cn-hangzhou.log.aliyuncs.com", {
        credentials: { accessKeyId: KEY.accessKeyId, accessKeySecret: "" },
      }),
    ).toThrow(
      /^SLS AccessKey id or secret is empty or has spaces; check the credential variables$/,
    );
  });
});

// ---------------------------------------------------------------------------------------------

/** Starts a server that answers each request with the next scripted reply; status 0 resets. */
async function setup(
  replies: Reply[],
  options: { credentials?: SlsCredentials } = {},
): Promise<{ client: SlsClient; received: Received[] }> {
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
      if (reply.status === 0) {
        req.socket.destroy();
        return;
      }
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
  const client = newClient(`http://127.0.0.1:${port}`, {
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  return { client, received };
}

function newClient(
  endpoint: string,
  overrides: { project?: string; credentials?: SlsCredentials } = {},
): SlsClient {
  const dispatcher: Dispatcher = new Agent();
  cleanups.push(() => dispatcher.close());
  return new SlsClient({
    endpoint,
    project: overrides.project ?? PROJECT,
    credentials: overrides.credentials ?? KEY,
    dispatcher,
    now: () => NOW,
  });
}

function ok(body: string): Reply {
  return {
    status: 200,
    body,
    headers: { "content-type": "application/json", "x-log-requestid": "req-1" },
  };
}

function fail(
  status: number,
  errorCode: string,
  errorMessage: string,
  headers: Record<string, string> = {},
): Reply {
  return {
    status,
    body: JSON.stringify({ errorCode, errorMessage }),
    headers: { "content-type": "application/json", "x-log-requestid": "req-1", ...headers },
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

/** Recomputes the Authorization header over what the server received, with the official SDK. */
function expectSdkSignature(req: Received, credentials: SlsCredentials): void {
  const auth = String(req.headers["authorization"]);
  expect(auth).toMatch(new RegExp(`^LOG ${credentials.accessKeyId}:[A-Za-z0-9+/]+=*$`));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers[name] = value;
  }
  const [path = "", search = ""] = req.url.split("?");
  const query = Object.fromEntries(new URLSearchParams(search));
  expect(sdkAuthorization(req.method, path, query, headers, credentials)).toBe(auth);
}
