// Huawei Cloud DMS queue consumer groups.

import { Service } from "../../../contract/names";
import type { DmsEnsurePayload, DmsPayload } from "../../../contract/payload";
import { GROUP_QUOTA } from "../../../contract/rules";
import type { Member } from "../../../runtime/reconcile-run";
import type { CloudService, DeclaredMember } from "../../../runtime/cloud-service";
import { dmsEndpoints } from "./dms-endpoints";
import { readDmsLive } from "./dms-live";
import { runDmsPayload } from "./dms-operations";
import { reconcileDms } from "./dms-batched-ensure";

export const dmsService: CloudService = {
  service: Service.DMS,
  label: "DMS",
  quota: GROUP_QUOTA.dms,
  endpoints: dmsEndpoints,
  run: (payload, access) => runDmsPayload(payload as DmsPayload, access),
  reconcile: (members, session, run) =>
    reconcileDms(members as readonly Member<DmsEnsurePayload>[], session, run),
  readLive: (members, env, reporter, options) =>
    readDmsLive(members as readonly DeclaredMember<DmsEnsurePayload>[], env, reporter, options),
  liveBatchKey: (payload) =>
    `${payload.transport.region}/${(payload as DmsEnsurePayload).identity.projectId}`,
};
