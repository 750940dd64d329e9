#!/usr/bin/env node
// Records real deployments made by a build, for the upgrade test (test/e2e/upgrade.test.ts).
// For each app in test/fixtures/deployments/apps.ts that the recording's label lists
// (RECORDED_RELEASES there; every app for a label not listed) it synthesizes the stack with the
// BUILD's code, deploys it with real `terraform` against the emulator at the fixed origin named
// there, checks that a second plan has no changes, and saves
//
//   test/fixtures/deployments/<label>/<scenario>/cdk.tf.json          what the build synthesized
//   test/fixtures/deployments/<label>/<scenario>/terraform.tfstate    Terraform's state after the apply
//   test/fixtures/deployments/<label>/<scenario>/emulator-state.json  the emulator's groups and queues
//
// <label> is `v<version>` of the build's package.json unless --label names it: a build that is
// no release (main before a change, whose package.json names a version not released yet) is
// recorded under a name of its own, e.g. `--label main-pre15`.
//
// Usage (from this checkout; the build is a built checkout of its tag or commit):
//   git worktree add /tmp/cg-v0.1.0 v0.1.0 && (cd /tmp/cg-v0.1.0 && npm ci && npm run build)
//   CHECKPOINT_DISABLE=1 node scripts/record-deployment.js --release /tmp/cg-v0.1.0 [--only dms]
//   git worktree add /tmp/cg-pre15 pre-15 && (cd /tmp/cg-pre15 && npm ci && npm run build)
//   CHECKPOINT_DISABLE=1 node scripts/record-deployment.js --release /tmp/cg-pre15 --label main-pre15
// Without --release it records this checkout's own build. Existing recordings are overwritten.
//
// The saved files must hold no machine path and no secret: the script refuses to write them
// otherwise. Needs `terraform` on the PATH and the fixed loopback origin free.
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { noCloudNetworkEnv } = require("../test/support/no-cloud-network");
const esbuild = require("esbuild");

const root = path.resolve(__dirname, "..");
const APPS = path.join(root, "test/fixtures/deployments/apps.ts");
const SAVED = ["cdk.tf.json", "terraform.tfstate", "emulator-state.json"];

async function main() {
  const args = options(process.argv.slice(2));
  const release = path.resolve(args.release ?? root);
  const version = JSON.parse(fs.readFileSync(path.join(release, "package.json"), "utf8")).version;
  const label = args.label ?? `v${version}`;
  const outRoot = path.join(root, "test/fixtures/deployments", label);
  const apps = loadApps();
  const fromRelease = (p) => require(require.resolve(p, { paths: [release] }));
  const lib = require(path.join(release, "dist/lib/index.js"));
  const { startEmulator } = require(path.join(release, "dist/lib/emulator/server.js"));
  // The release's own cdktf: two copies of `constructs` in one app break synth.
  const cdktf = fromRelease("cdktf");

  const scenarios = apps
    .scenariosRecordedAs(label)
    .filter((s) => args.only === undefined || s.name === args.only);
  if (scenarios.length === 0) {
    throw new Error(`no scenario named ${JSON.stringify(args.only)} is recorded as ${label}`);
  }
  for (const scenario of scenarios) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "cg-record-"));
    try {
      const files = await record({ scenario, work, apps, lib, cdktf, startEmulator });
      const out = path.join(outRoot, scenario.name);
      const forbidden = [work, release, root, os.homedir(), os.tmpdir(), ...secretsOf(apps)];
      for (const [name, text] of Object.entries(files)) refuseLeaks(name, text, forbidden);
      fs.mkdirSync(out, { recursive: true });
      for (const [name, text] of Object.entries(files))
        fs.writeFileSync(path.join(out, name), text);
      console.log(`recorded ${scenario.name} (build ${version}) in ${path.relative(root, out)}`);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
}

/** Deploys one scenario in `work` and returns the files to save, by name. */
async function record({ scenario, work, apps, lib, cdktf, startEmulator }) {
  const statePath = path.join(work, "emulator-state.json");
  const emulator = await startEmulator({
    host: apps.RECORDED_HOST,
    port: apps.RECORDED_PORT,
    statePath,
    ...apps.emulatorConfig(),
  });
  try {
    const outdir = path.join(work, "cdktf.out");
    const app = new cdktf.App({ outdir, context: { ...scenario.context } });
    const stack = new cdktf.TerraformStack(app, scenario.name);
    new cdktf.LocalBackend(stack, { path: "terraform.tfstate" });
    apps.declareScenario(stack, scenario, lib);
    app.synth();

    const stackDir = path.join(outdir, "stacks", scenario.name);
    const cliConfig = path.join(work, "terraformrc");
    fs.writeFileSync(cliConfig, "");
    const env = noCloudNetworkEnv(
      {
        PATH: process.env.PATH,
        HOME: process.env.HOME ?? os.tmpdir(),
        CHECKPOINT_DISABLE: "1",
        TF_IN_AUTOMATION: "1",
        TF_CLI_CONFIG_FILE: cliConfig,
      },
      apps.hookCredentials(),
    );
    const tf = (...tfArgs) => terraform(stackDir, env, tfArgs);
    await tf("init", "-input=false", "-no-color").then(expectExit(0, "init"));
    await tf("apply", "-input=false", "-auto-approve", "-no-color").then(expectExit(0, "apply"));
    await tf("plan", "-input=false", "-no-color", "-detailed-exitcode").then(
      expectExit(0, "second plan (must be 'No changes')"),
    );
    if (!fs.existsSync(statePath)) throw new Error(`${scenario.name}: the emulator saved no state`);
    return Object.fromEntries(
      SAVED.map((name) => [
        name,
        fs.readFileSync(
          name === "emulator-state.json" ? statePath : path.join(stackDir, name),
          "utf8",
        ),
      ]),
    );
  } finally {
    await emulator.close();
  }
}

/** apps.ts (TypeScript) bundled with the test fixtures it imports; the library stays a parameter. */
function loadApps() {
  const { outputFiles } = esbuild.buildSync({
    entryPoints: [APPS],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    write: false,
  });
  const bundled = new module.constructor(APPS, module);
  bundled.paths = module.paths;
  bundled._compile(outputFiles[0].text, APPS);
  return bundled.exports;
}

function secretsOf(apps) {
  return Object.values(apps.hookCredentials()).filter((v) => /secret|token/i.test(v));
}

/** Throws when a file to save holds a machine path or a secret. */
function refuseLeaks(name, text, forbidden) {
  for (const value of forbidden) {
    if (value && value.length > 1 && text.includes(value)) {
      throw new Error(`${name} would hold ${JSON.stringify(value)}: not saved`);
    }
  }
}

function terraform(cwd, env, args) {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

function expectExit(expected, what) {
  return ({ code, output }) => {
    if (code !== expected) throw new Error(`terraform ${what} exited ${code}:\n${output}`);
  };
}

const USAGE =
  "usage: record-deployment.js [--release <built checkout>] [--label <name>] [--only <scenario>]";

/** --release, --label and --only, each with a value; anything else is a usage error. */
function options(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { release: { type: "string" }, label: { type: "string" }, only: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  }
  // One folder name under test/fixtures/deployments/: no path of its own, nothing hidden.
  if (values.label !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(values.label)) {
    throw new Error(`--label ${JSON.stringify(values.label)} is not a folder name\n${USAGE}`);
  }
  return values;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
