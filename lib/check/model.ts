// What `cdktf-consumer-groups check` works with: the groups the synthesized app declares, the
// groups the clouds list, and the rows of the report comparing them.

import type { GroupActivity, GroupSettings } from "../runtime/live-model";

export const CheckStatus = {
  IN_SYNC: "in sync",
  MISSING: "missing",
  SETTINGS_DIFFER: "settings differ",
  NOT_DECLARED: "not declared",
  /** The group's logstore or queue could not be read (e.g. no credentials for that cloud). */
  ERROR: "error",
  /**
   * A part of the group's identity or location is a reference (a cdktf token) whose value
   * Terraform knows only when it applies: the group cannot be looked up from cdktf.out.
   */
  UNRESOLVED: "unresolved",
} as const;
export type CheckStatus = (typeof CheckStatus)[keyof typeof CheckStatus];

export interface ReportRow {
  readonly status: CheckStatus;
  readonly service: string;
  readonly where: string;
  readonly group: string;
  /** The id the cloud assigned to the live group (DMS); absent when none or not listed. */
  readonly id?: string;
  /** null: no construct declares it. */
  readonly declared: GroupSettings | null;
  /** null: the cloud does not list it. */
  readonly live: GroupSettings | null;
  /** null for a live group no stack declares. */
  readonly stack: string | null;
  /** The live group's activity; null when it is not listed or its container was not read. */
  readonly activity: GroupActivity | null;
  /** Why the group's container could not be read (status error); null otherwise. */
  readonly error: string | null;
  /**
   * Status unresolved: the construct and the props given by reference. Status not declared:
   * the group by reference this live group may be (--strict does not count it).
   */
  readonly references?: GroupReferences;
}

/** Where a group with unresolved references is declared, and which of its props they are. */
export interface GroupReferences {
  /** The construct's path, e.g. "consumers/OrdersReader". */
  readonly path: string;
  /** The props given by reference, e.g. ["logstore"], ["queue.name", "endpoint"]. */
  readonly props: readonly string[];
  /** The group's Terraform resource, whose state holds the values resolved at the last apply. */
  readonly address: string;
}

export interface ReportSummary {
  /** Declared groups (rows that a construct declares). */
  readonly groups: number;
  readonly inSync: number;
  readonly missing: number;
  readonly settingsDiffer: number;
  readonly notDeclared: number;
  /** Declared groups whose logstore or queue could not be read. */
  readonly errors: number;
  /** Declared groups with unresolved references; absent when there are none. */
  readonly unresolved?: number;
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
