#!/usr/bin/env node
// Bundles lib/hook/main.ts and everything it imports (undici included) into one file,
// dist/hook/hook.js, that the constructs ship as a TerraformAsset. A pipeline can then
// synth in one job and apply in another with only `node` installed.
"use strict";
const path = require("node:path");
const esbuild = require("esbuild");

const root = path.resolve(__dirname, "..");
esbuild
  .build({
    entryPoints: [path.join(root, "lib/hook/main.ts")],
    outfile: path.join(root, "dist/hook/hook.js"),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  })
  .catch(() => process.exit(1));
