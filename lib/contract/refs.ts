// References: identity parts the app gave as Terraform references (cdktf tokens), whose values
// Terraform knows only when it applies. At synth such a part is written as a placeholder
// (`@ref:<group key>/<field>`), which no literal identity part can contain (the naming rules
// allow no "@"), and the value travels beside the payload in a table Terraform fills in:
//
//   hook argument:  refs:{"@ref:<key>/<field>":{"v":<the value>,"at":<construct path>,"prop":<prop>}}\n<payload>
//   manifest:       its trigger `refs` holds the same table, so state keeps the values deployed
//
// The hook puts each value in place of its placeholder before it reads the payload, and a
// value its cloud's rules refuse is reported with the construct's path and prop, in the words
// synth uses for a literal.

import { PayloadError } from "./payload-error";

/** What an argument starts with when it carries references. */
export const REFS_PREFIX = "refs:";
/** What every placeholder starts with. */
export const REF_MARK = "@ref:";
const PLACEHOLDER = /@ref:[0-9a-f]{16}\/[A-Za-z]+/g;

/** One reference: its value (once Terraform resolved it), and where it was declared. */
export interface RefEntry {
  readonly v: unknown;
  readonly at: string;
  readonly prop: string;
}
export type Refs = Readonly<Record<string, RefEntry>>;

/** The placeholder of identity field `field` of the group with key `key`. */
export function refPlaceholder(key: string, field: string): string {
  return `${REF_MARK}${key}/${field}`;
}

/** The table of references and the payload of a hook argument (no table: `undefined`). */
export function splitRefs(argument: string): { refs: Refs | undefined; payload: string } {
  if (!argument.startsWith(REFS_PREFIX)) return { refs: undefined, payload: argument };
  const end = argument.indexOf("\n");
  if (end < 0) throw new PayloadError("a refs: line must be followed by a payload");
  return {
    refs: readRefs(argument.slice(REFS_PREFIX.length, end)),
    payload: argument.slice(end + 1),
  };
}

/** A table of references from its JSON text. */
export function readRefs(json: string): Refs {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new PayloadError(`the table of references is not valid JSON (${(e as Error).message})`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new PayloadError("the table of references must be an object");
  }
  return raw as Refs;
}

/** `text` (JSON) with every placeholder replaced by its value; a value must be a string. */
export function substituteRefs(text: string, refs: Refs): string {
  return text.replace(PLACEHOLDER, (id) => {
    const entry = refs[id];
    if (entry === undefined) throw new PayloadError(`reference ${id} has no value`);
    if (typeof entry.v !== "string" || entry.v === "") {
      throw new PayloadError(
        `${entry.at}: ${entry.prop} ${JSON.stringify(entry.v) ?? "null"} must be a non-empty ` +
          "string: the reference resolved to something else",
      );
    }
    // Inside a JSON string: the value's JSON text without its quotes.
    return JSON.stringify(entry.v).slice(1, -1);
  });
}

/**
 * A payload error about an identity field that a reference filled, in the words of synth:
 * "<construct path>: <prop> <value> must be <rule>". Other errors are returned as they are.
 */
export function explainRefError(error: unknown, refs: Refs | undefined): unknown {
  if (!(error instanceof PayloadError) || refs === undefined) return error;
  for (const [id, entry] of Object.entries(refs)) {
    const field = id.slice(id.indexOf("/") + 1);
    const prefix = new RegExp(`^(groups\\[\\d+\\]\\.)?identity\\.${field} `);
    if (prefix.test(error.message) && error.message.includes(JSON.stringify(entry.v))) {
      return new PayloadError(
        error.message.replace(prefix, `${entry.at}: ${entry.prop} `),
        "The value comes from a reference the app gave this group: fix the resource it " +
          "references, or give the group a literal value, and apply again.",
      );
    }
  }
  return error;
}

/** Whether a stored identity has the pattern's fields, a placeholder matching any value. */
export function matchesPattern(identity: unknown, pattern: Record<string, string>): boolean {
  const fields = (identity ?? {}) as Record<string, unknown>;
  return Object.entries(pattern).every(
    ([field, value]) => field === "v" || value.startsWith(REF_MARK) || fields[field] === value,
  );
}
