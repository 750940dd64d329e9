// The one HTTP connection pool of a hook run. EnvHttpProxyAgent reads HTTPS_PROXY, HTTP_PROXY
// and NO_PROXY (as curl and the cloud CLIs do), so the hook works behind a corporate proxy.

import { EnvHttpProxyAgent, type Dispatcher } from "undici";

export interface DispatcherOptions {
  /** Limit for connecting, for the response headers, and for each gap in the response body, ms. */
  readonly requestTimeoutMs: number;
  /**
   * Extra trusted CA certificate(s), PEM, for endpoints behind a private CA. Trusted in addition
   * to Node's bundled roots (Node's own `ca` option would replace them).
   */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
}

// Idle sockets stay open this long between the calls of one run (create, list, update).
const KEEP_ALIVE_MS = 10_000;

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { requestTimeoutMs, ca } = options;
  if (!Number.isFinite(requestTimeoutMs) || requestTimeoutMs <= 0) {
    throw new RangeError(
      `createDispatcher: requestTimeoutMs must be a positive number of ms, got ${requestTimeoutMs}`,
    );
  }
  const tls = {
    timeout: requestTimeoutMs,
    ...(ca === undefined
      ? {}
      : { ca: [...rootCertificates(), ...(Array.isArray(ca) ? ca : [ca as string | Buffer])] }),
  };
  return new EnvHttpProxyAgent({
    keepAliveTimeout: KEEP_ALIVE_MS,
    headersTimeout: requestTimeoutMs,
    bodyTimeout: requestTimeoutMs,
    connect: tls,
    // Through a proxy, undici opens the endpoint's TLS session with requestTls, not connect.
    requestTls: tls,
    proxyTls: { timeout: requestTimeoutMs },
  });
}

/** Node's bundled roots. Loaded only when needed: node:tls costs ~10 ms of every hook start. */
function rootCertificates(): readonly string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("node:tls") as typeof import("node:tls")).rootCertificates;
}
