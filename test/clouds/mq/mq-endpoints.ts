// MQ endpoints: public ones are mq.{region}.example.test; any other is taken as given.

import type { EndpointRules } from "../../../lib/contract/location-rules";
import { MQ } from "./mq-contract";

const PUBLIC_HOST = /^mq\.([a-z0-9-]+)\.example\.test$/;

export const mqEndpoints: EndpointRules = {
  service: MQ,
  publicEndpoint: (region) => `https://mq.${region}.example.test`,
  regionOf: (url) => PUBLIC_HOST.exec(url.hostname.toLowerCase())?.[1],
  base: (url) => url.origin,
  example: 'region: "eu-west-1" or endpoint: "https://mq.internal"',
};
