// Where Alibaba Cloud temporary keys come from, as the hook's credential chain reaches them:
// STS AssumeRole (signed with an AccessKey the SLS service knows) and AssumeRoleWithOIDC (an
// OIDC token), RPC style with their parameters, answers and error codes; the ECS instance
// metadata service (the session-token PUT, the role name, the role's key); and a credentials
// URI (GET /credentials). Every key issued is added to the SLS service's keys with its
// expiry, so SLS refuses it with SecurityTokenExpired once it has expired.

import { randomBytes, randomUUID } from "node:crypto";
import { rpcSignature, rpcStringToSign } from "../../clients/credentials/rpc-signature";
import type { AnswerFault } from "../faults";
import type { SlsAccessKey } from "../sls/authenticate";
import {
  callRecord,
  headerValue,
  jsonAnswer,
  type EmulatedService,
  type EmulatorAnswer,
  type EmulatorRequest,
  type ServiceResult,
} from "../service";

export interface StsRole {
  /** acs:ram::<account>:role/<name> */
  arn: string;
  /** The OIDC providers the role trusts, each with the one token the emulator accepts. */
  oidc?: { providerArn: string; token: string; expired?: boolean }[];
  /** AccessKey ids that may assume the role; @default every key the SLS service knows */
  callers?: string[];
  /** @default 3600 */
  maxSessionDuration?: number;
}

export interface StsEmulatorConfig {
  roles: StsRole[];
  /** The RAM role the metadata routes serve; @default - the instance has none (404) */
  ecsRoleName?: string;
  /** Serve GET /credentials as a credentials URI. @default false */
  credentialsUri?: boolean;
  /**
   * The lifetime of every key issued, seconds, to test expiry and renewal; the answers' Expiration
   * says it. @default the DurationSeconds asked for (STS), 6 hours (metadata and URI)
   */
  keyLifetimeSeconds?: number;
}

export const STS_ROUTE_PREFIXES = ["/latest/", "/credentials"] as const;
const MAX_SKEW_MS = 15 * 60 * 1000;
const SESSION_NAME = /^[\w.@-]{2,64}$/;
const ROLE_ARN = /^acs:ram::\d+:role\/[\w.@-]+$/i;

class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Issued = Required<SlsAccessKey>;

export interface StsService extends EmulatedService {
  /** Every key issued so far (tests read it to prove a token never leaked). */
  readonly issued: readonly Issued[];
}

/** `slsKeys` is the SLS service's own key list: issued keys are appended to it. */
export function createStsService(
  config: StsEmulatorConfig,
  slsKeys: SlsAccessKey[],
  now: () => number,
): StsService {
  const issued: Issued[] = [];
  const nonces = new Set<string>();
  const metadataTokens = new Map<string, number>();
  const issue = (lifetimeSeconds: number): Issued => {
    const seconds = config.keyLifetimeSeconds ?? lifetimeSeconds;
    const key: Issued = {
      accessKeyId: `STS.${randomBytes(12).toString("base64url")}`,
      accessKeySecret: randomBytes(24).toString("base64url"),
      securityToken: `CAIS${randomBytes(96).toString("base64url")}`,
      expiresAt: now() + seconds * 1000,
    };
    issued.push(key);
    slsKeys.push(key);
    return key;
  };
  const ctx = { config, slsKeys, nonces, metadataTokens, issue, now };
  return {
    name: "sts",
    issued,
    matches: (request) =>
      (request.path === "/" && /(^|&)Action=AssumeRole/.test(request.rawQuery)) ||
      STS_ROUTE_PREFIXES.some((p) => request.path.startsWith(p)),
    describe: (request) => describe(request),
    handle: (request) => handle(request, ctx),
    faultAnswer: (request, fault) => faultAnswer(request, fault, now),
    snapshot: () => ({ issued }),
    restore: (snapshot) => {
      const saved = (snapshot as { issued?: Issued[] }).issued ?? [];
      for (const key of saved) {
        issued.push(key);
        slsKeys.push(key);
      }
    },
    // Issued keys are credentials, not resources: they stay until they expire.
    reset: () => undefined,
  };
}

type Context = {
  config: StsEmulatorConfig;
  slsKeys: SlsAccessKey[];
  nonces: Set<string>;
  metadataTokens: Map<string, number>;
  issue: (lifetimeSeconds: number) => Issued;
  now: () => number;
};

function describe(request: EmulatorRequest): { action: string; target?: string } | undefined {
  if (request.path === "/") {
    const params = requestParams(request);
    const action = params["Action"] ?? "Unknown";
    return { action, ...(params["RoleArn"] ? { target: params["RoleArn"] } : {}) };
  }
  if (request.path === "/latest/api/token") return { action: "MetadataToken" };
  if (request.path.startsWith("/latest/meta-data/ram/security-credentials/")) {
    return { action: "MetadataRoleCredentials" };
  }
  if (request.path === "/credentials") return { action: "CredentialsUri" };
  return undefined;
}

function handle(request: EmulatorRequest, ctx: Context): ServiceResult {
  const at = ctx.now();
  const requestId = randomUUID().toUpperCase();
  const call = callRecord("sts", request, at, requestId, describe(request));
  let answer: EmulatorAnswer;
  try {
    answer =
      request.path === "/"
        ? jsonAnswer(200, {}, runSts(request, ctx, requestId, at))
        : runMetadata(request, ctx, at);
  } catch (e) {
    const error = e instanceof StsError ? e : new StsError(500, "InternalError", String(e));
    call.status = error.status;
    call.errorCode = error.code;
    answer =
      request.path === "/"
        ? jsonAnswer(
            error.status,
            {},
            {
              RequestId: requestId,
              HostId: "sts.aliyuncs.com",
              Code: error.code,
              Message: error.message,
              Recommend: `https://api.aliyun.com/troubleshoot?q=${error.code}`,
            },
          )
        : textAnswer(error.status, error.message);
  }
  return { answer, call, mutated: call.status === 200 && request.path !== "/latest/api/token" };
}

/** Query and form parameters together, as STS reads them. */
function requestParams(request: EmulatorRequest): Record<string, string> {
  const params: Record<string, string> = Object.fromEntries(new URLSearchParams(request.rawQuery));
  const type = headerValue(request, "content-type") ?? "";
  if (request.body.length > 0 && type.startsWith("application/x-www-form-urlencoded")) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(request.body.toString("utf8"))));
  }
  return params;
}

function runSts(request: EmulatorRequest, ctx: Context, requestId: string, at: number): unknown {
  if (request.method !== "POST" && request.method !== "GET") {
    throw new StsError(400, "UnsupportedHTTPMethod", `${request.method} is not supported`);
  }
  const params = requestParams(request);
  if (params["Version"] !== "2015-04-01") {
    throw new StsError(400, "InvalidVersion", "Specified parameter Version is not valid.");
  }
  const timestamp = params["Timestamp"];
  if (!timestamp)
    throw new StsError(400, "MissingTimestamp", "Timestamp is mandatory for this action.");
  const time = Date.parse(timestamp);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(timestamp) || Number.isNaN(time)) {
    throw new StsError(
      400,
      "InvalidTimeStamp.Format",
      "Specified time stamp or date value is not well formatted.",
    );
  }
  if (Math.abs(time - at) > MAX_SKEW_MS) {
    throw new StsError(
      400,
      "InvalidTimeStamp.Expired",
      "Specified time stamp or date value is expired.",
    );
  }
  const action = params["Action"];
  const role = roleOf(params, ctx);
  const { sessionName, duration } = sessionOf(params, role);
  let caller: string;
  if (action === "AssumeRole") {
    caller = authenticate(request.method, params, ctx, at);
    if (role.callers && !role.callers.includes(caller)) throw noPermission();
  } else if (action === "AssumeRoleWithOIDC") {
    caller = oidcSubject(params, role);
  } else {
    throw new StsError(
      404,
      "InvalidAction.NotFound",
      `Specified api ${action ?? ""} is not found.`,
    );
  }
  const key = ctx.issue(duration);
  const account = /^acs:ram::(\d+):/.exec(role.arn)?.[1] ?? "0";
  const roleName = role.arn.slice(role.arn.indexOf("role/") + 5);
  return {
    RequestId: requestId,
    AssumedRoleUser: {
      AssumedRoleId: `3${account.slice(0, 8)}:${sessionName}`,
      Arn: `acs:ram::${account}:assumed-role/${roleName}/${sessionName}`,
    },
    Credentials: {
      SecurityToken: key.securityToken,
      AccessKeyId: key.accessKeyId,
      AccessKeySecret: key.accessKeySecret,
      Expiration: new Date(key.expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
    },
    ...(action === "AssumeRoleWithOIDC"
      ? {
          OIDCTokenInfo: {
            Subject: caller,
            Issuer: "https://oidc.emulator",
            ClientIds: "sts.aliyuncs.com",
          },
        }
      : { SourceIdentity: caller }),
  };
}

function roleOf(params: Record<string, string>, ctx: Context): StsRole {
  const arn = params["RoleArn"];
  if (!arn) throw new StsError(400, "MissingRoleArn", "RoleArn is mandatory for this action.");
  if (!ROLE_ARN.test(arn))
    throw new StsError(400, "InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed.");
  const role = ctx.config.roles.find((r) => r.arn.toLowerCase() === arn.toLowerCase());
  if (!role) throw new StsError(404, "EntityNotExist.Role", `The role not exists: ${arn}.`);
  return role;
}

function sessionOf(params: Record<string, string>, role: StsRole) {
  const sessionName = params["RoleSessionName"];
  if (!sessionName)
    throw new StsError(
      400,
      "MissingRoleSessionName",
      "RoleSessionName is mandatory for this action.",
    );
  if (!SESSION_NAME.test(sessionName)) {
    throw new StsError(
      400,
      "InvalidParameter.RoleSessionName",
      "The parameter RoleSessionName is wrongly formed.",
    );
  }
  const duration = Number(params["DurationSeconds"] ?? "3600");
  const max = role.maxSessionDuration ?? 3600;
  if (!Number.isInteger(duration) || duration < 900 || duration > max) {
    throw new StsError(
      400,
      "InvalidParameter.DurationSeconds",
      `The Min/Max value of DurationSeconds is 15min/${max / 3600}hr.`,
    );
  }
  return { sessionName, duration };
}

/** RPC signature v1 with an AccessKey (or an unexpired temporary key and its token). */
function authenticate(
  method: string,
  params: Record<string, string>,
  ctx: Context,
  at: number,
): string {
  for (const name of [
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
  ]) {
    if (!params[name])
      throw new StsError(400, `Missing${name}`, `${name} is mandatory for this action.`);
  }
  if (params["SignatureMethod"] !== "HMAC-SHA1") {
    throw new StsError(400, "InvalidSignatureMethod", "Specified signature method is not valid.");
  }
  if (params["SignatureVersion"] !== "1.0") {
    throw new StsError(400, "InvalidSignatureVersion", "Specified signature version is not valid.");
  }
  const key = ctx.slsKeys.find((k) => k.accessKeyId === params["AccessKeyId"]);
  if (!key)
    throw new StsError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
  if (key.securityToken !== undefined) {
    if (params["SecurityToken"] !== key.securityToken) {
      throw new StsError(
        400,
        "InvalidSecurityToken.MismatchWithAccessKey",
        "Specified SecurityToken mismatch with the AccessKey.",
      );
    }
    if (key.expiresAt !== undefined && at >= key.expiresAt) {
      throw new StsError(
        400,
        "InvalidSecurityToken.Expired",
        "Specified SecurityToken is expired.",
      );
    }
  }
  const expected = rpcSignature(method, params, key.accessKeySecret);
  if (params["Signature"] !== expected) {
    throw new StsError(
      400,
      "SignatureDoesNotMatch",
      `Specified signature is not matched with our calculation. server string to sign is:${rpcStringToSign(method, params)}`,
    );
  }
  const nonce = params["SignatureNonce"]!;
  if (ctx.nonces.has(nonce)) {
    throw new StsError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
  }
  ctx.nonces.add(nonce);
  return key.accessKeyId;
}

function oidcSubject(params: Record<string, string>, role: StsRole): string {
  const providerArn = params["OIDCProviderArn"];
  const token = params["OIDCToken"];
  if (!providerArn)
    throw new StsError(
      400,
      "MissingOIDCProviderArn",
      "OIDCProviderArn is mandatory for this action.",
    );
  if (!token)
    throw new StsError(400, "MissingOIDCToken", "OIDCToken is mandatory for this action.");
  const trusted = role.oidc?.find((o) => o.providerArn === providerArn);
  if (!trusted) throw noPermission();
  if (token !== trusted.token) {
    throw new StsError(400, "AuthenticationFail.OIDCToken.Invalid", "The OIDC token is invalid.");
  }
  if (trusted.expired) {
    throw new StsError(400, "AuthenticationFail.OIDCToken.Expired", "The OIDC token is expired.");
  }
  return "system:serviceaccount:default:pipeline";
}

function noPermission(): StsError {
  return new StsError(
    403,
    "NoPermission",
    "You are not authorized to do this action. You should be authorized by RAM.",
  );
}

// ---- the ECS metadata service and the credentials URI --------------------------------------

const SIX_HOURS = 6 * 3600;

function runMetadata(request: EmulatorRequest, ctx: Context, at: number): EmulatorAnswer {
  const { path, method } = request;
  if (path === "/latest/api/token") {
    if (method !== "PUT") throw new StsError(405, "MethodNotAllowed", "Method Not Allowed");
    const ttl = Number(headerValue(request, "x-aliyun-ecs-metadata-token-ttl-seconds"));
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21600) {
      throw new StsError(
        400,
        "BadRequest",
        "x-aliyun-ecs-metadata-token-ttl-seconds must be 1-21600",
      );
    }
    const token = randomBytes(32).toString("base64url");
    ctx.metadataTokens.set(token, at + ttl * 1000);
    return textAnswer(200, token);
  }
  if (path === "/credentials" && ctx.config.credentialsUri) {
    if (method !== "GET") throw new StsError(405, "MethodNotAllowed", "Method Not Allowed");
    return jsonAnswer(200, {}, { Code: "Success", ...keyBody(ctx.issue(SIX_HOURS)) });
  }
  const prefix = "/latest/meta-data/ram/security-credentials/";
  if (method === "GET" && path.startsWith(prefix)) {
    const token = headerValue(request, "x-aliyun-ecs-metadata-token");
    if (token !== undefined && !((ctx.metadataTokens.get(token) ?? 0) > at)) {
      throw new StsError(401, "Unauthorized", "Unauthorized");
    }
    const role = ctx.config.ecsRoleName;
    const name = decodeURIComponent(path.slice(prefix.length));
    if (!role) throw new StsError(404, "NotFound", "Not Found");
    if (name === "") return textAnswer(200, role);
    if (name !== role) throw new StsError(404, "NotFound", "Not Found");
    const key = ctx.issue(SIX_HOURS);
    return jsonAnswer(
      200,
      {},
      {
        ...keyBody(key),
        LastUpdated: new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z"),
        Code: "Success",
      },
    );
  }
  throw new StsError(404, "NotFound", "Not Found");
}

function keyBody(key: Issued) {
  return {
    AccessKeyId: key.accessKeyId,
    AccessKeySecret: key.accessKeySecret,
    SecurityToken: key.securityToken,
    Expiration: new Date(key.expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

function textAnswer(status: number, text: string): EmulatorAnswer {
  return { status, headers: { "content-type": "text/plain" }, body: Buffer.from(text, "utf8") };
}

/** Throttling: 400 Throttling.User, as STS answers it; an error fault: its status and code. */
function faultAnswer(
  request: EmulatorRequest,
  fault: AnswerFault,
  now: () => number,
): ServiceResult {
  const requestId = randomUUID().toUpperCase();
  const call = callRecord("sts", request, now(), requestId, describe(request));
  call.fault = fault.kind;
  const [status, code, message] =
    fault.kind === "error"
      ? [fault.status, fault.code, fault.message ?? `injected fault: ${fault.code}`]
      : [400, "Throttling.User", "Request was denied due to user flow control."];
  call.status = status;
  call.errorCode = code;
  return {
    answer: jsonAnswer(
      status,
      {},
      { RequestId: requestId, HostId: "sts.aliyuncs.com", Code: code, Message: message },
    ),
    call,
    mutated: false,
  };
}
