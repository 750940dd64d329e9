// The cloud-neutral half of deletion protection: the apply-time override, and the refusal
// every cloud raises. Whether a group is in use is the cloud's business (services/<cloud>/).
//
// | protection   | override names the group | calls before DELETE       | outcome                 |
// |--------------|--------------------------|---------------------------|-------------------------|
// | OFF          | -                        | none                      | deleted                 |
// | ALWAYS       | no                       | one read (see below)      | refused                 |
// | ALWAYS       | yes                      | one read                  | deleted, logged loudly  |
// | WHEN_IN_USE  | no                       | one read                  | refused when in use,    |
// |              |                          |                           | else deleted            |
// | WHEN_IN_USE  | yes                      | one read (for the log)    | deleted, logged loudly  |
// One read = SLS GetCheckPoint (all shards); DMS the group list the delete makes anyway, with
// message counts. A group the read finds gone is "already gone", whatever the protection.
// (RETAIN groups never reach a delete: lib/hook/main.ts keeps them first.)

import {
  ALLOW_DELETE_ENV,
  FORGET_ENV,
  DeletionProtectionValue,
  type DeletionGuard,
} from "../contract/protection";
import { HookError, HookErrorCode } from "./errors";
import type { Reporter } from "./report";

/** Whether `CONSUMER_GROUPS_ALLOW_DELETE` (names, comma-separated, or `*`) lists this group. */
export function overrideAllows(env: NodeJS.ProcessEnv, name: string): boolean {
  return listsGroup(env, ALLOW_DELETE_ENV, name);
}

/** Whether `CONSUMER_GROUPS_FORGET` (names, comma-separated, or `*`) lists this group. */
export function forgetRequested(env: NodeJS.ProcessEnv, name: string): boolean {
  return listsGroup(env, FORGET_ENV, name);
}

/**
 * The way out of a delete that cannot be carried out, as a failure names it: forget the group
 * for one run. Never for a refusal by deletion protection, which has its own ways.
 */
export function forgetHint(name: string): string {
  return (
    `If the group was never created, or its endpoint or credentials are gone for good, set ` +
    `${FORGET_ENV}=${name} in the environment of one terraform run: the group is then no ` +
    "longer managed, and not deleted (delete it in the console if it exists and should go)."
  );
}

function listsGroup(env: NodeJS.ProcessEnv, variable: string, name: string): boolean {
  const value = env[variable];
  if (!value) return false;
  return value
    .split(",")
    .map((item) => item.trim())
    .some((item) => item === "*" || item === name);
}

/** What a cloud found that makes a group in use, e.g. "120 messages waiting". */
export interface InUseEvidence {
  /** One phrase, e.g. "shard 3 committed 42 s ago by consumer worker-7". */
  readonly summary: string;
  /** What the user can do about it (stop the consumers, let them drain). */
  readonly remedy: string;
}

/**
 * Decides a delete once the cloud has looked (or need not look): throws HOOK_DELETE_PROTECTED
 * when protection refuses, logs loudly when the override lets a protected delete through, and
 * returns when the caller may DELETE. `evidence` is undefined when the group is idle or was
 * not examined (OFF, ALWAYS).
 */
export function decideDelete(
  target: string,
  name: string,
  guard: DeletionGuard,
  evidence: InUseEvidence | undefined,
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
): void {
  const always = guard.deletionProtection === DeletionProtectionValue.ALWAYS;
  if (!always && !evidence) return;
  const why = always
    ? `deletionProtection is ALWAYS${evidence ? ` (and the group is in use: ${evidence.summary})` : ""}`
    : `the group is in use: ${evidence?.summary ?? ""}`;
  if (overrideAllows(env, name)) {
    reporter.info(
      `WARNING ${target}: ${ALLOW_DELETE_ENV}=${env[ALLOW_DELETE_ENV] ?? ""} overrides deletion ` +
        `protection (${why}); DELETING THE GROUP AND ITS CHECKPOINTS`,
    );
    return;
  }
  const proceed = always
    ? "Deploy the group with deletionProtection: OFF (or WHEN_IN_USE) first and then remove it"
    : `${evidence?.remedy ?? ""}, then re-run; or deploy the group with deletionProtection: OFF first and then remove it`;
  throw new HookError(
    HookErrorCode.DELETE_PROTECTED,
    `deletion protection refused to delete the group: ${why}`,
    `Nothing was deleted. ${proceed}; or, in an emergency, set ${ALLOW_DELETE_ENV}=${name} ` +
      `(or *) in the environment of the terraform run.`,
  );
}

/**
 * Whether the cloud reads the group before deleting (one read at most): for WHEN_IN_USE, and
 * for ALWAYS too, so that a group already gone is not refused and a refusal shows the evidence.
 */
export function needsInUseCheck(guard: DeletionGuard): boolean {
  return guard.deletionProtection !== DeletionProtectionValue.OFF;
}

/** What a cloud's delete needs to apply protection: the run's environment and clock. */
export interface GuardAccess {
  readonly env: NodeJS.ProcessEnv;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
}
