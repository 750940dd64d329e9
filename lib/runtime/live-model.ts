// What a cloud's live listing for `check` returns: the declared groups placed in their
// containers, and what each container lists. Plain data, so the services need nothing of
// lib/check (which is not part of the hook bundle).

/**
 * The settings of a group as `check` compares and shows them, by name: `{ timeout, order }` for
 * SLS, `{}` for a cloud whose groups have no settings (a DMS group is its name).
 */
export type GroupSettings = Readonly<Record<string, string | number | boolean>>;

/** One group a construct declares, placed in its container. */
export interface DeclaredRow {
  readonly service: string;
  /** Identifies the container (logstore or queue) across stacks. */
  readonly containerKey: string;
  /** e.g. cn-hangzhou/shop-prod/orders or cn-north-4/<projectId>/billing */
  readonly where: string;
  readonly group: string;
  readonly settings: GroupSettings;
  readonly stack: string;
}

/** The most recent checkpoint commit of an SLS group, over all its shards. */
export interface LastCommit {
  /** ISO 8601, UTC. */
  readonly time: string;
  readonly shard: number;
  /** The consumer that committed it; "" when none was named. */
  readonly consumer: string;
}

/**
 * What a group's consumers are doing: for SLS the last checkpoint commit (null: none yet), for
 * DMS the messages waiting (null: the service did not count them), or why it could not be read.
 */
export type GroupActivity =
  | { readonly lastCommit: LastCommit | null }
  | { readonly availableMessages: number | null }
  | { readonly error: string };

export interface LiveGroup {
  readonly name: string;
  /** The id the cloud assigned to the group, where it assigns one (DMS). */
  readonly id?: string;
  readonly settings: GroupSettings;
  /** Absent when the listing does not read it. */
  readonly activity?: GroupActivity;
}

/** What one list call found in a container the app manages. */
export interface LiveContainer {
  readonly service: string;
  readonly containerKey: string;
  readonly where: string;
  /** false when the logstore, project or queue itself does not exist. */
  readonly found: boolean;
  readonly groups: readonly LiveGroup[];
  /** Said under the table, e.g. why the container was not found. */
  readonly note?: string;
  /** Set when the container could not be read at all (its groups are neither here nor gone). */
  readonly readError?: string;
}

/** What `check` reads besides the group lists. */
export interface LiveReadOptions {
  /** One GetCheckPoint per listed SLS group, and DMS message counts. @default true */
  readonly activity?: boolean;
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
