// How a group is named in every log and error line: service, then its identity path.

import { Service } from "./names";
import type { DmsIdentity, SlsIdentity } from "./payload";

export function targetOf(identity: SlsIdentity | DmsIdentity): string {
  if (identity.service === Service.SLS) {
    return `sls ${identity.region}/${identity.project}/${identity.logstore}/${identity.name}`;
  }
  const queue = identity.queueName || identity.queueId;
  return `dms ${identity.region}/${identity.projectId}/${queue}/${identity.name}`;
}
