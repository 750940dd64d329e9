import { ErrorKind } from "../../../../lib/clients/cloud-api-error";
import {
  classifySlsError,
  parseSlsErrorBody,
} from "../../../../lib/clouds/alibaba/sls/client/sls-errors";

/*
 * classifySlsError. The cloud's code decides first, the status only when the
 * code is unknown or missing ("" = no JSON error body, e.g. a proxy's HTML page).
 *
 * | status | errorCode                         | kind           | why                                   |
 * |--------|-----------------------------------|----------------|---------------------------------------|
 * | 400    | ConsumerGroupAlreadyExist         | ALREADY_EXISTS | create on an existing name            |
 * | 404    | ConsumerGroupNotExist             | NOT_FOUND      |                                       |
 * | 404    | LogStoreNotExist                  | NOT_FOUND      |                                       |
 * | 404    | ProjectNotExist / ProjectNotExists| NOT_FOUND      | the docs spell it both ways           |
 * | 400    | ConsumerGroupQuotaExceed          | QUOTA_EXCEEDED | 30 groups per logstore                |
 * | 403    | ConsumerGroupQuotaExceed          | QUOTA_EXCEEDED | its status is unverified              |
 * | 400    | ShardQuotaExceed / ExceedQuota    | QUOTA_EXCEEDED | /Quota.*Exceed|Exceed.*Quota/ fallback|
 * | 403    | WriteQuotaExceed / ReadQuotaExceed| THROTTLED      | QPS limits, not resource counts       |
 * | 503    | ServerBusy                        | THROTTLED      |                                       |
 * | 429    | (any or none)                     | THROTTLED      |                                       |
 * | 401    | SignatureNotMatch / Unauthorized  | AUTH           |                                       |
 * | 401    | InvalidAccessKeyId[.NotFound]     | AUTH           |                                       |
 * | 401    | SecurityTokenExpired / SecurityToken.Expired | AUTH |                                   |
 * | 401    | (none)                            | AUTH           | a 401 is about credentials            |
 * | 400    | RequestTimeTooSkewed              | CLOCK_SKEW     | ±15 min                               |
 * | 500    | InternalServerError               | SERVER         |                                       |
 * | 400    | RequestTimeout                    | SERVER         | retryable per the API documentation                      |
 * | 502/504| (none)                            | SERVER         | gateways                              |
 * | 408    | (none)                            | SERVER         | a proxy's request timeout             |
 * | 400    | JsonInfoInvalid / ParameterInvalid| VALIDATION     |                                       |
 * | 405    | InvalidMethod                     | VALIDATION     |                                       |
 * | 404    | (none)                            | VALIDATION     | wrong URL, not a missing resource     |
 * | 403    | ProjectForbidden                  | VALIDATION     | any other 4xx                         |
 */
const TABLE: [number, string, ErrorKind][] = [
  [400, "ConsumerGroupAlreadyExist", ErrorKind.ALREADY_EXISTS],
  [404, "ConsumerGroupNotExist", ErrorKind.NOT_FOUND],
  [404, "LogStoreNotExist", ErrorKind.NOT_FOUND],
  [404, "ProjectNotExist", ErrorKind.NOT_FOUND],
  [404, "ProjectNotExists", ErrorKind.NOT_FOUND],
  [400, "ConsumerGroupQuotaExceed", ErrorKind.QUOTA_EXCEEDED],
  [403, "ConsumerGroupQuotaExceed", ErrorKind.QUOTA_EXCEEDED],
  [400, "ShardQuotaExceed", ErrorKind.QUOTA_EXCEEDED],
  [400, "ExceedQuota", ErrorKind.QUOTA_EXCEEDED],
  [403, "WriteQuotaExceed", ErrorKind.THROTTLED],
  [403, "ReadQuotaExceed", ErrorKind.THROTTLED],
  [503, "ServerBusy", ErrorKind.THROTTLED],
  [429, "", ErrorKind.THROTTLED],
  [429, "TooManyRequests", ErrorKind.THROTTLED],
  [401, "SignatureNotMatch", ErrorKind.AUTH],
  [401, "Unauthorized", ErrorKind.AUTH],
  [401, "InvalidAccessKeyId", ErrorKind.AUTH],
  [401, "InvalidAccessKeyId.NotFound", ErrorKind.AUTH],
  [401, "SecurityTokenExpired", ErrorKind.AUTH],
  [400, "SecurityToken.Expired", ErrorKind.AUTH],
  [401, "", ErrorKind.AUTH],
  [400, "RequestTimeTooSkewed", ErrorKind.CLOCK_SKEW],
  [500, "InternalServerError", ErrorKind.SERVER],
  [400, "RequestTimeout", ErrorKind.SERVER],
  [502, "", ErrorKind.SERVER],
  [504, "", ErrorKind.SERVER],
  [408, "", ErrorKind.SERVER],
  [400, "JsonInfoInvalid", ErrorKind.VALIDATION],
  [400, "ParameterInvalid", ErrorKind.VALIDATION],
  [405, "InvalidMethod", ErrorKind.VALIDATION],
  [404, "", ErrorKind.VALIDATION],
  [403, "ProjectForbidden", ErrorKind.VALIDATION],
];

describe("classifySlsError", () => {
  it.each(TABLE)("classifies %i %p as %s", (status, code, kind) => {
    expect(classifySlsError(status, code)).toBe(kind);
  });
});

describe("parseSlsErrorBody", () => {
  it("reads errorCode and errorMessage", () => {
    const body =
      '{"errorCode":"ConsumerGroupAlreadyExist","errorMessage":"consumer group already exist"}';
    expect(parseSlsErrorBody(body)).toEqual({
      code: "ConsumerGroupAlreadyExist",
      message: "consumer group already exist",
    });
  });

  it("gives an empty message when errorMessage is missing", () => {
    expect(parseSlsErrorBody('{"errorCode":"ServerBusy"}')).toEqual({
      code: "ServerBusy",
      message: "",
    });
  });

  it("reads the {Error:{Code,Message}} envelope the official Node SDK also checks", () => {
    expect(parseSlsErrorBody('{"Error":{"Code":"Throttling","Message":"slow down"}}')).toEqual({
      code: "Throttling",
      message: "slow down",
    });
  });

  it.each([
    ["HTML from a proxy", "<html><body>502 Bad Gateway</body></html>"],
    ["an empty body", ""],
    ["JSON without errorCode", '{"message":"nope"}'],
    ["an empty errorCode", '{"errorCode":"","errorMessage":"x"}'],
    ["a non-string errorCode", '{"errorCode":42}'],
    ["a JSON array", '[{"errorCode":"X"}]'],
    ["JSON null", "null"],
  ])("rejects %s (returns undefined)", (_what, text) => {
    expect(parseSlsErrorBody(text)).toBeUndefined();
  });
});
