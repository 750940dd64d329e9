// The emulator command as a user runs it: the built dist/lib/cli.js in a child process.

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";

export const CLI = path.resolve(__dirname, "../../dist/lib/cli.js");

/**
 * Starts `cli.js emulator <args>` per test and kills what is left after each test. Fails the
 * suite loudly when the CLI is not built.
 */
export function useEmulatorCli(): { start(args: string[]): ChildProcessWithoutNullStreams } {
  const children: ChildProcessWithoutNullStreams[] = [];
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  });
  return {
    start(args) {
      const child = spawn(process.execPath, [CLI, "emulator", ...args]);
      children.push(child);
      return child;
    },
  };
}

/** The URL of the one "emulator listening on <url>" line; rejects if the emulator exits first. */
export function listeningUrl(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const match = /^emulator listening on (http:\/\/\S+)\n$/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`the emulator exited ${code}: ${out}${err}`)));
  });
}
