#!/usr/bin/env node
// Synthesizes the benchmark stack "bench" into <outdir>, by mode:
// - default: <n> SLS consumer groups (layout.js: 25 a logstore, bench-00, bench-01, …) with no
//   executor context, so whatever executor the library defaults to;
// - per-group: the same with context `cdktf-consumer-groups:executor` = "per-group";
// - bare: <n> plain terraform_data resources with a create hook of `true`, the floor a stack of
//   hooks cannot go below; bare-destroy: the same with a destroy hook of `true` instead;
//   node-destroy: the same with a destroy hook of `node -e 0`, the floor of a Node hook process;
// - plain: rebuilds the stack that another mode wrote to <reference-outdir> from plain
//   terraform_data resources, with no library code: what cdktf alone costs for the same
//   cdk.tf.json. <n> is the number of resources it must find there.
// Options (group modes): --logstores-from=K puts the groups in bench-K, bench-K+1, …;
// --timeout0=S gives the first group a timeout of S seconds instead of 60 (a settings change).
// Usage: node synth-app.js <outdir> <default|per-group|bare|bare-destroy|node-destroy> <n> <endpoint> [options]
//        node synth-app.js <outdir> plain <n> <reference-outdir>
"use strict";
const path = require("node:path");
const fs = require("node:fs");
const { App, AssetType, LocalBackend, TerraformAsset, TerraformStack } = require("cdktf");
const { logstoreOf } = require("./layout");
const root = path.resolve(__dirname, "../..");

const [outdir, mode, count, endpoint, ...options] = process.argv.slice(2);
const n = Number(count);
const option = (name, fallback) => {
  const found = options.find((o) => o.startsWith(`--${name}=`));
  return found ? Number(found.slice(name.length + 3)) : fallback;
};
const MODES = ["default", "per-group", "bare", "bare-destroy", "node-destroy", "plain"];
if (!MODES.includes(mode) || !(n >= 0)) {
  throw new Error(`usage: synth-app.js <outdir> <${MODES.join("|")}> <n> <endpoint> [options]`);
}
const context = mode === "per-group" ? { "cdktf-consumer-groups:executor": "per-group" } : {};
const app = new App({ outdir, context });
const stack = new TerraformStack(app, "bench");
new LocalBackend(stack, { path: "terraform.tfstate" });

if (mode === "default" || mode === "per-group") {
  const { SlsConsumerGroup } = require(path.join(root, "dist/lib"));
  const offset = option("logstores-from", 0);
  for (let i = 0; i < n; i++) {
    new SlsConsumerGroup(stack, `G${i}`, {
      region: "cn-hangzhou",
      endpoint,
      project: "shop-prod",
      logstore: logstoreOf(i, offset),
      name: `bench-${i}`,
      timeout: i === 0 ? option("timeout0", 60) : 60,
    });
  }
} else if (mode === "plain") {
  plainCopyOf(path.join(endpoint, "stacks", "bench", "cdk.tf.json"));
} else {
  const { TerraformData } = require(path.join(root, "dist/lib/constructs/terraform-data"));
  const when = mode === "bare" ? {} : { when: "destroy" };
  // node-destroy: a destroy hook that starts Node and does nothing, the floor of a hook process.
  const interpreter = mode === "node-destroy" ? ["node", "-e", "0"] : ["true"];
  for (let i = 0; i < n; i++) {
    new TerraformData(stack, `D${i}`, {
      triggersReplace: { name: `bench-${i}` },
      // `true` ignores its argument; Terraform refuses an empty command.
      provisioners: [{ type: "local-exec", interpreter, command: "noop", ...when }],
    });
  }
}
app.synth();

/** Every resource of the reference as a plain TerraformData, under the same address. */
function plainCopyOf(reference) {
  const { TerraformData } = require(path.join(root, "dist/lib/constructs/terraform-data"));
  const json = JSON.parse(fs.readFileSync(reference, "utf8"));
  new TerraformAsset(stack, "ConsumerGroupsHook", {
    path: path.join(root, "dist/hook"),
    type: AssetType.DIRECTORY,
  });
  let i = 0;
  for (const [id, r] of Object.entries(json.resource.terraform_data)) {
    const { "//": _metadata, triggers_replace, provisioner, ...rest } = r;
    const resource = new TerraformData(stack, `R${i++}`, {
      triggersReplace: triggers_replace,
      provisioners: (provisioner ?? []).map((p) => ({ type: "local-exec", ...p["local-exec"] })),
    });
    resource.overrideLogicalId(id);
    // depends_on, lifecycle, input (a group's settings in the one-resource shape).
    for (const [key, value] of Object.entries(rest)) resource.addOverride(key, value);
  }
  if (json.moved) stack.addOverride("moved", json.moved);
  if (i !== n) throw new Error(`plain: ${reference} has ${i} resources, expected ${n}`);
}
