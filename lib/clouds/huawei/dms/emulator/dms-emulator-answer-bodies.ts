// JSON bodies of queue and group answers, field names from the Go SDK v3 models quoted in
// the DMS API documentation. Messages are not emulated: group counters are 0 unless a test
// set them (dms-emulator-message-counts.ts); queue counters are always 0.

import { messageCount } from "./dms-emulator-message-counts";
import type { DmsGroupRecord, DmsQueueRecord } from "./dms-emulator-records";

export interface ListOptions {
  /** include_deadletter=true: redrive_policy and the dead-letter counters. */
  readonly includeDeadletter: boolean;
  /**
   * include_messages_num: whether counters are computed. With false they are left out (
   * absent vs 0 is UNVERIFIED; clients must treat them as optional).
   */
  readonly includeMessagesNum: boolean;
}

/** values that are not emulated (reservation, message size) are the documented example's. */
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

/** model_list_queue_groups_resp_groups.go. */
export function groupBody(group: DmsGroupRecord, options: ListOptions): Record<string, unknown> {
  const count = (name: Parameters<typeof messageCount>[1]) => messageCount(group.messages, name);
  const counters = options.includeMessagesNum
    ? {
        produced_messages: count("produced_messages"),
        consumed_messages: count("consumed_messages"),
        available_messages: count("available_messages"),
        ...(options.includeDeadletter
          ? {
              produced_deadletters: count("produced_deadletters"),
              available_deadletters: count("available_deadletters"),
            }
          : {}),
      }
    : {};
  return { id: group.id, name: group.name, ...counters };
}
