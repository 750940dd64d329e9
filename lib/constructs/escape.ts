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

/**
 * A JSON text as a Terraform template string: the JSON of `value`, escaped, with the one
 * string `placeholder` (a whole JSON value in `value`) replaced by the raw `expression`.
 * Without a placeholder the result is the escaped JSON only.
 */
export function jsonTemplate(
  value: unknown,
  splice?: { readonly placeholder: string; readonly expression: string },
): string {
  const json = JSON.stringify(value);
  if (!splice) return escapeTerraformTemplate(json);
  const parts = json.split(JSON.stringify(splice.placeholder));
  if (parts.length !== 2) {
    throw new Error(
      `internal: the payload must hold the placeholder ${splice.placeholder} exactly once, found ${parts.length - 1}`,
    );
  }
  return parts.map(escapeTerraformTemplate).join(splice.expression);
}
