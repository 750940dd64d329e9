#!/usr/bin/env node
// Copies the hand-written declaration files under lib/ (*.d.ts) into dist/lib/, next to the
// ones tsc emits: tsc reads them but never writes them out (see lib/constructs/framework-types.d.ts).
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const from = path.join(root, "lib");
const to = path.join(root, "dist/lib");

for (const entry of fs.readdirSync(from, { recursive: true })) {
  if (!entry.endsWith(".d.ts")) continue;
  fs.mkdirSync(path.dirname(path.join(to, entry)), { recursive: true });
  fs.copyFileSync(path.join(from, entry), path.join(to, entry));
}
