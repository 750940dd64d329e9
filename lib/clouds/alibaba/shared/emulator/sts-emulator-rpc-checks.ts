// The checks of an STS RPC call: the role and session, the AccessKey's signature (AssumeRole)
// or the OIDC token (AssumeRoleWithOIDC), with STS's error codes.

import { rpcSignature, rpcStringToSign } from "../rpc-signature";
import { StsError, type Context, type StsRole } from "./sts-emulator-context";

const SESSION_NAME = /^[\w.@-]{2,64}$/;
const ROLE_ARN = /^acs:ram::\d+:role\/[\w.@-]+$/i;

export function roleOf(params: Record<string, string>, ctx: Context): StsRole {
  const arn = params["RoleArn"];
  if (!arn) throw new StsError(400, "MissingRoleArn", "RoleArn is mandatory for this action.");
  if (!ROLE_ARN.test(arn))
    throw new StsError(400, "InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed.");
  const role = ctx.config.roles.find((r) => r.arn.toLowerCase() === arn.toLowerCase());
  if (!role) throw new StsError(404, "EntityNotExist.Role", `The role not exists: ${arn}.`);
  return role;
}

export function sessionOf(params: Record<string, string>, role: StsRole) {
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
export function authenticate(
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
  const key = ctx.keys.find((k) => k.accessKeyId === params["AccessKeyId"]);
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

export function oidcSubject(params: Record<string, string>, role: StsRole): string {
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

export function noPermission(): StsError {
  return new StsError(
    403,
    "NoPermission",
    "You are not authorized to do this action. You should be authorized by RAM.",
  );
}
