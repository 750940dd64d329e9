// What a DMS queue API error answer means for the caller. The code
// decides, not the status: DMS throttles with a 404 (DMS.10240407). The status is used only
// where the code is unknown or missing (proxies, gateways).

import { ErrorKind, type CloudApiError } from "../../../../clients/cloud-api-error";
import { isRecord } from "../../../../contract/fields";
import { parseJson, stringOr } from "../../../../clients/json";

/** queue not found (DMS.10240401) and consumer group not found (DMS.10240405). */
const NOT_FOUND_CODES = new Set(["DMS.10240401", "DMS.10240405"]);
/** consumer group exists (DMS.10240018); queue exists (DMS.10240017). */
const ALREADY_EXISTS_CODES = new Set(["DMS.10240018", "DMS.10240017"]);
/** too many consumer groups (DMS.10240019); quota insufficient (DMS.10240020). */
const QUOTA_CODES = new Set(["DMS.10240019", "DMS.10240020"]);
/**
 * Flow control (DMS.10240407, sent with HTTP 404) and "the queue is being created"
 * (DMS.10240032): both say "come back later" and nothing was applied, so THROTTLED rather
 * than SERVER, which would make a create look ambiguous.
 */
const THROTTLING_CODES = new Set(["DMS.10240407", "DMS.10240032"]);
/** Token invalid/expired/missing/project mismatch (401); frozen, denied, read-only, role (403). */
const AUTH_CODES = new Set([
  "DMS.10240101",
  "DMS.10240102",
  "DMS.10240103",
  "DMS.10240104",
  "DMS.10240306",
  "DMS.10240309",
  "DMS.10240310",
  "DMS.10240311",
  "DMS.10240312",
]);
/** API Gateway codes, spelled APIGW.xxxx or APIG.xxxx. */
const GATEWAY_CODE = /^APIGW?\.(\d{4})$/;
/** DMS internal errors DMS.10250002–DMS.10250006 (and the rest of the 1025xxxx block). */
const DMS_SERVER_CODE = /^DMS\.1025\d{4}$/;

/** The project id (DMS.10240005) or queue id (DMS.10240015) in the path is malformed. */
const MALFORMED_ID_CODES: ReadonlySet<string> = new Set(["DMS.10240005", "DMS.10240015"]);

/**
 * Why an error of a delete's calls means the group is gone already: not found, or an id in the
 * path the service calls malformed (nothing with it can exist: the create never succeeded).
 * Undefined when the error means something else.
 */
export function goneReason(e: CloudApiError): string | undefined {
  const request = `request ${e.requestId || "n/a"}`;
  if (MALFORMED_ID_CODES.has(e.cloudCode)) {
    return `never created: ${e.cloudCode} ${e.cloudMessage}, ${request}`;
  }
  return e.kind === ErrorKind.NOT_FOUND ? `${e.cloudCode}, ${request}` : undefined;
}

/**
 * Classifies a DMS or API Gateway error answer. `errorCode` is normalized
 * (see normalizeDmsErrorCode), or "" when the body carried none.
 */
export function classifyDmsError(status: number, errorCode: string): ErrorKind {
  if (ALREADY_EXISTS_CODES.has(errorCode)) return ErrorKind.ALREADY_EXISTS;
  if (NOT_FOUND_CODES.has(errorCode)) return ErrorKind.NOT_FOUND;
  if (QUOTA_CODES.has(errorCode)) return ErrorKind.QUOTA_EXCEEDED;
  if (THROTTLING_CODES.has(errorCode)) return ErrorKind.THROTTLED;
  if (AUTH_CODES.has(errorCode)) return ErrorKind.AUTH;
  if (DMS_SERVER_CODE.test(errorCode)) return ErrorKind.SERVER;
  const gateway = GATEWAY_CODE.exec(errorCode)?.[1];
  if (gateway !== undefined) return classifyGatewayCode(status, gateway);
  if (status === 429) return ErrorKind.THROTTLED;
  if (status >= 500 || status === 408) return ErrorKind.SERVER;
  // A 401 or 403 is about credentials or permissions, whatever (non-JSON) body came with it; a
  // 407 about those of a proxy on the way.
  if (status === 401 || status === 403 || status === 407) return ErrorKind.AUTH;
  // Everything else: a request to fix, never to repeat. A 404 without a known code is a wrong
  // URL or endpoint (DMS.10240406, APIGW.0101), not a missing resource.
  return ErrorKind.VALIDATION;
}

function classifyGatewayCode(status: number, number: string): ErrorKind {
  // 0308: "The throttling threshold has been reached" (429).
  if (number === "0308") return ErrorKind.THROTTLED;
  // 03xx: IAM / app authentication and authorization (0301 "Incorrect IAM authentication
  // information" covers a wrong AK/SK, an unknown AK and a bad signature).
  if (number.startsWith("03")) return ErrorKind.AUTH;
  // 0201 "Service DMS is currently unavailable" is what a withdrawn service answers; it is
  // permanent there, so it must not be retried even if it comes with a 5xx.
  if (number === "0201") return ErrorKind.VALIDATION;
  if (status === 429) return ErrorKind.THROTTLED;
  if (status >= 500) return ErrorKind.SERVER;
  if (status === 401 || status === 403) return ErrorKind.AUTH;
  return ErrorKind.VALIDATION;
}

/**
 * The code as DMS documents it today: the old tables print DMS codes as bare numbers
 * ("10240018"), sometimes as JSON numbers; those get the "DMS." prefix. Others are kept.
 */
export function normalizeDmsErrorCode(code: string): string {
  const trimmed = code.trim();
  return /^\d{8}$/.test(trimmed) ? `DMS.${trimmed}` : trimmed;
}

export interface DmsErrorBody {
  /** Normalized code, e.g. DMS.10240018 or APIGW.0301. */
  readonly code: string;
  readonly message: string;
  /** `request_id` from a gateway body, when there is one. */
  readonly requestId?: string;
}

/**
 * Reads `{"error_code","error_msg","request_id"?}` (API Gateway, DMS backend) and
 * `{"error":{"code","message"}}`, the two shapes the official Node SDK's
 * ExceptionUtil.generalException accepts. Anything else (HTML from a proxy, an empty body)
 * gives undefined.
 */
export function parseDmsErrorBody(text: string): DmsErrorBody | undefined {
  const body = parseJson(text);
  if (!isRecord(body)) return undefined;
  const requestId = nonEmptyString(body["request_id"]);
  const flat = codeOf(body["error_code"]);
  if (flat !== undefined) {
    return withRequestId({ code: flat, message: stringOr(body["error_msg"]) }, requestId);
  }
  const envelope = body["error"];
  if (isRecord(envelope)) {
    const code = codeOf(envelope["code"]);
    if (code !== undefined) {
      return withRequestId(
        { code, message: stringOr(envelope["message"]) },
        requestId ?? nonEmptyString(envelope["request_id"]),
      );
    }
  }
  return undefined;
}

function withRequestId(parsed: DmsErrorBody, requestId: string | undefined): DmsErrorBody {
  return requestId === undefined ? parsed : { ...parsed, requestId };
}

function codeOf(value: unknown): string | undefined {
  const text =
    typeof value === "number" && Number.isInteger(value) ? String(value) : nonEmptyString(value);
  return text === undefined ? undefined : normalizeDmsErrorCode(text);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}
