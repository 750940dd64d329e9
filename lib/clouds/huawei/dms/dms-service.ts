// Huawei Cloud DMS queue consumer groups: the hook side of the cloud.

import type { CloudService } from "../../../runtime/cloud-service";
import {
  dmsContract,
  type DmsCredentialSource,
  type DmsEnsureFields,
  type DmsIdentity,
} from "./dms-contract";
import { dmsEndpoints } from "./dms-endpoints";
import { readDmsLive } from "./dms-live";
import { runDmsPayload } from "./dms-operations";
import { reconcileDms } from "./dms-batched-ensure";

export const dmsService: CloudService<DmsIdentity, DmsEnsureFields, DmsCredentialSource> = {
  ...dmsContract,
  endpoints: dmsEndpoints,
  run: runDmsPayload,
  reconcile: reconcileDms,
  readLive: readDmsLive,
  liveBatchKey: (payload) => `${payload.transport.region}/${payload.identity.projectId}`,
  // A DMS group has no settings: it is its name.
  settingsOf: () => ({}),
};
