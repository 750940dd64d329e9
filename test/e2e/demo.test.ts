// `npm run demo` as a CI log or `npm run demo > demo.txt` sees it: scripts/demo.js with its
// stdout piped deploys examples/main.ts (which imports the library by its package name) with
// the real cdktf CLI and Terraform against the emulator, re-deploys, destroys and lists.

import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { assertHookBundleBuilt } from "../support/hook-process";
import { requireTerraform } from "../support/terraform-workspace";

const ROOT = path.resolve(__dirname, "../..");
const EXAMPLE = path.join(ROOT, "dist/examples/main.js");
jest.setTimeout(180_000);

let outdir: string;
let demo: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  requireTerraform();
  assertHookBundleBuilt();
  if (!existsSync(EXAMPLE)) throw new Error(`${EXAMPLE} is missing: run npm run build first`);
  outdir = mkdtempSync(path.join(os.tmpdir(), "demo-e2e-"));
  // No CI variable: a pipe alone must make the output plain.
  const { CI: _ci, ...env } = process.env;
  demo = await new Promise((resolve) => {
    execFile(
      process.execPath,
      ["scripts/demo.js", "--outdir", outdir],
      { cwd: ROOT, env: { ...env, CHECKPOINT_DISABLE: "1" }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
});
afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe("npm run demo, piped", () => {
  it("deploys, re-deploys with nothing to change, destroys, and lists the groups in between", () => {
    expect([demo.code, demo.stderr]).toEqual([0, ""]);
    expect(demo.stdout).toContain("Apply complete! Resources: 7 added, 0 changed, 0 destroyed.");
    expect(demo.stdout).toContain("Apply complete! Resources: 0 added, 0 changed, 0 destroyed.");
    expect(demo.stdout).toContain("Destroy complete! Resources: 7 destroyed.");
    expect(demo.stdout).toMatch(/^sls +shop-prod\/orders +orders-reader +timeout 300, order true/m);
    expect(demo.stdout).toMatch(/^5 consumer groups$/m);
    expect(demo.stdout).toMatch(/^0 consumer groups$/m);
  });

  it("prints no spinner frames, live-view redraws or colour codes", () => {
    expect(demo.stdout).not.toMatch(/[\u2800-\u28ff]/); // the spinner's braille frames
    expect(demo.stdout).not.toContain("\u001b"); // any ANSI escape: colours, cursor moves
    expect(demo.stdout).not.toMatch(/Stacks? (deploying|waiting|done)/);
  });

  it("runs the reconciler's hook after every group's resource is created", () => {
    // GIVEN the first deploy's apply lines
    const lines = demo.stdout.split("\n");
    const groupCreated = indexesOf(lines, /terraform_data\.\S+_group\b.*: Creation complete/);
    const reconcilerStart = indexesOf(
      lines,
      /terraform_data\.consumer_groups_reconciler\b.*: Creating\.\.\.$/,
    );
    const groupLines = indexesOf(lines, /consumer_groups_reconciler\b.*\(local-exec\): (sls|dms) /);
    const summary = indexesOf(
      lines,
      /reconcile: 5 groups: 5 created or updated, 0 in sync, 0 failed/,
    );

    // THEN the five groups' resources come first, then the reconcile, its lines and summary
    expect(groupCreated).toHaveLength(5);
    expect(reconcilerStart).toHaveLength(1);
    expect(Math.max(...groupCreated)).toBeLessThan(reconcilerStart[0] ?? -1);
    expect(groupLines).toHaveLength(5);
    expect(Math.min(...groupLines)).toBeGreaterThan(reconcilerStart[0] ?? Infinity);
    expect(summary).toHaveLength(1);
    expect(summary[0]).toBeGreaterThan(Math.max(...groupLines));
  });
});

// ---------------------------------------------------------------------------------------------

function indexesOf(lines: readonly string[], pattern: RegExp): number[] {
  return lines.flatMap((line, i) => (pattern.test(line) ? [i] : []));
}
