// The shapes the DMS client takes and returns.

export type DmsAuth =
  | {
      readonly kind: "aksk";
      readonly accessKey: string;
      readonly secretKey: string;
      /** Sent and signed as X-Security-Token; required with temporary AK/SK. */
      readonly securityToken?: string;
    }
  /** An IAM token, sent as X-Auth-Token; nothing is signed. */
  | { readonly kind: "token"; readonly token: string };

export interface DmsQueue {
  readonly id: string;
  readonly name: string;
}

export interface DmsGroup {
  /** g-<uuid> */
  readonly id: string;
  readonly name: string;
  /**
   * Messages waiting for this group (`available_messages`); only in a group list asked for
   * with includeMessagesNum, and absent when the service leaves the counter out.
   */
  readonly availableMessages?: number;
}

export interface DmsResponse {
  /** The X-Request-Id header; empty if the server sent none. */
  readonly requestId: string;
}

export interface DmsGroupList extends DmsResponse {
  readonly queueId: string;
  readonly queueName: string;
  readonly groups: DmsGroup[];
  /** "enable" | "disable"; only sent when includeDeadletter was asked for. */
  readonly redrivePolicy?: string;
}

export interface ListGroupsOptions {
  /** Ask for redrive_policy and the dead-letter counters. @default false */
  readonly includeDeadletter?: boolean;
  /** Ask the service to count messages (slower). @default false - counters are not computed */
  readonly includeMessagesNum?: boolean;
}
