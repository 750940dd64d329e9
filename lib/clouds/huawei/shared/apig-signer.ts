// Huawei API Gateway (APIG) AK/SK signing, "SDK-HMAC-SHA256" with the `Access=` header form,
// which every Huawei Cloud service behind the gateway takes (DMS among them). Pure functions:
// a client builds the headers it will send, these sign exactly those. The emulated gateway
// verifies every signed request with its own reading of the scheme, written apart and sharing
// no code with this file, so that a mistake here shows there; both are checked against the
// official Huawei SDK's signer in the tests.

import { createHash, createHmac } from "node:crypto";
import { byCodeUnit, lowerCaseKeys } from "../../../clients/signing";

export const APIG_SIGNING_ALGORITHM = "SDK-HMAC-SHA256";
/** Hex SHA-256 of the empty body. */
export const APIG_EMPTY_BODY_SHA256 =
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export interface ApigSignInput {
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

/** An AK/SK pair. */
export interface ApigKey {
  readonly accessKey: string;
  readonly secretKey: string;
}

/** `YYYYMMDDTHHMMSSZ` in UTC, the X-Sdk-Date format. */
export function apigSdkDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/**
 * Percent-encodes with the strict RFC 3986 set: keeps A–Z a–z 0–9 - _ . ~ and encodes every
 * other UTF-8 byte as upper-case %XX (so space is %20 and !'()* are encoded too).
 */
export function apigPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function apigCanonicalRequest(input: ApigSignInput): string {
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

export function apigStringToSign(input: ApigSignInput): string {
  const date = lowerCaseKeys(input.headers)["x-sdk-date"] ?? "";
  const hash = sha256Hex(apigCanonicalRequest(input));
  return `${APIG_SIGNING_ALGORITHM}\n${date.trim()}\n${hash}`;
}

/** Hex HMAC-SHA256 of the string to sign, keyed with the SK itself (no key derivation). */
export function apigSignature(input: ApigSignInput & Pick<ApigKey, "secretKey">): string {
  return createHmac("sha256", input.secretKey)
    .update(apigStringToSign(input), "utf8")
    .digest("hex");
}

/** `SDK-HMAC-SHA256 Access={AK}, SignedHeaders={names}, Signature={hex}` */
export function apigAuthorization(input: ApigSignInput & ApigKey): string {
  const signedHeaders = Object.keys(lowerCaseKeys(input.headers)).sort(byCodeUnit).join(";");
  return (
    `${APIG_SIGNING_ALGORITHM} Access=${input.accessKey}, SignedHeaders=${signedHeaders}, ` +
    `Signature=${apigSignature(input)}`
  );
}

/** Each path segment strictly encoded, then a trailing "/" (only in the canonical form). */
function canonicalUri(path: string): string {
  const uri = path.split("/").map(apigPercentEncode).join("/");
  return uri.endsWith("/") ? uri : `${uri}/`;
}

function canonicalQuery(query: Readonly<Record<string, string | readonly string[]>>): string {
  const pairs: string[] = [];
  for (const name of Object.keys(query).sort(byCodeUnit)) {
    const value = query[name] ?? "";
    const values = typeof value === "string" ? [value] : [...value].sort(byCodeUnit);
    for (const v of values) pairs.push(`${apigPercentEncode(name)}=${apigPercentEncode(v)}`);
  }
  return pairs.join("&");
}

function payloadHash(headers: Readonly<Record<string, string>>, body: Buffer | string | undefined) {
  // "UNSIGNED-PAYLOAD" (or any value the caller put there) stands in for the body hash.
  const declared = headers["x-sdk-content-sha256"];
  if (declared !== undefined) return declared.trim();
  return body === undefined || body.length === 0 ? APIG_EMPTY_BODY_SHA256 : sha256Hex(body);
}

function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}
