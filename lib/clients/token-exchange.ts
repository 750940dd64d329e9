// One HTTP exchange with a credential service (STS, a metadata service, a credentials URI):
// its own short-lived connection pool, closed after the answer, so a hook that fetched
// credentials holds no idle socket. The metadata services are reached without a proxy (they
// answer on a link-local address only the instance itself reaches); STS and a credentials URI
// through HTTPS_PROXY/HTTP_PROXY/NO_PROXY, as the cloud calls are.

import { EnvHttpProxyAgent, type Dispatcher } from "undici";
import { classifyTransportError } from "./transport-error";
import { USER_AGENT } from "./http-exchange";

export interface CredentialAnswer {
  readonly status: number;
  readonly text: string;
  /** Lower-case names; a repeated header's values joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
}

export interface CredentialRequest {
  readonly method: Dispatcher.HttpMethod;
  readonly url: URL;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Limit for connecting and for the answer, ms. */
  readonly timeoutMs: number;
  /** false: straight to the address, whatever the proxy variables say. */
  readonly proxy: boolean;
}

/** No answer at all (refused, timed out, reset): code is the transport's, e.g. ECONNREFUSED. */
export class NoAnswerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "NoAnswerError";
  }
}

/** An error answer from a credential service (status and code as it sent them), or none (0). */
export class CredentialServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string = "",
  ) {
    super(message);
    this.name = "CredentialServiceError";
  }
}

export async function credentialExchange(request: CredentialRequest): Promise<CredentialAnswer> {
  const { timeoutMs } = request;
  const dispatcher = new EnvHttpProxyAgent({
    ...(request.proxy ? {} : { noProxy: "*", httpProxy: "", httpsProxy: "" }),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect: { timeout: timeoutMs },
    requestTls: { timeout: timeoutMs },
    pipelining: 0,
  });
  try {
    const response = await dispatcher.request({
      origin: request.url.origin,
      path: `${request.url.pathname}${request.url.search}`,
      method: request.method,
      headers: { "user-agent": USER_AGENT, ...request.headers },
      body: request.body ?? null,
    });
    const text = await response.body.text();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = [value].flat().join(", ");
    }
    return { status: response.statusCode, text, headers };
  } catch (e) {
    const { code, message } = classifyTransportError(e);
    throw new NoAnswerError(code, `no answer from ${request.url.origin}: ${message}`);
  } finally {
    void dispatcher.destroy().catch(() => undefined);
  }
}
