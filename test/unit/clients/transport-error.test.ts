import { ErrorKind } from "../../../lib/clients/cloud-api-error";
import { classifyTransportError } from "../../../lib/clients/transport-error";

describe("classifyTransportError", () => {
  it.each([
    ["UND_ERR_CONNECT_TIMEOUT", ErrorKind.TIMEOUT],
    ["UND_ERR_HEADERS_TIMEOUT", ErrorKind.TIMEOUT],
    ["UND_ERR_BODY_TIMEOUT", ErrorKind.TIMEOUT],
    ["ETIMEDOUT", ErrorKind.TIMEOUT],
    ["UND_ERR_SOCKET", ErrorKind.NETWORK],
    ["ECONNRESET", ErrorKind.NETWORK],
    ["ECONNREFUSED", ErrorKind.NETWORK],
    ["ENOTFOUND", ErrorKind.NETWORK],
    ["UND_ERR_INVALID_ARG", ErrorKind.VALIDATION],
  ])("classifies an error with code %s as %s", (code, kind) => {
    const e = Object.assign(new Error("boom"), { code });
    expect(classifyTransportError(e)).toEqual({ kind, code, message: "boom" });
  });

  it("takes the code and message of the first address from an AggregateError", () => {
    const inner = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
      code: "ECONNREFUSED",
    });
    const result = classifyTransportError(new AggregateError([inner], ""));
    expect(result).toEqual({
      kind: ErrorKind.NETWORK,
      code: "ECONNREFUSED",
      message: "connect ECONNREFUSED 127.0.0.1:1",
    });
  });

  it("adds the cause's message and falls back to the cause's code", () => {
    const cause = Object.assign(new Error("read ECONNRESET"), {
      code: "ECONNRESET",
    });
    const result = classifyTransportError(new Error("fetch failed", { cause }));
    expect(result).toEqual({
      kind: ErrorKind.NETWORK,
      code: "ECONNRESET",
      message: "fetch failed: read ECONNRESET",
    });
  });

  it("reports a thrown non-error as NETWORK_ERROR with its text", () => {
    expect(classifyTransportError("socket hang up")).toEqual({
      kind: ErrorKind.NETWORK,
      code: "NETWORK_ERROR",
      message: "socket hang up",
    });
  });
});
