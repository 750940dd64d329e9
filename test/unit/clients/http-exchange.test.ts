import { MockAgent } from "undici";
import { ErrorKind, type CloudApiError } from "../../../lib/clients/cloud-api-error";
import {
  CloudHttp,
  parseBaseUrl,
  snippet,
  type CloudHttpOptions,
} from "../../../lib/clients/http-exchange";
import { dmsContract } from "../../../lib/clouds/huawei/dms/dms-contract";
import { slsContract } from "../../../lib/clouds/alibaba/sls/sls-contract";

// The exchange both clients share, driven through undici's MockAgent (no socket).
const ORIGIN = "http://cloud.test";
const SECRET = "s3cr3t-value";

const agents: MockAgent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
});

function setup(options: Partial<CloudHttpOptions> = {}) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agents.push(agent);
  const http = new CloudHttp({
    cloud: slsContract,
    dispatcher: agent,
    origin: ORIGIN,
    requestIdHeader: "x-req",
    ok: (status) => status === 200,
    secrets: [SECRET, undefined],
    ...options,
  });
  return { pool: agent.get(ORIGIN), http };
}

const GET = { method: "GET", path: "/items", headers: {}, body: undefined } as const;

async function failure(promise: Promise<unknown>): Promise<CloudApiError> {
  return promise.then(
    () => {
      throw new Error("expected a CloudApiError");
    },
    (e: CloudApiError) => e,
  );
}

describe("CloudHttp.send", () => {
  it("returns status, request id and text, and sends the query after the path", async () => {
    const { pool, http } = setup();
    pool
      .intercept({ path: "/items?a=1", method: "GET" })
      .reply(404, "nope", { headers: { "x-req": "r-1" } });
    const answer = await http.send({ ...GET, query: "a=1" });
    expect(answer).toMatchObject({ status: 404, requestId: "r-1", text: "nope" });
  });

  it("reports a failure without an answer as the service's error, path without query", async () => {
    const { pool, http } = setup();
    const cause = Object.assign(new Error(`refused, key ${SECRET}`), { code: "ECONNREFUSED" });
    pool.intercept({ path: "/items?a=1", method: "GET" }).replyWithError(cause);
    const e = await failure(http.send({ ...GET, query: "a=1" }));
    expect(e).toMatchObject({
      cloud: slsContract,
      kind: ErrorKind.NETWORK,
      status: 0,
      cloudCode: "ECONNREFUSED",
      cloudMessage: `could not talk to ${ORIGIN}: refused, key ***`,
      requestId: undefined,
      method: "GET",
      path: "/items",
    });
  });
});

describe("CloudHttp.answerError", () => {
  const answer = (text: string, headers: Record<string, string> = {}) => ({
    status: 503,
    requestId: "r-2",
    headers,
    text,
  });
  const error = { kind: ErrorKind.SERVER, requestId: "r-2", method: "PUT", path: "/p" };

  it("uses the parsed code and message, with Date and a delay-seconds Retry-After", () => {
    const { http } = setup();
    const headers = { date: "Tue, 02 Jan 2024 03:04:05 GMT", "retry-after": "7" };
    const e = http.answerError(answer("{}", headers), {
      ...error,
      parsed: { code: "ServerBusy", message: "busy" },
    });
    expect(e).toMatchObject({
      cloudCode: "ServerBusy",
      cloudMessage: "busy",
      status: 503,
      requestId: "r-2",
      serverDate: headers.date,
      retryAfterSeconds: 7,
    });
  });

  it.each([
    ["sls", slsContract, "an SLS"],
    ["dms", dmsContract, "a DMS"],
  ] as const)("names %s when the body is not its error", (_service, cloud, what) => {
    const { http } = setup({ cloud });
    const headers = { "retry-after": "Wed, 21 Oct 2015 07:28:00 GMT" };
    const e = http.answerError(answer("<html> Bad\n gateway </html>", headers), {
      ...error,
      parsed: undefined,
    });
    expect(e.cloudCode).toBe("UnexpectedResponse");
    expect(e.cloudMessage).toBe(
      `the answer is not ${what} error (is ${ORIGIN} ${what} endpoint, or is a proxy answering?): <html> Bad gateway </html>`,
    );
    expect(e.retryAfterSeconds).toBeUndefined();
    expect(e.serverDate).toBeUndefined();
  });
});

describe("CloudHttp.error", () => {
  it("scrubs first, then replaces every secret, and drops an empty request id", () => {
    const { http } = setup({ scrub: (m) => m.replace(/sig=\S+/g, "sig=***") });
    const e = http.error({
      kind: ErrorKind.AUTH,
      status: 401,
      cloudCode: "Denied",
      cloudMessage: `sig=abc ${SECRET} and ${SECRET}`,
      requestId: "",
      method: "GET",
      path: "/",
    });
    expect(e.cloudMessage).toBe("sig=*** *** and ***");
    expect(e.requestId).toBeUndefined();
    expect(e.service).toBe("sls");
  });
});

describe("parseBaseUrl", () => {
  it.each(["https://x.example.com", "http://127.0.0.1:8080/", "https://x.example.com/#frag"])(
    "accepts %s",
    (endpoint) => {
      expect(parseBaseUrl(endpoint)).toBeInstanceOf(URL);
    },
  );

  it.each([
    "x.example.com",
    "ftp://x.example.com",
    "https://x/p",
    "https://x/?q=1",
    "https://u:p@x",
  ])("rejects %s", (endpoint) => {
    expect(parseBaseUrl(endpoint)).toBeUndefined();
  });
});

describe("snippet", () => {
  it("flattens whitespace, names an empty body and cuts at 200 characters", () => {
    expect(snippet(" a\n\tb ")).toBe("a b");
    expect(snippet(" \n ")).toBe("(empty body)");
    expect(snippet("x".repeat(201))).toBe(`${"x".repeat(200)}…`);
  });
});
