// Every cloud the library supports: the only place that lists them.

import type { Service } from "../contract/names";
import { dmsService } from "./huawei/dms/dms-service";
import type { CloudService } from "../runtime/cloud-service";
import { slsService } from "./alibaba/sls/sls-service";

export const SERVICES: readonly CloudService[] = [slsService, dmsService];

export function serviceFor(service: Service): CloudService {
  const found = SERVICES.find((s) => s.service === service);
  if (!found) throw new Error(`no cloud service "${service}" is registered`);
  return found;
}
