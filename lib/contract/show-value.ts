// How a message quotes a value the app gave (a prop at synth, a referenced value in the hook).

import { redactMessage } from "./redact";

/** Longest value a message quotes in full; a longer one is cut (a 10 kB prop is not a message). */
const MAX_SHOWN = 200;

/**
 * A value as an error message quotes it: JSON, with URL user info masked first, every
 * character outside printable ASCII escaped (no raw newline, NUL, ANSI escape or bidi override
 * reaches the terminal), and cut after MAX_SHOWN characters.
 */
export function showValue(value: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    json = String(value);
  }
  const ascii = redactMessage(json).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  if (ascii.length <= MAX_SHOWN) return ascii;
  const length =
    typeof value === "string" ? `${value.length} characters` : `${ascii.length} characters of JSON`;
  return `${ascii.slice(0, MAX_SHOWN)}… (${length})`;
}
