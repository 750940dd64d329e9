// Raw DMS requests for emulator tests: headers built by hand and signed with the client's signer
// (lib/clients/dms/signer.ts), so a test can tamper with any part after signing. The emulator
// verifies with its own implementation (lib/clouds/huawei/shared/emulator/apig-emulator-verify-signature.ts).

import { request } from "undici";
import { apigAuthorization, apigSdkDate } from "../../lib/clouds/huawei/shared/apig-signer";

export interface DmsKey {
  accessKey: string;
  secretKey: string;
  securityToken?: string;
}

export interface RawDmsRequest {
  readonly method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  /** Path with an optional "?query" (values already encoded as they travel). */
  readonly path: string;
  readonly body?: string;
  /** Signs with this key; without key and without token, no credentials are sent. */
  readonly key?: DmsKey;
  /** Sent as X-Auth-Token instead of a signature. */
  readonly token?: string;
  /** X-Sdk-Date as ms. @default Date.now() */
  readonly at?: number;
  /** Host header (signed). @default the emulator's host:port */
  readonly host?: string;
  /** X-Project-Id header (signed); null leaves it out. @default the path's project id */
  readonly projectHeader?: string | null;
  /** Applied after signing: undefined deletes a header. */
  readonly tamper?: (headers: Record<string, string | undefined>) => void;
  /** Body actually sent, when it should differ from the signed one. */
  readonly sentBody?: string;
}

export interface RawDmsAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
  readonly json: unknown;
}

export async function sendDms(baseUrl: string, r: RawDmsRequest): Promise<RawDmsAnswer> {
  const url = new URL(baseUrl);
  const [path = "", query = ""] = r.path.split("?");
  const project = /^\/v1\.0\/([^/]+)/.exec(path)?.[1];
  const projectHeader = r.projectHeader === undefined ? project : r.projectHeader;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    host: r.host ?? url.host,
    ...(projectHeader ? { "x-project-id": projectHeader } : {}),
  };
  if (r.key) {
    headers["x-sdk-date"] = apigSdkDate(r.at ?? Date.now());
    if (r.key.securityToken) headers["x-security-token"] = r.key.securityToken;
    headers["authorization"] = apigAuthorization({
      method: r.method,
      path: decodeURIComponent(path),
      query: Object.fromEntries(new URLSearchParams(query)),
      headers: { ...headers },
      ...(r.body === undefined ? {} : { body: r.body }),
      accessKey: r.key.accessKey,
      secretKey: r.key.secretKey,
    });
  } else if (r.token !== undefined) {
    headers["x-auth-token"] = r.token;
  }
  return sendRaw(baseUrl, r.method, r.path, headers, r.sentBody ?? r.body, r.tamper);
}

/** Sends exactly these headers (plus what undici adds: content-length, connection). */
export async function sendRaw(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
  tamper?: (headers: Record<string, string | undefined>) => void,
): Promise<RawDmsAnswer> {
  const sent: Record<string, string | undefined> = { ...headers };
  tamper?.(sent);
  const finalHeaders = Object.fromEntries(
    Object.entries(sent).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const res = await request(`${new URL(baseUrl).origin}${path}`, {
    method: method as "GET",
    headers: finalHeaders,
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.body.text();
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    flat[k] = Array.isArray(v) ? v.join(",") : (v ?? "");
  }
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: flat, text, json };
}

/** 32 lower-case hex digits, the gateway's request_id form. */
export const DMS_REQUEST_ID = /^[0-9a-f]{32}$/;
