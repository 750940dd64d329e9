// What the consumer test (test/consumer/) does to the library and to a user's app: pack the
// library the way `npm pack` on a clean clone does, lay an app fixture out in a temp dir, install
// it from its lockfile plus the tarball, and run commands in it. Everything runs asynchronously,
// so that the emulator in the test process keeps answering the hooks Terraform starts.

import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const APPS_DIR = path.join(REPO_ROOT, "test/consumer/apps");

/** One npm cache for every run on this machine: a second run installs without the registry. */
const NPM_CACHE = path.join(os.tmpdir(), "cdktf-consumer-groups-npm-cache");
const NPM_FLAGS = ["--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];

export interface CommandRun {
  readonly code: number | null;
  /** stdout and stderr, interleaved as they came. */
  readonly output: string;
  readonly stdout: string;
}

/** Runs a command to its end; never rejects for a non-zero exit (the caller asserts). */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output, stdout }));
  });
}

/** Fails with the command's whole output, so a red test says why. */
export function expectExit0(run: CommandRun, what: string): string {
  if (run.code !== 0) throw new Error(`${what} exited ${run.code}:\n${run.output}`);
  return run.output;
}

/**
 * The environment for npm: the runner's, less the `npm_*` variables of the `npm test` around
 * us (npm_config_local_prefix would point a child npm back at this repository), plus the
 * shared cache. The registry settings (npm_config_registry, user config) are kept.
 *
 * `omit-lockfile-registry-resolved` is set back to npm's default (false): a machine whose user
 * config turns it on writes lockfiles without `resolved`, and npm then re-fetches every
 * dist-tag dependency on the next install (cdktf-cli 0.20's tree has `typescript@next`), which
 * fails against a registry that serves no `next` tag. Users' npm records `resolved`.
 */
export function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = new Set(["npm_config_registry", "npm_config_userconfig", "npm_config_globalconfig"]);
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.toLowerCase().startsWith("npm_") || keep.has(name.toLowerCase())) env[name] = value;
  }
  return {
    ...env,
    npm_config_cache: NPM_CACHE,
    npm_config_update_notifier: "false",
    npm_config_omit_lockfile_registry_resolved: "false",
    ...extra,
  };
}

export interface PackedLibrary {
  /** Absolute path of the .tgz. */
  readonly tarball: string;
  /** Paths inside the package, as `npm pack --json` lists them. */
  readonly files: readonly string[];
}

/**
 * `npm pack` of a clean copy of the repository: the files git would check out (tracked, or new
 * and not ignored), no dist/, the repository's node_modules linked in for the build tools. So
 * the tarball is what a clean clone gives, and the `prepare` script is what builds it.
 */
export async function packLibrary(workDir: string): Promise<PackedLibrary> {
  const copy = path.join(workDir, "library");
  const listed = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    { cwd: REPO_ROOT, encoding: "utf8" },
  );
  for (const file of listed.split("\0")) {
    if (file === "" || !existsSync(path.join(REPO_ROOT, file))) continue;
    mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    copyFileSync(path.join(REPO_ROOT, file), path.join(copy, file));
  }
  if (existsSync(path.join(copy, "dist"))) throw new Error("the clean copy has a dist/ folder");
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
  const out = path.join(workDir, "packed");
  mkdirSync(out);
  const run = await runCommand("npm", ["pack", "--json", "--pack-destination", out], {
    cwd: copy,
    env: npmEnv(),
  });
  expectExit0(run, "npm pack");
  // The build that `prepare` runs prints its own lines to stdout before the JSON.
  const packed = run.stdout.slice(run.stdout.search(/^\[/m));
  const json = JSON.parse(packed) as {
    filename: string;
    files: { path: string }[];
  }[];
  const [entry] = json;
  if (!entry) throw new Error(`npm pack printed no package:\n${packed}`);
  return { tarball: path.join(out, entry.filename), files: entry.files.map((f) => f.path) };
}

/** Copies the app fixture (no node_modules, no build output) into a new temp dir. */
export function layOutApp(name: string, workDir: string): string {
  const from = path.join(APPS_DIR, name);
  const dir = path.join(workDir, name);
  mkdirSync(dir);
  for (const file of readdirSync(from)) copyFileSync(path.join(from, file), path.join(dir, file));
  return dir;
}

/**
 * `npm ci` from the app's committed lockfile, then `npm install <tarball>` as a user would: the
 * temp copy's package.json and lockfile gain the library, every other version stays as locked.
 */
export async function installApp(dir: string, tarball: string): Promise<void> {
  const env = npmEnv();
  expectExit0(await runCommand("npm", ["ci", ...NPM_FLAGS], { cwd: dir, env }), "npm ci");
  expectExit0(
    await runCommand("npm", ["install", ...NPM_FLAGS, tarball], { cwd: dir, env }),
    "npm install <tarball>",
  );
}

interface NpmLsNode {
  version?: string;
  dependencies?: Record<string, NpmLsNode>;
}

/** Every version of each of `names` anywhere in the app's tree (`npm ls --all --json`). */
export async function installedVersions(
  dir: string,
  names: readonly string[],
): Promise<{ versions: Record<string, string[]>; text: string }> {
  const env = npmEnv();
  const ls = await runCommand("npm", ["ls", ...names, "--all", "--json"], { cwd: dir, env });
  expectExit0(ls, "npm ls --json");
  const json = ls.stdout;
  const versions: Record<string, string[]> = Object.fromEntries(names.map((n) => [n, []]));
  const visit = (deps: Record<string, NpmLsNode> | undefined) => {
    for (const [name, node] of Object.entries(deps ?? {})) {
      const seen = versions[name];
      if (seen && node.version && !seen.includes(node.version)) seen.push(node.version);
      visit(node.dependencies);
    }
  };
  visit((JSON.parse(json) as NpmLsNode).dependencies);
  const text = (await runCommand("npm", ["ls", ...names, "--all"], { cwd: dir, env })).output;
  return { versions, text };
}
