// How a group is reached: the region (for log lines) and the endpoint the hook calls, from the
// `region` and `endpoint` props (one of them, or both). The rules are in
// lib/contract/location-rules.ts, shared with the hook: literals are resolved here at synth;
// a location with a reference (a cdktf token) is checked part by part here and resolved by the
// hook once Terraform knows the values (docs/composing.md, "Tokens").

import type { IConstruct } from "constructs";
import {
  LocationError,
  checkEndpointValue,
  checkRegionValue,
  resolveGivenLocation,
  type EndpointRules,
  type GivenLocation,
  type Location,
} from "../contract/location-rules";
import { refPlaceholder } from "../contract/refs";
import type { LocationByReference, Transport, TransportSpec } from "../contract/transport";
import { escapeTerraformTemplate } from "./escape";
import { HookResource } from "./hook-resource";
import { isReference, type GroupRef } from "./identity-refs";
import { ValidationError } from "./validation";

/** The props a location is resolved from (the construct checked `allowInsecureHttp`). */
export type LocationProps = GivenLocation;

/**
 * Locations resolved before, by cloud and props: an app declares many groups on one endpoint,
 * and each resolution parses and checks URLs. Only successes are kept (a failure's message
 * names its construct); the props are plain strings, so a hit is what resolving again would
 * return.
 */
const resolved = new Map<string, Location>();
const MAX_RESOLVED = 1000;

/** The location of literal props, resolved now; a refused one throws a ValidationError. */
export function resolveLocation(
  scope: IConstruct,
  props: LocationProps,
  rules: EndpointRules,
): Location {
  const key = cacheKey(rules, props);
  const hit = key === undefined ? undefined : resolved.get(key);
  if (hit) return hit;
  const location = Object.freeze(inScope(scope, () => resolveGivenLocation(props, rules)));
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

/** `resolve()`, with a LocationError turned into the construct's ValidationError. */
function inScope<T>(scope: IConstruct, resolve: () => T): T {
  try {
    return resolve();
  } catch (e) {
    throw e instanceof LocationError ? new ValidationError(scope, e.message) : e;
  }
}

/** A location with a reference in `region` or `endpoint`: what synth writes for the hook. */
export interface LocationRefs {
  /** The references, for the refs tables (payloads, the manifest's `refs`). */
  readonly refs: readonly GroupRef[];
  /** What payloads and the manifest carry: placeholders for the references, and the path. */
  readonly wire: LocationByReference;
  /**
   * What the Group stores in its `input` (its destroy hook reads it from state): the props as
   * given, the tokens in place for Terraform to resolve, literals template-escaped.
   */
  readonly stored: Readonly<Record<string, string>>;
}

/**
 * The location of a group: resolved now when `region` and `endpoint` are literals; else the
 * literal parts checked now, the rest left to the hook, and the location as the construct
 * exposes it (the region, or the endpoint, as given).
 */
export function locateGroup(
  scope: IConstruct,
  props: LocationProps,
  rules: EndpointRules,
  group: { readonly key: string; readonly hookResource: HookResource },
): { readonly location: Location; readonly byReference?: LocationRefs } {
  const fields = (["region", "endpoint"] as const).filter((f) => isReference(props[f]));
  if (fields.length === 0) return { location: resolveLocation(scope, props, rules) };
  if (group.hookResource === HookResource.NULL_RESOURCE) {
    throw new ValidationError(
      scope,
      `${fields.join(" and ")} ${fields.length > 1 ? "are references" : "is a reference"} (a ` +
        "token), which this library supports only with hookResource TERRAFORM_DATA (the " +
        "default): the Group's terraform_data keeps the resolved location for its destroy " +
        "hook. Give literal values, or drop hookResource NULL_RESOURCE",
    );
  }
  const region = props.region as string | undefined;
  const endpoint = props.endpoint as string | undefined;
  inScope(scope, () => {
    if (region !== undefined && !isReference(region)) checkRegionValue("region", region);
    if (endpoint !== undefined && !isReference(endpoint)) {
      checkEndpointValue("endpoint", endpoint, props.allowInsecureHttp);
    }
  });
  const given: Record<string, string> = {};
  const stored: Record<string, string> = {};
  const refs: GroupRef[] = [];
  for (const [field, value] of [
    ["region", region],
    ["endpoint", endpoint],
  ] as const) {
    if (value === undefined) continue;
    if (isReference(value)) {
      const id = refPlaceholder(group.key, field);
      refs.push({ id, token: value, at: scope.node.path, prop: field });
      given[field] = id;
      stored[field] = value;
    } else {
      given[field] = value;
      stored[field] = escapeTerraformTemplate(value);
    }
  }
  return {
    location: {
      region: region ?? endpoint!,
      endpoint: endpoint ?? rules.publicEndpoint(region!),
    },
    byReference: { refs, wire: { at: scope.node.path, given }, stored },
  };
}

/**
 * The transport every payload of a group carries: where and how the hook calls; with the
 * location by reference, what the hook resolves it from.
 */
export function transportSpec(
  location: Location,
  locationRefs: LocationRefs | undefined,
  how: Omit<Transport, "endpoint" | "region">,
): TransportSpec {
  return locationRefs
    ? { location: locationRefs.wire, ...how }
    : { endpoint: location.endpoint, region: location.region, ...how };
}
