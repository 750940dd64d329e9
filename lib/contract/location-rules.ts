// How a group is reached, from the `region` and `endpoint` the app gave (one of them, or both):
// the rules and their messages, in one place for both sides. The constructs resolve literal
// values at synth (lib/constructs/location.ts, which puts the construct's path in front); the
// hook resolves values given by reference once Terraform knows them (transport.ts), with the
// path the payload carries. Each cloud says how its public endpoints look (EndpointRules).

import type { GroupIdentity } from "./group-identity";
import { redactMessage, maskUrlValue } from "./redact";
import { REGION_ID, isLoopbackHost } from "./rules";
import { showValue } from "./show-value";

/** A cloud's public endpoints. */
export interface EndpointRules {
  /** The cloud these rules are for. */
  readonly service: string;
  /** The public endpoint of a region. */
  publicEndpoint(region: string): string;
  /** The region a public endpoint serves, if `url` is one. */
  regionOf(url: URL): string | undefined;
  /**
   * The endpoint base the hook calls for a group with this identity (e.g. without the SLS
   * project label). Throws an Error whose message says what is wrong with `url`.
   */
  base(url: URL, identity: GroupIdentity): string;
  /** Words for messages, e.g. 'region: "cn-hangzhou" or endpoint: "https://…"'. */
  readonly example: string;
}

export interface Location {
  /** The region id, or the endpoint origin when no region can be told. Not part of the identity. */
  readonly region: string;
  /** Base URL without path or query. */
  readonly endpoint: string;
}

/** The location as the app gave it; values are unchecked (JavaScript callers, Terraform values). */
export interface GivenLocation {
  readonly region?: unknown;
  readonly endpoint?: unknown;
  /** Plain http:// to a host that is not loopback; off unless the user opted in. */
  readonly allowInsecureHttp: boolean;
  /** The group's identity: an endpoint may carry part of it (the SLS project label). */
  readonly identity: GroupIdentity;
}

/**
 * A location the rules refuse. The message reads "<prop> <value> must be <rule>" (or says what
 * contradicts what), without the construct's path, which each side puts in front; URL user
 * info in it is masked.
 */
export class LocationError extends Error {
  constructor(message: string) {
    super(redactMessage(message));
    this.name = "LocationError";
  }
}

/** A host as the URL parser leaves it: lower-case DNS labels (IDN as punycode), IPv4, [IPv6]. */
const HOST =
  /^(\[[0-9a-f:.]+\]|[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?)$/;

/** Checks a region value against the region id rule. */
export function checkRegionValue(prop: string, value: unknown): string {
  if (typeof value !== "string" || !REGION_ID.test(value)) {
    throw new LocationError(`${prop} ${showValue(value)} must be ${REGION_ID.text}`);
  }
  return value;
}

/**
 * Checks an endpoint URL: https, or http for loopback hosts or with `allowInsecureHttp`; no
 * user info, path, query or fragment; the host a DNS name or an IP address.
 */
export function checkEndpointValue(prop: string, value: unknown, allowInsecureHttp: boolean): URL {
  // Never repeat what may be a key: user info is masked before the value is escaped or cut.
  const bad = (rule: string): never => {
    const shown = showValue(typeof value === "string" ? maskUrlValue(value) : value);
    throw new LocationError(`${prop} ${shown} must be ${rule}`);
  };
  if (typeof value !== "string") return bad("a URL string");
  // The URL parser silently drops tabs and newlines and trims spaces: refuse them instead.
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f]/.test(value)) return bad("a URL without spaces or control characters");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return bad("an absolute URL such as https://service.example.com");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return bad("an https:// URL");
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    bad("an https:// URL (plain http:// only for loopback hosts, or set allowInsecureHttp: true)");
  }
  if (url.username || url.password) {
    bad("a URL without credentials (the hook reads keys from environment variables)");
  }
  if (url.pathname !== "/" || url.search || url.hash || /[?#]$/.test(value)) {
    bad(`a URL without path, query or fragment, e.g. ${url.origin}`);
  }
  // The origin becomes the identity region of an endpoint-only group, a Terraform trigger that
  // is not template-escaped: only DNS names and IP addresses, so `${…}` can never be a host.
  if (
    !HOST.test(url.hostname) ||
    url.hostname.length > 255 ||
    url.hostname.split(".").some((label) => label.length > 63)
  ) {
    bad("a URL whose host is a DNS name (labels of 1-63 letters, digits, - or _) or an IP address");
  }
  return url;
}

/**
 * The region (for log lines) and the endpoint origin the hook calls: the endpoint without what
 * the cloud's `base` strips, else the region's public endpoint; a region that contradicts the
 * region an endpoint serves is refused. Throws a LocationError.
 */
export function resolveGivenLocation(given: GivenLocation, rules: EndpointRules): Location {
  const region = given.region === undefined ? undefined : checkRegionValue("region", given.region);
  if (given.endpoint === undefined) {
    if (region === undefined) {
      throw new LocationError(`region or endpoint must be given, e.g. ${rules.example}`);
    }
    return { region, endpoint: rules.publicEndpoint(region) };
  }
  const url = checkEndpointValue("endpoint", given.endpoint, given.allowInsecureHttp);
  let endpoint: string;
  try {
    endpoint = rules.base(url, given.identity);
  } catch (e) {
    throw new LocationError(e instanceof Error ? e.message : String(e));
  }
  const endpointRegion = rules.regionOf(new URL(endpoint));
  if (region !== undefined && endpointRegion !== undefined && endpointRegion !== region) {
    throw new LocationError(
      `region ${JSON.stringify(region)} contradicts endpoint ${JSON.stringify(endpoint)}, which ` +
        `serves ${endpointRegion}: give only one of them, or make both name the same region ` +
        `(region: ${JSON.stringify(endpointRegion)}, or the endpoint of ${region})`,
    );
  }
  return { region: region ?? endpointRegion ?? endpoint, endpoint };
}
