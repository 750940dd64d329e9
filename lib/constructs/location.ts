// Where a group lives: the identity region and the transport endpoint, from the `region` and
// `endpoint` props (one of them, or both). Each cloud says how its public endpoints look.

import type { IConstruct } from "constructs";
import { REGION_ID } from "../spec/rules";
import { ValidationError, checkEndpoint, checkRule } from "./validation";

export interface Location {
  /** Identity region: the region id, or the endpoint origin when no region can be told. */
  readonly region: string;
  /** Base URL without path or query. */
  readonly endpoint: string;
}

export interface EndpointScheme {
  /** The public endpoint of a region. */
  publicEndpoint(region: string): string;
  /** The region a public endpoint serves, if `url` is one. */
  regionOf(url: URL): string | undefined;
  /** The endpoint base the hook uses for a given URL (e.g. without a project label). */
  base(url: URL): string;
  /** Words for the error message, e.g. 'region: "cn-hangzhou" or endpoint: "https://…"'. */
  readonly example: string;
}

export function resolveLocation(
  scope: IConstruct,
  props: {
    readonly region?: string;
    readonly endpoint?: string;
    readonly allowInsecureHttp: boolean;
  },
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
