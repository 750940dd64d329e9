// Identity parts given as references (cdktf tokens, e.g. `logStore.name`): checked by the hook
// when Terraform knows their values, written at synth as placeholders (lib/contract/refs.ts),
// and keyed by the group's literal parts and its `key` prop (docs/composing.md, "Tokens").

import type { IConstruct } from "constructs";
import { Fn, Token } from "./framework";
import { ValidationError, checkRule } from "./validation";
import { showValue } from "../contract/show-value";
import { groupKey, type GroupIdentity } from "../contract/group-identity";
import { REFS_PREFIX, refPlaceholder } from "../contract/refs";
import { escapeTerraformTemplate } from "./escape";
import { HookResource } from "./hook-resource";
import { pattern, type Rule } from "../contract/rules";

/** Whether a prop value is an unresolved reference (a cdktf token). */
export function isReference(value: unknown): value is string {
  return typeof value === "string" && Token.isUnresolved(value);
}

/** A literal checked against its rule now; a reference as it is, for the hook to check. */
export function checkRuleOrReference(
  scope: IConstruct,
  prop: string,
  value: unknown,
  rule: Rule,
): string {
  return isReference(value) ? value : checkRule(scope, prop, value, rule);
}

/** Refuses a reference where the library needs the value at synth. */
export function refuseReference(scope: IConstruct, prop: string, value: unknown): void {
  if (isReference(value)) {
    throw new ValidationError(
      scope,
      `${prop} is a reference (a token), and must be a plain string: this library needs it at ` +
        "synth",
    );
  }
}

/** One reference of a group: its placeholder, the token, and where it was declared. */
export interface GroupRef {
  readonly id: string;
  readonly token: string;
  readonly at: string;
  readonly prop: string;
}

/** The references of a group whose identity holds some. */
export interface GroupRefs {
  /** The group's key (its addresses, its manifest entry): literal parts and `key`. */
  readonly key: string;
  /** The identity with a placeholder for each reference: what payloads and the manifest carry. */
  readonly wire: GroupIdentity;
  readonly refs: readonly GroupRef[];
}

const KEY = pattern(
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
  "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
);

/**
 * The references of `identity` (its fields named by their props in `props`), or `undefined`
 * when every part is a literal. Refuses what a group with references cannot do safely.
 */
export function identityRefs(
  scope: IConstruct,
  identity: GroupIdentity,
  props: Readonly<Record<string, string>>,
  given: { readonly key: unknown; readonly hookResource: HookResource },
): GroupRefs | undefined {
  const fields = Object.keys(props).filter((f) => isReference(identity[f]));
  if (fields.length === 0) {
    if (given.key !== undefined) {
      throw new ValidationError(
        scope,
        `key ${showValue(given.key)} is only for a group whose container is a reference (a ` +
          "token): this group's identity is all literals and is its own key. Remove key",
      );
    }
    return undefined;
  }
  const named = fields.map((f) => props[f]).join(", ");
  if (given.key === undefined) {
    throw new ValidationError(
      scope,
      `${named} ${fields.length > 1 ? "are references" : "is a reference"} (a token), known ` +
        "only when Terraform applies, but the group's Terraform addresses and its entry in the " +
        'manifest must be known at synth: give the group a stable key, e.g. key: "orders-reader", ' +
        "unique among the groups of its name (changing it later is a rename)",
    );
  }
  const key = checkRule(scope, "key", given.key, KEY);
  if (given.hookResource === HookResource.NULL_RESOURCE) {
    throw new ValidationError(
      scope,
      `${named} is a reference (a token), which this library supports only with hookResource ` +
        "TERRAFORM_DATA (the default): give literal values, or drop hookResource NULL_RESOURCE",
    );
  }
  const marked = { ...identity } as Record<string, string>;
  for (const f of fields) marked[f] = "@ref:";
  const groupKeyValue = groupKey(marked as GroupIdentity, key);
  const wire = { ...identity } as Record<string, string>;
  const refs = fields.map((f) => {
    const id = refPlaceholder(groupKeyValue, f);
    wire[f] = id;
    return { id, token: identity[f]!, at: scope.node.path, prop: props[f]! };
  });
  return { key: groupKeyValue, wire: wire as GroupIdentity, refs };
}

/** The table of references as a Terraform template: JSON whose values Terraform fills in. */
export function refsTemplate(refs: readonly GroupRef[]): string {
  const entries = refs.map(
    (r) =>
      `${escapeTerraformTemplate(JSON.stringify(r.id))}:{"v":${Fn.jsonencode(r.token)},` +
      `${escapeTerraformTemplate(`"at":${JSON.stringify(r.at)},"prop":${JSON.stringify(r.prop)}`)}}`,
  );
  return `{${entries.join(",")}}`;
}

/** The line a hook argument starts with when its payload holds placeholders. */
export function refsLine(refs: readonly GroupRef[]): string {
  return refs.length === 0 ? "" : `${REFS_PREFIX}${refsTemplate(refs)}\n`;
}
