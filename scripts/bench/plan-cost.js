#!/usr/bin/env node
// Where `terraform plan` time goes for a deployed stack of the default executor: the same stack
// with parts of its configuration stripped, each deployed (the reconcile hook replaced by
// `true`, so no emulator is needed) and then planned alternately, 3 rounds, medians.
// Usage: node scripts/bench/plan-cost.js [groups] [rounds] [variant,…]
//   (defaults: 1000 groups, 3 rounds, every variant by its number below, 0 = full; build first:
//   npm run build)
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { median } = require("./stats");
const { noCloudNetworkEnv } = require("../../test/support/no-cloud-network");

const n = Number(process.argv[2] ?? 1000);
const rounds = Number(process.argv[3] ?? 3);
const only = process.argv[4]?.split(",").map(Number);
const root = path.resolve(__dirname, "../..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "cgac-plan-cost-"));
const cliConfig = path.join(work, "terraformrc");
fs.writeFileSync(cliConfig, "");
const env = noCloudNetworkEnv(process.env, {
  CHECKPOINT_DISABLE: "1",
  TF_CLI_CONFIG_FILE: cliConfig,
});

const VARIANTS = {
  "full configuration": () => {},
  "without the 0.1.0 moved blocks": (json) => delete json.moved,
  "without the reconciler's depends_on on every group": (json) => {
    json.resource.terraform_data.consumer_groups_reconciler.depends_on = [
      "terraform_data.consumer_groups_manifest",
    ];
  },
  "without the reconciler's replace_triggered_by every group": (json) => {
    delete json.resource.terraform_data.consumer_groups_reconciler.lifecycle;
  },
  "the reconciler triggered by a digest of the Groups' ids instead": (json) => {
    const reconciler = json.resource.terraform_data.consumer_groups_reconciler;
    const groups = reconciler.lifecycle.replace_triggered_by;
    delete reconciler.lifecycle;
    const ids = groups.map((g) => `${g}.id`).join(", ");
    reconciler.triggers_replace.ids = `\${sha1(join(",", [${ids}]))}`;
  },
  "without the groups' depends_on on the manifest": (json) => {
    for (const [id, r] of Object.entries(json.resource.terraform_data)) {
      if (id.endsWith("_group")) delete r.depends_on;
    }
  },
};

function main() {
  execFileSync(
    "node",
    [path.join(__dirname, "synth-app.js"), work, "default", String(n), "http://127.0.0.1:1"],
    {
      env,
      cwd: root,
    },
  );
  const synthesized = path.join(work, "stacks", "bench");
  const json = JSON.parse(fs.readFileSync(path.join(synthesized, "cdk.tf.json"), "utf8"));
  const reconciler = json.resource.terraform_data.consumer_groups_reconciler;
  reconciler.provisioner[0]["local-exec"] = { interpreter: ["true"], command: "noop" };
  const chosen = Object.entries(VARIANTS).filter((_, i) => !only || only.includes(i));
  const dirs = chosen.map(([name, strip], i) => {
    const dir = path.join(work, `variant-${i}`);
    fs.cpSync(synthesized, dir, { recursive: true });
    const copy = JSON.parse(JSON.stringify(json));
    strip(copy);
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(copy));
    terraform(dir, ["init", "-input=false", "-no-color"]);
    terraform(dir, ["apply", "-input=false", "-auto-approve", "-no-color", "-parallelism=10"]);
    return { name, dir, ms: [] };
  });
  for (let round = 0; round < rounds; round++) {
    for (const v of dirs) {
      const start = Date.now();
      terraform(v.dir, ["plan", "-input=false", "-no-color", "-detailed-exitcode"]);
      v.ms.push(Date.now() - start);
    }
  }
  console.log(
    `terraform plan of a deployed ${n}-group stack (default executor), medians of ${rounds}:`,
  );
  for (const v of dirs) {
    console.log(`  ${v.name}: ${Math.round(median(v.ms))} ms (${v.ms.join(", ")})`);
  }
  fs.rmSync(work, { recursive: true, force: true });
}

function terraform(cwd, args) {
  execFileSync("terraform", args, { cwd, env, stdio: "ignore" });
}

main();
