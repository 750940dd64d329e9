#!/usr/bin/env node
// dist/hook/hook.js: loads the bundled hook (hook-bundle.js) with the V8 code cache made at
// build time (hook-bundle.js.cache), which saves most of the compile time of a cold start.
// A cache from another Node version is rejected by V8 and the bundle compiles as usual.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const Module = require("node:module");

// undici parses HTTP with a WebAssembly module. V8 tiers hot wasm functions up in background
// threads, and a process waits for that work before it exits: ~200 ms on every hook run for
// code that runs once. The baseline compiler alone (--liftoff-only) is plenty for a few
// requests. Not on the command line: a V8 flag there makes Node reject its embedded code cache
// for built-in modules (node:net loads in ~11 ms instead of ~3 ms). The check is for a user who
// passes it anyway.
if (!process.execArgv.includes("--liftoff-only"))
  require("node:v8").setFlagsFromString("--liftoff-only");

const file = path.join(__dirname, "hook-bundle.js");
let cachedData;
try {
  cachedData = fs.readFileSync(`${file}.cache`);
} catch {
  cachedData = undefined; // no cache: compile as usual
}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), {
  filename: file,
  cachedData,
});
if (process.env.CGAC_CODE_CACHE_OUT) {
  // Build time only: after a real run, the cache holds the functions that run compiled.
  process.on("exit", () =>
    fs.writeFileSync(process.env.CGAC_CODE_CACHE_OUT, script.createCachedData()),
  );
}
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, require, bundle, file, __dirname);
