// The AK/SK pairs Huawei Cloud's API Gateway accepts in front of an emulated service. DMS and
// the IAM federation and metadata routes share one list per running emulator: DMS adds its
// configured keys, the identity routes append every temporary key they issue, so the gateway
// accepts it until it expires.

import type { SharedSlot } from "../../../../emulator/emulated-cloud";

export interface HuaweiAccessKey {
  accessKey: string;
  secretKey: string;
  /** With a token, requests must carry X-Security-Token equal to it (temporary AK/SK). */
  securityToken?: string;
  /** ms since the epoch: a temporary key issued by the identity routes is refused after it. */
  expiresAt?: number;
}

/** A temporary key as the identity routes issue it. */
export type IssuedHuaweiAccessKey = Required<HuaweiAccessKey>;

export const HUAWEI_ACCESS_KEYS: SharedSlot<HuaweiAccessKey[]> = { create: () => [] };
