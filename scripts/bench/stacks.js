// Synthesizing the benchmark stacks (synth-app.js) and running Terraform on them. Every
// function takes the bench context: { root, work, env, emulator, sizes }.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const os = require("node:os");
const { timed } = require("./stats");
const { noCloudNetworkEnv } = require("../../test/support/no-cloud-network");

/** The bench's keys, which the emulator accepts. */
const KEY = { accessKeyId: "bench-key-id", accessKeySecret: "bench-key-secret" };
const DMS_KEY = { accessKey: "bench-ak", secretKey: "bench-sk" };

/**
 * A fresh work folder and the environment of every process the bench starts: the runner's own
 * cloud variables dropped, the credential chain kept on loopback, an empty Terraform CLI config.
 */
function benchWork() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "cgac-bench-"));
  const cliConfig = path.join(work, "terraformrc");
  fs.writeFileSync(cliConfig, "");
  const env = noCloudNetworkEnv(process.env, {
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_CLI_CONFIG_FILE: cliConfig,
    ALIBABA_CLOUD_ACCESS_KEY_ID: KEY.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEY.accessKeySecret,
    HW_ACCESS_KEY: DMS_KEY.accessKey,
    HW_SECRET_KEY: DMS_KEY.secretKey,
  });
  return { work, env };
}

const TF = ["-input=false", "-no-color"];
const INIT = ["init", ...TF];
const APPLY = ["apply", ...TF, "-auto-approve", "-parallelism=10"];
const DESTROY = ["destroy", ...TF, "-auto-approve", "-parallelism=10"];
const PLAN = ["plan", ...TF, "-parallelism=10"];
/** A plan that must find nothing to do: exit code 2 (changes) fails the bench. */
const PLAN_UNCHANGED = [...PLAN, "-detailed-exitcode"];

/** Synthesizes the app in a fresh process (synth-app.js); resolves with its ms. */
function synth(ctx, outdir, mode, n, endpoint, options = []) {
  return timed(
    process.execPath,
    [path.join(__dirname, "synth-app.js"), outdir, mode, String(n), endpoint, ...options],
    { env: ctx.env, cwd: ctx.root },
  );
}

function terraform(ctx, dir, args) {
  return timed("terraform", args, { env: ctx.env, cwd: dir });
}

function stackDir(outdir) {
  return path.join(outdir, "stacks", "bench");
}

/** Synthesizes `mode` into <work>/<name> against the emulator and runs init: its stack folder. */
async function initialized(ctx, name, mode, n, options = []) {
  const out = path.join(ctx.work, name);
  await synth(ctx, out, mode, n, ctx.emulator.url, options);
  const dir = stackDir(out);
  await terraform(ctx, dir, INIT);
  return dir;
}

/** Forgets the stack's state, so that the next apply creates everything again. */
function forget(dir) {
  for (const f of ["terraform.tfstate", "terraform.tfstate.backup"]) {
    fs.rmSync(path.join(dir, f), { force: true });
  }
}

function readStack(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
}

/** The resources of a synthesized stack folder, and the executor its shape shows. */
function shapeOf(dir) {
  const resources = readStack(dir).resource?.terraform_data ?? {};
  return {
    executor: "consumer_groups_reconciler" in resources ? "batched" : "per-group",
    resources: Object.keys(resources).length,
  };
}

/**
 * A copy of a per-group stack folder with every `ensure` hook run by `interpreter` instead (a
 * floor: the same plan with cheaper processes); `interpreter` null keeps the real hooks.
 * Fails unless it finds one ensure hook per group: a copy with fewer would measure nothing.
 */
function withEnsureHooks(ctx, from, name, interpreter, groups) {
  const dir = path.join(ctx.work, name);
  fs.cpSync(from, dir, { recursive: true });
  if (!interpreter) return dir;
  const file = path.join(dir, "cdk.tf.json");
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  let replaced = 0;
  for (const resource of Object.values(json.resource.terraform_data)) {
    for (const p of resource.provisioner ?? []) {
      const exec = p["local-exec"];
      if (exec.interpreter?.[2] === "ensure") {
        exec.interpreter = interpreter;
        exec.command = "noop";
        replaced++;
      }
    }
  }
  if (replaced !== groups) {
    throw new Error(`${from}: ${replaced} ensure hooks for ${groups} groups (not per-group?)`);
  }
  fs.writeFileSync(file, JSON.stringify(json));
  return dir;
}

module.exports = {
  APPLY,
  DESTROY,
  INIT,
  PLAN,
  PLAN_UNCHANGED,
  forget,
  initialized,
  readStack,
  shapeOf,
  stackDir,
  synth,
  terraform,
  withEnsureHooks,
  KEY,
  DMS_KEY,
  benchWork,
};
