#!/usr/bin/env node
// `npm run explore -- …`: bundles the explorer's TypeScript (test/explorer/cli.ts, with the
// library sources it imports) into dist/explorer/ with esbuild, packages left external, and
// runs it. dist/ sits inside the package, so the constructs still find dist/hook.
"use strict";
const path = require("node:path");
const esbuild = require("esbuild");

const root = path.resolve(__dirname, "..");
const outfile = path.join(root, "dist/explorer/cli.js");
esbuild.buildSync({
  entryPoints: [path.join(root, "test/explorer/cli.ts")],
  bundle: true,
  platform: "node",
  target: "node20",
  packages: "external",
  outfile,
  logLevel: "warning",
});
process.env.CHECKPOINT_DISABLE = "1";
require(outfile);
