#!/usr/bin/env node
// Builds dist/hook/, the folder the constructs ship as a TerraformAsset:
// - hook-bundle.js: lib/hook/bin.ts and everything it imports (undici included) in one file,
//   so a pipeline can synth in one job and apply in another with only `node` installed;
// - hook.js: the loader Terraform runs (scripts/hook-loader.js);
// - hook-bundle.js.cache: a V8 code cache made by one real run against the emulator, which
//   saves most of the compile time of each hook process. Needs `tsc` output (the emulator).
// It also writes dist/hook-meta.json, esbuild's list of every input of the bundle (outside
// dist/hook, so it is not packed); test/integration/hook-bundle.test.ts reads it.
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");

const root = path.resolve(__dirname, "..");
const out = path.join(root, "dist/hook");

/** `import … from "undici"` in the hook gets only the parts it uses (undici-lite.js). */
const undiciLite = {
  name: "undici-lite",
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({
      path: path.join(__dirname, "undici-lite.js"),
    }));
  },
};

/** undici's `require("node:http")`, `"node:http2"` and `"node:assert"` get hook-builtin-stubs.js. */
const builtinStubs = {
  name: "builtin-stubs",
  setup(build) {
    build.onResolve({ filter: /^node:(http2?|assert)$/ }, (args) =>
      /[\\/]undici[\\/]/.test(args.importer)
        ? { path: args.path.slice("node:".length), namespace: "stub" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "stub" }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(path.join(__dirname, "hook-builtin-stubs.js"))}).${args.path};`,
      resolveDir: __dirname,
      loader: "js",
    }));
  },
};

/** The esbuild options of the hook bundle; the test builds a planted entry with the same ones. */
function hookBuildOptions({ entry, outfile }) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
    plugins: [undiciLite, builtinStubs],
    metafile: true,
  };
}

async function main() {
  fs.rmSync(out, { recursive: true, force: true });
  const result = await esbuild.build(
    hookBuildOptions({
      entry: path.join(root, "lib/hook/bin.ts"),
      outfile: path.join(out, "hook-bundle.js"),
    }),
  );
  fs.writeFileSync(path.join(out, "../hook-meta.json"), JSON.stringify(result.metafile));
  fs.copyFileSync(path.join(__dirname, "hook-loader.js"), path.join(out, "hook.js"));
  await makeCodeCache();
}

/** Runs one `ensure` against the emulator with CGAC_CODE_CACHE_OUT set. */
async function makeCodeCache() {
  const serverModule = path.join(root, "dist/lib/emulator/server.js");
  if (!fs.existsSync(serverModule)) {
    console.warn("bundle-hook: dist/lib is not built (run tsc first); no code cache made");
    return;
  }
  const { startEmulator } = require(serverModule);
  const key = { accessKeyId: "cache-key", accessKeySecret: "cache-secret" };
  const emulator = await startEmulator({
    sls: { accessKeys: [key], projects: { "cache-project": { logstores: ["cache-logstore"] } } },
  });
  try {
    const payload = {
      v: 1,
      command: "ensure",
      identity: {
        v: "1",
        service: "sls",
        region: "cn-hangzhou",
        project: "cache-project",
        logstore: "cache-logstore",
        name: "cache",
      },
      settings: { timeout: 60, order: false },
      transport: {
        endpoint: emulator.url,
        region: "cn-hangzhou",
        allowInsecureHttp: false,
        requestTimeoutMs: 10000,
        deadlineMs: 30000,
      },
      credentials: [{ accessKeyId: "CACHE_AK", accessKeySecret: "CACHE_SK" }],
    };
    // Asynchronous: the emulator answers from this process.
    const code = await new Promise((resolve) => {
      const child = spawn(
        process.execPath,
        [path.join(out, "hook.js"), "ensure", JSON.stringify(payload)],
        {
          stdio: "ignore",
          env: {
            PATH: process.env.PATH,
            CACHE_AK: key.accessKeyId,
            CACHE_SK: key.accessKeySecret,
            CGAC_CODE_CACHE_OUT: path.join(out, "hook-bundle.js.cache"),
          },
        },
      );
      child.on("close", resolve);
    });
    if (code !== 0) throw new Error(`the code-cache run of the hook exited ${code}`);
  } finally {
    await emulator.close();
  }
}

module.exports = { hookBuildOptions };

if (require.main === module) {
  main().catch((e) => {
    console.error(`bundle-hook: ${e.message}`);
    process.exitCode = 1;
  });
}
