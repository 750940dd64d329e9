#!/usr/bin/env node
// The package's command line: `cdktf-consumer-groups <command> [options]`. One entry per
// command in COMMANDS, so a later `check` command is one more entry.

import { readFileSync } from "node:fs";
import { redactMessage } from "./contract/redact";
import { CHECK_SUMMARY, CHECK_USAGE, runCheck } from "./check/command";
import { REPAIR_SUMMARY, REPAIR_USAGE, runRepair } from "./check/repair";
import {
  formatRequestLogLine,
  parseFaultRules,
  startEmulator,
  type DmsEmulatorConfig,
  type FaultRule,
  type SlsEmulatorConfig,
} from "./emulator/server";

interface Command {
  readonly summary: string;
  readonly usage: string;
  run(args: string[]): Promise<number | "running">;
}

interface EmulatorConfigFile {
  sls?: SlsEmulatorConfig;
  dms?: DmsEmulatorConfig;
}

/** Keys and names anyone may use against a local emulator; never valid in a cloud. */
export const DEMO_EMULATOR_CONFIG: { sls: SlsEmulatorConfig; dms: DmsEmulatorConfig } = {
  sls: {
    accessKeys: [{ accessKeyId: "demo-access-key-id", accessKeySecret: "demo-access-key-secret" }],
    projects: { "shop-prod": { logstores: ["orders", "payments", "audit"] } },
  },
  dms: {
    projects: {
      "0a1b2c3d4e5f40718293a4b5c6d7e8f9": {
        queues: [
          { name: "billing", id: "3f9c2a7e-5b1d-4c8e-9a6f-0d2b4e6c8a10" },
          { name: "shipping", id: "7a1e4c9b-2d6f-4b3a-8e5c-1f0a9d7b3c62" },
        ],
      },
    },
    accessKeys: [{ accessKey: "demo-access-key-id", secretKey: "demo-access-key-secret" }],
    tokens: ["demo-iam-token"],
    groupInitDelayMs: 1000,
  },
};

const COMMANDS: Record<string, Command> = {
  emulator: {
    summary: "run the local cloud API emulator (SLS and DMS consumer groups) until Ctrl-C",
    usage:
      "emulator [--host H] [--port N] [--config file.json] [--state file.json] " +
      "[--faults file.json]\n" +
      "    --host    address to listen on (default 127.0.0.1)\n" +
      "    --port    port to listen on (default 0: any free port)\n" +
      '    --config  JSON {"sls": {accessKeys, projects, ...}, "dms": {projects, accessKeys,\n' +
      "              tokens, ...}} (default: demo keys demo-access-key-id /\n" +
      "              demo-access-key-secret; SLS project shop-prod with logstores orders,\n" +
      "              payments, audit; DMS project 0a1b2c3d4e5f40718293a4b5c6d7e8f9 with\n" +
      "              queues billing, shipping, IAM token demo-iam-token)\n" +
      "    --state   state file, loaded if present and rewritten after each change\n" +
      "    --faults  JSON array of fault rules, active from the start (more can be added\n" +
      "              and removed at run time: GET|POST|DELETE /_emulator/faults). A rule:\n" +
      '              {"service"?: "sls"|"dms", "action"?: "CreateConsumerGroup" or a list of\n' +
      '              actions (one count across them), "after"?: N,\n' +
      '              "times"?: N|"always", "fault": F} where F is one of\n' +
      '              {"kind": "throttle", "variant"?: "quota"|"server-busy"|"gateway"|"dms-404"}\n' +
      '              {"kind": "error", "status": 500, "code": "InternalServerError", "message"?}\n' +
      '              {"kind": "reset"}  {"kind": "commit-then-drop"}  {"kind": "skew", "ms": N}\n' +
      '              {"kind": "hang", "ms": N, "then"?: "close"|"answer"}\n' +
      "              after skips the first N matching calls (default 0); times is how many\n" +
      "              then fail (default 1)\n" +
      "    Prints one line per request: time, method, path, status (or dropped), request id.\n" +
      "    Admin routes (unsigned): GET /_emulator/state, GET|DELETE /_emulator/calls (DELETE\n" +
      "    empties the call log only), POST /_emulator/reset (deletes EVERY group), DELETE\n" +
      "    /_emulator/sls/groups/{project}/{logstore}/{group}, DELETE\n" +
      "    /_emulator/dms/groups/{projectId}/{queue}/{group}, GET|PUT\n" +
      "    /_emulator/sls/checkpoints/..., PUT /_emulator/dms/messages/...; see docs/emulator.md",
    run: runEmulator,
  },
  check: {
    summary: CHECK_SUMMARY,
    usage: CHECK_USAGE,
    run: (args) => runCheck(args),
  },
  repair: {
    summary: REPAIR_SUMMARY,
    usage: REPAIR_USAGE,
    run: (args) => runRepair(args),
  },
};

class UsageError extends Error {}

async function runEmulator(args: string[]): Promise<"running"> {
  const flags = parseFlags(args, ["host", "port", "config", "state", "faults"]);
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be an integer from 0 to 65535, got ${flags.port}`);
  }
  const config = flags.config === undefined ? DEMO_EMULATOR_CONFIG : readConfig(flags.config);
  const faults = flags.faults === undefined ? undefined : readFaults(flags.faults);
  const emulator = await startEmulator({
    port,
    ...(flags.host === undefined ? {} : { host: flags.host }),
    ...(flags.state === undefined ? {} : { statePath: flags.state }),
    ...(config.sls === undefined ? {} : { sls: config.sls }),
    ...(config.dms === undefined ? {} : { dms: config.dms }),
    ...(faults === undefined ? {} : { faults }),
    onRequest: (entry) => process.stdout.write(`${formatRequestLogLine(entry)}\n`),
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

function readConfig(file: string): EmulatorConfigFile {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`--config ${file} cannot be read as JSON: ${(e as Error).message}`);
  }
  const { sls, dms } = (value ?? {}) as {
    sls?: Partial<SlsEmulatorConfig>;
    dms?: Partial<DmsEmulatorConfig>;
  };
  const slsOk = sls === undefined || (Array.isArray(sls.accessKeys) && isObject(sls.projects));
  const dmsOk =
    dms === undefined ||
    (isObject(dms.projects) &&
      Object.values(dms.projects).every((p) => Array.isArray(p?.queues)) &&
      (dms.accessKeys === undefined || Array.isArray(dms.accessKeys)) &&
      (dms.tokens === undefined || Array.isArray(dms.tokens)));
  if ((sls === undefined && dms === undefined) || !slsOk || !dmsOk) {
    throw new UsageError(
      `--config ${file} must look like {"sls": {"accessKeys": [{"accessKeyId", "accessKeySecret"}], ` +
        `"projects": {"<project>": {"logstores": ["<logstore>"]}}}, "dms": {"projects": ` +
        `{"<project id>": {"queues": [{"name", "id"?}]}}, "accessKeys": [{"accessKey", ` +
        `"secretKey"}], "tokens": ["<IAM token>"]}} with sls, dms or both`,
    );
  }
  return {
    ...(sls === undefined ? {} : { sls: sls as SlsEmulatorConfig }),
    ...(dms === undefined ? {} : { dms: dms as DmsEmulatorConfig }),
  };
}

function readFaults(file: string): FaultRule[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`--faults ${file} cannot be read as JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(value)) {
    throw new UsageError(`--faults ${file} must hold a JSON array of fault rules`);
  }
  try {
    return parseFaultRules(value);
  } catch (e) {
    throw new UsageError(`--faults ${file}: ${(e as Error).message}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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
      process.stderr.write(`${redactMessage(e.message)}\n${usage()}`);
      return 2;
    }
    process.stderr.write(redactMessage(`${name} failed: ${(e as Error).message ?? String(e)}\n`));
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
