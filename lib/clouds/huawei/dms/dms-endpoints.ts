// DMS endpoints: public ones are dms.{region}.myhuaweicloud.com; private Huawei-stack clouds
// have their own hostnames, taken as given.

import { DMS } from "./dms-contract";
import type { EndpointRules } from "../../../contract/location-rules";

const PUBLIC_HOST = /^dms\.([a-z0-9-]+)\.myhuaweicloud\.(com|eu)$/;

export const dmsEndpoints: EndpointRules = {
  service: DMS,
  publicEndpoint: (region) => `https://dms.${region}.myhuaweicloud.com`,
  regionOf: (url) => PUBLIC_HOST.exec(url.hostname.toLowerCase())?.[1],
  base: (url) => url.origin,
  example: 'region: "cn-north-4" or endpoint: "https://dms.example-cloud.internal"',
};
