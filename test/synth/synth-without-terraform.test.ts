// Synth needs no Terraform: a pipeline may synthesize in one job and apply in another. cdktf
// checks `terraform version` at synth when a stack uses its own move API, so the constructs
// must write their `moved` blocks (0.1.0 addresses to today's) without it (#11).

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "../..");

it("#11 synthesizes, moved blocks included, with no terraform on the PATH", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cgac-no-terraform-"));
  try {
    const script = `
      const { App, TerraformStack } = require(${JSON.stringify(require.resolve("cdktf"))});
      const { SlsConsumerGroup } = require(${JSON.stringify(path.join(root, "dist/lib"))});
      const app = new App({ outdir: ${JSON.stringify(path.join(dir, "out"))} });
      const stack = new TerraformStack(app, "s");
      new SlsConsumerGroup(stack, "R", {
        region: "cn-hangzhou", project: "shop-prod", logstore: "orders", name: "r", timeout: 60,
      });
      app.synth();`;
    // An empty directory as the whole PATH: no terraform (node is started by its full path).
    const run = spawnSync(process.execPath, ["-e", script], {
      env: { PATH: dir, HOME: dir },
      encoding: "utf8",
    });

    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    const json = JSON.parse(readFileSync(path.join(dir, "out/stacks/s/cdk.tf.json"), "utf8")) as {
      moved?: { from: string; to: string }[];
    };
    expect(json.moved).toEqual([
      { from: expect.stringMatching(/_group$/), to: expect.stringMatching(/_group$/) },
      { from: expect.stringMatching(/_settings$/), to: expect.stringMatching(/_settings$/) },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
