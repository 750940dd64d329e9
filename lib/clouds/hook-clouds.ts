// Every cloud the hook program and `check` serve: the hook side's only list of clouds.

import type { CloudService } from "../runtime/cloud-service";
import { slsService } from "./alibaba/sls/sls-service";
import { dmsService } from "./huawei/dms/dms-service";

export const HOOK_CLOUDS: readonly CloudService[] = [slsService, dmsService];
