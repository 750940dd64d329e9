// JSON bodies of queue and group answers, field names from the Go SDK v3 models quoted in
// dms-queue-api.md §1.2 and §1.4. Counters are always 0: messages are not emulated.

import type { DmsGroupRecord, DmsQueueRecord } from "./state";

export interface ListOptions {
  /** include_deadletter=true: redrive_policy and the dead-letter counters. */
  readonly includeDeadletter: boolean;
  /**
   * include_messages_num: whether counters are computed. With false they are left out (§9.3:
   * absent vs 0 is UNVERIFIED; clients must treat them as optional).
   */
  readonly includeMessagesNum: boolean;
}

/** §1.4: values that are not emulated (reservation, message size) are the documented example's. */
export function queueBody(queue: DmsQueueRecord, options: ListOptions): Record<string, unknown> {
  return {
    id: queue.id,
    name: queue.name,
    description: queue.description,
    queue_mode: queue.queueMode,
    created: queue.created,
    eff_date: queue.created,
    reservation: 4320,
    max_msg_size_byte: 524288,
    ...(options.includeMessagesNum ? { produced_messages: 0 } : {}),
    group_count: queue.groups.length,
    ...(options.includeDeadletter
      ? {
          redrive_policy: queue.redrivePolicy,
          ...(queue.maxConsumeCount === undefined
            ? {}
            : { max_consume_count: queue.maxConsumeCount }),
        }
      : {}),
  };
}

/** §1.2: model_list_queue_groups_resp_groups.go. */
export function groupBody(group: DmsGroupRecord, options: ListOptions): Record<string, unknown> {
  const counters = options.includeMessagesNum
    ? {
        produced_messages: 0,
        consumed_messages: 0,
        available_messages: 0,
        ...(options.includeDeadletter ? { produced_deadletters: 0, available_deadletters: 0 } : {}),
      }
    : {};
  return { id: group.id, name: group.name, ...counters };
}
