import { readFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import * as path from "node:path";
import { EnvHttpProxyAgent, type Dispatcher } from "undici";
import { createDispatcher } from "../../../lib/http/dispatcher";

// emulator-only: a throwaway self-signed certificate for localhost/127.0.0.1, valid 2000–2100,
// made with `openssl ca -selfsign -startdate 20000101000000Z -enddate 21000101000000Z` (P-256).
const FIXTURES = path.join(__dirname, "fixtures");
const CERT = readFileSync(path.join(FIXTURES, "localhost-cert.pem"));
const KEY = readFileSync(path.join(FIXTURES, "localhost-key.pem"));

const dispatchers: Dispatcher[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.destroy()));
  for (const s of servers.splice(0)) {
    (s as http.Server).closeAllConnections?.();
    s.close();
  }
});

describe("createDispatcher", () => {
  it("returns an EnvHttpProxyAgent", () => {
    expect(track(createDispatcher({ requestTimeoutMs: 1_000 }))).toBeInstanceOf(EnvHttpProxyAgent);
  });

  it("rejects a request timeout that is not a positive number", () => {
    expect(() => createDispatcher({ requestTimeoutMs: 0 })).toThrow(
      /requestTimeoutMs must be a positive number/,
    );
  });

  it("keeps the connection alive across consecutive requests", async () => {
    let connections = 0;
    const origin = await listen(
      http.createServer((_req, res) => res.end("ok")),
      () => connections++,
    );
    const d = track(createDispatcher({ requestTimeoutMs: 2_000 }));
    for (let i = 0; i < 3; i++) {
      const res = await d.request({ origin, path: "/", method: "GET" });
      expect(await res.body.text()).toBe("ok");
      // undici returns the socket to the pool just after the body ends; let that happen.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(connections).toBe(1);
  });
});

describe("createDispatcher timeouts", () => {
  it("fails with a headers timeout after requestTimeoutMs when the server never answers", async () => {
    const origin = await listen(http.createServer(() => undefined));
    const d = track(createDispatcher({ requestTimeoutMs: 200 }));
    const started = Date.now();
    await expect(d.request({ origin, path: "/", method: "GET" })).rejects.toMatchObject({
      code: "UND_ERR_HEADERS_TIMEOUT",
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("fails with a body timeout when the body stalls for longer than requestTimeoutMs", async () => {
    const origin = await listen(
      http.createServer((_req, res) => {
        res.writeHead(200, { "content-length": "10" });
        res.write("abc"); // and never the rest
      }),
    );
    const d = track(createDispatcher({ requestTimeoutMs: 200 }));
    const res = await d.request({ origin, path: "/", method: "GET" });
    await expect(res.body.text()).rejects.toMatchObject({
      code: "UND_ERR_BODY_TIMEOUT",
    });
  });
});

describe("createDispatcher TLS", () => {
  it("trusts a private CA passed as ca", async () => {
    const origin = await listenTls();
    const d = track(createDispatcher({ requestTimeoutMs: 2_000, ca: CERT }));
    const res = await d.request({ origin, path: "/", method: "GET" });
    expect(await res.body.text()).toBe("tls ok");
  });

  it("rejects the same server without ca, since its certificate is not publicly trusted", async () => {
    const origin = await listenTls();
    const d = track(createDispatcher({ requestTimeoutMs: 2_000 }));
    await expect(d.request({ origin, path: "/", method: "GET" })).rejects.toMatchObject({
      code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY/),
    });
  });
});

describe("createDispatcher proxy settings", () => {
  const NAMES = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"];
  let saved: Record<string, string | undefined>;
  beforeEach(() => {
    saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));
    for (const n of NAMES) delete process.env[n];
  });
  afterEach(() => {
    for (const n of NAMES) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
  });

  it("tunnels requests through HTTP_PROXY", async () => {
    const { origin, port } = await target();
    const proxy = await startProxy();
    process.env["HTTP_PROXY"] = proxy.url;
    const d = track(createDispatcher({ requestTimeoutMs: 2_000 }));
    const res = await d.request({ origin, path: "/", method: "GET" });
    expect(await res.body.text()).toBe("target");
    expect(proxy.tunnels).toEqual([`127.0.0.1:${port}`]);
  });

  it("tunnels https requests through HTTPS_PROXY and still trusts the private CA", async () => {
    const origin = await listenTls();
    const proxy = await startProxy();
    process.env["HTTPS_PROXY"] = proxy.url;
    const d = track(createDispatcher({ requestTimeoutMs: 2_000, ca: CERT }));
    const res = await d.request({ origin, path: "/", method: "GET" });
    expect(await res.body.text()).toBe("tls ok");
    expect(proxy.tunnels).toEqual([new URL(origin).host]);
  });

  it("bypasses the proxy for hosts listed in NO_PROXY", async () => {
    const { origin } = await target();
    const proxy = await startProxy();
    process.env["HTTP_PROXY"] = proxy.url;
    process.env["NO_PROXY"] = "127.0.0.1";
    const d = track(createDispatcher({ requestTimeoutMs: 2_000 }));
    const res = await d.request({ origin, path: "/", method: "GET" });
    expect(await res.body.text()).toBe("target");
    expect(proxy.tunnels).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

function track(d: Dispatcher): Dispatcher {
  dispatchers.push(d);
  return d;
}

async function listen(server: net.Server, onConnection?: () => void): Promise<string> {
  servers.push(server);
  if (onConnection) server.on("connection", onConnection);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return `${server instanceof https.Server ? "https" : "http"}://127.0.0.1:${port}`;
}

function listenTls(): Promise<string> {
  return listen(https.createServer({ cert: CERT, key: KEY }, (_req, res) => res.end("tls ok")));
}

async function target(): Promise<{ origin: string; port: number }> {
  const origin = await listen(http.createServer((_req, res) => res.end("target")));
  return { origin, port: Number(new URL(origin).port) };
}

/** A CONNECT proxy that records each tunnel's target and pipes bytes both ways. */
async function startProxy(): Promise<{ url: string; tunnels: string[] }> {
  const tunnels: string[] = [];
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on("connect", (req: http.IncomingMessage, client: net.Socket) => {
    tunnels.push(req.url ?? "");
    const [host, port] = (req.url ?? "").split(":");
    const upstream = net.connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  const url = await listen(server);
  return { url, tunnels };
}
