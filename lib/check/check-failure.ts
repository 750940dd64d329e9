// A failed listing in `check` (or `repair --dry-run`), in the hook's words (runtime/failure.ts)
// with that command's next step.

import { Phase, formatFailure } from "../runtime/failure";
import { LiveReadError } from "../runtime/live-model";
import { CheckError } from "./model";

/** A CheckError for what a cloud's listing threw: a LiveReadError in the hook's words. */
export function checkFailure(e: unknown, phase: Phase = Phase.CHECK): CheckError {
  if (e instanceof CheckError) return e;
  if (!(e instanceof LiveReadError)) {
    return new CheckError(`listing failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const context = e.credentialVariables ? { credentialVariables: e.credentialVariables } : {};
  return new CheckError(formatFailure(`listing ${e.what}`, e.error, context, phase));
}
