// Where an SLS group lives: the identity region and the transport endpoint, from the
// `region` and `endpoint` props (one of them, or both).

import type { IConstruct } from "constructs";
import { REGION_ID } from "../spec/rules";
import { ValidationError, checkEndpoint, checkRule } from "./validation";

const SLS_DOMAIN = ".log.aliyuncs.com";

export interface SlsLocation {
  /** Identity region: the region id, or the endpoint origin when no region can be told. */
  readonly region: string;
  /** Base URL without project label, path or query. */
  readonly endpoint: string;
}

export function resolveSlsLocation(
  scope: IConstruct,
  props: {
    readonly region?: string;
    readonly endpoint?: string;
    readonly project: string;
    readonly allowInsecureHttp: boolean;
  },
): SlsLocation {
  const region =
    props.region === undefined ? undefined : checkRule(scope, "region", props.region, REGION_ID);
  if (props.endpoint === undefined) {
    if (region === undefined) {
      throw new ValidationError(
        scope,
        'region or endpoint must be given, e.g. region: "cn-hangzhou" or endpoint: "https://cn-hangzhou-intranet.log.aliyuncs.com"',
      );
    }
    return { region, endpoint: `https://${region}${SLS_DOMAIN}` };
  }
  const url = checkEndpoint(scope, "endpoint", props.endpoint, props.allowInsecureHttp);
  const endpoint = withoutProjectLabel(scope, url, props.project);
  return { region: region ?? regionOfEndpoint(new URL(endpoint)) ?? endpoint, endpoint };
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
