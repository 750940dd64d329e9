// The official Node SDK's own v1 signing function (`Client.prototype._sign` in
// node_modules/@alicloud/log/lib/client.js), used by tests as an oracle. The SDK ships no types.

import { createRequire } from "node:module";

export interface SdkCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

interface SdkClient {
  _sign(
    verb: string,
    path: string,
    queries: Record<string, string>,
    headers: Record<string, string>,
    credentials: SdkCredentials,
  ): string;
}

type SdkClientConstructor = new (config: SdkCredentials) => SdkClient;

const SdkClientClass = createRequire(__filename)("@alicloud/log") as SdkClientConstructor;

/** "LOG <id>:<signature>" exactly as @alicloud/log 1.2.6 computes it. */
export function sdkAuthorization(
  method: string,
  path: string,
  query: Record<string, string>,
  headers: Record<string, string>,
  credentials: SdkCredentials,
): string {
  return new SdkClientClass(credentials)._sign(method, path, query, { ...headers }, credentials);
}
