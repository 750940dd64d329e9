// The AccessKeys an emulated Alibaba Cloud service accepts. SLS and the STS, metadata and
// credentials-URI routes share one list per running emulator: SLS adds its configured keys,
// the token routes append every temporary key they issue, so SLS accepts it until it expires.

import type { SharedSlot } from "../../../../emulator/emulated-cloud";

export interface AlibabaAccessKey {
  accessKeyId: string;
  accessKeySecret: string;
  /** With a token, requests must carry it (x-acs-security-token, SecurityToken): STS keys. */
  securityToken?: string;
  /** ms since the epoch after which the key (a temporary one) is refused. */
  expiresAt?: number;
}

/** A temporary key as the token routes issue it. */
export type IssuedAlibabaAccessKey = Required<AlibabaAccessKey>;

export const ALIBABA_ACCESS_KEYS: SharedSlot<AlibabaAccessKey[]> = { create: () => [] };
