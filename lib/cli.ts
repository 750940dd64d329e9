#!/usr/bin/env node
// The package's command line: `cdktf-consumer-groups <command> [subcommand] [options]`. One
// entry per command in COMMANDS; `<command> --help` prints that command's help only, `--help`
// every command's.

import { redactMessage } from "./contract/redact";
import { CHECK_SUMMARY, CHECK_USAGE, runCheck } from "./check/command";
import { REPAIR_SUMMARY, REPAIR_USAGE, runRepair } from "./check/repair";
import { HOOK_CLOUDS } from "./clouds/hook-clouds";
import { EMULATOR_SUMMARY, EMULATOR_USAGE, runEmulator } from "./emulator/emulator-command";
import { UsageError } from "./emulator/command-line";
import {
  EMULATOR_LIST_SUMMARY,
  EMULATOR_LIST_USAGE,
  runEmulatorList,
} from "./emulator/list-command";

interface Command {
  readonly summary: string;
  /** The synopsis line, then the option lines (indented by four). */
  readonly usage: string;
  run(args: readonly string[]): Promise<number | "running">;
  /** Chosen by the first argument, e.g. `emulator list`. */
  readonly subcommands?: Readonly<Record<string, Command>>;
}

const COMMANDS: Record<string, Command> = {
  emulator: {
    summary: EMULATOR_SUMMARY,
    usage: EMULATOR_USAGE,
    run: runEmulator,
    subcommands: {
      list: { summary: EMULATOR_LIST_SUMMARY, usage: EMULATOR_LIST_USAGE, run: runEmulatorList },
    },
  },
  check: {
    summary: CHECK_SUMMARY,
    usage: CHECK_USAGE,
    run: (args) => runCheck(HOOK_CLOUDS, args),
  },
  repair: {
    summary: REPAIR_SUMMARY,
    usage: REPAIR_USAGE,
    run: (args) => runRepair(HOOK_CLOUDS, args),
  },
};

/** `  cdktf-consumer-groups <synopsis>`, the summary, the options; then its subcommands'. */
function help(command: Command): string {
  const [synopsis, ...options] = command.usage.split("\n");
  const own = [`  cdktf-consumer-groups ${synopsis}`, `      ${command.summary}`, ...options];
  const subcommands = Object.values(command.subcommands ?? {}).map(help);
  return [...own, ...subcommands].join("\n");
}

function usage(commands: readonly Command[] = Object.values(COMMANDS)): string {
  const all = commands.length > 1 ? "\n  cdktf-consumer-groups --help" : "";
  return `usage:\n${commands.map(help).join("\n")}${all}\n`;
}

export async function main(argv: readonly string[]): Promise<number | "running"> {
  const [name, ...rest] = argv;
  if (name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return 0;
  }
  let command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    process.stderr.write(
      `${name === undefined ? "no command given" : `unknown command ${JSON.stringify(name)}`}\n${usage()}`,
    );
    return 2;
  }
  let args = rest;
  const sub = rest[0] === undefined ? undefined : command.subcommands?.[rest[0]];
  if (sub) [command, args] = [sub, rest.slice(1)];
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(usage([command]));
    return 0;
  }
  try {
    return await command.run(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${redactMessage(e.message)}\n${usage([command])}`);
      return 2;
    }
    const what = sub ? `${name} ${rest[0]}` : name;
    process.stderr.write(redactMessage(`${what} failed: ${(e as Error).message ?? String(e)}\n`));
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== "running") process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(redactMessage(`${String(e)}\n`));
      process.exitCode = 1;
    },
  );
}
