// How the emulated Huawei API Gateway verifies an "SDK-HMAC-SHA256" signature (the `Access=`
// form) before any emulated Huawei service sees the request: dms-emulator-authenticate.ts calls
// these functions for every signed DMS request. They share no code with the client's signer
// (lib/clients/dms/signer.ts), which only signs: they start from what arrived on the wire (the
// raw path, the raw query string and Node's header map), so a bug in the signer cannot hide here
// too. Both are checked against the official SDK's signer: the client in its unit tests, this
// verifier in test/emulator/dms-auth.test.ts.

import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const DMS_ALGORITHM = "SDK-HMAC-SHA256";
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

export interface ReceivedDmsRequest {
  readonly method: string;
  /** Path exactly as sent, without the query string. */
  readonly path: string;
  /** Raw query string without "?". */
  readonly rawQuery: string;
  /** Lower-cased names, as Node's IncomingMessage gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export interface ParsedAuthorization {
  readonly accessKey: string;
  /** Lower-case header names in the order the client listed them. */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/**
 * `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex`; undefined when it is not of
 * that form (the older `Credential=` form of golangsdk is not accepted).
 */
export function parseDmsAuthorization(value: string): ParsedAuthorization | undefined {
  const prefix = `${DMS_ALGORITHM} `;
  if (!value.startsWith(prefix)) return undefined;
  const parts = new Map<string, string>();
  for (const part of value.slice(prefix.length).split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return undefined;
    parts.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKey = parts.get("Access");
  const signedHeaders = parts.get("SignedHeaders");
  const signature = parts.get("Signature");
  if (!accessKey || !signedHeaders || !signature || parts.size !== 3) return undefined;
  return {
    accessKey,
    signedHeaders: signedHeaders.split(";").map((n) => n.trim().toLowerCase()),
    signature,
  };
}

/** Strict RFC 3986: keeps A-Z a-z 0-9 - _ . ~, every other UTF-8 byte becomes upper-case %XX. */
export function strictEncode(value: string): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Each segment decoded (as the Go SDK does) and re-encoded strictly, plus a trailing "/". */
export function canonicalUri(rawPath: string): string {
  const uri = rawPath
    .split("/")
    .map((segment) => strictEncode(percentDecode(segment)))
    .join("/");
  return uri.endsWith("/") ? uri : `${uri}/`;
}

/** Pairs sorted by name, repeated names by value, both sides strictly encoded. */
export function canonicalQuery(rawQuery: string): string {
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? "" : part.slice(eq + 1);
    pairs.push([queryDecode(name), queryDecode(value)]);
  }
  pairs.sort(([an, av], [bn, bv]) => byCodeUnit(an, bn) || byCodeUnit(av, bv));
  return pairs.map(([n, v]) => `${strictEncode(n)}=${strictEncode(v)}`).join("&");
}

export function receivedCanonicalRequest(
  request: ReceivedDmsRequest,
  signedHeaders: readonly string[],
): string {
  const sorted = [...signedHeaders].sort(byCodeUnit);
  const canonicalHeaders = sorted.map((n) => `${n}:${header(request, n)}\n`).join("");
  const declared = header(request, "x-sdk-content-sha256");
  const payloadHash = declared === UNSIGNED_PAYLOAD ? declared : sha256Hex(request.body);
  return [
    request.method.toUpperCase(),
    canonicalUri(request.path),
    canonicalQuery(request.rawQuery),
    canonicalHeaders,
    sorted.join(";"),
    payloadHash,
  ].join("\n");
}

export function expectedDmsSignature(
  request: ReceivedDmsRequest,
  signedHeaders: readonly string[],
  secretKey: string,
): string {
  const stringToSign = [
    DMS_ALGORITHM,
    header(request, "x-sdk-date"),
    sha256Hex(receivedCanonicalRequest(request, signedHeaders)),
  ].join("\n");
  return createHmac("sha256", secretKey).update(stringToSign, "utf8").digest("hex");
}

/** Constant-time comparison of the presented signature with the expected one. */
export function dmsSignatureMatches(
  request: ReceivedDmsRequest,
  authorization: ParsedAuthorization,
  secretKey: string,
): boolean {
  const expected = Buffer.from(
    expectedDmsSignature(request, authorization.signedHeaders, secretKey),
    "utf8",
  );
  const given = Buffer.from(authorization.signature.toLowerCase(), "utf8");
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function header(request: ReceivedDmsRequest, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value.join(",") : (value ?? "")).trim();
}

function percentDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** As Go's url.ParseQuery and URLSearchParams: "+" is a space, then %XX is decoded. */
function queryDecode(text: string): string {
  return percentDecode(text.replace(/\+/g, " "));
}

function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
