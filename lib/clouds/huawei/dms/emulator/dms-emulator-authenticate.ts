// Request authentication as the API Gateway does it before DMS sees the request
// Checks: an SDK-HMAC-SHA256 signature with X-Sdk-Date within ±15 minutes
// and, for a temporary AK, the matching X-Security-Token; or an IAM token in X-Auth-Token.

import { headerValue, type EmulatorRequest } from "../../../../emulator/emulated-service";
import { dmsErrors } from "./dms-emulator-errors";
import {
  dmsSignatureMatches,
  parseDmsAuthorization,
} from "../../shared/emulator/apig-emulator-verify-signature";
import { MAX_CLOCK_SKEW_MS } from "../../../../contract/rules";
import type { HuaweiAccessKey } from "../../shared/emulator/huawei-emulator-access-keys";

const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export type DmsPrincipal = { kind: "aksk"; accessKey: string } | { kind: "token" };

/** Throws the DmsError the gateway (or DMS, for tokens) would answer. */
export function authenticateDmsRequest(
  request: EmulatorRequest,
  keys: readonly HuaweiAccessKey[],
  tokens: readonly string[],
  now: number,
): DmsPrincipal {
  const get = (name: string) => headerValue(request, name)?.trim();
  const authorization = get("authorization");

  if (!authorization) {
    const token = get("x-auth-token");
    if (token === undefined || token === "") throw dmsErrors.credentialsMissing();
    // a bad IAM token is answered by DMS with DMS.10240101 (invalid).
    if (!tokens.includes(token)) throw dmsErrors.tokenInvalid();
    return { kind: "token" };
  }

  const parsed = parseDmsAuthorization(authorization);
  if (!parsed) {
    throw dmsErrors.malformedAuthorization(
      "Authorization must be SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<names>, Signature=<hex>",
    );
  }
  const date = get("x-sdk-date");
  // X-Sdk-Date is mandatory and must be signed.
  if (!date || !parsed.signedHeaders.includes("x-sdk-date")) {
    throw dmsErrors.malformedAuthorization("X-Sdk-Date is missing or not signed");
  }
  const time = parseSdkDate(date);
  if (time === undefined) {
    throw dmsErrors.malformedAuthorization(`X-Sdk-Date ${date} is not YYYYMMDDTHHMMSSZ`);
  }
  const key = keys.find((k) => k.accessKey === parsed.accessKey);
  if (!key) throw dmsErrors.unknownAccessKey(parsed.accessKey);
  if (!dmsSignatureMatches(request, parsed, key.secretKey)) throw dmsErrors.signatureMismatch();
  // The window is checked after the signature, so a stale but genuine request is told apart
  // from a forged one only by the server's Date header, as with the real gateway.
  if (Math.abs(time - now) > MAX_CLOCK_SKEW_MS) throw dmsErrors.sdkDateOutOfWindow(date);
  if (key.securityToken !== undefined && get("x-security-token") !== key.securityToken) {
    throw dmsErrors.securityTokenMismatch();
  }
  if (key.expiresAt !== undefined && now >= key.expiresAt) throw dmsErrors.securityTokenExpired();
  return { kind: "aksk", accessKey: key.accessKey };
}

/** ms since the epoch, or undefined when the value is not a real UTC date. */
export function parseSdkDate(value: string): number | undefined {
  const m = SDK_DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, ...number[]];
  const ms = Date.UTC(y ?? 0, (mo ?? 0) - 1, d, h, mi, s);
  // Date.UTC rolls 20240231 over into March; a real date round-trips.
  const back = new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  return back === value ? ms : undefined;
}
