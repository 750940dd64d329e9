// SLS endpoints: public ones are {region}.log.aliyuncs.com (and -intranet, -share). The hook
// adds the project label itself, so an endpoint given with the group's own label loses it.

import { SLS } from "./sls-contract";
import { REGION_ID } from "../../../contract/rules";
import type { EndpointRules } from "../../../contract/location-rules";
import type { GroupIdentity } from "../../../contract/group-identity";

const SLS_DOMAIN = ".log.aliyuncs.com";

export const slsEndpoints: EndpointRules = {
  service: SLS,
  publicEndpoint: (region) => `https://${region}${SLS_DOMAIN}`,
  regionOf(url) {
    const host = url.hostname.toLowerCase();
    if (!host.endsWith(SLS_DOMAIN)) return undefined;
    const label = host.slice(0, -SLS_DOMAIN.length).replace(/-(intranet|share)$/, "");
    return REGION_ID.test(label) ? label : undefined;
  },
  base: withoutProjectLabel,
  example: 'region: "cn-hangzhou" or endpoint: "https://cn-hangzhou-intranet.log.aliyuncs.com"',
};

/** `shop-prod.cn-hangzhou.log.aliyuncs.com` -> `cn-hangzhou.log.aliyuncs.com` for project shop-prod. */
function withoutProjectLabel(url: URL, identity: GroupIdentity): string {
  const project = "project" in identity ? identity.project : "";
  const host = url.hostname.toLowerCase();
  if (!host.endsWith(SLS_DOMAIN)) return url.origin;
  const labels = host.slice(0, -SLS_DOMAIN.length).split(".");
  if (labels.length === 1) return url.origin;
  if (labels.length === 2 && labels[0] === project) {
    return `${url.protocol}//${labels[1]}${SLS_DOMAIN}${url.port ? `:${url.port}` : ""}`;
  }
  throw new Error(
    `endpoint ${JSON.stringify(url.href)} must be the service endpoint, optionally with this group's project label ("${project}."), e.g. https://cn-hangzhou${SLS_DOMAIN}`,
  );
}
