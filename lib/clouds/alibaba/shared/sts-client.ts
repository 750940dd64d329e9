// STS AssumeRole and AssumeRoleWithOIDC, RPC style as the official credentials package sends
// them: POST https://<sts host>/?Version=2015-04-01&Action=…&Format=JSON&Timestamp=… with the
// role parameters as a form body. AssumeRole is signed with the caller's AccessKey
// (rpc-signature.ts); AssumeRoleWithOIDC carries the OIDC token instead and is not signed.

import { parseObject } from "../../../clients/json";
import { randomUUID } from "node:crypto";
import {
  CredentialServiceError,
  credentialExchange,
  NoAnswerError,
} from "../../../clients/token-exchange";
import { rpcEncode, rpcSignature, rpcTimestamp } from "./rpc-signature";

export const STS_VERSION = "2015-04-01";
/** The official package's default and STS's own minimum. */
export const DEFAULT_SESSION_SECONDS = 3600;
const STS_TIMEOUT_MS = 10_000;
const ATTEMPTS = 3;

export interface TemporaryKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken: string;
  /** ms since the epoch; undefined when the source did not say. */
  readonly expiresAt: number | undefined;
}

export interface StsCaller {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

export interface RoleSession {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly durationSeconds: number;
}

/** An STS error answer (status and code as STS sent them), or no answer (status 0). */
export class StsError extends CredentialServiceError {}

export interface StsOptions {
  /** The STS base URL, e.g. https://sts.cn-hangzhou.aliyuncs.com */
  readonly endpoint: URL;
  readonly now?: () => number;
  /** Waits between attempts; tests shorten it. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export function assumeRole(
  options: StsOptions,
  caller: StsCaller,
  session: RoleSession,
): Promise<TemporaryKey> {
  return callSts(options, "AssumeRole", roleForm(session), caller);
}

export function assumeRoleWithOidc(
  options: StsOptions,
  session: RoleSession & { readonly oidcProviderArn: string; readonly oidcToken: string },
): Promise<TemporaryKey> {
  const form = {
    OIDCProviderArn: session.oidcProviderArn,
    OIDCToken: session.oidcToken,
    ...roleForm(session),
  };
  return callSts(options, "AssumeRoleWithOIDC", form, undefined);
}

function roleForm(session: RoleSession): Record<string, string> {
  return {
    RoleArn: session.roleArn,
    RoleSessionName: session.sessionName,
    DurationSeconds: String(session.durationSeconds),
  };
}

/** The query and form of one attempt; a signed call gets a fresh nonce and timestamp each time. */
export function stsRequest(
  action: string,
  form: Readonly<Record<string, string>>,
  caller: StsCaller | undefined,
  now: number,
): { query: Record<string, string>; body: string } {
  const query: Record<string, string> = {
    Version: STS_VERSION,
    Action: action,
    Format: "JSON",
    Timestamp: rpcTimestamp(now),
  };
  if (caller) {
    Object.assign(query, {
      SignatureMethod: "HMAC-SHA1",
      SignatureVersion: "1.0",
      SignatureNonce: randomUUID(),
      AccessKeyId: caller.accessKeyId,
      ...(caller.securityToken ? { SecurityToken: caller.securityToken } : {}),
    });
    query["Signature"] = rpcSignature("POST", { ...query, ...form }, caller.accessKeySecret);
  }
  return { query, body: formEncode(form) };
}

export function formEncode(values: Readonly<Record<string, string>>): string {
  return Object.entries(values)
    .map(([k, v]) => `${rpcEncode(k)}=${rpcEncode(v)}`)
    .join("&");
}

async function callSts(
  options: StsOptions,
  action: string,
  form: Readonly<Record<string, string>>,
  caller: StsCaller | undefined,
): Promise<TemporaryKey> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptSts(options.endpoint, action, form, caller, now());
    } catch (e) {
      // Throttling, a server error or no answer: try again after a pause that grows.
      if (!(e instanceof StsError) || !retriable(e) || attempt >= ATTEMPTS) throw e;
      await sleep(500 * 2 ** (attempt - 1) + Math.floor(Math.random() * 250));
    }
  }
}

function retriable(e: StsError): boolean {
  return e.status === 0 || e.status >= 500 || e.code.startsWith("Throttling");
}

async function attemptSts(
  endpoint: URL,
  action: string,
  form: Readonly<Record<string, string>>,
  caller: StsCaller | undefined,
  now: number,
): Promise<TemporaryKey> {
  const { query, body } = stsRequest(action, form, caller, now);
  const url = new URL(`/?${formEncode(query)}`, endpoint);
  let answer;
  try {
    answer = await credentialExchange({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
      timeoutMs: STS_TIMEOUT_MS,
      proxy: true,
    });
  } catch (e) {
    if (e instanceof NoAnswerError) throw new StsError(0, e.code, e.message);
    throw e;
  }
  const parsed = parseObject(answer.text);
  if (answer.status !== 200) {
    const code = typeof parsed?.["Code"] === "string" ? parsed["Code"] : "UnexpectedResponse";
    const message =
      typeof parsed?.["Message"] === "string"
        ? parsed["Message"]
        : `the answer is not an STS error (is ${endpoint.origin} an STS endpoint?)`;
    const requestId = typeof parsed?.["RequestId"] === "string" ? parsed["RequestId"] : "";
    throw new StsError(answer.status, code, message, requestId);
  }
  const key = readTemporaryKey(parsed?.["Credentials"]);
  if (!key) {
    throw new StsError(
      200,
      "UnexpectedResponse",
      `the ${action} answer has no Credentials with AccessKeyId, AccessKeySecret and SecurityToken`,
    );
  }
  return key;
}

/** {AccessKeyId, AccessKeySecret, SecurityToken, Expiration}: STS, metadata and URI answers. */
export function readTemporaryKey(value: unknown): TemporaryKey | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const o = value as Record<string, unknown>;
  const { AccessKeyId, AccessKeySecret, SecurityToken, Expiration } = o;
  if (typeof AccessKeyId !== "string" || !AccessKeyId) return undefined;
  if (typeof AccessKeySecret !== "string" || !AccessKeySecret) return undefined;
  if (typeof SecurityToken !== "string" || !SecurityToken) return undefined;
  const expiresAt = typeof Expiration === "string" ? Date.parse(Expiration) : NaN;
  return {
    accessKeyId: AccessKeyId,
    accessKeySecret: AccessKeySecret,
    securityToken: SecurityToken,
    expiresAt: Number.isNaN(expiresAt) ? undefined : expiresAt,
  };
}
