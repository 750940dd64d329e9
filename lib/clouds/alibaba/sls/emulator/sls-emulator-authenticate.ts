// Request checks before any resource is touched, in the order of the SLS API documentation:
// date, skew, api version, signature method, content type, raw size, authorization,
// signature, security token, then Content-MD5 against the body.

import { createHash } from "node:crypto";
import { headerValue, type EmulatorRequest } from "../../../../emulator/emulated-service";
import { slsErrors } from "./sls-emulator-errors";
import { SLS_SIGNATURE_METHODS, signatureMatches } from "./sls-emulator-verify-signature";
import { MAX_CLOCK_SKEW_MS } from "../../../../contract/rules";
import type { AlibabaAccessKey } from "../../shared/emulator/alibaba-emulator-access-keys";

const MAX_BODY_RAW_SIZE = 3_145_728;
const RFC1123_GMT = /^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const AUTHORIZATION = /^LOG ([^:\s]+):(\S+)$/;

/** Throws the SlsError the service would answer; returns the AccessKey id on success. */
export function authenticateSlsRequest(
  request: EmulatorRequest,
  keys: readonly AlibabaAccessKey[],
  now: number,
): string {
  const get = (name: string) => headerValue(request, name)?.trim();

  const date = get("x-log-date") || get("date");
  if (!date) throw slsErrors.missingDate();
  const time = Date.parse(date);
  if (!RFC1123_GMT.test(date) || Number.isNaN(time)) throw slsErrors.invalidDateFormat(date);
  if (Math.abs(time - now) > MAX_CLOCK_SKEW_MS) {
    throw slsErrors.requestTimeTooSkewed(date, new Date(now).toUTCString());
  }

  const apiVersion = get("x-log-apiversion");
  if (!apiVersion) throw slsErrors.missingApiVersion();
  if (apiVersion !== "0.6.0") throw slsErrors.invalidApiVersion(apiVersion);

  const method = get("x-log-signaturemethod");
  if (!method) throw slsErrors.missingSignatureMethod();
  const algorithm = SLS_SIGNATURE_METHODS[method];
  if (!algorithm) throw slsErrors.invalidSignatureMethod(method);

  if (request.body.length > 0 && !get("content-type")) throw slsErrors.missingContentType();

  // Optional: the docs require it only for compressed bodies, GO sends "0" with a JSON body,
  // and @alicloud/log sends none on GET. So only its form is checked, never its value.
  const rawSize = get("x-log-bodyrawsize");
  if (rawSize !== undefined && (!/^\d+$/.test(rawSize) || Number(rawSize) > MAX_BODY_RAW_SIZE)) {
    throw slsErrors.invalidBodyRawSize(rawSize);
  }

  const authorization = get("authorization");
  if (!authorization) throw slsErrors.missingAccessKeyId();
  if (authorization.startsWith("SLS4-HMAC-SHA256")) throw slsErrors.v4NotSupported();
  const match = AUTHORIZATION.exec(authorization);
  if (!match) throw slsErrors.missingAccessKeyId();
  const [, accessKeyId = "", signature = ""] = match;
  const key = keys.find((k) => k.accessKeyId === accessKeyId);
  if (!key) throw slsErrors.accessKeyNotFound(accessKeyId);
  if (!signatureMatches(request, key.accessKeySecret, algorithm, signature)) {
    throw slsErrors.signatureNotMatch(signature);
  }
  if (key.securityToken !== undefined && get("x-acs-security-token") !== key.securityToken) {
    throw slsErrors.securityTokenInvalid();
  }
  if (key.expiresAt !== undefined && now >= key.expiresAt) throw slsErrors.securityTokenExpired();

  if (request.body.length > 0) {
    const sent = get("content-md5");
    if (!sent) throw slsErrors.missingContentMd5();
    const actual = createHash("md5").update(request.body).digest("hex").toUpperCase();
    if (sent.toUpperCase() !== actual) throw slsErrors.contentMd5NotMatch(sent, actual);
  }
  return accessKeyId;
}
