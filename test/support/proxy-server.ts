// A forward proxy that only tunnels (HTTP CONNECT), as corporate proxies do for https: it
// records each tunnel's target ("host:port") and pipes bytes both ways without reading them.

import * as http from "node:http";
import * as net from "node:net";

export interface ConnectProxy {
  /** "http://127.0.0.1:PORT", for HTTPS_PROXY. */
  readonly url: string;
  /** Every CONNECT target, in order. */
  readonly tunnels: string[];
  close(): Promise<void>;
}

/** `requireAuth`: answer every CONNECT 407, as a proxy that wants credentials does. */
export async function startConnectProxy(
  options: { requireAuth?: boolean } = {},
): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end("CONNECT only\n"));
  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = req.url ?? "";
    tunnels.push(target);
    if (options.requireAuth) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    const at = target.lastIndexOf(":");
    const host = target.slice(0, at).replace(/^\[|\]$/g, "");
    const upstream = net.connect(Number(target.slice(at + 1)), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    }
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
