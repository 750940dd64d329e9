// `npm run demo -- --app referenced-containers`: examples/referenced-containers/main.ts, whose
// logstore and queue are resources of the stack and whose groups name them by reference,
// deployed with the real cdktf CLI and Terraform against the emulator, re-deployed, destroyed.

import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { assertHookBundleBuilt } from "../support/hook-process";
import { requireTerraform } from "../support/terraform-workspace";

const ROOT = path.resolve(__dirname, "../..");
const EXAMPLE = path.join(ROOT, "dist/examples/referenced-containers/main.js");
jest.setTimeout(180_000);

let outdir: string;
let demo: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  requireTerraform();
  assertHookBundleBuilt();
  if (!existsSync(EXAMPLE)) throw new Error(`${EXAMPLE} is missing: run npm run build first`);
  outdir = mkdtempSync(path.join(os.tmpdir(), "demo-referenced-e2e-"));
  const { CI: _ci, ...env } = process.env;
  demo = await new Promise((resolve) => {
    execFile(
      process.execPath,
      ["scripts/demo.js", "--app", "referenced-containers", "--outdir", outdir],
      { cwd: ROOT, env: { ...env, CHECKPOINT_DISABLE: "1" }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
});
afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe("the example with referenced containers", () => {
  it("deploys in one apply, re-deploys with nothing to change, and destroys", () => {
    expect([demo.code, demo.stderr]).toEqual([0, ""]);
    expect(demo.stdout).toContain("Apply complete! Resources: 7 added, 0 changed, 0 destroyed.");
    expect(demo.stdout).toContain("No changes. Your infrastructure matches the configuration.");
    expect(demo.stdout).toContain("Destroy complete! Resources: 7 destroyed.");
    expect(demo.stdout).toMatch(/^2 consumer groups$/m);
    expect(demo.stdout).toMatch(/^0 consumer groups$/m);
    expect(demo.stdout).not.toContain("TfToken");
  });

  it("creates each container before its group, and deletes each group before its container", () => {
    const at = (text: string) => {
      const i = demo.stdout.indexOf(text);
      if (i < 0) throw new Error(`${text} not in:\n${demo.stdout}`);
      return i;
    };

    expect(at("stand-in: sls container created")).toBeLessThan(at("events-reader: created"));
    expect(at("stand-in: dms container created")).toBeLessThan(at("refunds-workers: created"));
    expect(at("events-reader: deleted")).toBeLessThan(at("sls container events destroyed"));
    expect(at("refunds-workers: deleted")).toBeLessThan(at("dms container refunds destroyed"));
  });
});
