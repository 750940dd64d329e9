#!/usr/bin/env node
// Synthesizes the benchmark stack "bench" into <outdir>: <n> SLS consumer groups (25 a
// logstore, logstores bench-00, bench-01, …), or, with mode "bare", <n> plain terraform_data
// resources with a create hook of `true`, the floor a stack of hooks cannot go below.
// Mode "batched" is "groups" with the batched executor. Mode "plain" rebuilds the stack that
// mode "groups" wrote to <reference-outdir> from plain terraform_data resources, with no
// library code: what cdktf alone costs for the same cdk.tf.json.
// Usage: node synth-app.js <outdir> <groups|batched|bare> <n> <endpoint>
//        node synth-app.js <outdir> plain <n> <reference-outdir>
"use strict";
const path = require("node:path");
const fs = require("node:fs");
const { App, AssetType, LocalBackend, TerraformAsset, TerraformStack } = require("cdktf");
const root = path.resolve(__dirname, "../..");

const [outdir, mode, count, endpoint] = process.argv.slice(2);
const n = Number(count);
const context = mode === "batched" ? { "cdktf-consumer-groups:executor": "batched" } : {};
const app = new App({ outdir, context });
const stack = new TerraformStack(app, "bench");
new LocalBackend(stack, { path: "terraform.tfstate" });

if (mode === "groups" || mode === "batched") {
  const { SlsConsumerGroup } = require(path.join(root, "dist/lib"));
  for (let i = 0; i < n; i++) {
    new SlsConsumerGroup(stack, `G${i}`, {
      region: "cn-hangzhou",
      endpoint,
      project: "shop-prod",
      logstore: logstoreOf(i),
      name: `bench-${i}`,
      timeout: 60,
    });
  }
} else if (mode === "plain") {
  plainCopyOf(path.join(endpoint, "stacks", "bench", "cdk.tf.json"));
} else {
  const { TerraformData } = require(path.join(root, "dist/lib/constructs/terraform-data"));
  for (let i = 0; i < n; i++) {
    new TerraformData(stack, `D${i}`, {
      triggersReplace: { name: `bench-${i}` },
      provisioners: [{ type: "local-exec", interpreter: ["true"], command: "" }],
    });
  }
}
app.synth();

function plainCopyOf(reference) {
  const { TerraformData } = require(path.join(root, "dist/lib/constructs/terraform-data"));
  const json = JSON.parse(fs.readFileSync(reference, "utf8"));
  new TerraformAsset(stack, "ConsumerGroupsHook", {
    path: path.join(root, "dist/hook"),
    type: AssetType.DIRECTORY,
  });
  let i = 0;
  for (const [id, r] of Object.entries(json.resource.terraform_data)) {
    const resource = new TerraformData(stack, `R${i++}`, {
      triggersReplace: r.triggers_replace,
      provisioners: r.provisioner.map((p) => ({ type: "local-exec", ...p["local-exec"] })),
    });
    resource.overrideLogicalId(id);
    if (r.depends_on) resource.addOverride("depends_on", r.depends_on);
  }
  if (i !== n) throw new Error(`plain: ${reference} has ${i} resources, expected ${n}`);
}

function logstoreOf(i) {
  return `bench-${String(Math.floor(i / 25)).padStart(2, "0")}`;
}
