// Synth needs no Terraform: a pipeline may synthesize in one job and apply in another. cdktf
// checks `terraform version` at synth when a stack uses its own move API, so the constructs
// must write their `moved` blocks (0.1.0 addresses to today's) without it: under the
// default executor one per group (its Group), under the per-group executor two (Group, Settings).

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXECUTOR_CONTEXT, type Executor } from "./synth-helpers";

const root = path.resolve(__dirname, "../..");

const MOVED: Record<Executor, unknown[]> = {
  batched: [{ from: expect.stringMatching(/_group$/), to: expect.stringMatching(/_group$/) }],
  "per-group": [
    { from: expect.stringMatching(/_group$/), to: expect.stringMatching(/_group$/) },
    { from: expect.stringMatching(/_settings$/), to: expect.stringMatching(/_settings$/) },
  ],
};

it.each<[string, Executor, Record<string, string>]>([
  ["the default executor", "batched", {}],
  ["the per-group executor", "per-group", { [EXECUTOR_CONTEXT]: "per-group" }],
])(
  "synthesizes, moved blocks included, with no terraform on the PATH (%s)",
  (_w, executor, context) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "cgac-no-terraform-"));
    try {
      const script = `
      const { App, TerraformStack } = require(${JSON.stringify(require.resolve("cdktf"))});
      const { SlsConsumerGroup } = require(${JSON.stringify(path.join(root, "dist/lib"))});
      const app = new App({
        outdir: ${JSON.stringify(path.join(dir, "out"))},
        context: ${JSON.stringify(context)},
      });
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
        resource: Record<string, Record<string, unknown>>;
      };
      expect(json.moved).toEqual(MOVED[executor]);
      // The shape of the executor asked for: the default's reconciler, or Settings per group.
      const ids = Object.keys(json.resource["terraform_data"]!);
      expect(ids.includes("consumer_groups_reconciler")).toBe(executor === "batched");
      expect(ids.filter((id) => id.endsWith("_settings"))).toHaveLength(
        executor === "per-group" ? 1 : 0,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
