// Small readers for JSON answer bodies, shared by every cloud's error parsers and body readers.

import { isRecord } from "../contract/fields";

/** The parsed body, or undefined when the text is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The value when it is a string, else "". */
export function stringOr(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** The parsed body when it is a JSON object, else undefined. */
export function parseObject(text: string): Record<string, unknown> | undefined {
  const value = parseJson(text);
  return isRecord(value) ? value : undefined;
}
