#!/usr/bin/env node
// The package's command line: `cdktf-consumer-groups <command> [options]`. One entry per
// command in COMMANDS, so a later `check` command is one more entry.

import { readFileSync } from "node:fs";
import { startEmulator, type SlsEmulatorConfig } from "./emulator/server";

interface Command {
  readonly summary: string;
  readonly usage: string;
  run(args: string[]): Promise<number | "running">;
}

/** Keys and names anyone may use against a local emulator; never valid in a cloud. */
export const DEMO_EMULATOR_CONFIG: { sls: SlsEmulatorConfig } = {
  sls: {
    accessKeys: [{ accessKeyId: "demo-access-key-id", accessKeySecret: "demo-access-key-secret" }],
    projects: { "shop-prod": { logstores: ["orders", "payments", "audit"] } },
  },
};

const COMMANDS: Record<string, Command> = {
  emulator: {
    summary: "run the local cloud API emulator (SLS consumer groups) until Ctrl-C",
    usage:
      "emulator [--host H] [--port N] [--config file.json] [--state file.json]\n" +
      "    --host    address to listen on (default 127.0.0.1)\n" +
      "    --port    port to listen on (default 0: any free port)\n" +
      '    --config  JSON {"sls": {accessKeys, projects, ...}} (default: demo keys\n' +
      "              demo-access-key-id / demo-access-key-secret, project shop-prod\n" +
      "              with logstores orders, payments, audit)\n" +
      "    --state   state file, loaded if present and rewritten after each change",
    run: runEmulator,
  },
};

class UsageError extends Error {}

async function runEmulator(args: string[]): Promise<"running"> {
  const flags = parseFlags(args, ["host", "port", "config", "state"]);
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be an integer from 0 to 65535, got ${flags.port}`);
  }
  const config = flags.config === undefined ? DEMO_EMULATOR_CONFIG : readConfig(flags.config);
  const emulator = await startEmulator({
    port,
    ...(flags.host === undefined ? {} : { host: flags.host }),
    ...(flags.state === undefined ? {} : { statePath: flags.state }),
    sls: config.sls,
  });
  process.stdout.write(`emulator listening on ${emulator.url}\n`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return "running";
}

function readConfig(file: string): { sls: SlsEmulatorConfig } {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`--config ${file} cannot be read as JSON: ${(e as Error).message}`);
  }
  const sls = (value as { sls?: Partial<SlsEmulatorConfig> } | null)?.sls;
  if (!sls || !Array.isArray(sls.accessKeys) || typeof sls.projects !== "object") {
    throw new UsageError(
      `--config ${file} must look like {"sls": {"accessKeys": [{"accessKeyId", "accessKeySecret"}], ` +
        `"projects": {"<project>": {"logstores": ["<logstore>"]}}}}`,
    );
  }
  return { sls: sls as SlsEmulatorConfig };
}

function parseFlags(args: string[], known: string[]): Record<string, string | undefined> {
  const flags: Record<string, string | undefined> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    const [name, inline] = arg.startsWith("--") ? arg.slice(2).split(/=(.*)/s) : [undefined];
    if (name === undefined || !known.includes(name)) {
      throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    flags[name] = value;
  }
  return flags;
}

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => {
    const [synopsis, ...options] = c.usage.split("\n");
    return [`  cdktf-consumer-groups ${synopsis}`, `      ${c.summary}`, ...options].join("\n");
  });
  return `usage:\n${lines.join("\n")}\n  cdktf-consumer-groups --help\n`;
}

export async function main(argv: string[]): Promise<number | "running"> {
  const [name, ...args] = argv;
  if (name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return 0;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    process.stderr.write(
      `${name === undefined ? "no command given" : `unknown command ${JSON.stringify(name)}`}\n${usage()}`,
    );
    return 2;
  }
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(usage());
    return 0;
  }
  try {
    return await command.run(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n${usage()}`);
      return 2;
    }
    process.stderr.write(`${name} failed: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== "running") process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
