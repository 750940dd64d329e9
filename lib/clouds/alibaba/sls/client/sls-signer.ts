// SLS request signature v1 ("LOG", HMAC-SHA1), as in the SLS API documentation. Pure functions: the
// client builds the headers, these sign exactly what it is about to send.

import { createHash, createHmac } from "node:crypto";
import { byCodeUnit, lowerCaseKeys } from "../../../../clients/signing";

export interface SlsSignInput {
  readonly method: string;
  /** The path as sent, without the query string. */
  readonly path: string;
  /** Query parameters, decoded (raw) values. */
  readonly query?: Readonly<Record<string, string>>;
  /** Lower-case names, exactly as sent. */
  readonly headers: Readonly<Record<string, string>>;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

export function slsStringToSign(
  input: Omit<SlsSignInput, "accessKeyId" | "accessKeySecret">,
): string {
  const headers = lowerCaseKeys(input.headers);
  // The server checks the signature (and the skew) against x-log-date when a request has one.
  const date = headers["x-log-date"] ?? headers["date"];
  if (date === undefined) {
    throw new Error(
      `cannot sign ${input.method} ${input.path}: the request has neither a date nor an x-log-date header; set one before signing`,
    );
  }
  return (
    `${input.method}\n${headers["content-md5"] ?? ""}\n${headers["content-type"] ?? ""}\n${date}\n` +
    canonicalizedHeaders(headers) +
    canonicalizedResource(input.path, input.query ?? {})
  );
}

/** base64 HMAC-SHA1 of the string to sign, keyed with the AccessKey secret. */
export function slsSignature(input: SlsSignInput): string {
  return createHmac("sha1", input.accessKeySecret)
    .update(slsStringToSign(input), "utf8")
    .digest("base64");
}

/** The Authorization header value: "LOG <id>:<signature>". */
export function slsAuthorization(input: SlsSignInput): string {
  return `LOG ${input.accessKeyId}:${slsSignature(input)}`;
}

/** Content-MD5 as SLS wants it: upper-case hex, not base64. */
export function slsContentMd5(body: Buffer): string {
  return createHash("md5").update(body).digest("hex").toUpperCase();
}

function canonicalizedHeaders(headers: Readonly<Record<string, string>>): string {
  return (
    Object.keys(headers)
      .filter(
        (name) => (name.startsWith("x-log-") || name.startsWith("x-acs-")) && name !== "x-log-date",
      )
      .sort(byCodeUnit)
      // The server sees values without surrounding whitespace (HTTP strips it), so sign them so.
      .map((name) => `${name}:${(headers[name] ?? "").trim()}\n`)
      .join("")
  );
}

function canonicalizedResource(path: string, query: Readonly<Record<string, string>>): string {
  const pairs = Object.keys(query)
    .sort(byCodeUnit)
    .map((name) => `${name}=${query[name] ?? ""}`);
  return pairs.length === 0 ? path : `${path}?${pairs.join("&")}`;
}
