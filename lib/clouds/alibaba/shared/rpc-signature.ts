// Alibaba Cloud RPC signature v1 (HMAC-SHA1), as STS checks it: every query and form parameter
// but Signature, sorted, percent-encoded per RFC 3986, in "METHOD&%2F&<encoded pairs>", keyed
// with the AccessKey secret followed by "&". Shared by the client and the emulator.

import { createHmac } from "node:crypto";
import { byCodeUnit } from "../../../clients/signing";

/** encodeURIComponent plus the characters RFC 3986 reserves that it leaves alone. */
export function rpcEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function rpcStringToSign(method: string, params: Readonly<Record<string, string>>): string {
  const pairs = Object.keys(params)
    .filter((name) => name !== "Signature")
    .sort(byCodeUnit)
    .map((name) => `${rpcEncode(name)}=${rpcEncode(params[name] ?? "")}`)
    .join("&");
  return `${method}&${rpcEncode("/")}&${rpcEncode(pairs)}`;
}

export function rpcSignature(
  method: string,
  params: Readonly<Record<string, string>>,
  accessKeySecret: string,
): string {
  return createHmac("sha1", `${accessKeySecret}&`)
    .update(rpcStringToSign(method, params), "utf8")
    .digest("base64");
}

/** "2015-04-09T11:52:19Z": the RPC Timestamp, UTC to the second. */
export function rpcTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
