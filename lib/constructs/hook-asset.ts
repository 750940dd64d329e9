// The bundled hook program (dist/hook/hook.js) as one TerraformAsset per stack. cdktf copies it
// into cdktf.out/stacks/<stack>/assets/…, and the hooks name it by that relative path, which
// Terraform resolves against the stack directory (local-exec's working directory).

import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { AssetType, TerraformAsset, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";

const PACKAGE_NAME = "cdktf-consumer-groups";
const ASSET_ID = "ConsumerGroupsHook";
const BUNDLE = path.join("dist", "hook", "hook.js");

/** The stack's hook asset, created on first use. */
export function hookAsset(scope: IConstruct): TerraformAsset {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(ASSET_ID);
  if (existing) return existing as TerraformAsset;
  return new TerraformAsset(stack, ASSET_ID, { path: hookBundlePath(), type: AssetType.FILE });
}

/** Absolute path of dist/hook/hook.js in this package; throws when it has not been built. */
export function hookBundlePath(): string {
  const root = packageRoot(__dirname);
  const bundle = path.join(root, BUNDLE);
  if (!existsSync(bundle)) {
    throw new Error(
      `${PACKAGE_NAME}: the hook bundle ${bundle} is missing. Run \`npm run build\` in ${root} to build it.`,
    );
  }
  return bundle;
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
