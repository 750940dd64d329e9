// Where Alibaba Cloud temporary keys come from, as the hook's credential chain reaches them:
// STS AssumeRole (signed with an AccessKey the SLS service knows) and AssumeRoleWithOIDC (an
// OIDC token), RPC style with their parameters, answers and error codes; the ECS instance
// metadata service (the session-token PUT, the role name, the role's key); and a credentials
// URI (GET /credentials). Every key issued is added to the Alibaba Cloud keys the emulator
// accepts (alibaba-emulator-access-keys.ts) with its expiry, so SLS refuses it with
// SecurityTokenExpired once it has expired.

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
import {
  StsError,
  type Context,
  type Issued,
  type StsEmulatorConfig,
} from "./sts-emulator-context";
import { IssuedKeys, injectedError } from "../../../../emulator/issued-keys";
import type { AlibabaAccessKey } from "./alibaba-emulator-access-keys";
import { runMetadata } from "./ecs-metadata-emulator-routes";
import {
  authenticate,
  noPermission,
  oidcSubject,
  roleOf,
  sessionOf,
} from "./sts-emulator-rpc-checks";
import { MAX_CLOCK_SKEW_MS } from "../../../../contract/rules";

export const STS_ROUTE_PREFIXES = ["/latest/", "/credentials"] as const;

export interface StsService extends EmulatedService {
  /** Every key issued so far (tests read it to prove a token never leaked). */
  readonly issued: readonly Issued[];
}

/** `keys`: the Alibaba Cloud keys the emulator accepts; issued keys are appended to it. */
export function createStsService(
  config: StsEmulatorConfig,
  keys: AlibabaAccessKey[],
  now: () => number,
): StsService {
  const issued = new IssuedKeys<Issued, AlibabaAccessKey>(keys);
  const nonces = new Set<string>();
  const metadataTokens = new Map<string, number>();
  const issue = (lifetimeSeconds: number): Issued => {
    const seconds = config.keyLifetimeSeconds ?? lifetimeSeconds;
    return issued.add({
      accessKeyId: `STS.${randomBytes(12).toString("base64url")}`,
      accessKeySecret: randomBytes(24).toString("base64url"),
      securityToken: `CAIS${randomBytes(96).toString("base64url")}`,
      expiresAt: now() + seconds * 1000,
    });
  };
  const ctx = { config, keys, nonces, metadataTokens, issue, now };
  return {
    name: "sts",
    issued: issued.list,
    matches: (request) =>
      (request.path === "/" && /(^|&)Action=AssumeRole/.test(request.rawQuery)) ||
      STS_ROUTE_PREFIXES.some((p) => request.path.startsWith(p)),
    describe: (request) => describe(request),
    handle: (request) => handle(request, ctx),
    faultAnswer: (request, fault) => faultAnswer(request, fault, now),
    snapshot: () => issued.snapshot(),
    restore: (snapshot) => issued.restore(snapshot),
    // Issued keys are credentials, not resources: they stay until they expire.
    reset: () => undefined,
  };
}

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
  if (Math.abs(time - at) > MAX_CLOCK_SKEW_MS) {
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

function faultAnswer(
  request: EmulatorRequest,
  fault: AnswerFault,
  now: () => number,
): ServiceResult {
  const requestId = randomUUID().toUpperCase();
  const call = callRecord("sts", request, now(), requestId, describe(request));
  call.fault = fault.kind;
  const [status, code, message] = injectedError(fault, [
    400,
    "Throttling.User",
    "Request was denied due to user flow control.",
  ]);
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
