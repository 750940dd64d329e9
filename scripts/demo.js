#!/usr/bin/env node
// `npm run demo`: the example stack deployed with the real cdktf CLI and Terraform against
// the local emulator, offline. Starts the emulator, deploys, lists the groups, deploys again
// (nothing changes), destroys, lists again, stops the emulator.
// `node scripts/demo.js --outdir DIR` synthesizes into DIR instead of ./cdktf.out;
// `--app referenced-containers` deploys examples/referenced-containers/main.ts instead of
// examples/main.ts (its logstore and queue are resources of the stack).
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { noCloudNetworkEnv } = require("../test/support/no-cloud-network");

const root = path.resolve(__dirname, "..");
const cli = path.join(root, "dist/lib/cli.js");
const cdktf = path.join(root, "node_modules/.bin/cdktf");
/** Output read later rather than watched: a file, a pipe or a CI log. */
const piped = !process.stdout.isTTY || !["", "0", "false", undefined].includes(process.env.CI);

async function main() {
  const { values } = parseArgs({
    options: { outdir: { type: "string" }, app: { type: "string" } },
  });
  const example = values.app ? path.join(values.app, "main.js") : "main.js";
  if (values.app && !/^[a-z0-9-]+$/.test(values.app))
    throw new Error("--app names a folder of examples/");
  const outdir = path.resolve(root, values.outdir ?? "cdktf.out");
  // A leftover state from an interrupted run would not match a fresh emulator.
  fs.rmSync(outdir, { recursive: true, force: true });
  const cliConfig = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cgac-demo-")), "terraformrc");
  fs.writeFileSync(cliConfig, "");

  const emulator = await startEmulator();
  // The shell's own cloud variables are dropped and the credential chain kept on loopback: a
  // role ARN or an ECS instance around the demo must not send its keys anywhere.
  const env = noCloudNetworkEnv(process.env, {
    CGAC_SLS_ENDPOINT: emulator.url,
    CGAC_DMS_ENDPOINT: emulator.url,
    // The emulator's demo keys: made up, valid only there.
    ALIBABA_CLOUD_ACCESS_KEY_ID: "demo-access-key-id",
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: "demo-access-key-secret",
    HW_ACCESS_KEY: "demo-access-key-id",
    HW_SECRET_KEY: "demo-access-key-secret",
    CHECKPOINT_DISABLE: "1",
    TF_CLI_CONFIG_FILE: cliConfig,
    // Piped to a file or a CI log, the cdktf CLI's live view would print every spinner frame
    // and redraw as lines: CI=true makes it print each stack's output once, as it comes.
    ...(piped ? { CI: "true" } : {}),
  });
  // Terraform's colour codes are noise in a file; --no-color is the cdktf CLI's own switch.
  const cdktfFlags = [
    "--auto-approve",
    "--output",
    outdir,
    "--app",
    `node ${path.join("dist", "examples", example)}`,
    ...(piped ? ["--no-color"] : []),
  ];
  try {
    step(`emulator listening on ${emulator.url}`);
    step("cdktf deploy (first time: creates the groups)");
    await run(cdktf, ["deploy", ...cdktfFlags], env);
    await listGroups(emulator.url);

    step("cdktf deploy again (nothing to change)");
    await run(cdktf, ["deploy", ...cdktfFlags], env);

    step("cdktf destroy (deletes the groups)");
    await run(cdktf, ["destroy", ...cdktfFlags], env);
    await listGroups(emulator.url);
    step("demo finished");
  } finally {
    emulator.child.kill("SIGTERM");
  }
}

function step(text) {
  console.log(`\n=== ${text}`);
}

function startEmulator() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "emulator", "--port", "0"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`the emulator exited early (code ${code})`)));
    let seen = "";
    child.stdout.on("data", (d) => {
      seen += d.toString();
      const m = /emulator listening on (http:\/\/\S+)/.exec(seen);
      if (m) resolve({ url: m[1], child });
    });
  });
}

function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(command)} ${args.join(" ")} exited ${code}`)),
    );
  });
}

/** What the emulator holds, as `cdktf-consumer-groups emulator list` prints it. */
async function listGroups(url) {
  step(`cdktf-consumer-groups emulator list --url ${url}`);
  await run(process.execPath, [cli, "emulator", "list", "--url", url], process.env);
}

main().catch((e) => {
  console.error(`demo failed: ${e.message}`);
  process.exitCode = 1;
});
