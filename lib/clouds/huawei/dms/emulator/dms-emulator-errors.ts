// DMS queue API error answers: code, HTTP status and message. Two sources
// answer, as in the cloud: the API Gateway ("gateway": auth, routing), always in its flat
// shape with request_id, and the DMS backend ("dms"), whose body shape is configurable because
// no wire example of it was found.
// Codes are from the error table; messages are abridged from it unless marked.

export type DmsErrorSource = "gateway" | "dms";

export class DmsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly source: DmsErrorSource = "dms",
  ) {
    super(message);
    this.name = "DmsError";
  }
}

/** "flat" {"error_code","error_msg"} (default) or "nested" {"error":{"code","message"}}. */
export type DmsErrorBodyShape = "flat" | "nested";

export function dmsErrorBody(
  error: DmsError,
  shape: DmsErrorBodyShape,
  requestId: string,
): Record<string, unknown> {
  if (error.source === "gateway") {
    // Field order as the real gateway answers.
    return { error_msg: error.message, error_code: error.code, request_id: requestId };
  }
  return shape === "nested"
    ? { error: { code: error.code, message: error.message } }
    : { error_code: error.code, error_msg: error.message };
}

const IAM = "Incorrect IAM authentication information";

/** Factories, one per error the emulator can answer. */
export const dmsErrors = {
  // Gateway. "verify aksk signature fail" and "ak ... not exist" are quoted messages.
  signatureMismatch: () =>
    new DmsError(401, "APIGW.0301", `${IAM}: verify aksk signature fail`, "gateway"),
  unknownAccessKey: (ak: string) =>
    new DmsError(401, "APIGW.0301", `${IAM}: ak ${ak} not exist`, "gateway"),
  // The code for a stale X-Sdk-Date is INFERRED; the message text is ours.
  sdkDateOutOfWindow: (date: string) =>
    new DmsError(
      401,
      "APIGW.0301",
      `${IAM}: x-sdk-date ${date} is more than 15 minutes from the server time`,
      "gateway",
    ),
  // Messages below are ours (emulator-only wording); the code is the gateway's auth code.
  malformedAuthorization: (detail: string) =>
    new DmsError(401, "APIGW.0301", `${IAM}: ${detail}`, "gateway"),
  securityTokenMismatch: () =>
    new DmsError(
      401,
      "APIGW.0301",
      `${IAM}: X-Security-Token is missing or does not belong to the temporary AK`,
      "gateway",
    ),
  securityTokenExpired: () =>
    new DmsError(401, "APIGW.0301", `${IAM}: the security token has expired`, "gateway"),
  // The gateway's answer to an unpublished path or method; message as APIG words it.
  apiNotFound: (method: string, path: string) =>
    new DmsError(
      404,
      "APIGW.0101",
      `The API does not exist or has not been published in the environment (${method} ${path})`,
      "gateway",
    ),

  // DMS backend.
  tokenInvalid: () => new DmsError(401, "DMS.10240101", "The token is invalid."),
  credentialsMissing: () =>
    new DmsError(
      401,
      "DMS.10240103",
      "The token is missing: send Authorization (SDK-HMAC-SHA256) or X-Auth-Token.",
    ),
  projectMismatch: (detail: string) =>
    new DmsError(401, "DMS.10240104", `The project does not match the token: ${detail}`),
  projectIdInvalid: (projectId: string) =>
    new DmsError(400, "DMS.10240005", `The project ID format is invalid: ${projectId}`),
  nameInvalidCharacters: (name: string) =>
    new DmsError(400, "DMS.10240007", `The name contains invalid characters: ${name}`),
  bodyInvalid: (detail: string) =>
    new DmsError(400, "DMS.10240009", `The request body is invalid: ${detail}`),
  queueNameLength: (name: string) =>
    new DmsError(400, "DMS.10240011", `The queue name length must be 1 to 64: ${name}`),
  groupNameLength: (name: string) =>
    new DmsError(400, "DMS.10240012", `The consumer group name length must be 1 to 32: ${name}`),
  queueIdInvalid: (id: string) =>
    new DmsError(400, "DMS.10240015", `The queue ID format is invalid: ${id}`),
  groupIdInvalid: (id: string) =>
    new DmsError(400, "DMS.10240016", `The group ID format is invalid: ${id}`),
  queueExists: (name: string) =>
    new DmsError(400, "DMS.10240017", `The queue already exists: ${name}`),
  groupExists: (name: string) =>
    new DmsError(400, "DMS.10240018", `The consumer group already exists: ${name}`),
  tooManyGroups: (max: number) =>
    new DmsError(
      400,
      "DMS.10240019",
      `The number of consumer groups exceeds the upper limit: a queue can have at most ${max}`,
    ),
  quotaInsufficient: (what: string) =>
    new DmsError(400, "DMS.10240020", `The quota is insufficient: ${what}`),
  queueNotFound: (id: string) =>
    new DmsError(404, "DMS.10240401", `The queue ID is incorrect or the queue is not found: ${id}`),
  groupNotFound: (id: string) =>
    new DmsError(
      404,
      "DMS.10240405",
      `The consumption group ID is incorrect or the group is not found: ${id}`,
    ),
  methodNotAllowed: (method: string, path: string) =>
    new DmsError(405, "DMS.00405001", `The method ${method} is not allowed on ${path}`),
  internal: (message: string) => new DmsError(500, "DMS.10250002", message),

  // Throttling, for injected faults. Gateway: 429 APIGW.0308, message as quoted in the API documentation (the
  // limit "XX" filled in by us). DMS: flow control is documented with HTTP 404 (sic);
  // message abridged from the error table.
  gatewayThrottled: () =>
    new DmsError(
      429,
      "APIGW.0308",
      "The throttling threshold has been reached: policy user over ratelimit,limit:60,time:1 minute",
      "gateway",
    ),
  flowControl: () =>
    new DmsError(404, "DMS.10240407", "The request is too frequent: flow control is triggered."),
};

/** A gateway code (APIGW.xxxx or APIG.xxxx) is answered in the gateway's body shape. */
export function dmsErrorSourceOf(code: string): DmsErrorSource {
  return /^APIGW?\./.test(code) ? "gateway" : "dms";
}
