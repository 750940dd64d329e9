// Where a group lives: the identity region and the transport endpoint, from the `region` and
// `endpoint` props (one of them, or both). Each cloud says how its public endpoints look.

import type { IConstruct } from "constructs";
import { REGION_ID } from "../contract/rules";
import { ValidationError, checkEndpoint, checkRule } from "./validation";

export interface Location {
  /** Identity region: the region id, or the endpoint origin when no region can be told. */
  readonly region: string;
  /** Base URL without path or query. */
  readonly endpoint: string;
}

export interface EndpointScheme {
  /** Same value for schemes that resolve the same props to the same location. */
  readonly cacheKey: string;
  /** The public endpoint of a region. */
  publicEndpoint(region: string): string;
  /** The region a public endpoint serves, if `url` is one. */
  regionOf(url: URL): string | undefined;
  /** The endpoint base the hook uses for a given URL (e.g. without a project label). */
  base(url: URL): string;
  /** Words for the error message, e.g. 'region: "cn-hangzhou" or endpoint: "https://…"'. */
  readonly example: string;
}

/** The props a location is resolved from (the construct checked `allowInsecureHttp`). */
export interface LocationProps {
  readonly region?: string;
  readonly endpoint?: string;
  readonly allowInsecureHttp: boolean;
}

/**
 * Locations resolved before, by scheme and props: an app declares many groups on one endpoint,
 * and each resolution parses and checks URLs. Only successes are kept (a failure's message
 * names its construct); the props are plain strings, so a hit is what resolving again would
 * return.
 */
const resolved = new Map<string, Location>();
const MAX_RESOLVED = 1000;

export function resolveLocation(
  scope: IConstruct,
  props: LocationProps,
  scheme: EndpointScheme,
): Location {
  const key = cacheKey(scheme, props);
  const hit = key === undefined ? undefined : resolved.get(key);
  if (hit) return hit;
  const location = Object.freeze(resolveUncached(scope, props, scheme));
  if (key !== undefined) {
    if (resolved.size >= MAX_RESOLVED) resolved.clear();
    resolved.set(key, location);
  }
  return location;
}

/** The cache key of string (or absent) props; none for anything else, which is checked anew. */
function cacheKey(scheme: EndpointScheme, props: LocationProps): string | undefined {
  const { region, endpoint } = props;
  // Typed as strings, but JavaScript callers may pass anything.
  const plain = (v: unknown) => v === undefined || typeof v === "string";
  if (!plain(region) || !plain(endpoint)) return undefined;
  // An absent prop as 0, which no string prop can be.
  return JSON.stringify([scheme.cacheKey, region ?? 0, endpoint ?? 0, props.allowInsecureHttp]);
}

function resolveUncached(
  scope: IConstruct,
  props: LocationProps,
  scheme: EndpointScheme,
): Location {
  const region =
    props.region === undefined ? undefined : checkRule(scope, "region", props.region, REGION_ID);
  if (props.endpoint === undefined) {
    if (region === undefined) {
      throw new ValidationError(scope, `region or endpoint must be given, e.g. ${scheme.example}`);
    }
    return { region, endpoint: scheme.publicEndpoint(region) };
  }
  const url = checkEndpoint(scope, "endpoint", props.endpoint, props.allowInsecureHttp);
  const endpoint = scheme.base(url);
  return { region: region ?? scheme.regionOf(new URL(endpoint)) ?? endpoint, endpoint };
}
