import {
  escapeTerraformTemplate,
  jsonTemplate,
  unescapeTerraformTemplate,
} from "../../lib/constructs/escape";

describe("escaping literals for Terraform templates", () => {
  it.each([
    ["plain", "plain"],
    ["${var.x}", "$${var.x}"],
    ["%{ if true }x%{ endif }", "%%{ if true }x%%{ endif }"],
    ["$${already}", "$$${already}"],
    ["a $ and a % and {}", "a $ and a % and {}"],
  ])("escapes %j as %j and reads it back", (literal, escaped) => {
    expect(escapeTerraformTemplate(literal)).toBe(escaped);
    expect(unescapeTerraformTemplate(escaped)).toBe(literal);
  });

  it("escapes the literal parts of a JSON template but not the spliced expression", () => {
    const value = { a: "${x}", id: "@@id@@", b: "%{y}" };
    const template = jsonTemplate(value, {
      placeholder: "@@id@@",
      expression: "${jsonencode(self.triggers_replace)}",
    });
    expect(template).toBe('{"a":"$${x}","id":${jsonencode(self.triggers_replace)},"b":"%%{y}"}');
  });

  it("round-trips a payload with template sequences in its strings", () => {
    const payload = { endpoint: "https://h/${a}", names: ["%{b}", "$${c}"] };
    expect(JSON.parse(unescapeTerraformTemplate(jsonTemplate(payload)))).toEqual(payload);
  });

  it("fails when the placeholder is not in the payload exactly once", () => {
    expect(() => jsonTemplate({ a: "x" }, { placeholder: "@@id@@", expression: "e" })).toThrow(
      "exactly once, found 0",
    );
  });
});
