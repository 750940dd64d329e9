// Raw SLS requests for emulator tests: headers built by hand and signed with the client's
// signer (lib/clients/sls/signer.ts), so a test can tamper with any part after signing.
// The emulator verifies with its own implementation (lib/clouds/alibaba/sls/emulator/sls-emulator-verify-signature.ts).

import { request } from "undici";
import { createHmac } from "node:crypto";
import {
  slsAuthorization,
  slsContentMd5,
  slsStringToSign,
} from "../../lib/clouds/alibaba/sls/client/sls-signer";

export interface RawSlsRequest {
  readonly method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  readonly path: string;
  readonly body?: string;
  readonly key: { accessKeyId: string; accessKeySecret: string; securityToken?: string };
  readonly project?: string;
  /** Date header value. @default now */
  readonly date?: string;
  /** Extra headers to sign (lower-case names). */
  readonly extraHeaders?: Record<string, string>;
  /** Applied after signing: undefined deletes a header. */
  readonly tamper?: (headers: Record<string, string | undefined>) => void;
  /** HMAC for the signature (with x-log-signaturemethod to match). @default "sha1" */
  readonly algorithm?: "sha1" | "sha256";
  /** Body actually sent, when it should differ from the signed one. */
  readonly sentBody?: string;
}

export interface RawSlsAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
  readonly json: unknown;
}

export async function sendSigned(baseUrl: string, r: RawSlsRequest): Promise<RawSlsAnswer> {
  const url = new URL(baseUrl);
  const body = r.body === undefined ? undefined : Buffer.from(r.body, "utf8");
  const headers: Record<string, string> = {
    date: r.date ?? new Date().toUTCString(),
    "x-log-apiversion": "0.6.0",
    "x-log-signaturemethod": "hmac-sha1",
    "x-log-bodyrawsize": String(body?.length ?? 0),
    ...(body ? { "content-type": "application/json", "content-md5": slsContentMd5(body) } : {}),
    ...(r.key.securityToken ? { "x-acs-security-token": r.key.securityToken } : {}),
    ...r.extraHeaders,
  };
  const [path = "", query] = r.path.split("?");
  const queryParams = Object.fromEntries(new URLSearchParams(query ?? ""));
  const signInput = { method: r.method, path, query: queryParams, headers, ...r.key };
  headers["authorization"] =
    r.algorithm === "sha256"
      ? `LOG ${r.key.accessKeyId}:${createHmac("sha256", r.key.accessKeySecret).update(slsStringToSign(signInput), "utf8").digest("base64")}`
      : slsAuthorization(signInput);
  const sent: Record<string, string | undefined> = {
    ...headers,
    host: `${r.project ?? "shop-prod"}.${url.host}`,
  };
  r.tamper?.(sent);
  const finalHeaders = Object.fromEntries(
    Object.entries(sent).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const sentBody = r.sentBody ?? r.body;
  const res = await request(`${url.origin}${r.path}`, {
    method: r.method,
    headers: finalHeaders,
    ...(sentBody === undefined ? {} : { body: sentBody }),
  });
  const text = await res.body.text();
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers))
    flat[k] = Array.isArray(v) ? v.join(",") : (v ?? "");
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: flat, text, json };
}

export const REQUEST_ID = /^[0-9A-F]{24}$/;
