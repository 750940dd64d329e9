// What a cloud's live listing for `check` returns: the declared groups placed in their
// containers, and what each container lists. Plain data, so the services need nothing of
// lib/check (which is not part of the hook bundle).

import type { Service } from "../contract/names";
import type { SlsSettings } from "../contract/payload";

/**
 * The settings of a group as shown in the report: `{ timeout, order }` for SLS, `{}` for DMS
 * (a DMS group has no settings: it is its name).
 */
export type GroupSettings = SlsSettings | Record<string, never>;

/** One group a construct declares, placed in its container. */
export interface DeclaredRow {
  readonly service: Service;
  /** Identifies the container (logstore or queue) across stacks. */
  readonly containerKey: string;
  /** e.g. cn-hangzhou/shop-prod/orders or cn-north-4/<projectId>/billing */
  readonly where: string;
  readonly group: string;
  readonly settings: GroupSettings;
  readonly stack: string;
}

export interface LiveGroup {
  readonly name: string;
  readonly settings: GroupSettings;
}

/** What one list call found in a container the app manages. */
export interface LiveContainer {
  readonly service: Service;
  readonly containerKey: string;
  readonly where: string;
  /** false when the logstore, project or queue itself does not exist. */
  readonly found: boolean;
  readonly groups: readonly LiveGroup[];
  /** Said under the table, e.g. why the container was not found. */
  readonly note?: string;
}

/** Where `check` reads credentials from, as its messages say it. */
export const CHECK_ENVIRONMENT = "the environment of this command (and of the terraform run)";

/** A listing for `check` that failed: what was listed, the error, and the credentials used. */
export class LiveReadError extends Error {
  constructor(
    readonly what: string,
    readonly error: unknown,
    readonly credentialVariables: string | undefined,
  ) {
    super(`listing ${what} failed`);
    this.name = "LiveReadError";
  }
}
