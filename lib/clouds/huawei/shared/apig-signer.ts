// Huawei API Gateway AK/SK signing, "SDK-HMAC-SHA256" with the `Access=` header form, as in
// the DMS API documentation. Pure functions: the client builds the headers it will send, these
// sign exactly those. The emulator verifies with its own reading of the scheme
// (lib/emulator/dms/verify-signature.ts), written apart so that a mistake here shows there.

import { createHash, createHmac } from "node:crypto";
import { byCodeUnit, lowerCaseKeys } from "../../../clients/signing";

export const DMS_SIGNING_ALGORITHM = "SDK-HMAC-SHA256";
/** Hex SHA-256 of the empty body. */
export const DMS_EMPTY_BODY_SHA256 =
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export interface DmsSignInput {
  readonly method: string;
  /**
   * The request path without the query string, its segments unescaped (what they mean, not
   * how they travel). The IDs this project sends need no escaping, so both forms agree.
   */
  readonly path: string;
  /** Query parameters, decoded values; an array for a repeated name. */
  readonly query?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * Every header to sign, x-sdk-date included; names in any case. Leave out authorization,
   * user-agent and content-length: whatever is here is signed.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes sent. @default - no body (the empty-body hash) */
  readonly body?: Buffer | string;
}

export interface DmsCredentials {
  readonly accessKey: string;
  readonly secretKey: string;
}

/** `YYYYMMDDTHHMMSSZ` in UTC, the X-Sdk-Date format. */
export function dmsSdkDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/**
 * Percent-encodes with the strict RFC 3986 set: keeps A–Z a–z 0–9 - _ . ~ and encodes every
 * other UTF-8 byte as upper-case %XX (so space is %20 and !'()* are encoded too).
 */
export function dmsPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function dmsCanonicalRequest(input: DmsSignInput): string {
  const headers = lowerCaseKeys(input.headers);
  if (headers["x-sdk-date"] === undefined) {
    throw new Error(
      `cannot sign ${input.method} ${input.path}: the request has no X-Sdk-Date header; set one before signing`,
    );
  }
  const names = Object.keys(headers).sort(byCodeUnit);
  // HTTP strips surrounding whitespace, so the gateway sees (and signs) values without it.
  const canonicalHeaders = names.map((n) => `${n}:${(headers[n] ?? "").trim()}\n`).join("");
  return [
    input.method.toUpperCase(),
    canonicalUri(input.path),
    canonicalQuery(input.query ?? {}),
    canonicalHeaders,
    names.join(";"),
    payloadHash(headers, input.body),
  ].join("\n");
}

export function dmsStringToSign(input: DmsSignInput): string {
  const date = lowerCaseKeys(input.headers)["x-sdk-date"] ?? "";
  const hash = sha256Hex(dmsCanonicalRequest(input));
  return `${DMS_SIGNING_ALGORITHM}\n${date.trim()}\n${hash}`;
}

/** Hex HMAC-SHA256 of the string to sign, keyed with the SK itself (no key derivation). */
export function dmsSignature(input: DmsSignInput & Pick<DmsCredentials, "secretKey">): string {
  return createHmac("sha256", input.secretKey).update(dmsStringToSign(input), "utf8").digest("hex");
}

/** `SDK-HMAC-SHA256 Access={AK}, SignedHeaders={names}, Signature={hex}` */
export function dmsAuthorization(input: DmsSignInput & DmsCredentials): string {
  const signedHeaders = Object.keys(lowerCaseKeys(input.headers)).sort(byCodeUnit).join(";");
  return (
    `${DMS_SIGNING_ALGORITHM} Access=${input.accessKey}, SignedHeaders=${signedHeaders}, ` +
    `Signature=${dmsSignature(input)}`
  );
}

/** Each path segment strictly encoded, then a trailing "/" (only in the canonical form). */
function canonicalUri(path: string): string {
  const uri = path.split("/").map(dmsPercentEncode).join("/");
  return uri.endsWith("/") ? uri : `${uri}/`;
}

function canonicalQuery(query: Readonly<Record<string, string | readonly string[]>>): string {
  const pairs: string[] = [];
  for (const name of Object.keys(query).sort(byCodeUnit)) {
    const value = query[name] ?? "";
    const values = typeof value === "string" ? [value] : [...value].sort(byCodeUnit);
    for (const v of values) pairs.push(`${dmsPercentEncode(name)}=${dmsPercentEncode(v)}`);
  }
  return pairs.join("&");
}

function payloadHash(headers: Readonly<Record<string, string>>, body: Buffer | string | undefined) {
  // "UNSIGNED-PAYLOAD" (or any value the caller put there) stands in for the body hash.
  const declared = headers["x-sdk-content-sha256"];
  if (declared !== undefined) return declared.trim();
  return body === undefined || body.length === 0 ? DMS_EMPTY_BODY_SHA256 : sha256Hex(body);
}

function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}
