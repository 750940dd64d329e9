// Which URL a hook call goes to.
//
// The endpoint is a literal of the *current* configuration, while a destroy hook acts on the
// identity stored in state, which after a region change belongs to the *previous* one. So the
// configured endpoint is used only for groups of the region it was configured for; a group of
// another region gets that region's public endpoint (or its stored origin).

import type { Transport } from "../spec/payload";
import { REGION_ID, isLoopbackHost } from "../spec/rules";
import { HookError, HookErrorCode } from "./errors";

export function slsPublicEndpoint(region: string): string {
  return `https://${region}.log.aliyuncs.com`;
}

/** Huawei Cloud's public DMS endpoint (dms-queue-api.md §4). */
export function dmsPublicEndpoint(region: string): string {
  return `https://dms.${region}.myhuaweicloud.com`;
}

export function resolveEndpoint(
  identityRegion: string,
  transport: Transport,
  publicEndpoint: (region: string) => string,
): string {
  const endpoint =
    identityRegion === transport.region
      ? transport.endpoint
      : endpointForRegion(identityRegion, publicEndpoint);
  assertSecureEndpoint(endpoint, transport.allowInsecureHttp);
  return endpoint;
}

function endpointForRegion(region: string, publicEndpoint: (region: string) => string): string {
  if (REGION_ID.test(region)) return publicEndpoint(region);
  if (/^https?:\/\//.test(region)) return region; // the identity of an endpoint-only group is its origin
  throw new HookError(
    HookErrorCode.UNKNOWN_ENDPOINT,
    `cannot tell which endpoint serves region "${region}"`,
    "Declare the group with that region again (or its endpoint), deploy, then change it.",
  );
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
