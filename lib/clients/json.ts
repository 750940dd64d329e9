// Small readers for JSON answer bodies, shared by both clouds' error parsers and body readers.

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
