// What an SLS error answer means for the caller. The cloud's code decides
// first; the HTTP status only where the code is unknown or missing (proxies, gateways).

import { ErrorKind } from "../../../../clients/cloud-api-error";
import { isRecord } from "../../../../contract/fields";
import { parseJson, stringOr } from "../../../../clients/json";

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
  // A 401 always means the credentials, whatever (non-JSON) body came with it; a 407 those of
  // a proxy on the way.
  if (status === 401 || status === 407) return ErrorKind.AUTH;
  return ErrorKind.VALIDATION;
}

/**
 * Reads an SLS error body, `{"errorCode","errorMessage"}`. Also reads the
 * `{"Error":{"Code","Message"}}` envelope the official Node SDK checks for. Anything else
 * (HTML from a proxy, an empty body) gives undefined.
 */
export function parseSlsErrorBody(text: string): { code: string; message: string } | undefined {
  const body = parseJson(text);
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
