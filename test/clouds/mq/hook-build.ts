// The test build of the hook program: hook-entry.ts (every registered cloud plus MQ) bundled
// with the same esbuild options as dist/hook, next to the same loader (hook.js). Synth copies
// this folder instead of dist/hook when CGAC_TEST_HOOK_DIR names it. No V8 code cache: the
// loader compiles the bundle as usual without one.

import { copyFileSync, mkdtempSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as esbuild from "esbuild";

const root = path.resolve(__dirname, "../../..");

/** Builds the hook with MQ into a new temp folder and returns the folder. */
export async function buildMqHook(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cgac-mq-hook-"));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { hookBuildOptions } = require(path.join(root, "scripts/bundle-hook.js")) as {
    hookBuildOptions(args: { entry: string; outfile: string }): esbuild.BuildOptions;
  };
  await esbuild.build(
    hookBuildOptions({
      entry: path.join(__dirname, "hook-entry.ts"),
      outfile: path.join(dir, "hook-bundle.js"),
    }),
  );
  copyFileSync(path.join(root, "scripts/hook-loader.js"), path.join(dir, "hook.js"));
  return dir;
}
