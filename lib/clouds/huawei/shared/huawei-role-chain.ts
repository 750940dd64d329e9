// Huawei Cloud temporary keys after the payload's AK/SK and IAM token variables, with the
// variable names of Huawei's SDKs: identity-provider federation (HUAWEICLOUD_SDK_IDP_ID and
// HUAWEICLOUD_SDK_ID_TOKEN_FILE, exchanged at HUAWEICLOUD_SDK_IAM_ENDPOINT, default
// https://iam.myhuaweicloud.com), then the ECS instance's agency from the metadata service.
// Loaded only when none of the payload's variables is set. A source that is set up and fails
// stops the chain with its own error; only a metadata service that does not answer (or an
// instance without an agency) is passed over.

import { readFileSync } from "node:fs";
import { CredentialServiceError, NoAnswerError } from "../../../clients/token-exchange";
import {
  HUAWEI_IAM_URL,
  HUAWEI_METADATA_URL,
  federatedKey,
  metadataKey,
  type HuaweiTemporaryKey,
} from "./huawei-token-client";
import { isLoopbackHost } from "../../../contract/rules";
import { HookError, HookErrorCode } from "../../../runtime/errors";

export const HUAWEI_ENV = {
  IDP_ID: "HUAWEICLOUD_SDK_IDP_ID",
  ID_TOKEN_FILE: "HUAWEICLOUD_SDK_ID_TOKEN_FILE",
  IAM_ENDPOINT: "HUAWEICLOUD_SDK_IAM_ENDPOINT",
  /** The library's own, for tests: a loopback URL that stands in for the metadata service. */
  TEST_METADATA_URL: "CGAC_TEST_HUAWEI_METADATA_URL",
} as const;

export interface HuaweiSource {
  readonly label: string;
  /** A string: the source is not there after all (no metadata service, no agency), and why. */
  readonly fetch: () => Promise<HuaweiTemporaryKey | string>;
}

/** The sources in order: a HuaweiSource for one that is set up, or why it is not. */
export function huaweiSources(
  env: NodeJS.ProcessEnv,
  secret: (value: string) => void,
): (HuaweiSource | string)[] {
  return [federation(env, secret), agency(env)];
}

function federation(
  env: NodeJS.ProcessEnv,
  secret: (value: string) => void,
): HuaweiSource | string {
  const names = [HUAWEI_ENV.IDP_ID, HUAWEI_ENV.ID_TOKEN_FILE];
  const set = names.filter((n) => env[n]);
  if (set.length === 0) return "identity-provider federation: none of its variables is set";
  if (set.length < names.length) {
    return `identity-provider federation: ${set.join(", ")} set, but not ${names.filter((n) => !env[n]).join(" or ")}`;
  }
  const idpId = env[HUAWEI_ENV.IDP_ID]!;
  const tokenFile = env[HUAWEI_ENV.ID_TOKEN_FILE]!;
  const iam = iamEndpoint(env);
  const label = `the identity provider ${idpId} (${HUAWEI_ENV.IDP_ID}, token file ${tokenFile})`;
  return {
    label,
    fetch: async () => {
      let idToken: string;
      try {
        // Read on every fetch: the platform rotates the token in the file.
        idToken = readFileSync(tokenFile, "utf8").trim();
      } catch (e) {
        throw failed(
          label,
          `cannot read the id token file ${JSON.stringify(tokenFile)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
          `Check ${HUAWEI_ENV.ID_TOKEN_FILE}: it must name the file the CI system writes its OIDC id token to.`,
        );
      }
      if (!idToken) {
        throw failed(
          label,
          `the id token file ${JSON.stringify(tokenFile)} is empty`,
          `Check that the CI system writes the id token to ${tokenFile} before the run.`,
        );
      }
      secret(idToken);
      try {
        return await federatedKey(iam, idpId, idToken);
      } catch (e) {
        if (!(e instanceof CredentialServiceError)) throw e;
        let message = e.message.split(idToken).join("***");
        if (e.requestId) message += ` (request id ${e.requestId})`;
        const answer =
          e.status === 0
            ? `no answer from IAM at ${iam.origin} (${e.code})`
            : `IAM ${iam.origin} answered ${e.status} ${e.code}: ${message}`;
        throw failed(
          label,
          `the id token exchange failed: ${answer}`,
          federationFix(e, iam, idpId, tokenFile),
        );
      }
    },
  };
}

function federationFix(
  e: CredentialServiceError,
  iam: URL,
  idpId: string,
  tokenFile: string,
): string {
  if (e.status === 0) {
    return `Check that ${iam.origin} is reachable from here (a proxy in HTTPS_PROXY), or set ${HUAWEI_ENV.IAM_ENDPOINT} to the IAM endpoint of your region.`;
  }
  if (e.status === 401 || e.status === 403) {
    return `IAM refused the id token in ${tokenFile}: check that the identity provider ${idpId} exists, is of type OpenID Connect with programmatic access, and that its issuer, client id and mapping rules match the token.`;
  }
  if (e.status === 404)
    return `Check ${HUAWEI_ENV.IDP_ID} (${idpId}): IAM knows no identity provider by that id.`;
  return `Check the identity provider ${idpId} in IAM and ${HUAWEI_ENV.IAM_ENDPOINT}.`;
}

function iamEndpoint(env: NodeJS.ProcessEnv): URL {
  const given = env[HUAWEI_ENV.IAM_ENDPOINT];
  if (!given) return new URL(HUAWEI_IAM_URL);
  const url = URL.canParse(given) ? new URL(given) : undefined;
  if (
    !url ||
    !(url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname)))
  ) {
    throw failed(
      `the IAM endpoint ${HUAWEI_ENV.IAM_ENDPOINT}`,
      `${JSON.stringify(given)} is not an https URL (http is allowed on loopback only)`,
      `Set ${HUAWEI_ENV.IAM_ENDPOINT} to the IAM base URL, e.g. https://iam.cn-north-4.myhuaweicloud.com, or unset it.`,
    );
  }
  return new URL(url.origin);
}

function agency(env: NodeJS.ProcessEnv): HuaweiSource {
  const base = metadataBase(env);
  const label = "the ECS instance's agency";
  return {
    label,
    fetch: async () => {
      try {
        const key = await metadataKey(base);
        return "absent" in key
          ? `ECS agency: the metadata service at ${base.origin}: ${key.absent}`
          : key;
      } catch (e) {
        if (e instanceof NoAnswerError) {
          return `ECS agency: no metadata service answered at ${base.origin} (${e.code})`;
        }
        if (!(e instanceof CredentialServiceError)) throw e;
        throw failed(
          label,
          `the metadata service at ${base.origin}: ${e.message}`,
          "Check the agency attached to the instance (ECS console, Manage Agency), or set the AK/SK variables.",
        );
      }
    },
  };
}

/** The fixed address, or the test override: loopback only, so it can send nothing elsewhere. */
function metadataBase(env: NodeJS.ProcessEnv): URL {
  const given = env[HUAWEI_ENV.TEST_METADATA_URL];
  if (!given) return new URL(HUAWEI_METADATA_URL);
  const url = URL.canParse(given) ? new URL(given) : undefined;
  if (!url || !/^https?:$/.test(url.protocol) || !isLoopbackHost(url.hostname)) {
    throw failed(
      `the ECS metadata override ${HUAWEI_ENV.TEST_METADATA_URL}`,
      `${JSON.stringify(given)} is not an http(s) URL on a loopback host`,
      `${HUAWEI_ENV.TEST_METADATA_URL} is for tests only and takes a loopback URL such as http://127.0.0.1:<port>; unset it everywhere else.`,
    );
  }
  return new URL(url.origin);
}

function failed(label: string, why: string, fix: string): HookError {
  return new HookError(HookErrorCode.CREDENTIALS_FAILED, `credentials from ${label}: ${why}`, fix);
}
