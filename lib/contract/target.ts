// How a group is named in every log and error line: service, the region it is reached in (when
// known), then its identity path.

import type { GroupIdentity } from "./identity";
import { Service } from "./names";

export function targetOf(identity: GroupIdentity, region?: string): string {
  const where = region === undefined ? "" : `${region}/`;
  if (identity.service === Service.SLS) {
    return `sls ${where}${identity.project}/${identity.logstore}/${identity.name}`;
  }
  const queue = identity.queueName || identity.queueId;
  return `dms ${where}${identity.projectId}/${queue}/${identity.name}`;
}
