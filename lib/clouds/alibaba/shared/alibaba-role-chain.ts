// The Alibaba Cloud default credential chain after the AccessKey variables, in the order and
// with the variable names of the official credentials package (@alicloud/credentials 2.4):
//   OIDC (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE)
//   → the CLI profile (~/.aliyun/config.json, ALIBABA_CLOUD_PROFILE)
//   → the credentials file (ALIBABA_CLOUD_CREDENTIALS_FILE, default ~/.alibabacloud/credentials)
//   → the ECS instance's RAM role (metadata service; ALIBABA_CLOUD_ECS_METADATA names the role,
//     ALIBABA_CLOUD_ECS_METADATA_DISABLED=true skips it)
//   → ALIBABA_CLOUD_CREDENTIALS_URI.
// Loaded only when no AccessKey variable is set. Unlike the package, a source that is set up
// (its variables set, its file present) and fails stops the chain with its own error, rather
// than falling through to the next: a pipeline's role must not be silently replaced.

import { homedir } from "node:os";
import type { ChainSource, Context } from "./alibaba-chain-common";
import { ecsFromEnv, uriFromEnv } from "./alibaba-instance-sources";
import { cliProfile, credentialsFile } from "./alibaba-profile-sources";
import { oidcFromEnv } from "./alibaba-sts-sources";

/**
 * The chain's sources in order, each looked at only when the ones before it were not set up:
 * a ChainSource for one that is, or why it is not (for the missing-credentials message).
 */
export function* roleSources(
  env: NodeJS.ProcessEnv,
  secret: (value: string) => void,
): Generator<ChainSource | string> {
  const ctx: Context = { env, secret, home: env["HOME"] || homedir() };
  for (const step of [oidcFromEnv, cliProfile, credentialsFile, ecsFromEnv, uriFromEnv]) {
    yield step(ctx);
  }
}
