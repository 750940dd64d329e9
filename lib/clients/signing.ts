// Helpers both request signers share: header names are compared lower-cased, and names are
// sorted in a fixed order whatever the locale.

/** A copy with every header name lower-cased. */
export function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

/**
 * Plain code-unit order, independent of the locale: what the SLS SDKs' sort, Go's
 * sort.Strings and JS's default sort do.
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
