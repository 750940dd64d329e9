// The emulator's own reading of the SLS v1 signature. Deliberately
// written apart from lib/clients/sls/signer.ts: it starts from what arrived on the wire (Node's
// header map and the raw query string), so a bug in the client's signer cannot hide here too.

import { createHmac, timingSafeEqual } from "node:crypto";

export interface ReceivedRequest {
  readonly method: string;
  /** Path exactly as sent, without the query string. */
  readonly path: string;
  /** Raw query string without "?". */
  readonly rawQuery: string;
  /** Lower-cased names, as Node's IncomingMessage gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** hmac-sha1 is the documented method; hmac-sha256 is what the generated TEA SDK sends. */
export const SLS_SIGNATURE_METHODS: Readonly<Record<string, "sha1" | "sha256">> = {
  "hmac-sha1": "sha1",
  "hmac-sha256": "sha256",
};

export function receivedStringToSign(request: ReceivedRequest): string {
  const get = (name: string): string => {
    const v = request.headers[name];
    return (Array.isArray(v) ? v.join(",") : (v ?? "")).trim();
  };
  // x-log-date replaces Date, and is itself not a canonical header.
  const date = get("x-log-date") || get("date");
  const lines = [request.method, get("content-md5"), get("content-type"), date];
  const canonical = Object.keys(request.headers)
    .map((name) => name.toLowerCase())
    .filter((n) => n !== "x-log-date" && (n.startsWith("x-log-") || n.startsWith("x-acs-")))
    .sort((a, b) => (a === b ? 0 : a < b ? -1 : 1))
    .map((n) => `${n}:${get(n)}`);
  return [...lines, ...canonical, canonicalResource(request.path, request.rawQuery)].join("\n");
}

/** Path as sent, then "?" and name=value pairs sorted by name, with decoded values. */
function canonicalResource(path: string, rawQuery: string): string {
  if (rawQuery === "") return path;
  const pairs: [string, string][] = [];
  for (const [name, value] of new URLSearchParams(rawQuery)) pairs.push([name, value]);
  if (pairs.length === 0) return path;
  pairs.sort(([a], [b]) => (a === b ? 0 : a < b ? -1 : 1));
  return `${path}?${pairs.map(([n, v]) => `${n}=${v}`).join("&")}`;
}

/** base64 HMAC of the received string to sign with the given secret. */
export function expectedSignature(
  request: ReceivedRequest,
  secret: string,
  algorithm: "sha1" | "sha256",
): string {
  return createHmac(algorithm, secret)
    .update(receivedStringToSign(request), "utf8")
    .digest("base64");
}

/** Constant-time comparison of the presented signature with the expected one. */
export function signatureMatches(
  request: ReceivedRequest,
  secret: string,
  algorithm: "sha1" | "sha256",
  presented: string,
): boolean {
  const expected = Buffer.from(expectedSignature(request, secret, algorithm), "utf8");
  const given = Buffer.from(presented, "utf8");
  return expected.length === given.length && timingSafeEqual(expected, given);
}
