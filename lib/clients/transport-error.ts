// What a failure without an HTTP answer means, for both clouds' clients: undici and Node
// report timeouts, refused connections and unsendable requests the same way whoever is called.

import { ErrorKind } from "./cloud-api-error";

const TIMEOUT_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ETIMEDOUT",
]);
// undici refused to send the request as built (e.g. a control character in a header value):
// sending it again cannot help.
const UNSENDABLE_CODES = new Set(["UND_ERR_INVALID_ARG", "UND_ERR_NOT_SUPPORTED"]);
/** undici's words when an HTTPS_PROXY refuses the tunnel, e.g. "Proxy response (407) !== 200". */
const PROXY_REFUSED = /Proxy response \((\d{3})\)/;
/** The code of a proxy that asks for credentials: an authentication error, never retried. */
export const PROXY_AUTH_REQUIRED = "PROXY_AUTHENTICATION_REQUIRED";

/**
 * What a failure without an HTTP answer means: a timeout, a request that cannot be sent,
 * or any other network failure. `code` is the undici or system code (UND_ERR_SOCKET,
 * ECONNREFUSED, …); `message` joins the error's message with its cause's.
 */
export function classifyTransportError(e: unknown): {
  kind: ErrorKind;
  code: string;
  message: string;
} {
  // Node's connect race (autoSelectFamily) wraps per-address errors in an AggregateError.
  const chain = [
    e,
    e instanceof Error ? e.cause : undefined,
    e instanceof AggregateError ? e.errors[0] : undefined,
  ];
  let code = "NETWORK_ERROR";
  for (const candidate of chain) {
    const c = (candidate as { code?: unknown } | undefined)?.code;
    if (typeof c === "string" && c !== "") {
      code = c;
      break;
    }
  }
  const messages = chain
    .map((x) => (x instanceof Error ? x.message : x === undefined ? "" : String(x)))
    .filter((m, i, all) => m !== "" && all.indexOf(m) === i);
  // A proxy that wants credentials answers every retry the same way: fail at once.
  if (messages.some((m) => PROXY_REFUSED.exec(m)?.[1] === "407")) {
    return { kind: ErrorKind.AUTH, code: PROXY_AUTH_REQUIRED, message: messages.join(": ") };
  }
  const kind = TIMEOUT_CODES.has(code)
    ? ErrorKind.TIMEOUT
    : UNSENDABLE_CODES.has(code)
      ? ErrorKind.VALIDATION
      : ErrorKind.NETWORK;
  return {
    kind,
    code,
    message: messages.length > 0 ? messages.join(": ") : "unknown transport error",
  };
}
