// DMS endpoints: public ones are dms.{region}.myhuaweicloud.com (dms-queue-api.md §4); private
// Huawei-stack clouds have their own hostnames, taken as given.

import type { IConstruct } from "constructs";
import { resolveLocation, type Location } from "./location";

const PUBLIC_HOST = /^dms\.([a-z0-9-]+)\.myhuaweicloud\.(com|eu)$/;

export function resolveDmsLocation(
  scope: IConstruct,
  props: {
    readonly region?: string;
    readonly endpoint?: string;
    readonly allowInsecureHttp: boolean;
  },
): Location {
  return resolveLocation(scope, props, {
    cacheKey: "dms",
    publicEndpoint: (region) => `https://dms.${region}.myhuaweicloud.com`,
    regionOf: (url) => PUBLIC_HOST.exec(url.hostname.toLowerCase())?.[1],
    base: (url) => url.origin,
    example: 'region: "cn-north-4" or endpoint: "https://dms.example-cloud.internal"',
  });
}
