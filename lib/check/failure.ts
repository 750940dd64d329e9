// A failed listing in `check`, in the hook's words (hook/failure.ts) with the check's next step.

import { Phase, formatFailure } from "../hook/failure";
import { CheckError } from "./model";

/** Where `check` reads credentials from, as its messages say it. */
export const CHECK_ENVIRONMENT = "the environment of this command (and of the terraform run)";

export function checkFailure(
  what: string,
  e: unknown,
  credentialVariables: string | undefined,
): CheckError {
  if (e instanceof CheckError) return e;
  return new CheckError(
    formatFailure(
      `listing ${what}`,
      e,
      credentialVariables ? { credentialVariables } : {},
      Phase.CHECK,
    ),
  );
}
