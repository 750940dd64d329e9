// How a group is reached: the region (for log lines) and the endpoint the hook calls, from the
// `region` and `endpoint` props (one of them, or both). Each cloud's service says how its
// public endpoints look (lib/services/<cloud>/endpoints.ts).

import type { IConstruct } from "constructs";
import type { EndpointRules } from "../runtime/cloud-service";
import { REGION_ID } from "../contract/rules";
import { ValidationError, checkEndpoint, checkRule } from "./validation";
import type { GroupIdentity } from "../contract/group-identity";

export interface Location {
  /** The region id, or the endpoint origin when no region can be told. Not part of the identity. */
  readonly region: string;
  /** Base URL without path or query. */
  readonly endpoint: string;
}

/** The props a location is resolved from (the construct checked `allowInsecureHttp`). */
export interface LocationProps {
  readonly region?: string;
  readonly endpoint?: string;
  readonly allowInsecureHttp: boolean;
  /** The group's identity: an endpoint may carry part of it (the SLS project label). */
  readonly identity: GroupIdentity;
}

/**
 * Locations resolved before, by cloud and props: an app declares many groups on one endpoint,
 * and each resolution parses and checks URLs. Only successes are kept (a failure's message
 * names its construct); the props are plain strings, so a hit is what resolving again would
 * return.
 */
const resolved = new Map<string, Location>();
const MAX_RESOLVED = 1000;

export function resolveLocation(
  scope: IConstruct,
  props: LocationProps,
  rules: EndpointRules,
): Location {
  const key = cacheKey(rules, props);
  const hit = key === undefined ? undefined : resolved.get(key);
  if (hit) return hit;
  const location = Object.freeze(resolveUncached(scope, props, rules));
  if (key !== undefined) {
    if (resolved.size >= MAX_RESOLVED) resolved.clear();
    resolved.set(key, location);
  }
  return location;
}

/** The cache key of string (or absent) props; none for anything else, which is checked anew. */
function cacheKey(rules: EndpointRules, props: LocationProps): string | undefined {
  const { region, endpoint } = props;
  // Typed as strings, but JavaScript callers may pass anything.
  const plain = (v: unknown) => v === undefined || typeof v === "string";
  if (!plain(region) || !plain(endpoint)) return undefined;
  // An absent prop as 0, which no string prop can be.
  // The base may depend on the identity (the SLS project label): it is part of the key.
  return JSON.stringify([
    rules.service,
    props.identity,
    region ?? 0,
    endpoint ?? 0,
    props.allowInsecureHttp,
  ]);
}

function resolveUncached(scope: IConstruct, props: LocationProps, rules: EndpointRules): Location {
  const region =
    props.region === undefined ? undefined : checkRule(scope, "region", props.region, REGION_ID);
  if (props.endpoint === undefined) {
    if (region === undefined) {
      throw new ValidationError(scope, `region or endpoint must be given, e.g. ${rules.example}`);
    }
    return { region, endpoint: rules.publicEndpoint(region) };
  }
  const url = checkEndpoint(scope, "endpoint", props.endpoint, props.allowInsecureHttp);
  let endpoint: string;
  try {
    endpoint = rules.base(url, props.identity);
  } catch (e) {
    throw new ValidationError(scope, e instanceof Error ? e.message : String(e));
  }
  const endpointRegion = rules.regionOf(new URL(endpoint));
  if (region !== undefined && endpointRegion !== undefined && endpointRegion !== region) {
    throw new ValidationError(
      scope,
      `region ${JSON.stringify(region)} contradicts endpoint ${JSON.stringify(endpoint)}, which ` +
        `serves ${endpointRegion}: give only one of them, or make both name the same region ` +
        `(region: ${JSON.stringify(endpointRegion)}, or the endpoint of ${region})`,
    );
  }
  return { region: region ?? endpointRegion ?? endpoint, endpoint };
}
