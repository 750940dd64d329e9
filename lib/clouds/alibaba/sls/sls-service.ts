// Alibaba Cloud Log Service (SLS) consumer groups.

import { Service } from "../../../contract/names";
import type { SlsEnsurePayload, SlsPayload } from "../../../contract/payload";
import { GROUP_QUOTA } from "../../../contract/rules";
import type { Member } from "../../../runtime/reconcile-run";
import type { CloudService, DeclaredMember } from "../../../runtime/cloud-service";
import { slsEndpoints } from "./sls-endpoints";
import { readSlsLive, slsWhere } from "./sls-live";
import { runSlsPayload } from "./sls-operations";
import { reconcileSls } from "./sls-batched-ensure";

export const slsService: CloudService = {
  service: Service.SLS,
  label: "SLS",
  quota: GROUP_QUOTA.sls,
  endpoints: slsEndpoints,
  run: (payload, access) => runSlsPayload(payload as SlsPayload, access),
  reconcile: (members, session, run) =>
    reconcileSls(members as readonly Member<SlsEnsurePayload>[], session, run),
  readLive: (members, env, reporter, options) =>
    readSlsLive(members as readonly DeclaredMember<SlsEnsurePayload>[], env, reporter, options),
  liveBatchKey: (payload) => slsWhere(payload as SlsEnsurePayload),
};
