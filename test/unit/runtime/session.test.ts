import * as fs from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { CloudApiError, ErrorKind } from "../../../lib/clients/cloud-api-error";
import { HookErrorCode, isHookError, type HookError } from "../../../lib/runtime/errors";
import type { Reporter } from "../../../lib/runtime/report";
import { withSession } from "../../../lib/runtime/session";
import type { Transport } from "../../../lib/contract/transport";
import { slsContract } from "../../../lib/clouds/alibaba/sls/sls-contract";

// emulator-only: the throwaway self-signed localhost certificate of test/unit/http/fixtures.
const FIXTURES = path.join(__dirname, "../http/fixtures");
const CERT_FILE = path.join(FIXTURES, "localhost-cert.pem");

describe("the run's deadline", () => {
  it("sets deadlineAt to the start of the run plus deadlineMs", async () => {
    const before = Date.now();
    const deadlineAt = await withSession(
      transport({ deadlineMs: 45_000 }),
      reporter().reporter,
      async (s) => Promise.resolve(s.deadlineAt),
    );
    expect(deadlineAt).toBeGreaterThanOrEqual(before + 45_000);
    expect(deadlineAt).toBeLessThanOrEqual(Date.now() + 45_000);
  });

  it("rejects a call once the deadline has passed, without sending it", async () => {
    const operation = jest.fn(async () => Promise.resolve("sent"));
    const error = await withSession(transport({ deadlineMs: 0 }), reporter().reporter, async (s) =>
      caught(s.callFor({ clockOffsetMs: 0 })("list groups", operation)),
    );
    expect(error).toMatchObject({ code: "HTTP_DEADLINE_EXCEEDED" });
    expect(operation).not.toHaveBeenCalled();
  });

  it("retries a transient error while the retry still ends before the deadline", async () => {
    const operation = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(
        cloudError({ kind: ErrorKind.THROTTLED, status: 503, retryAfterSeconds: 0 }),
      )
      .mockResolvedValueOnce("listed");
    const result = await withSession(
      transport({ deadlineMs: 10_000 }),
      reporter().reporter,
      async (s) => s.callFor({ clockOffsetMs: 0 })("list groups", operation),
    );
    expect(result).toBe("listed");
    expect(operation).toHaveBeenCalledTimes(2);
  });

  it("fails with the last error when the next retry would end past the deadline", async () => {
    const throttled = cloudError({ kind: ErrorKind.THROTTLED, status: 503, retryAfterSeconds: 5 });
    const operation = jest.fn(async () => Promise.reject(throttled));
    const started = Date.now();
    const error = await withSession(
      transport({ deadlineMs: 1_000 }),
      reporter().reporter,
      async (s) => caught(s.callFor({ clockOffsetMs: 0 })("list groups", operation)),
    );
    expect(error).toBe(throttled);
    expect(operation).toHaveBeenCalledTimes(1);
    expect(Date.now() - started).toBeLessThan(1_000); // it did not sleep first
  });
});

describe("callFor and clock skew", () => {
  it("corrects the client's clock from the server's Date and retries once", async () => {
    const serverNow = Date.now() + 3_600_000;
    const client = { clockOffsetMs: 0 };
    const { reporter: r, infos } = reporter();
    const operation = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(skewError(serverNow))
      .mockResolvedValueOnce("created");
    const result = await withSession(transport(), r, async (s) =>
      s.callFor(client)("create group", operation),
    );
    expect(result).toBe("created");
    expect(operation).toHaveBeenCalledTimes(2);
    // The Date header has whole seconds.
    expect(Math.abs(client.clockOffsetMs - 3_600_000)).toBeLessThan(2_000);
    expect(infos).toEqual([
      expect.stringMatching(/differs from the service's by 3[56]\d\d s; corrected/),
    ]);
  });

  it("fails when the service still reports skew after one correction", async () => {
    const client = { clockOffsetMs: 0 };
    const second = skewError(Date.now() + 7_200_000);
    const operation = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(skewError(Date.now() + 3_600_000))
      .mockRejectedValueOnce(second);
    const error = await withSession(transport(), reporter().reporter, async (s) =>
      caught(s.callFor(client)("create group", operation)),
    );
    expect(error).toBe(second);
    expect(operation).toHaveBeenCalledTimes(2);
    expect(Math.abs(client.clockOffsetMs - 3_600_000)).toBeLessThan(2_000);
  });

  it("keeps each client's clock apart", async () => {
    const skewed = { clockOffsetMs: 0 };
    const other = { clockOffsetMs: 0 };
    await withSession(transport(), reporter().reporter, async (s) => {
      const skewedCall = s.callFor(skewed);
      const otherCall = s.callFor(other);
      const operation = jest
        .fn<Promise<string>, []>()
        .mockRejectedValueOnce(skewError(Date.now() + 600_000))
        .mockResolvedValueOnce("ok");
      await skewedCall("create group", operation);
      await otherCall("list groups", async () => Promise.resolve("listed"));
    });
    expect(skewed.clockOffsetMs).toBeGreaterThan(500_000);
    expect(other.clockOffsetMs).toBe(0);
  });
});

describe("TLS certificate failures", () => {
  it("fails at once with HOOK_TLS_CERTIFICATE when the chain leads to no trusted CA", async () => {
    const operation = jest.fn(async () =>
      Promise.reject(
        cloudError({
          kind: ErrorKind.NETWORK,
          status: 0,
          cloudCode: "DEPTH_ZERO_SELF_SIGNED_CERT",
        }),
      ),
    );
    const error = await withSession(
      transport({ caFile: CERT_FILE }),
      reporter().reporter,
      async (s) => caught(s.callFor({ clockOffsetMs: 0 })("list groups", operation)),
    );
    expect(hookError(error)).toMatchObject({ code: HookErrorCode.TLS_CERTIFICATE });
    expect(error.message).toMatch(/not trusted.*nor by caCertificateFile/);
    expect((error as HookError).hint).toMatch(/set caCertificateFile/);
    expect(operation).toHaveBeenCalledTimes(1); // a NETWORK error would otherwise be retried
  });

  it("names the remedy of an expired certificate", async () => {
    const operation = async () =>
      Promise.reject(
        cloudError({ kind: ErrorKind.NETWORK, status: 0, cloudCode: "CERT_HAS_EXPIRED" }),
      );
    const error = await withSession(transport(), reporter().reporter, async (s) =>
      caught(s.callFor({ clockOffsetMs: 0 })("list groups", operation)),
    );
    expect(hookError(error)).toMatchObject({
      code: HookErrorCode.TLS_CERTIFICATE,
      hint: expect.stringMatching(/renew it/),
    });
  });

  it("leaves other network errors to the retry policy", async () => {
    const reset = cloudError({
      kind: ErrorKind.NETWORK,
      status: 0,
      cloudCode: "ECONNRESET",
      retryAfterSeconds: 0,
    });
    const operation = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(reset)
      .mockResolvedValueOnce("ok");
    const result = await withSession(transport(), reporter().reporter, async (s) =>
      s.callFor({ clockOffsetMs: 0 })("list groups", operation),
    );
    expect(result).toBe("ok");
    expect(operation).toHaveBeenCalledTimes(2);
  });
});

describe("the CA certificate file", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "session-ca-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("rejects a missing file with HOOK_CA_FILE, naming the resolved path and the errno", async () => {
    const missing = path.join(dir, "missing.pem");
    const body = jest.fn(async () => Promise.resolve());
    const error = await caught(
      withSession(
        transport({ caFile: path.relative(process.cwd(), missing) }),
        reporter().reporter,
        body,
      ),
    );
    expect(hookError(error)).toMatchObject({ code: HookErrorCode.CA_FILE });
    expect(error.message).toContain(JSON.stringify(missing));
    expect(error.message).toMatch(/: ENOENT$/);
    expect(body).not.toHaveBeenCalled();
  });

  it("rejects a file that holds no PEM certificate", async () => {
    const notPem = path.join(dir, "not-a-cert.txt");
    fs.writeFileSync(notPem, "just text\n");
    const error = await caught(
      withSession(transport({ caFile: notPem }), reporter().reporter, async () =>
        Promise.resolve(),
      ),
    );
    expect(hookError(error)).toMatchObject({ code: HookErrorCode.CA_FILE });
    expect(error.message).toMatch(/holds no PEM certificate/);
  });

  it("trusts the endpoint's private CA when caFile names it", async () => {
    const origin = await httpsServer();
    const status = await withSession(
      transport({ caFile: CERT_FILE }),
      reporter().reporter,
      async (s) => {
        const res = await s.dispatcher.request({ origin, path: "/", method: "GET" });
        await res.body.text();
        return res.statusCode;
      },
    );
    expect(status).toBe(200);
  });

  it("does not trust the same endpoint without caFile", async () => {
    const origin = await httpsServer();
    const error = await withSession(transport(), reporter().reporter, async (s) =>
      caught(s.dispatcher.request({ origin, path: "/", method: "GET" })),
    );
    expect(error).toMatchObject({ code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY/) });
  });
});

describe("the connection pool", () => {
  it("closes its connections when the body is done", async () => {
    const closed = await withSession(transport(), reporter().reporter, async (s) =>
      Promise.resolve(s.dispatcher),
    );
    await expect(
      closed.request({ origin: "http://127.0.0.1:9", path: "/", method: "GET" }),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/^UND_ERR_(CLOSED|DESTROYED)$/),
    });
  });
});

// ---------------------------------------------------------------------------------------------

const servers: https.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function transport(overrides: Partial<Transport> = {}): Transport {
  return {
    endpoint: "https://cn-hangzhou.log.aliyuncs.com",
    region: "cn-hangzhou",
    allowInsecureHttp: false,
    requestTimeoutMs: 5_000,
    deadlineMs: 30_000,
    ...overrides,
  } as Transport;
}

function reporter(): { reporter: Reporter; infos: string[] } {
  const infos: string[] = [];
  return {
    infos,
    reporter: {
      info: (l) => infos.push(l),
      debug: () => undefined,
      error: () => undefined,
      addSecret: () => undefined,
    },
  };
}

function cloudError(init: {
  kind: ErrorKind;
  status: number;
  cloudCode?: string;
  retryAfterSeconds?: number;
  serverDate?: string;
}): CloudApiError {
  return new CloudApiError({
    cloud: slsContract,
    cloudCode: "Error",
    cloudMessage: "scripted",
    method: "GET",
    path: "/logstores/orders/consumergroups",
    ...init,
  });
}

function skewError(serverNow: number): CloudApiError {
  return cloudError({
    kind: ErrorKind.CLOCK_SKEW,
    status: 400,
    cloudCode: "RequestTimeTooSkewed",
    serverDate: new Date(serverNow).toUTCString(),
  });
}

function hookError(e: Error): HookError {
  expect(isHookError(e)).toBe(true);
  return e as HookError;
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure");
}

async function httpsServer(): Promise<string> {
  const server = https.createServer(
    {
      cert: fs.readFileSync(CERT_FILE),
      key: fs.readFileSync(path.join(FIXTURES, "localhost-key.pem")),
    },
    (_req, res) => res.end("ok"),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return `https://localhost:${(server.address() as AddressInfo).port}`;
}
