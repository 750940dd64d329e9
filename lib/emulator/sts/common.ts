// What the emulator's STS routes share: the error they answer with, an issued key, and the
// context every route reads.

import type { SlsAccessKey } from "../sls/authenticate";
import type { StsEmulatorConfig } from "./service";

export class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Issued = Required<SlsAccessKey>;

export type Context = {
  config: StsEmulatorConfig;
  slsKeys: SlsAccessKey[];
  nonces: Set<string>;
  metadataTokens: Map<string, number>;
  issue: (lifetimeSeconds: number) => Issued;
  now: () => number;
};
