// What the emulator's STS routes share: their configuration, the error they answer with, an
// issued key, and the context every route reads.

import type { AlibabaAccessKey, IssuedAlibabaAccessKey } from "./alibaba-emulator-access-keys";

export class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Issued = IssuedAlibabaAccessKey;

export type Context = {
  config: StsEmulatorConfig;
  /** Every key SLS accepts (rpc-checks.ts signs AssumeRole with them). */
  keys: AlibabaAccessKey[];
  nonces: Set<string>;
  metadataTokens: Map<string, number>;
  issue: (lifetimeSeconds: number) => Issued;
  now: () => number;
};

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
