// Alibaba Cloud's temporary keys as the emulator's core sees them (emulated-clouds.ts lists
// them): STS, the ECS metadata routes and a credentials URI (sts-emulator.ts), mounted only
// when configured; otherwise those routes answer as SLS does and the state has no "sts" key.

import { isRecord } from "../../../../contract/fields";
import type { EmulatedCloud } from "../../../../emulator/emulated-cloud";
import { ALIBABA_ACCESS_KEYS, type IssuedAlibabaAccessKey } from "./alibaba-emulator-access-keys";
import type { StsEmulatorConfig } from "./sts-emulator-context";
import { createStsService } from "./sts-emulator";

/** The temporary keys the STS, metadata and URI routes issued (none when not mounted). */
export interface StsIssuedKeys {
  readonly issued: readonly IssuedAlibabaAccessKey[];
}

export const stsEmulatedCloud: EmulatedCloud<StsEmulatorConfig, StsIssuedKeys> = {
  serviceName: "sts",
  title: "STS",
  start(options, context) {
    const keys = context.share(ALIBABA_ACCESS_KEYS);
    const service = createStsService(options ?? { roles: [] }, keys, context.now);
    return { service, mounted: options !== undefined, accessor: { issued: service.issued } };
  },
  config: {
    role: "credentials",
    looksRight: (value) => {
      if (!isRecord(value) || !Array.isArray(value["roles"])) return false;
      const oidcLooksRight = (oidc: unknown) =>
        oidc === undefined ||
        (Array.isArray(oidc) &&
          oidc.every(
            (o) =>
              isRecord(o) && typeof o["providerArn"] === "string" && typeof o["token"] === "string",
          ));
      const { roles, ecsRoleName } = value;
      return (
        roles.every(
          (r) => isRecord(r) && typeof r["arn"] === "string" && oidcLooksRight(r["oidc"]),
        ) &&
        (ecsRoleName === undefined || typeof ecsRoleName === "string")
      );
    },
    shape:
      '{"roles": [{"arn": "acs:ram::<account>:role/<name>", ' +
      '"oidc"?: [{"providerArn", "token"}]}], "ecsRoleName"?, "credentialsUri"?: true}',
  },
};
