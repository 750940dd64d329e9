// Huawei Cloud temporary AK/SK with a security token, as the official SDKs fetch them.
//
// Identity-provider federation (@huaweicloud/huaweicloud-sdk-core, IamService):
//   POST <iam>/v3/OS-FEDERATION/identity_providers/<idp id>/protocols/oidc/auth
//        Authorization: Bearer <id token>, body {}  → 201, the unscoped token in X-Subject-Token;
//   POST <iam>/v3.0/OS-CREDENTIAL/securitytokens
//        X-Auth-Token: <unscoped token>,
//        {"auth":{"identity":{"methods":["token"],"token":{"duration_seconds":21600}}}}
//        → 201 {"credential":{"access","secret","securitytoken","expires_at"}}.
// The ECS agency, from the instance metadata service (the SDKs' metadata provider):
//   PUT  /meta-data/latest/api/token, X-Metadata-Token-Ttl-Seconds → the session token
//        (404, 405 or 503: an older service without tokens, asked again without one);
//   GET  /openstack/latest/securitykey, X-Metadata-Token → {"credential":{…}}; 401 saying
//        "Please configure Cloud Service Agency first" when the instance has no agency.

import {
  CredentialServiceError,
  credentialExchange,
  NoAnswerError,
} from "../../../clients/token-exchange";
import { parseObject } from "../../../clients/json";

export const HUAWEI_IAM_URL = "https://iam.myhuaweicloud.com";
export const HUAWEI_METADATA_URL = "http://169.254.169.254";
/** The SDKs' session length for a federated key: 6 hours. */
export const FEDERATED_SECONDS = 6 * 3600;
const IAM_TIMEOUT_MS = 10_000;
/** A machine that is no ECS instance never answers: give up soon. */
const METADATA_TIMEOUT_MS = 1000;
export const NO_AGENCY = "Please configure Cloud Service Agency first";

export interface HuaweiTemporaryKey {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly securityToken: string;
  /** ms since the epoch; undefined when the answer did not say. */
  readonly expiresAt: number | undefined;
}

/** The id token exchanged for an unscoped token, then for a temporary key. */
export async function federatedKey(
  iam: URL,
  idpId: string,
  idToken: string,
): Promise<HuaweiTemporaryKey> {
  const auth = await iamCall(
    new URL(
      `/v3/OS-FEDERATION/identity_providers/${encodeURIComponent(idpId)}/protocols/oidc/auth`,
      iam,
    ),
    { authorization: `Bearer ${idToken}` },
    {},
  );
  const unscoped = auth.headers["x-subject-token"];
  if (!unscoped) {
    throw new CredentialServiceError(
      auth.status,
      "UnexpectedResponse",
      "the identity provider's token answer has no X-Subject-Token header",
    );
  }
  const answer = await iamCall(
    new URL("/v3.0/OS-CREDENTIAL/securitytokens", iam),
    { "x-auth-token": unscoped },
    { auth: { identity: { methods: ["token"], token: { duration_seconds: FEDERATED_SECONDS } } } },
  );
  const key = readHuaweiKey(answer.text);
  if (!key) {
    throw new CredentialServiceError(
      answer.status,
      "UnexpectedResponse",
      "the securitytokens answer has no credential with access, secret and securitytoken",
    );
  }
  return key;
}

async function iamCall(url: URL, headers: Record<string, string>, body: object) {
  let answer;
  try {
    answer = await credentialExchange({
      method: "POST",
      url,
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
      timeoutMs: IAM_TIMEOUT_MS,
      proxy: true,
    });
  } catch (e) {
    if (e instanceof NoAnswerError) throw new CredentialServiceError(0, e.code, e.message);
    throw e;
  }
  if (answer.status !== 200 && answer.status !== 201) {
    // IAM's errors: {"error":{"code":401,"title":"Unauthorized","message":"…"}} or
    // {"error_code":"IAM.0001","error_msg":"…"}.
    const parsed = parseObject(answer.text);
    const nested = parseObject(JSON.stringify(parsed?.["error"] ?? null));
    const code = String(nested?.["code"] ?? parsed?.["error_code"] ?? `HTTP${answer.status}`);
    const message = String(nested?.["message"] ?? parsed?.["error_msg"] ?? "");
    throw new CredentialServiceError(
      answer.status,
      code,
      `${url.pathname.replace(/identity_providers\/[^/]+/, "identity_providers/<idp>")} answered ${answer.status}${message ? `: ${message}` : ""}`,
      answer.headers["x-request-id"] ?? "",
    );
  }
  return answer;
}

/**
 * The ECS agency's key, or why there is none here: the instance has no agency, or the service
 * that answers has no security key (another cloud's metadata service shares the address).
 * Throws NoAnswerError when nothing answers (not a cloud instance).
 */
export async function metadataKey(base: URL): Promise<HuaweiTemporaryKey | { absent: string }> {
  const tokenAnswer = await credentialExchange({
    method: "PUT",
    url: new URL("/meta-data/latest/api/token", base),
    headers: { "x-metadata-token-ttl-seconds": String(FEDERATED_SECONDS) },
    timeoutMs: METADATA_TIMEOUT_MS,
    proxy: false,
  });
  // Anything but a token: an older service without session tokens, or not Huawei's.
  const token =
    tokenAnswer.status === 200 && tokenAnswer.text ? tokenAnswer.text.trim() : undefined;
  let answer;
  try {
    answer = await credentialExchange({
      method: "GET",
      url: new URL("/openstack/latest/securitykey", base),
      ...(token === undefined ? {} : { headers: { "x-metadata-token": token } }),
      timeoutMs: METADATA_TIMEOUT_MS,
      proxy: false,
    });
  } catch (e) {
    if (e instanceof NoAnswerError) throw new CredentialServiceError(0, e.code, e.message);
    throw e;
  }
  if (answer.status === 401 && answer.text.includes(NO_AGENCY)) {
    return { absent: "the instance has no agency" };
  }
  if (answer.status === 404) {
    return { absent: "it has no /openstack/latest/securitykey (not a Huawei Cloud ECS instance)" };
  }
  const key = answer.status === 200 ? readHuaweiKey(answer.text) : undefined;
  if (!key) {
    throw new CredentialServiceError(
      answer.status,
      `HTTP${answer.status}`,
      `GET /openstack/latest/securitykey answered ${answer.status}${answer.status === 200 ? " without credential.access, secret and securitytoken" : ""}`,
    );
  }
  return key;
}

/** {"credential":{"access","secret","securitytoken","expires_at"}} */
export function readHuaweiKey(text: string): HuaweiTemporaryKey | undefined {
  const credential = parseObject(JSON.stringify(parseObject(text)?.["credential"] ?? null));
  const { access, secret, securitytoken, expires_at: expires } = credential ?? {};
  if (typeof access !== "string" || !access) return undefined;
  if (typeof secret !== "string" || !secret) return undefined;
  if (typeof securitytoken !== "string" || !securitytoken) return undefined;
  const expiresAt = typeof expires === "string" ? Date.parse(expires) : NaN;
  return {
    accessKey: access,
    secretKey: secret,
    securityToken: securitytoken,
    expiresAt: Number.isNaN(expiresAt) ? undefined : expiresAt,
  };
}
