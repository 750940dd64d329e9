// The groups of a synthesized app whose identity or location holds a reference (a cdktf token).
// Synth writes such a group's hook payload as a table of references, whose values are
// Terraform expressions (`"v":${jsonencode(<reference>)}`), then the payload with a
// placeholder (`@ref:<group key>/<field>`, lib/contract/refs.ts) for each value. Terraform
// fills the values in only when it applies, so `check` and `repair` cannot know which logstore,
// queue, region or endpoint such a group names: they report it (status unresolved) with its
// construct's path and props, and read every other group of the payload as before.

import { unescapeTerraformTemplate } from "../constructs/escape";
import { containerPath, type GroupIdentity } from "../contract/group-identity";
import { isRecord } from "../contract/fields";
import { PayloadError } from "../contract/payload-error";
import { REFS_PREFIX, REF_MARK } from "../contract/refs";
import type { GroupReferences } from "./model";
import type { GroupSettings } from "../runtime/live-model";

/** A declared group that cannot be looked up offline: a part of it is a reference. */
export interface UnresolvedGroup {
  readonly stack: string;
  /** "<type>.<name>", for error messages only. */
  readonly resource: string;
  readonly service: string;
  /** "cn-hangzhou/shop-prod/<logstore>": each part given by reference as `<prop>`. */
  readonly where: string;
  readonly group: string;
  readonly settings: GroupSettings;
  readonly references: GroupReferences;
  /** The region and container path ("where"), part by part; null for a part not known. */
  readonly container: readonly (string | null)[];
}

/** Where each placeholder of a payload was declared; its value is unknown until apply. */
export type RefSites = Readonly<Record<string, { readonly at: string; readonly prop: string }>>;

const PLACEHOLDER = /@ref:[0-9a-f]{16}\/[A-Za-z]+/g;

/**
 * The table of references and the payload of a hook payload as synth wrote it (a Terraform
 * template; the payload is returned still escaped). No table: `refs` undefined.
 */
export function splitTemplateRefs(template: string): { refs?: RefSites; payload: string } {
  if (!template.startsWith(REFS_PREFIX)) return { payload: template };
  const end = template.indexOf("\n");
  if (end < 0) throw new PayloadError("a refs: line must be followed by a payload");
  const line = template.slice(REFS_PREFIX.length, end);
  let table: unknown;
  try {
    table = JSON.parse(unescapeTerraformTemplate(withoutInterpolations(line)));
  } catch (e) {
    throw new PayloadError(`the table of references cannot be read (${(e as Error).message})`);
  }
  const refs: Record<string, { at: string; prop: string }> = {};
  for (const [id, entry] of Object.entries(isRecord(table) ? table : {})) {
    const at = isRecord(entry) ? entry["at"] : undefined;
    const prop = isRecord(entry) ? entry["prop"] : undefined;
    if (!id.startsWith(REF_MARK) || typeof at !== "string" || typeof prop !== "string") {
      throw new PayloadError(
        `the table of references has an entry ${JSON.stringify(id)} without at and prop`,
      );
    }
    refs[id] = { at, prop };
  }
  return { refs, payload: template.slice(end + 1) };
}

/** The placeholders in a JSON text, each once. */
export function placeholdersIn(text: string): string[] {
  return [...new Set(text.match(PLACEHOLDER) ?? [])];
}

/**
 * The unresolved group of an ensure payload (read as JSON, unchecked: only for the report)
 * whose identity or transport holds the placeholders `ids`.
 */
export function unresolvedGroup(
  stack: string,
  resource: string,
  payload: Record<string, unknown>,
  ids: readonly string[],
  refs: RefSites,
): UnresolvedGroup {
  const shown = (value: unknown): string => {
    if (typeof value !== "string") return String(value);
    return value.replace(PLACEHOLDER, (id) => `<${refs[id]?.prop ?? "reference"}>`);
  };
  const identity = isRecord(payload["identity"]) ? payload["identity"] : {};
  const fields = Object.fromEntries(Object.entries(identity).map(([k, v]) => [k, shown(v)]));
  const known = (value: unknown) =>
    typeof value === "string" && !value.includes(REF_MARK) ? value : null;
  const transport = isRecord(payload["transport"]) ? payload["transport"] : {};
  const location = isRecord(transport["location"]) ? transport["location"] : {};
  const given = isRecord(location["given"]) ? location["given"] : {};
  const region = transport["region"] ?? given["region"] ?? given["endpoint"] ?? "<region>";
  const parts = Object.entries(identity)
    .filter(([f, v]) => f !== "v" && f !== "service" && f !== "name" && v !== "")
    .map(([, v]) => known(v));
  const sites = ids.flatMap((id) => (refs[id] ? [refs[id]] : []));
  const service = String(identity["service"]);
  const name = String(identity["name"]);
  // The Group resource's address: its key is the placeholder's (identity-refs.ts), and a group
  // with references is always a terraform_data.
  const key = ids[0]!.slice(REF_MARK.length, ids[0]!.indexOf("/"));
  const settings = isRecord(payload["settings"])
    ? Object.fromEntries(
        Object.entries(payload["settings"]).filter(
          ([, v]) => typeof v === "number" || typeof v === "boolean",
        ),
      )
    : {};
  return {
    stack,
    resource,
    service,
    where: `${shown(region)}/${containerPath(fields as GroupIdentity)}`,
    group: name,
    settings: settings as GroupSettings,
    references: {
      path: sites[0]?.at ?? resource,
      props: [...new Set(sites.map((s) => s.prop))],
      address: `terraform_data.${service}_${name}_${key}_group`,
    },
    container: [known(region), ...parts],
  };
}

/**
 * `line` with each Terraform interpolation `${…}` (not an escaped `$${`) replaced by `null`:
 * the values Terraform fills in at apply, unknown here.
 */
function withoutInterpolations(line: string): string {
  let out = "";
  let i = 0;
  while (i < line.length) {
    if (line.startsWith("$${", i) || line.startsWith("%%{", i)) {
      out += line.slice(i, i + 3);
      i += 3;
    } else if (line.startsWith("${", i)) {
      i = endOfExpression(line, i + 2);
      out += "null";
    } else {
      out += line[i];
      i += 1;
    }
  }
  return out;
}

/** The index after the `}` that closes the expression starting at `start`. */
function endOfExpression(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i = endOfString(text, i + 1);
      continue;
    }
    if (c === "{") depth += 1;
    if (c === "}") {
      if (depth === 0) return i + 1;
      depth -= 1;
    }
    i += 1;
  }
  throw new PayloadError("a reference's expression is not closed");
}

/** The index after the `"` that closes the quoted template starting at `start`. */
function endOfString(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    if (text[i] === "\\") i += 2;
    else if (text[i] === '"') return i + 1;
    else if (text.startsWith("$${", i) || text.startsWith("%%{", i)) i += 3;
    else if (text.startsWith("${", i) || text.startsWith("%{", i)) i = endOfExpression(text, i + 2);
    else i += 1;
  }
  throw new PayloadError("a reference's expression has an unclosed string");
}
