// A TLS-terminating front for the emulator: an https server with the self-signed localhost test
// certificate that forwards every request, headers untouched (so request signatures still
// verify), to the emulator's plain-http URL. Tests use it to see the hook talk TLS.

import { readFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import type * as net from "node:net";
import * as path from "node:path";

/** emulator-only: the throwaway self-signed certificate for localhost/127.0.0.1 (2000–2100). */
export const TLS_FIXTURES = path.resolve(__dirname, "../unit/http/fixtures");
export const TEST_CA_FILE = path.join(TLS_FIXTURES, "localhost-cert.pem");
const TEST_KEY_FILE = path.join(TLS_FIXTURES, "localhost-key.pem");

export interface TlsFront {
  /** "https://127.0.0.1:PORT" */
  readonly url: string;
  readonly port: number;
  /** TLS handshakes the front completed. */
  handshakes(): number;
  close(): Promise<void>;
}

/** Starts the front on a free loopback port, forwarding to `upstream` ("http://127.0.0.1:N"). */
export async function startTlsFront(upstream: string): Promise<TlsFront> {
  const target = new URL(upstream);
  let handshakes = 0;
  const server = https.createServer(
    { cert: readFileSync(TEST_CA_FILE), key: readFileSync(TEST_KEY_FILE) },
    (req, res) => {
      const forward = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", () => res.destroy());
      req.pipe(forward);
    },
  );
  server.on("secureConnection", () => handshakes++);
  // A client that rejects the certificate resets the socket: not the front's failure.
  server.on("tlsClientError", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    handshakes: () => handshakes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
