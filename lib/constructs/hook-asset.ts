// The bundled hook program (the folder dist/hook: the loader hook.js, the bundle and its V8
// code cache) as one TerraformAsset per stack. cdktf copies it into
// cdktf.out/stacks/<stack>/assets/…, and the hooks name hook.js by that relative path, which
// Terraform resolves against the stack directory (local-exec's working directory).

import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { AssetType, TerraformAsset, TerraformStack } from "./framework";
import type { IConstruct } from "constructs";

const PACKAGE_NAME = "cdktf-consumer-groups";
const ASSET_ID = "ConsumerGroupsHook";
const HOOK_DIR = path.join("dist", "hook");
const ENTRY = "hook.js";

/** `hookProgram` of each stack: cdktf computes an asset's path anew on every read. */
const programs = new WeakMap<TerraformStack, string>();

/** The hook program's path as the hooks name it (relative to the stack directory). */
export function hookProgram(scope: IConstruct): string {
  const stack = TerraformStack.of(scope);
  let program = programs.get(stack);
  if (program === undefined) {
    program = `${hookAsset(stack).path}/${ENTRY}`;
    programs.set(stack, program);
  }
  return program;
}

/** The stack's hook asset, created on first use. */
function hookAsset(stack: TerraformStack): TerraformAsset {
  const existing = stack.node.tryFindChild(ASSET_ID);
  if (existing) return existing as TerraformAsset;
  const dir = hookDirectory();
  return new TerraformAsset(stack, ASSET_ID, {
    path: dir,
    type: AssetType.DIRECTORY,
    assetHash: hookAssetHash(dir),
  });
}

/** The V8 code cache differs on every build of the same source (V8 does not promise otherwise). */
const DERIVED = /\.cache$/;

/**
 * The asset's hash, from the hook's sources only (file names and contents, the code cache
 * left out): the same code gives the same `assets/…/<hash>/hook.js` path in cdk.tf.json on
 * every build, so synth output is reproducible. 32 hex digits, like cdktf's own hash.
 */
export function hookAssetHash(dir: string): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort()) {
    if (DERIVED.test(name)) continue;
    hash
      .update(`${name}\0`)
      .update(readFileSync(path.join(dir, name)))
      .update("\0");
  }
  return hash.digest("hex").slice(0, 32).toUpperCase();
}

/**
 * For tests only: a folder holding another build of the hook program (its hook.js and bundle),
 * e.g. one that serves a cloud that exists only in the tests. Synth copies it instead of
 * dist/hook.
 */
export const TEST_HOOK_DIR_ENV = "CGAC_TEST_HOOK_DIR";

/** Absolute path of dist/hook in this package; throws when it has not been built. */
export function hookDirectory(): string {
  const root = packageRoot(__dirname);
  const override = process.env[TEST_HOOK_DIR_ENV];
  const dir = override ? path.resolve(override) : path.join(root, HOOK_DIR);
  if (!existsSync(path.join(dir, ENTRY))) {
    throw new Error(
      `${PACKAGE_NAME}: the hook program ${path.join(dir, ENTRY)} is missing. Run \`npm run build\` in ${root} to build it.`,
    );
  }
  return dir;
}

function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && readName(manifest) === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) {
      throw new Error(`${PACKAGE_NAME}: cannot find its package.json above ${from}`);
    }
  }
}

function readName(manifest: string): unknown {
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
}
