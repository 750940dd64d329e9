// SLS error answers: the cloud's code, HTTP status and message.
// Messages are copied from the docs where they quote one; the others are marked.

export class SlsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "SlsError";
  }
}

/** Factories, one per error the emulator can answer. */
export const slsErrors = {
  // Header problems: the codes are SLS's documented common error codes; the messages are ours.
  missingDate: () => new SlsError(400, "MissingDate", "Date or x-log-date header is missing"),
  invalidDateFormat: (date: string) =>
    new SlsError(400, "InvalidDateFormat", `date ${date} is not an RFC 1123 GMT date`),
  // ±15 minutes (a documented common error code). Message text UNVERIFIED.
  requestTimeTooSkewed: (date: string, serverDate: string) =>
    new SlsError(
      400,
      "RequestTimeTooSkewed",
      `request time ${date} is too skewed from server time ${serverDate} (more than 15 minutes)`,
    ),
  missingApiVersion: () =>
    new SlsError(400, "MissingAPIVersion", "x-log-apiversion header is missing"),
  invalidApiVersion: (v: string) =>
    new SlsError(400, "InvalidAPIVersion", `x-log-apiversion ${v} is not supported, use 0.6.0`),
  missingSignatureMethod: () =>
    new SlsError(400, "MissingSignatureMethod", "x-log-signaturemethod header is missing"),
  invalidSignatureMethod: (m: string) =>
    new SlsError(400, "InvalidSignatureMethod", `signature method ${m} is not supported`),
  missingContentType: () =>
    new SlsError(400, "MissingContentType", "Content-Type header is missing for a request body"),
  invalidBodyRawSize: (v: string) =>
    new SlsError(400, "InvalidBodyRawSize", `x-log-bodyrawsize ${v} is invalid`),
  missingHost: () =>
    new SlsError(400, "MissingHost", "the Host header must be <project>.<endpoint>"),
  missingAccessKeyId: () =>
    new SlsError(400, "MissAccessKeyId", "the Authorization header is missing or malformed"),
  // emulator-only: whether SLS checks Content-MD5 against the body, and with which code, is
  // UNVERIFIED.
  contentMd5NotMatch: (sent: string, actual: string) =>
    new SlsError(
      400,
      "ContentMD5NotMatch",
      `Content-MD5 ${sent} does not match the body's MD5 ${actual}`,
    ),
  missingContentMd5: () =>
    new SlsError(400, "ContentMD5NotMatch", "Content-MD5 header is missing for a request body"),
  // 401s: message shapes from the SLS API documentation.
  accessKeyNotFound: (id: string) =>
    new SlsError(401, "Unauthorized", `AccessKeyId not found: ${id}`),
  securityTokenInvalid: () =>
    new SlsError(401, "Unauthorized", "The security token you provided is invalid"),
  securityTokenExpired: () =>
    new SlsError(401, "SecurityTokenExpired", "The security token you provided has expired"),
  v4NotSupported: () =>
    new SlsError(
      401,
      "Unauthorized",
      "the emulator verifies only LOG (v1) signatures; SLS4-HMAC-SHA256 is not emulated",
    ),
  signatureNotMatch: (signature: string) =>
    new SlsError(401, "SignatureNotMatch", `signature ${signature} not match`),
  // Resources: the documented errors of CreateConsumerGroup and UpdateConsumerGroup.
  projectNotExist: (project: string) =>
    new SlsError(404, "ProjectNotExist", `The Project does not exist : ${project}`),
  // "dose" [sic], as on the documented error table.
  logStoreNotExist: (logstore: string) =>
    new SlsError(404, "LogStoreNotExist", `logstore ${logstore} dose not exist`),
  // CreateLogStore and DeleteLogStore: codes and the already-exists message as documented.
  logStoreAlreadyExist: (logstore: string) =>
    new SlsError(400, "LogStoreAlreadyExist", `logstore ${logstore} already exists`),
  // emulator-only wording; the code is the one SLS documents for invalid parameters.
  logstoreBodyInvalid: (detail: string) =>
    new SlsError(400, "ParameterInvalid", `logstore info is invalid: ${detail}`),
  logStoreQuotaExceed: (max: number) =>
    new SlsError(
      400,
      "ProjectQuotaExceed",
      `Project Quota Exceed: a project can have at most ${max} logstores`,
    ),
  groupAlreadyExist: () =>
    new SlsError(400, "ConsumerGroupAlreadyExist", "consumer group already exist"),
  groupNotExist: () => new SlsError(404, "ConsumerGroupNotExist", "consumer group not exist"),
  // Code documented; HTTP status (400 vs 403) and message UNVERIFIED.
  groupQuotaExceed: (max: number) =>
    new SlsError(
      400,
      "ConsumerGroupQuotaExceed",
      `consumer group quota exceed: a logstore can have at most ${max} consumer groups`,
    ),
  createBodyInvalid: (detail: string) =>
    new SlsError(400, "JsonInfoInvalid", `consumerGroup or timeout is of error format (${detail})`),
  updateBodyInvalid: (detail: string) =>
    new SlsError(400, "JsonInfoInvalid", `timeout is of error value type (${detail})`),
  // Checkpoints and heartbeats: codes as the API reference lists them, messages ours.
  shardNotExist: (shard: number) =>
    new SlsError(404, "ShardNotExist", `shard ${shard} does not exist in this logstore`),
  consumerNotExist: (consumer: string, detail: string) =>
    new SlsError(
      404,
      "ConsumerNotExist",
      `consumer ${JSON.stringify(consumer)} does not exist in this consumer group (${detail})`,
    ),
  invalidShardCheckPoint: (detail: string) =>
    new SlsError(400, "InvalidShardCheckPoint", `invalid shard checkpoint: ${detail}`),
  // emulator-only: the code for a malformed heartbeat or GetCheckPoint query is undocumented.
  parameterInvalid: (detail: string) => new SlsError(400, "ParameterInvalid", detail),
  invalidMethod: (method: string, path: string) =>
    new SlsError(405, "InvalidMethod", `method ${method} is not allowed on ${path}`),
  // emulator-only: an /logstores path that is not a consumer-group route.
  routeNotEmulated: (method: string, path: string) =>
    new SlsError(404, "NotEmulated", `the emulator does not implement ${method} ${path}`),
  internal: (message: string) => new SlsError(500, "InternalServerError", message),
  // Throttling, for injected faults: codes and statuses documented; the QPS
  // messages are modelled on the quoted "Project write quota exceed: qps: …".
  writeQuotaExceed: () =>
    new SlsError(403, "WriteQuotaExceed", "Project write quota exceed: qps: injected fault"),
  readQuotaExceed: () =>
    new SlsError(403, "ReadQuotaExceed", "Project read quota exceed: qps: injected fault"),
  // Message quoted in the SLS API documentation.
  serverBusy: () => new SlsError(503, "ServerBusy", "The server is busy, please try again later."),
};
