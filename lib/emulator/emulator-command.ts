// `cdktf-consumer-groups emulator [options]`: runs the emulator of every cloud API
// (emulated-clouds.ts) until it is stopped, printing one line per request. `emulator list`
// (list-command.ts) reads what it holds.

import { readFileSync } from "node:fs";
import { isRecord } from "../contract/fields";
import { UsageError, readStringOptions } from "./command-line";
import type { EmulatedCloud } from "./emulated-cloud";
import {
  EMULATED_CLOUDS,
  EMULATED_CLOUDS_HELP,
  type EmulatedCloudOptions,
} from "./emulated-clouds";
import { THROTTLE_VARIANTS, type FaultRule } from "./faults";
import { startEmulator } from "./server";
import { formatRequestLogLine } from "./emulator-http-exchange";
import { parseFaultRules } from "./faults";

/** The registry's clouds with their option keys, in its order. */
const CLOUDS = Object.entries(EMULATED_CLOUDS).map(([key, cloud]) => ({
  key,
  cloud: cloud as EmulatedCloud<unknown, unknown>,
}));
const RESOURCE_CLOUDS = CLOUDS.filter(({ cloud }) => cloud.config.role === "resources");
const CREDENTIAL_CLOUDS = CLOUDS.filter(({ cloud }) => cloud.config.role === "credentials");
const quoted = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join("|");
const RESOURCE_TITLES = RESOURCE_CLOUDS.map(({ cloud }) => cloud.title).join(" and ");

/** Keys and names anyone may use against a local emulator; never valid in a cloud. */
export const DEMO_EMULATOR_CONFIG = Object.fromEntries(
  CLOUDS.flatMap(({ key, cloud }) => (cloud.config.demo ? [[key, cloud.config.demo]] : [])),
) as EmulatedCloudOptions;

export const EMULATOR_SUMMARY = `run the local cloud API emulator (${RESOURCE_TITLES} consumer groups) until Ctrl-C`;

export const EMULATOR_USAGE =
  "emulator [--host H] [--port N] [--config file.json] [--state file.json] " +
  "[--faults file.json]\n" +
  "    --host    address to listen on (default 127.0.0.1)\n" +
  "    --port    port to listen on (default 0: any free port)\n" +
  EMULATED_CLOUDS_HELP.config +
  "    --state   state file, loaded if present and rewritten after each change\n" +
  "    --faults  JSON array of fault rules, active from the start (more can be added\n" +
  "              and removed at run time: GET|POST|DELETE /_emulator/faults). A rule:\n" +
  `              {"service"?: ${quoted(faultServices())}, "action"?: "CreateConsumerGroup" or a list of\n` +
  '              actions (one count across them), "after"?: N,\n' +
  '              "times"?: N|"always", "fault": F} where F is one of\n' +
  `              {"kind": "throttle", "variant"?: ${quoted(THROTTLE_VARIANTS)}}\n` +
  '              {"kind": "error", "status": 500, "code": "InternalServerError", "message"?}\n' +
  '              {"kind": "reset"}  {"kind": "commit-then-drop"}  {"kind": "skew", "ms": N}\n' +
  '              {"kind": "hang", "ms": N, "then"?: "close"|"answer"}\n' +
  "              after skips the first N matching calls (default 0); times is how many\n" +
  "              then fail (default 1)\n" +
  '    Prints "emulator listening on <url>", then one line per request: time, method, path,\n' +
  "    status (or dropped), request id. Set each construct's endpoint prop to <url> (one\n" +
  `    URL serves ${RESOURCE_TITLES}) and put the keys in the deploy's environment;\n` +
  "    `emulator list --url <url>` prints the groups it holds.\n" +
  "    Admin routes (unsigned): GET /_emulator/state, GET|DELETE /_emulator/calls (DELETE\n" +
  "    empties the call log only), POST /_emulator/reset (deletes EVERY group), DELETE\n" +
  `${EMULATED_CLOUDS_HELP.adminRoutes}; see docs/emulator.md`;

function faultServices(): string[] {
  return CLOUDS.flatMap(({ cloud }) => (cloud.faults ? [cloud.serviceName] : []));
}

/** Starts the emulator and keeps the process running until SIGINT or SIGTERM. */
export async function runEmulator(args: readonly string[]): Promise<"running"> {
  const flags = readStringOptions(args, ["host", "port", "config", "state", "faults"]);
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
    ...config,
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
/** The clouds' entries of a --config file, each checked by its cloud. */
function readConfig(file: string): EmulatedCloudOptions {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`--config ${file} cannot be read as JSON: ${(e as Error).message}`);
  }
  const entries = isRecord(value) ? value : {};
  const given = (key: string) => entries[key] !== undefined;
  const wrong = ({ key, cloud }: (typeof CLOUDS)[number]) =>
    given(key) && !cloud.config.looksRight(entries[key]);
  if (CREDENTIAL_CLOUDS.some(wrong)) {
    const shapes = CREDENTIAL_CLOUDS.map(
      ({ key, cloud }, i) =>
        `"${key}" ${i === 0 ? "must look like" : "like"} ${cloud.config.shape}`,
    );
    throw new UsageError(`--config ${file}: ${shapes.join(" and ")}`);
  }
  if (!RESOURCE_CLOUDS.some(({ key }) => given(key)) || RESOURCE_CLOUDS.some(wrong)) {
    const shapes = RESOURCE_CLOUDS.map(({ key, cloud }) => `"${key}": ${cloud.config.shape}`);
    const keys = RESOURCE_CLOUDS.map(({ key }) => key);
    throw new UsageError(
      `--config ${file} must look like {${shapes.join(", ")}} with ` +
        `${keys.join(", ")} or ${keys.length === 2 ? "both" : "several"}`,
    );
  }
  return Object.fromEntries(
    CLOUDS.filter(({ key }) => given(key)).map(({ key }) => [key, entries[key]]),
  ) as EmulatedCloudOptions;
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
