// Where Huawei Cloud temporary keys come from, as the hook's DMS credential chain reaches them:
// IAM's identity-provider federation (an OIDC id token for an unscoped token, then that token
// for a temporary AK/SK with its security token) and the ECS metadata service's agency key
// (the session-token PUT, then /openstack/latest/securitykey). Every key issued is added to
// the Huawei Cloud keys the emulator accepts (huawei-emulator-access-keys.ts) with its expiry,
// so the gateway refuses it once it has expired.

import { randomBytes, randomUUID } from "node:crypto";
import type { AnswerFault } from "../../../../emulator/fault-kinds";
import {
  callRecord,
  headerValue,
  jsonAnswer,
  textAnswer,
  type EmulatedService,
  type EmulatorAnswer,
  type EmulatorRequest,
  type ServiceResult,
} from "../../../../emulator/emulated-service";
import { IssuedKeys, injectedError } from "../../../../emulator/issued-keys";
import type { HuaweiAccessKey, IssuedHuaweiAccessKey } from "./huawei-emulator-access-keys";

export interface HuaweiIdentityEmulatorConfig {
  /** OIDC identity providers, each with the one id token the emulator accepts. */
  identityProviders?: { id: string; idToken: string }[];
  /** Serve an agency key from the metadata routes. @default false - 401 "configure agency" */
  ecsAgency?: boolean;
  /** The lifetime of every key issued, seconds. @default what was asked (IAM), 24 h (metadata) */
  keyLifetimeSeconds?: number;
}

const FEDERATION = /^\/v3\/OS-FEDERATION\/identity_providers\/([^/]+)\/protocols\/([^/]+)\/auth$/;
const SECURITY_TOKENS = "/v3.0/OS-CREDENTIAL/securitytokens";
const METADATA_TOKEN = "/meta-data/latest/api/token";
const SECURITY_KEY = "/openstack/latest/securitykey";
const NO_AGENCY = "Please configure Cloud Service Agency first";

type Issued = IssuedHuaweiAccessKey;

export interface HuaweiIdentityService extends EmulatedService {
  /** Every key issued so far (tests read it to prove a token never leaked). */
  readonly issued: readonly Issued[];
}

class IamError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** `keys`: the Huawei Cloud keys the emulator accepts; issued keys are appended to it. */
export function createHuaweiIdentityService(
  config: HuaweiIdentityEmulatorConfig,
  keys: HuaweiAccessKey[],
  now: () => number,
): HuaweiIdentityService {
  const issued = new IssuedKeys<Issued, HuaweiAccessKey>(keys);
  const unscoped = new Map<string, number>();
  const metadataTokens = new Map<string, number>();
  const issue = (seconds: number): Issued => {
    return issued.add({
      accessKey: `HWSTS${randomBytes(10).toString("hex").toUpperCase()}`,
      secretKey: randomBytes(24).toString("base64url"),
      securityToken: `gQpjbi1ub3J0aC00${randomBytes(96).toString("base64url")}`,
      expiresAt: now() + (config.keyLifetimeSeconds ?? seconds) * 1000,
    });
  };
  const ctx: Context = { config, unscoped, metadataTokens, issue, now };
  return {
    name: "iam",
    issued: issued.list,
    matches: (request) => describe(request) !== undefined,
    describe,
    handle: (request) => handle(request, ctx),
    faultAnswer: (request, fault) => faultAnswer(request, fault, now),
    snapshot: () => issued.snapshot(),
    restore: (snapshot) => issued.restore(snapshot),
    // Issued keys are credentials, not resources: they stay until they expire.
    reset: () => undefined,
  };
}

type Context = {
  config: HuaweiIdentityEmulatorConfig;
  unscoped: Map<string, number>;
  metadataTokens: Map<string, number>;
  issue: (seconds: number) => Issued;
  now: () => number;
};

function describe(request: EmulatorRequest): { action: string; target?: string } | undefined {
  const idp = FEDERATION.exec(request.path);
  if (idp) return { action: "CreateUnscopedTokenWithIdToken", target: decodeURIComponent(idp[1]!) };
  if (request.path === SECURITY_TOKENS) return { action: "CreateTemporaryAccessKeyByToken" };
  if (request.path === METADATA_TOKEN) return { action: "HuaweiMetadataToken" };
  if (request.path === SECURITY_KEY) return { action: "HuaweiMetadataSecurityKey" };
  return undefined;
}

function handle(request: EmulatorRequest, ctx: Context): ServiceResult {
  const at = ctx.now();
  const requestId = randomUUID().replace(/-/g, "");
  const call = callRecord("iam", request, at, requestId, describe(request));
  let answer: EmulatorAnswer;
  try {
    answer = route(request, ctx, at);
  } catch (e) {
    const error = e instanceof IamError ? e : new IamError(500, "InternalError", String(e));
    call.status = error.status;
    call.errorCode = error.code;
    answer = request.path.startsWith("/v3")
      ? jsonAnswer(
          error.status,
          { "x-request-id": requestId },
          { error: { code: error.code, title: titleOf(error.status), message: error.message } },
        )
      : textAnswer(error.status, error.message);
  }
  if (call.status === 200 && answer.status !== 200) call.status = answer.status;
  return { answer, call, mutated: false };
}

function route(request: EmulatorRequest, ctx: Context, at: number): EmulatorAnswer {
  const { path, method } = request;
  const idp = FEDERATION.exec(path);
  if (idp) {
    if (method !== "POST") throw new IamError(405, "405", "Method Not Allowed");
    const provider = ctx.config.identityProviders?.find(
      (p) => p.id === decodeURIComponent(idp[1]!),
    );
    if (!provider) throw new IamError(404, "404", "Could not find Identity Provider.");
    if (idp[2] !== "oidc") throw new IamError(404, "404", "Could not find federated protocol.");
    const bearer = /^Bearer (.+)$/.exec(headerValue(request, "authorization") ?? "")?.[1];
    if (bearer !== provider.idToken) {
      throw new IamError(401, "401", "The request you have made requires authentication.");
    }
    const token = `MIIunscoped${randomBytes(48).toString("base64url")}`;
    ctx.unscoped.set(token, at + 24 * 3600 * 1000);
    return jsonAnswer(
      201,
      { "x-subject-token": token },
      { token: { methods: ["mapped"], expires_at: iso(at + 24 * 3600 * 1000) } },
    );
  }
  if (path === SECURITY_TOKENS) {
    if (method !== "POST") throw new IamError(405, "405", "Method Not Allowed");
    const token = headerValue(request, "x-auth-token") ?? "";
    if (!((ctx.unscoped.get(token) ?? 0) > at)) {
      throw new IamError(401, "401", "The request you have made requires authentication.");
    }
    const body = parseJson(request.body.toString("utf8")) as {
      auth?: { identity?: { methods?: unknown; token?: { duration_seconds?: unknown } } };
    };
    const identity = body?.auth?.identity;
    const methods = identity?.methods;
    if (!Array.isArray(methods) || methods[0] !== "token") {
      throw new IamError(
        400,
        "IAM.0001",
        'The request body is invalid: auth.identity.methods must be ["token"].',
      );
    }
    const seconds = Number(identity?.token?.duration_seconds ?? 900);
    if (!Number.isInteger(seconds) || seconds < 900 || seconds > 86400) {
      throw new IamError(400, "IAM.0001", "duration_seconds must be 900-86400.");
    }
    return jsonAnswer(201, {}, { credential: keyBody(ctx.issue(seconds)) });
  }
  if (path === METADATA_TOKEN) {
    if (method !== "PUT") throw new IamError(405, "405", "Method Not Allowed");
    const ttl = Number(headerValue(request, "x-metadata-token-ttl-seconds"));
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21600) {
      throw new IamError(400, "400", "X-Metadata-Token-Ttl-Seconds must be 1-21600");
    }
    const token = randomBytes(32).toString("base64url");
    ctx.metadataTokens.set(token, at + ttl * 1000);
    return textAnswer(200, token);
  }
  if (path === SECURITY_KEY && method === "GET") {
    const token = headerValue(request, "x-metadata-token");
    if (token !== undefined && !((ctx.metadataTokens.get(token) ?? 0) > at)) {
      throw new IamError(401, "401", "Unauthorized");
    }
    if (!ctx.config.ecsAgency) throw new IamError(401, "401", NO_AGENCY);
    return jsonAnswer(200, {}, { credential: keyBody(ctx.issue(24 * 3600)) });
  }
  throw new IamError(404, "404", "Not Found");
}

function keyBody(key: Issued) {
  return {
    access: key.accessKey,
    secret: key.secretKey,
    securitytoken: key.securityToken,
    expires_at: iso(key.expiresAt),
  };
}

/** IAM writes microseconds: 2024-05-01T08:00:00.000000Z. */
function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

function titleOf(status: number): string {
  return status === 401 ? "Unauthorized" : status === 404 ? "Not Found" : "Bad Request";
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** An injected fault: IAM's error shape with the fault's status and code (429 when throttled). */
function faultAnswer(
  request: EmulatorRequest,
  fault: AnswerFault,
  now: () => number,
): ServiceResult {
  const requestId = randomUUID().replace(/-/g, "");
  const call = callRecord("iam", request, now(), requestId, describe(request));
  call.fault = fault.kind;
  const [status, code, message] = injectedError(fault, [429, "IAM.0012", "Request was throttled."]);
  call.status = status;
  call.errorCode = code;
  return {
    answer: jsonAnswer(
      status,
      { "x-request-id": requestId },
      { error: { code, message, title: "Error" } },
    ),
    call,
    mutated: false,
  };
}
