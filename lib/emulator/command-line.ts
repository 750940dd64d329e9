// Options of the `emulator` commands, read with node:util parseArgs; its errors are reworded as
// UsageErrors, which the command line prints with the command's usage and exit code 2.

import { parseArgs } from "node:util";

/** Wrong arguments: the message says which and why. */
export class UsageError extends Error {}

/**
 * The values of the named string options in `args` (each at most once; no positionals); throws
 * a UsageError naming an unknown option, a missing value or a stray argument.
 */
export function readStringOptions<Name extends string>(
  args: readonly string[],
  names: readonly Name[],
): Partial<Record<Name, string>> {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: Object.fromEntries(names.map((n) => [n, { type: "string" as const }])),
      allowPositionals: false,
      strict: true,
    });
    return values as Partial<Record<Name, string>>;
  } catch (e) {
    throw new UsageError(reword(e));
  }
}

/** parseArgs' messages, in this CLI's words. */
function reword(e: unknown): string {
  const { code, message = String(e) } = e as { code?: string; message?: string };
  const quoted = /'([^' ]*)/.exec(message)?.[1];
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${JSON.stringify(quoted)}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return `${quoted ?? "an option"} needs a value`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument ${JSON.stringify(quoted)}`;
    default:
      return message;
  }
}
