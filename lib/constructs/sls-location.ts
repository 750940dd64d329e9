// SLS endpoints: public ones are {region}.log.aliyuncs.com (and -intranet, -share); the hook
// adds the project label itself, so an endpoint given with this group's label loses it.

import type { IConstruct } from "constructs";
import { REGION_ID } from "../contract/rules";
import { resolveLocation, type Location } from "./location";
import { ValidationError } from "./validation";

const SLS_DOMAIN = ".log.aliyuncs.com";

export function resolveSlsLocation(
  scope: IConstruct,
  props: {
    readonly region?: string;
    readonly endpoint?: string;
    readonly project: string;
    readonly allowInsecureHttp: boolean;
  },
): Location {
  return resolveLocation(scope, props, {
    // `base` depends on the project.
    cacheKey: `sls ${props.project}`,
    publicEndpoint: (region) => `https://${region}${SLS_DOMAIN}`,
    regionOf: regionOfEndpoint,
    base: (url) => withoutProjectLabel(scope, url, props.project),
    example: 'region: "cn-hangzhou" or endpoint: "https://cn-hangzhou-intranet.log.aliyuncs.com"',
  });
}

/** `shop-prod.cn-hangzhou.log.aliyuncs.com` -> `cn-hangzhou.log.aliyuncs.com` for project shop-prod. */
function withoutProjectLabel(scope: IConstruct, url: URL, project: string): string {
  const host = url.hostname.toLowerCase();
  if (!host.endsWith(SLS_DOMAIN)) return url.origin;
  const labels = host.slice(0, -SLS_DOMAIN.length).split(".");
  if (labels.length === 1) return url.origin;
  if (labels.length === 2 && labels[0] === project) {
    return `${url.protocol}//${labels[1]}${SLS_DOMAIN}${url.port ? `:${url.port}` : ""}`;
  }
  throw new ValidationError(
    scope,
    `endpoint ${JSON.stringify(url.href)} must be the service endpoint, optionally with this group's project label ("${project}."), e.g. https://cn-hangzhou${SLS_DOMAIN}`,
  );
}

function regionOfEndpoint(url: URL): string | undefined {
  const host = url.hostname.toLowerCase();
  if (!host.endsWith(SLS_DOMAIN)) return undefined;
  const label = host.slice(0, -SLS_DOMAIN.length).replace(/-(intranet|share)$/, "");
  return REGION_ID.test(label) ? label : undefined;
}
