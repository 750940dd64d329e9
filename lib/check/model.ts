// What `cdktf-consumer-groups check` works with: the groups the synthesized app declares, the
// groups the clouds list, and the rows of the report comparing them.

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

export const CheckStatus = {
  IN_SYNC: "in sync",
  MISSING: "missing",
  SETTINGS_DIFFER: "settings differ",
  NOT_DECLARED: "not declared",
} as const;
export type CheckStatus = (typeof CheckStatus)[keyof typeof CheckStatus];

export interface ReportRow {
  readonly status: CheckStatus;
  readonly service: Service;
  readonly where: string;
  readonly group: string;
  /** null: no construct declares it. */
  readonly declared: GroupSettings | null;
  /** null: the cloud does not list it. */
  readonly live: GroupSettings | null;
  /** null for a live group no stack declares. */
  readonly stack: string | null;
}

export interface ReportSummary {
  /** Declared groups (rows that a construct declares). */
  readonly groups: number;
  readonly inSync: number;
  readonly missing: number;
  readonly settingsDiffer: number;
  readonly notDeclared: number;
}

export interface CheckReport {
  readonly rows: readonly ReportRow[];
  readonly summary: ReportSummary;
  /** Facts about containers, e.g. "sls cn-hangzhou/shop-prod/orders: LogStoreNotExist …". */
  readonly notes: readonly string[];
}

/** A failure the user can fix; `message` says what and how. Exit code 1. */
export class CheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckError";
  }
}
