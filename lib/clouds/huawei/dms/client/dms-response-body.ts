// Readers for DMS answer bodies: they take what this project uses and ignore the rest, and
// give undefined for anything unreadable so the client can report the body it got.

import { isRecord } from "../../../../contract/fields";

/** body[key] read item by item; undefined when any part is unreadable. */
export function readArray<T>(
  body: unknown,
  key: string,
  read: (item: unknown) => T | undefined,
): T[] | undefined {
  const items = isRecord(body) ? body[key] : undefined;
  if (!Array.isArray(items)) return undefined;
  const out: T[] = [];
  for (const item of items as unknown[]) {
    const value = read(item);
    if (value === undefined) return undefined;
    out.push(value);
  }
  return out;
}

/** A queue or a group: the fields this project uses, the rest ignored. */
export function readIdName(item: unknown): { id: string; name: string } | undefined {
  if (!isRecord(item)) return undefined;
  const { id, name } = item;
  return typeof id === "string" && typeof name === "string" ? { id, name } : undefined;
}

/** A listed group: id and name, and available_messages when the list counted messages. */
export function readListedGroup(
  item: unknown,
): { id: string; name: string; availableMessages?: number } | undefined {
  const group = readIdName(item);
  if (!group || !isRecord(item)) return group;
  const available = item["available_messages"];
  return typeof available === "number" && Number.isFinite(available)
    ? { ...group, availableMessages: available }
    : group;
}
