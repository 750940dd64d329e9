// Every cloud the library supports: the only place that lists them.

import type { Service } from "../contract/names";
import { dmsService } from "./dms";
import type { CloudService } from "./service";
import { slsService } from "./sls";

export const SERVICES: readonly CloudService[] = [slsService, dmsService];

export function serviceFor(service: Service): CloudService {
  const found = SERVICES.find((s) => s.service === service);
  if (!found) throw new Error(`no cloud service "${service}" is registered`);
  return found;
}
