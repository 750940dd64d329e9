// Reads one credential variable from the environment of the run. A key copied with a space or
// a trailing newline (`echo` into a secret store) would otherwise fail later as a signature
// mismatch, or be refused by the HTTP client with no variable named.

import { HEADER_SAFE } from "../clients/http-exchange";
import { HookError, HookErrorCode } from "./errors";

/** The variable's value; undefined when unset or empty. Never puts the value in a message. */
export function readCredentialVariable(
  env: NodeJS.ProcessEnv,
  name: string,
  /** Where the variables must be set, in the words of the command that reads them. */
  where: string,
): string | undefined {
  const value = env[name];
  if (!value) return undefined;
  if (value.trim() !== value) {
    throw new HookError(
      HookErrorCode.MALFORMED_CREDENTIALS,
      `${name} has whitespace before or after the key (a space, tab or newline; the value is not shown)`,
      `Set ${name} to the key alone, without the whitespace, in ${where}.`,
    );
  }
  if (!HEADER_SAFE.test(value)) {
    throw new HookError(
      HookErrorCode.MALFORMED_CREDENTIALS,
      `${name} holds a character no key has (a space, control or non-ASCII character; the value is not shown)`,
      `Set ${name} to the key exactly as the console shows it, in ${where}.`,
    );
  }
  return value;
}
