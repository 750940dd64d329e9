import { ErrorKind } from "../../../../lib/clients/cloud-api-error";
import {
  classifyDmsError,
  normalizeDmsErrorCode,
  parseDmsErrorBody,
} from "../../../../lib/clouds/huawei/dms/client/dms-errors";

/*
 * classifyDmsError. The code decides first, the status only when
 * the code is unknown or missing ("" = no JSON error body, e.g. a proxy's HTML page).
 *
 * | status | code                           | kind           | why                                      |
 * |--------|--------------------------------|----------------|------------------------------------------|
 * | 400    | DMS.10240018                   | ALREADY_EXISTS | group name taken: look it up, adopt it   |
 * | 400    | DMS.10240017                   | ALREADY_EXISTS | queue name taken                         |
 * | 400    | DMS.10240019                   | QUOTA_EXCEEDED | more than 3 groups                       |
 * | 400    | DMS.10240020                   | QUOTA_EXCEEDED | quota insufficient                       |
 * | 404    | DMS.10240401                   | NOT_FOUND      | queue not found                          |
 * | 404    | DMS.10240405                   | NOT_FOUND      | consumer group not found                 |
 * | 404    | DMS.10240407                   | THROTTLED      | flow control, sent with a 404            |
 * | 400    | DMS.10240032                   | THROTTLED      | queue still being created: back off      |
 * | 429    | APIGW.0308 / APIG.0308         | THROTTLED      | gateway rate limit                       |
 * | 429    | (none)                         | THROTTLED      |                                          |
 * | 401    | APIGW.0301 / APIG.0301         | AUTH           | wrong AK/SK, bad signature, unknown AK   |
 * | 403    | APIGW.0302 / APIGW.0306        | AUTH           | IAM user not authorized, access denied   |
 * | 401    | DMS.10240101–104               | AUTH           | token invalid/expired/missing/mismatch   |
 * | 403    | DMS.10240306/309/310/311/312   | AUTH           | frozen, denied, read-only, role          |
 * | 401    | (none)                         | AUTH           |                                          |
 * | 403    | (none)                         | AUTH           |                                          |
 * | 500    | DMS.10250002 … DMS.10250006    | SERVER         | internal errors                          |
 * | 502/503| (none)                         | SERVER         | gateways                                 |
 * | 408    | (none)                         | SERVER         | a proxy's request timeout                |
 * | 503    | APIGW.0201                     | VALIDATION     | service withdrawn: permanent, no retry   |
 * | 404    | APIGW.0101                     | VALIDATION     | API does not exist (wrong path/endpoint) |
 * | 404    | DMS.10240406                   | VALIDATION     | URL does not exist                       |
 * | 404    | (none)                         | VALIDATION     | wrong URL, not a missing resource        |
 * | 400    | DMS.10240007/12/09/15/16/05    | VALIDATION     | bad name, body, IDs                      |
 * | 405    | DMS.00405001                   | VALIDATION     | method not allowed                       |
 */
const TABLE: [number, string, ErrorKind][] = [
  [400, "DMS.10240018", ErrorKind.ALREADY_EXISTS],
  [400, "DMS.10240017", ErrorKind.ALREADY_EXISTS],
  [400, "DMS.10240019", ErrorKind.QUOTA_EXCEEDED],
  [400, "DMS.10240020", ErrorKind.QUOTA_EXCEEDED],
  [404, "DMS.10240401", ErrorKind.NOT_FOUND],
  [404, "DMS.10240405", ErrorKind.NOT_FOUND],
  [404, "DMS.10240407", ErrorKind.THROTTLED],
  [400, "DMS.10240032", ErrorKind.THROTTLED],
  [429, "APIGW.0308", ErrorKind.THROTTLED],
  [429, "APIG.0308", ErrorKind.THROTTLED],
  [429, "", ErrorKind.THROTTLED],
  [401, "APIGW.0301", ErrorKind.AUTH],
  [401, "APIG.0301", ErrorKind.AUTH],
  [403, "APIGW.0302", ErrorKind.AUTH],
  [403, "APIGW.0306", ErrorKind.AUTH],
  [401, "DMS.10240101", ErrorKind.AUTH],
  [401, "DMS.10240102", ErrorKind.AUTH],
  [401, "DMS.10240103", ErrorKind.AUTH],
  [401, "DMS.10240104", ErrorKind.AUTH],
  [403, "DMS.10240306", ErrorKind.AUTH],
  [403, "DMS.10240309", ErrorKind.AUTH],
  [403, "DMS.10240310", ErrorKind.AUTH],
  [403, "DMS.10240311", ErrorKind.AUTH],
  [403, "DMS.10240312", ErrorKind.AUTH],
  [401, "", ErrorKind.AUTH],
  [403, "", ErrorKind.AUTH],
  [500, "DMS.10250002", ErrorKind.SERVER],
  [500, "DMS.10250006", ErrorKind.SERVER],
  [502, "", ErrorKind.SERVER],
  [503, "", ErrorKind.SERVER],
  [408, "", ErrorKind.SERVER],
  [503, "APIGW.0201", ErrorKind.VALIDATION],
  [404, "APIGW.0101", ErrorKind.VALIDATION],
  [404, "DMS.10240406", ErrorKind.VALIDATION],
  [404, "", ErrorKind.VALIDATION],
  [400, "DMS.10240007", ErrorKind.VALIDATION],
  [400, "DMS.10240012", ErrorKind.VALIDATION],
  [400, "DMS.10240009", ErrorKind.VALIDATION],
  [400, "DMS.10240015", ErrorKind.VALIDATION],
  [400, "DMS.10240016", ErrorKind.VALIDATION],
  [400, "DMS.10240005", ErrorKind.VALIDATION],
  [405, "DMS.00405001", ErrorKind.VALIDATION],
];

describe("classifyDmsError", () => {
  it.each(TABLE)("classifies %i %p as %s", (status, code, kind) => {
    expect(classifyDmsError(status, code)).toBe(kind);
  });

  it("classifies throttling by its code even though DMS sends it with a 404", () => {
    expect(classifyDmsError(404, "DMS.10240407")).not.toBe(ErrorKind.NOT_FOUND);
  });
});

describe("normalizeDmsErrorCode", () => {
  it.each([
    ["10240018", "DMS.10240018"],
    [" 10240405 ", "DMS.10240405"],
    ["DMS.10240018", "DMS.10240018"],
    ["APIGW.0301", "APIGW.0301"],
    ["00405001", "DMS.00405001"],
  ])("turns %p into %p", (raw, normalized) => {
    expect(normalizeDmsErrorCode(raw)).toBe(normalized);
  });
});

describe("parseDmsErrorBody", () => {
  it("reads the gateway's {error_code, error_msg, request_id}", () => {
    const body =
      '{"error_msg":"Incorrect IAM authentication information: ak XXXX not exist",' +
      '"error_code":"APIGW.0301","request_id":"8080d377bffeb6d519b0567c09cebe6b"}';
    expect(parseDmsErrorBody(body)).toEqual({
      code: "APIGW.0301",
      message: "Incorrect IAM authentication information: ak XXXX not exist",
      requestId: "8080d377bffeb6d519b0567c09cebe6b",
    });
  });

  it("reads a DMS backend {error_code, error_msg} without request_id", () => {
    const body = '{"error_code":"DMS.10240018","error_msg":"The consumer group already exists."}';
    expect(parseDmsErrorBody(body)).toEqual({
      code: "DMS.10240018",
      message: "The consumer group already exists.",
    });
  });

  it("reads the {error:{code, message}} envelope", () => {
    expect(
      parseDmsErrorBody('{"error":{"code":"DMS.10240405","message":"group not found"}}'),
    ).toEqual({ code: "DMS.10240405", message: "group not found" });
  });

  it("prefixes bare numeric codes, as string or JSON number", () => {
    expect(parseDmsErrorBody('{"error_code":"10240018","error_msg":"x"}')?.code).toBe(
      "DMS.10240018",
    );
    expect(parseDmsErrorBody('{"error_code":10240407}')).toEqual({
      code: "DMS.10240407",
      message: "",
    });
  });

  it("ignores an empty gateway request_id", () => {
    const body =
      '{"request_id":"","error_code":"APIGW.0201","error_msg":"Service DMS is currently unavailable"}';
    expect(parseDmsErrorBody(body)).toEqual({
      code: "APIGW.0201",
      message: "Service DMS is currently unavailable",
    });
  });

  it.each([
    ["HTML from a proxy", "<html><body>502 Bad Gateway</body></html>"],
    ["an empty body", ""],
    ["JSON without a code", '{"message":"nope"}'],
    ["an empty error_code", '{"error_code":"","error_msg":"x"}'],
    ["an error envelope without code", '{"error":{"message":"x"}}'],
    ["an error that is a string", '{"error":"bad"}'],
    ["a JSON array", '[{"error_code":"X"}]'],
    ["JSON null", "null"],
    ["a boolean error_code", '{"error_code":true}'],
  ])("rejects %s (returns undefined)", (_what, text) => {
    expect(parseDmsErrorBody(text)).toBeUndefined();
  });
});
