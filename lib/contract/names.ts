// Constants shared by the constructs (synth time) and the hook (apply time).
// This folder has no dependencies at all: both sides import it, nothing else couples them.

/**
 * Version of the hook payload format. Bump only with a parser for every older version: the
 * hook reads payloads and manifests that earlier releases left in Terraform state.
 * 1: release 0.1.0 (identities with a region). 2: identities without region.
 */
export const PAYLOAD_VERSION = 2;

/** This library's release (package.json `version`; a unit test keeps the two equal). */
export const LIBRARY_RELEASE = "0.2.0";

/**
 * The field in which a payload or stored manifest of a format newer than PAYLOAD_VERSION says
 * which release wrote it (`"by": "0.4.0"`). A release that bumps the format writes it (the
 * manifest is replaced by that bump anyway), so that an older hook meeting it, as after a
 * downgrade, names the release instead of asking for a synth that cannot help.
 */
export const RELEASE_FIELD = "by";

/** Subcommands of the hook program. */
export const HookCommand = {
  ENSURE: "ensure",
  DELETE: "delete",
} as const;
export type HookCommand = (typeof HookCommand)[keyof typeof HookCommand];

/** The manifest's subcommand: deletes the groups a stack no longer declares. */
export const PRUNE_COMMAND = "prune";
/** The reconciler's subcommand: ensures every group of a stack in one run. */
export const RECONCILE_COMMAND = "reconcile";

/** Every subcommand the hook program takes, for usage and error messages. */
export const HOOK_SUBCOMMANDS = [
  HookCommand.ENSURE,
  HookCommand.DELETE,
  PRUNE_COMMAND,
  RECONCILE_COMMAND,
] as const;

/** What a destroy does to the cloud group. Kept as plain strings so state stays readable. */
export const RemovalPolicyValue = {
  DESTROY: "DESTROY",
  RETAIN: "RETAIN",
} as const;
export type RemovalPolicyValue = (typeof RemovalPolicyValue)[keyof typeof RemovalPolicyValue];

/**
 * The environment variable through which Terraform hands the hook its payload (local-exec's
 * `environment`). The command line carries only a label (the group, the stack), which is what
 * Terraform's error box repeats when a hook fails. Releases up to 0.2.0 passed the payload as
 * the argument after the subcommand; the hook reads that form too.
 */
export const PAYLOAD_ENV = "CGAC_PAYLOAD";

/** Environment switch for verbose hook output (request lines, retries). Never prints secrets. */
export const DEBUG_ENV = "CGAC_DEBUG";
