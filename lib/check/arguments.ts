// The command line of `check` and `repair`: [path] [--stack NAME]... and boolean flags, read
// with node:util parseArgs; its errors are reworded for the usage line that follows them.

import { parseArgs } from "node:util";

export interface CommandArguments {
  /** The app's cdktf.out. @default "cdktf.out" */
  readonly outdir: string;
  /** Only these stacks; [] = every stack. */
  readonly stacks: string[];
  /** Each known flag: given or not. */
  readonly flags: Readonly<Record<string, boolean>>;
}

/** Throws an Error whose message says what is wrong with `args`. */
export function readCommandArguments(
  args: readonly string[],
  flags: readonly string[],
): CommandArguments {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        stack: { type: "string", multiple: true },
        ...Object.fromEntries(flags.map((f) => [f, { type: "boolean" as const }])),
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new Error(reword(e));
  }
  const { values, positionals } = parsed;
  const stacks = (values["stack"] ?? []) as string[];
  if (stacks.some((s) => s === "")) throw new Error("--stack needs a stack name");
  if (positionals.length > 1) {
    throw new Error(
      `expected at most one path, got ${positionals.length}: ${positionals.join(" ")}`,
    );
  }
  return {
    outdir: positionals[0] ?? "cdktf.out",
    stacks,
    flags: Object.fromEntries(flags.map((f) => [f, values[f] === true])),
  };
}

/** parseArgs' messages, in this CLI's words. */
function reword(e: unknown): string {
  const { code, message } = e as { code?: string; message?: string };
  const option = /'(-[^' ]*)/.exec(message ?? "")?.[1];
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${JSON.stringify(option)}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return option === "--stack"
        ? "--stack needs a stack name"
        : `${option ?? "an option"} takes no value`;
    default:
      return message ?? String(e);
  }
}
