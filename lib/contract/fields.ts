// Readers of single payload fields: each takes `unknown` (the payload may come from an old state
// file or a hand edit, so nothing is trusted) and names the field in its PayloadError.

import { PayloadError } from "./payload-error";
import { looksLikeKey } from "./redact";
import { ENV_NAME, FILE_PATH, type Rule } from "./rules";

/** A JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function record(value: unknown, where: string): Record<string, unknown> {
  if (!isRecord(value)) throw new PayloadError(`${where} must be a JSON object`);
  return value;
}

export function nonEmptyString(value: unknown, where: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new PayloadError(`${where} must be a non-empty string`);
  }
  return value;
}

export function ruled(value: unknown, where: string, rule: Rule): string {
  const s = nonEmptyString(value, where);
  if (!rule.test(s)) {
    // A value shaped like a key is not repeated, wherever it was found.
    const shown = looksLikeKey(s) ? "(a value shaped like a key, not shown)" : JSON.stringify(s);
    throw new PayloadError(`${where} ${shown} must be ${rule.text}`);
  }
  return s;
}

export function positiveInteger(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new PayloadError(`${where} must be a positive whole number`);
  }
  return value;
}

export function envName(value: unknown, where: string): string {
  return ruled(value, where, ENV_NAME);
}

export function filePath(value: unknown, where: string): string {
  return ruled(value, where, FILE_PATH);
}

/** A payload's credentials field: a non-empty list (each cloud reads its items). */
export function credentialList(value: unknown): unknown[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new PayloadError("credentials must be a non-empty list of environment variable names");
  }
  return value;
}
