// How a group is named in every log and error line: service, the region it is reached in (when
// known), then its identity path ("sls cn-hangzhou/shop/orders/billing").

import { identityPath, type GroupIdentity } from "./group-identity";

export function targetOf(identity: GroupIdentity, region?: string): string {
  const where = region === undefined ? "" : `${region}/`;
  return `${identity.service} ${where}${identityPath(identity).join("/")}`;
}
