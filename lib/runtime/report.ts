// The hook's only output: one line per action, readable in the `cdktf deploy` log,
// with every known secret replaced by *** before anything is written.

import { redactMessage } from "../contract/redact";

export interface Reporter {
  /** One line a person reads: "sls cn-hangzhou/shop/orders/reader: created (request 5B0A…)". */
  info(line: string): void;
  /** Detail shown only with CGAC_DEBUG=1. */
  debug(line: string): void;
  error(line: string): void;
  /** Registers a value that must never be printed (secrets, tokens). */
  addSecret(value: string | undefined): void;
}

export interface ReporterOptions {
  readonly debug: boolean;
  readonly out?: (line: string) => void;
  readonly err?: (line: string) => void;
}

export function createReporter(options: ReporterOptions): Reporter {
  const secrets: string[] = [];
  const out = options.out ?? ((l: string) => process.stdout.write(l + "\n"));
  const err = options.err ?? ((l: string) => process.stderr.write(l + "\n"));
  const redact = (line: string): string => redactMessage(line, secrets);
  return {
    info: (line) => out(redact(line)),
    debug: (line) => {
      if (options.debug) err(redact(`debug: ${line}`));
    },
    error: (line) => err(redact(line)),
    addSecret: (value) => {
      // Very short values would blank out ordinary words; real secrets are long.
      if (value && value.length >= 4) secrets.push(value);
    },
  };
}
