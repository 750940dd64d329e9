// The DMS emulator's queue and group records, as its state holds them and its state file
// stores them, and the readers that take them back from a state file.

import { readMessageCounts, type DmsMessageCounts } from "./dms-emulator-message-counts";

export interface DmsGroupRecord {
  /** g-<uuid> */
  id: string;
  name: string;
  /** ms since the epoch (emulator clock); the group is listed from createdAt + groupInitDelayMs. */
  createdAt: number;
  /**
   * emulator-only: the service-wide creation serial (1, 2, 3, ...), never reused, so a group
   * deleted and created again shows a new number even within one millisecond. In snapshots
   * (GET /_emulator/state, the state file), never in an API answer.
   */
  generation: number;
  /** Set by the admin route only; absent = all counters 0 (dms-emulator-message-counts.ts). */
  messages?: DmsMessageCounts;
}

export interface DmsQueueRecord {
  id: string;
  name: string;
  description: string;
  /** NORMAL | FIFO | KAFKA_HA | KAFKA_HT | AMQP */
  queueMode: string;
  /** "enable" | "disable" */
  redrivePolicy: string;
  maxConsumeCount?: number;
  /** ms since the epoch */
  created: number;
  groups: DmsGroupRecord[];
}

export interface DmsStateSnapshot {
  projects: Record<string, { queues: DmsQueueRecord[] }>;
}

export function readQueue(value: unknown): DmsQueueRecord {
  const q = (value ?? {}) as Record<string, unknown>;
  const groups = Array.isArray(q["groups"]) ? (q["groups"] as unknown[]) : undefined;
  if (typeof q["id"] !== "string" || typeof q["name"] !== "string" || !groups) {
    throw new Error(`DMS state has a malformed queue: ${JSON.stringify(value)}`);
  }
  const text = (key: string, fallback: string) =>
    typeof q[key] === "string" ? (q[key] as string) : fallback;
  return {
    id: q["id"],
    name: q["name"],
    description: text("description", ""),
    queueMode: text("queueMode", "NORMAL"),
    redrivePolicy: text("redrivePolicy", "disable"),
    ...(typeof q["maxConsumeCount"] === "number" ? { maxConsumeCount: q["maxConsumeCount"] } : {}),
    created: typeof q["created"] === "number" ? q["created"] : 0,
    groups: groups.map(readGroup),
  };
}

/** A stored group; generation 0 when the file has none (restore() then gives it one). */
function readGroup(value: unknown): DmsGroupRecord {
  const { id, name, createdAt, generation, messages } = (value ?? {}) as Record<string, unknown>;
  if (typeof id !== "string" || typeof name !== "string" || typeof createdAt !== "number") {
    throw new Error(`DMS state has a malformed group: ${JSON.stringify(value)}`);
  }
  return {
    id,
    name,
    createdAt,
    generation: typeof generation === "number" ? generation : 0,
    ...(messages === undefined
      ? {}
      : { messages: readMessageCounts(messages, `DMS state group ${id}`) }),
  };
}
