// Which URL a hook call goes to: the endpoint of the current configuration, always. Region and
// endpoint are how a group is reached, not part of its identity, so an identity read back from
// state (even one of release 0.1.0, which held a region) never picks another endpoint.

import { isLoopbackHost } from "../contract/rules";
import { HookError, HookErrorCode } from "./errors";
import type { Transport } from "../contract/transport";

/** The transport's endpoint, once it is known to be secure enough. */
export function resolveEndpoint(transport: Transport): string {
  assertSecureEndpoint(transport.endpoint, transport.allowInsecureHttp);
  return transport.endpoint;
}

export function assertSecureEndpoint(endpoint: string, allowInsecureHttp: boolean): void {
  const url = new URL(endpoint);
  if (url.protocol === "https:") return;
  if (url.protocol === "http:" && (isLoopbackHost(url.hostname) || allowInsecureHttp)) return;
  throw new HookError(
    HookErrorCode.INSECURE_ENDPOINT,
    `endpoint ${url.origin} is not https`,
    "Use an https:// endpoint, or set allowInsecureHttp: true on the construct if plain HTTP is really intended.",
  );
}
