// Terraform reads every string in cdk.tf.json as a template: `${…}` is an interpolation and
// `%{…}` a directive. cdktf does not escape, so every literal we emit goes through here.

/** Escapes a literal so Terraform reads it back unchanged: `${` -> `$${`, `%{` -> `%%{`. */
export function escapeTerraformTemplate(literal: string): string {
  // Function replacements: in a replacement string, "$$" would mean a single "$".
  return literal.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** What Terraform does to an escaped literal; the inverse of `escapeTerraformTemplate`. */
export function unescapeTerraformTemplate(template: string): string {
  return template.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{");
}

/** A string of a JSON value that a Terraform expression takes the place of (jsonTemplate). */
export interface Splice {
  readonly placeholder: string;
  readonly expression: string;
}

/**
 * A JSON text as a Terraform template string: the JSON of `value`, escaped, with each splice's
 * `placeholder` (a whole JSON string value in `value`, exactly once) replaced by its raw
 * `expression`. Without a splice the result is the escaped JSON only.
 */
export function jsonTemplate(value: unknown, splice?: Splice | readonly Splice[]): string {
  const splices = splice === undefined ? [] : "placeholder" in splice ? [splice] : splice;
  // The placeholders hold no `$` or `%`, so escaping first leaves them as they are.
  let text = escapeTerraformTemplate(JSON.stringify(value));
  for (const { placeholder, expression } of splices) {
    const parts = text.split(JSON.stringify(placeholder));
    if (parts.length !== 2) {
      throw new Error(
        `internal: the payload must hold the placeholder ${placeholder} exactly once, found ${parts.length - 1}`,
      );
    }
    text = parts.join(expression);
  }
  return text;
}
