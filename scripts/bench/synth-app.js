#!/usr/bin/env node
// Synthesizes the benchmark stack "bench" into <outdir>: <n> SLS consumer groups (25 a
// logstore, logstores bench-00, bench-01, …), or, with mode "bare", <n> plain terraform_data
// resources with a create hook of `true`, the floor a stack of hooks cannot go below.
// Mode "batched" is "groups" with the batched executor.
// Usage: node synth-app.js <outdir> <groups|batched|bare> <n> <endpoint>
"use strict";
const path = require("node:path");
const { App, LocalBackend, TerraformStack } = require("cdktf");
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

function logstoreOf(i) {
  return `bench-${String(Math.floor(i / 25)).padStart(2, "0")}`;
}
