// The ECS instance's RAM role from the instance metadata service, as the official credentials
// package reads it: PUT /latest/api/token for a session token (sent as
// x-aliyun-ecs-metadata-token), then GET /latest/meta-data/ram/security-credentials/ for the
// role's name and …/<role> for its temporary key. A service that answers the token request
// with an error (an older, IMDSv1-only one) is asked again without a token.

import {
  CredentialServiceError,
  credentialExchange,
  NoAnswerError,
} from "../../../clients/token-exchange";
import { readTemporaryKey, type TemporaryKey } from "./sts-client";
import { parseObject } from "../../../clients/json";

export const ECS_METADATA_URL = "http://100.100.100.200";
const CREDENTIALS_PATH = "/latest/meta-data/ram/security-credentials/";
/** The package's: one second, since a machine that is no ECS instance never answers. */
const METADATA_TIMEOUT_MS = 1000;
const TOKEN_TTL_SECONDS = 21600;

/**
 * The session token, or undefined when the service refused to give one (IMDSv1 only).
 * Throws NoAnswerError when nothing answers: not an ECS instance.
 */
export async function ecsMetadataToken(base: URL): Promise<string | undefined> {
  const answer = await credentialExchange({
    method: "PUT",
    url: new URL("/latest/api/token", base),
    headers: { "x-aliyun-ecs-metadata-token-ttl-seconds": String(TOKEN_TTL_SECONDS) },
    timeoutMs: METADATA_TIMEOUT_MS,
    proxy: false,
  });
  return answer.status === 200 && answer.text ? answer.text.trim() : undefined;
}

/** The instance's role name; undefined when the instance has no role (404). */
export async function ecsRoleName(
  base: URL,
  token: string | undefined,
): Promise<string | undefined> {
  const answer = await metadataGet(base, CREDENTIALS_PATH, token);
  if (answer.status === 404) return undefined;
  if (answer.status !== 200) throw metadataError(answer.status, CREDENTIALS_PATH);
  const name = answer.text.trim().split(/\s+/)[0];
  return name || undefined;
}

export async function ecsRoleKey(
  base: URL,
  roleName: string,
  token: string | undefined,
): Promise<TemporaryKey> {
  const path = `${CREDENTIALS_PATH}${encodeURIComponent(roleName)}`;
  const answer = await metadataGet(base, path, token);
  if (answer.status !== 200) throw metadataError(answer.status, path);
  const body = parseObject(answer.text);
  const key = readTemporaryKey(body);
  if (!key || body?.["Code"] !== "Success") {
    throw new CredentialServiceError(
      200,
      typeof body?.["Code"] === "string" ? body["Code"] : "UnexpectedResponse",
      `${path} did not answer Code "Success" with AccessKeyId, AccessKeySecret and SecurityToken`,
    );
  }
  return key;
}

async function metadataGet(base: URL, path: string, token: string | undefined) {
  try {
    return await credentialExchange({
      method: "GET",
      url: new URL(path, base),
      ...(token === undefined ? {} : { headers: { "x-aliyun-ecs-metadata-token": token } }),
      timeoutMs: METADATA_TIMEOUT_MS,
      proxy: false,
    });
  } catch (e) {
    if (e instanceof NoAnswerError) throw new CredentialServiceError(0, e.code, e.message);
    throw e;
  }
}

function metadataError(status: number, path: string): CredentialServiceError {
  return new CredentialServiceError(status, `HTTP${status}`, `GET ${path} answered ${status}`);
}
