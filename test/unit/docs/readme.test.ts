// The README and the docs it links stay short enough to read and true to what the code does:
// the README's length, the order Terraform runs the stack's resources in (drawn and shown as
// real output), and the failure line of a logstore at its group quota, as the hook formats it.
// The real order is proven by test/e2e/demo.test.ts; these keep the text in step with it.

import { readFileSync } from "node:fs";
import * as path from "node:path";
import { CloudApiError } from "../../../lib/clients/cloud-api-error";
import { classifySlsError } from "../../../lib/clouds/alibaba/sls/client/sls-errors";
import { slsErrors } from "../../../lib/clouds/alibaba/sls/emulator/sls-emulator-errors";
import { Phase, formatFailure } from "../../../lib/runtime/failure";
import { slsContract } from "../../../lib/clouds/alibaba/sls/sls-contract";

const ROOT = path.resolve(__dirname, "../../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const README_MAX_LINES = 300;

describe("README.md", () => {
  it(`keeps README.md at ${README_MAX_LINES} lines or fewer (maintainer material goes under docs/)`, () => {
    // As `wc -l` counts: newline characters.
    const lines = read("README.md").split("\n").length - 1;

    expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it("links only to docs/ files that exist", () => {
    const links = [...read("README.md").matchAll(/\]\((docs\/[^)#]+)(#[^)]*)?\)/g)].map(
      (m) => m[1]!,
    );

    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect([link, read(link).length > 0]).toEqual([link, true]);
  });
});

describe("the order of the stack's resources", () => {
  it.each(["README.md", "docs/design.md"])(
    "%s draws the reconciler below the groups, its arrow pointing at what it depends on",
    (file) => {
      const diagram = fencedBlocks(read(file)).find((b) =>
        b.includes("consumer_groups_reconciler"),
      );
      expect(diagram).toBeDefined();
      const lines = diagram!.split("\n");
      const manifest = lines.findIndex((l) => l.startsWith(" consumer_groups_manifest"));
      const group = lines.findIndex((l) => /^ sls_\S+_group\b/.test(l));
      const reconciler = lines.findIndex((l) => l.startsWith(" consumer_groups_reconciler"));

      expect([manifest < group, group < reconciler]).toEqual([true, true]);
      expect(diagram).not.toContain("▼");
      expect(lines[reconciler - 1]).toMatch(/│ depends_on \(every group, and the manifest\)/);
    },
  );

  it("shows in docs/errors.md's real apply every group's resource created before the reconciler", () => {
    const apply = fencedBlocks(read("docs/errors.md")).find((b) => b.includes("Apply complete!"));
    expect(apply).toBeDefined();
    const lines = apply!.split("\n");
    const groupsDone = lines.flatMap((l, i) => (/_group: Creation complete/.test(l) ? [i] : []));
    const reconcilerStart = lines.findIndex((l) =>
      /consumer_groups_reconciler: Creating\.\.\.$/.test(l),
    );
    const summary = lines.findIndex((l) => l.includes("reconcile: 5 groups: 5 created"));

    expect(groupsDone).toHaveLength(5);
    expect(Math.max(...groupsDone)).toBeLessThan(reconcilerStart);
    expect(summary).toBeGreaterThan(reconcilerStart);
  });
});

describe("the quota failure shown in the docs", () => {
  // The emulator's answer to a create on a logstore at its quota, with the request id of the
  // run the docs show.
  const answer = slsErrors.groupQuotaExceed(30);
  const line = formatFailure(
    "ensure sls cn-hangzhou/shop-prod/orders/orders-audit",
    new CloudApiError({
      cloud: slsContract,
      kind: classifySlsError(answer.status, answer.code),
      status: answer.status,
      cloudCode: answer.code,
      cloudMessage: answer.message,
      requestId: "E65767EBE5D30C6030B5EF6B",
      method: "POST",
      path: "/logstores/orders/consumergroups",
    }),
    {},
    Phase.APPLY,
  );

  it("is the line the hook formats, with its stable code", () => {
    expect(line).toContain(". SLS_QUOTA_EXCEEDED: The service allows 30 consumer groups");
  });

  it.each(["README.md", "docs/errors.md"])("%s shows that line verbatim", (file) => {
    expect(read(file)).toContain(line);
  });

  it.each(["README.md", "docs/errors.md"])(
    "%s gives ConsumerGroupQuotaExceed the status the emulator answers",
    (file) => {
      const statuses = [...read(file).matchAll(/\b(\d{3}) ConsumerGroupQuotaExceed\b/g)].map((m) =>
        Number(m[1]),
      );

      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.filter((s) => s !== answer.status)).toEqual([]);
    },
  );
});

// ---------------------------------------------------------------------------------------------

/** The contents of every ``` fenced block of a Markdown text. */
function fencedBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}
