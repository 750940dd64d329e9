// Huawei Cloud's temporary keys as the emulator's core sees them (emulated-clouds.ts lists
// them): IAM federation and the ECS agency key (huawei-identity-emulator.ts), mounted only when
// configured; otherwise those paths answer as DMS does and the state has no "iam" key.

import { isRecord } from "../../../../contract/fields";
import type { EmulatedCloud } from "../../../../emulator/emulated-cloud";
import { HUAWEI_ACCESS_KEYS, type IssuedHuaweiAccessKey } from "./huawei-emulator-access-keys";
import {
  createHuaweiIdentityService,
  type HuaweiIdentityEmulatorConfig,
} from "./huawei-identity-emulator";

/** The temporary keys the IAM and metadata routes issued (none when not mounted). */
export interface HuaweiIssuedKeys {
  readonly issued: readonly IssuedHuaweiAccessKey[];
}

export const huaweiIdentityEmulatedCloud: EmulatedCloud<
  HuaweiIdentityEmulatorConfig,
  HuaweiIssuedKeys
> = {
  serviceName: "iam",
  title: "IAM",
  start(options, context) {
    const keys = context.share(HUAWEI_ACCESS_KEYS);
    const service = createHuaweiIdentityService(options ?? {}, keys, context.now);
    return { service, mounted: options !== undefined, accessor: { issued: service.issued } };
  },
  config: {
    role: "credentials",
    looksRight: (value) => {
      if (!isRecord(value)) return false;
      const providers = value["identityProviders"];
      return (
        providers === undefined ||
        (Array.isArray(providers) &&
          providers.every(
            (p) => isRecord(p) && typeof p["id"] === "string" && typeof p["idToken"] === "string",
          ))
      );
    },
    shape: '{"identityProviders"?: [{"id", "idToken"}], "ecsAgency"?: true}',
  },
};
