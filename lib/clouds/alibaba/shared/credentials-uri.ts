// ALIBABA_CLOUD_CREDENTIALS_URI: a local credentials service (a sidecar) answering GET with
// {Code, AccessKeyId, AccessKeySecret, SecurityToken, Expiration}, as the package reads it.

import {
  CredentialServiceError,
  credentialExchange,
  NoAnswerError,
} from "../../../clients/token-exchange";
import { readTemporaryKey, type TemporaryKey } from "./sts-client";
import { parseObject } from "../../../clients/json";

const URI_TIMEOUT_MS = 10_000;

export async function uriKey(uri: URL): Promise<TemporaryKey> {
  let answer;
  try {
    answer = await credentialExchange({
      method: "GET",
      url: uri,
      timeoutMs: URI_TIMEOUT_MS,
      proxy: true,
    });
  } catch (e) {
    if (e instanceof NoAnswerError) throw new CredentialServiceError(0, e.code, e.message);
    throw e;
  }
  if (answer.status !== 200) {
    throw new CredentialServiceError(
      answer.status,
      `HTTP${answer.status}`,
      `GET answered ${answer.status}`,
    );
  }
  const key = readTemporaryKey(parseObject(answer.text));
  if (!key) {
    throw new CredentialServiceError(
      200,
      "UnexpectedResponse",
      "the answer has no AccessKeyId, AccessKeySecret and SecurityToken",
    );
  }
  return key;
}
