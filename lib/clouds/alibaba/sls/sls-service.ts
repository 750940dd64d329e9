// Alibaba Cloud Log Service (SLS) consumer groups: the hook side of the cloud.

import type { CloudService } from "../../../runtime/cloud-service";
import {
  slsContract,
  type SlsCredentialSource,
  type SlsEnsureFields,
  type SlsIdentity,
} from "./sls-contract";
import { slsEndpoints } from "./sls-endpoints";
import { readSlsLive, slsWhere } from "./sls-live";
import { runSlsPayload } from "./sls-operations";
import { reconcileSls } from "./sls-batched-ensure";

export const slsService: CloudService<SlsIdentity, SlsEnsureFields, SlsCredentialSource> = {
  ...slsContract,
  endpoints: slsEndpoints,
  run: runSlsPayload,
  reconcile: reconcileSls,
  readLive: readSlsLive,
  liveBatchKey: slsWhere,
  settingsOf: (payload) => payload.settings,
};
