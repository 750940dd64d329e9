// Per-group message counters. Messages themselves are not emulated: tests set these counters
// through the admin route (PUT /_emulator/dms/messages/...), and the queue's group list answers
// them, e.g. available_messages > 0 = messages waiting that deleting the group would discard.

/** The counters of a group in the queue's group list, by their field names there. */
export const DMS_MESSAGE_COUNTERS = [
  "produced_messages",
  "consumed_messages",
  "available_messages",
  "produced_deadletters",
  "available_deadletters",
] as const;

export type DmsMessageCounter = (typeof DMS_MESSAGE_COUNTERS)[number];

/** Counters not set are 0. */
export type DmsMessageCounts = Partial<Record<DmsMessageCounter, number>>;

/** Reads counters from an admin body or a state file; throws a message naming the problem. */
export function readMessageCounts(value: unknown, where: string): DmsMessageCounts {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`${where}: message counts must be a JSON object`);
  }
  const counts: DmsMessageCounts = {};
  for (const [name, count] of Object.entries(value)) {
    if (!(DMS_MESSAGE_COUNTERS as readonly string[]).includes(name)) {
      throw new Error(
        `${where}: unknown counter ${JSON.stringify(name)}; use ${DMS_MESSAGE_COUNTERS.join(", ")}`,
      );
    }
    if (typeof count !== "number" || !Number.isInteger(count) || count < 0) {
      throw new Error(`${where}: ${name} must be an integer >= 0, got ${JSON.stringify(count)}`);
    }
    counts[name as DmsMessageCounter] = count;
  }
  return counts;
}

/** The value a group list shows for one counter. */
export function messageCount(
  counts: DmsMessageCounts | undefined,
  name: DmsMessageCounter,
): number {
  return counts?.[name] ?? 0;
}
