// What an SLS error answer means for the caller (sls-api.md §4). The cloud's code decides
// first; the HTTP status only where the code is unknown or missing (proxies, gateways).

import { ErrorKind } from "../cloud-api-error";

const NOT_FOUND_CODES = new Set([
  "ConsumerGroupNotExist",
  "LogStoreNotExist",
  "ProjectNotExist",
  // The common-codes page spells it so; the per-API pages and the SDKs say ProjectNotExist.
  "ProjectNotExists",
]);
// Project-wide read/write QPS limits: throttling, unlike a resource-count quota.
const THROTTLING_CODES = new Set(["ServerBusy", "WriteQuotaExceed", "ReadQuotaExceed"]);
const AUTH_CODES = new Set(["SignatureNotMatch", "Unauthorized"]);
const SERVER_CODES = new Set(["InternalServerError", "RequestTimeout"]);
const RESOURCE_QUOTA = /Quota.*Exceed|Exceed.*Quota/;

export function classifySlsError(status: number, errorCode: string): ErrorKind {
  if (errorCode === "ConsumerGroupAlreadyExist") return ErrorKind.ALREADY_EXISTS;
  if (NOT_FOUND_CODES.has(errorCode)) return ErrorKind.NOT_FOUND;
  if (THROTTLING_CODES.has(errorCode) || status === 429) return ErrorKind.THROTTLED;
  if (errorCode === "ConsumerGroupQuotaExceed" || RESOURCE_QUOTA.test(errorCode)) {
    return ErrorKind.QUOTA_EXCEEDED;
  }
  if (
    AUTH_CODES.has(errorCode) ||
    errorCode.startsWith("InvalidAccessKeyId") || // also InvalidAccessKeyId.NotFound
    errorCode.startsWith("SecurityToken") // SecurityTokenExpired, SecurityToken.Expired
  ) {
    return ErrorKind.AUTH;
  }
  if (errorCode === "RequestTimeTooSkewed") return ErrorKind.CLOCK_SKEW;
  if (SERVER_CODES.has(errorCode) || status >= 500 || status === 408) return ErrorKind.SERVER;
  // A 401 always means the credentials, whatever (non-JSON) body came with it.
  if (status === 401) return ErrorKind.AUTH;
  return ErrorKind.VALIDATION;
}

/**
 * Reads an SLS error body, `{"errorCode","errorMessage"}`. Also reads the
 * `{"Error":{"Code","Message"}}` envelope the official Node SDK checks for. Anything else
 * (HTML from a proxy, an empty body) gives undefined.
 */
export function parseSlsErrorBody(text: string): { code: string; message: string } | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(body)) return undefined;
  if (typeof body["errorCode"] === "string" && body["errorCode"] !== "") {
    return { code: body["errorCode"], message: stringOr(body["errorMessage"]) };
  }
  const envelope = body["Error"];
  if (isRecord(envelope) && typeof envelope["Code"] === "string" && envelope["Code"] !== "") {
    return { code: envelope["Code"], message: stringOr(envelope["Message"]) };
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringOr(value: unknown): string {
  return typeof value === "string" ? value : "";
}

const TIMEOUT_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ETIMEDOUT",
]);
// undici refused to send the request as built (e.g. a control character in a header value):
// sending it again cannot help.
const UNSENDABLE_CODES = new Set(["UND_ERR_INVALID_ARG", "UND_ERR_NOT_SUPPORTED"]);

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
