// The hook program: `node hook.js <ensure|delete|prune|reconcile> '<json payload>'`, run by
// Terraform's local-exec through `interpreter` (no shell). Exit codes: 0 done, 1 the operation
// (or, for prune and reconcile, any group's) failed, 2 bad usage or payload.

import { DEBUG_ENV, HOOK_SUBCOMMANDS, HookCommand, RemovalPolicyValue } from "../contract/names";
import { PRUNE_COMMAND, planPrune, type PrunePlan } from "../contract/manifest";
import { PayloadError, parseHookPayload, type HookPayload } from "../contract/payload";
import { RECONCILE_COMMAND, parseReconcile, type EnsurePayload } from "../contract/reconcile";
import { HookErrorCode } from "./errors";
import { Phase, formatFailure, type FailureContext } from "./failure";
import { createReporter, type Reporter } from "./report";
import { reconcileGroups } from "./reconcile";
import { withSession } from "./session";
import { serviceFor } from "../services/registry";
import { targetOf } from "../contract/target";

const USAGE = `usage: hook.js <${HOOK_SUBCOMMANDS.join("|")}> '<json payload>'`;

export async function runHook(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
): Promise<number> {
  const [command, json, ...extra] = argv;
  if (!command || json === undefined || extra.length > 0) {
    reporter.error(`${HookErrorCode.BAD_USAGE}: ${USAGE}`);
    return 2;
  }
  if (!(HOOK_SUBCOMMANDS as readonly string[]).includes(command)) {
    reporter.error(
      `${HookErrorCode.BAD_USAGE}: unknown subcommand "${command}"; expected one of ${HOOK_SUBCOMMANDS.join(", ")}. ${USAGE}`,
    );
    return 2;
  }
  let payloads: HookPayload[];
  let reconcile: EnsurePayload[] | undefined;
  let declares: PrunePlan["declares"] | undefined;
  try {
    if (command === RECONCILE_COMMAND) payloads = reconcile = parseReconcile(json);
    else if (command === PRUNE_COMMAND) ({ candidates: payloads, declares } = planPrune(json));
    else payloads = [parseHookPayload(command, json)];
  } catch (e) {
    if (!(e instanceof PayloadError)) throw e;
    const hint = e.hint ?? "This payload is written by the construct; synth again.";
    reporter.error(`${e.code}: ${e.message}. ${hint}`);
    return 2;
  }
  if (reconcile) return runReconcile(reconcile, env, reporter);
  // A prune deletes every group that left the configuration; one failure does not stop the
  // others, and the run fails so that Terraform runs the prune again next time.
  if (command === PRUNE_COMMAND && payloads.length === 0) {
    reporter.info("manifest: every group it lists is still declared in the app; nothing to delete");
  }
  let failed = 0;
  for (const payload of payloads) {
    const context: FailureContext = {};
    try {
      await runPayload(payload, env, reporter, context, declares);
    } catch (e) {
      // A prune runs in an apply that replaces the manifest, or in a destroy.
      const phase = command === PRUNE_COMMAND ? Phase.APPLY_OR_DESTROY : undefined;
      reporter.error(describeFailure(payload, e, context, phase));
      failed++;
    }
  }
  return failed === 0 ? 0 : 1;
}

/**
 * Every declared group of a stack in one run (lib/hook/reconcile.ts). As for a prune, one
 * failure does not stop the others, and the run fails so that Terraform runs it again.
 */
async function runReconcile(
  payloads: EnsurePayload[],
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
): Promise<number> {
  if (payloads.length === 0) {
    reporter.info("reconcile: the stack declares no groups; nothing to do");
    return 0;
  }
  const startedAt = Date.now();
  const summary = await reconcileGroups(payloads, env, reporter, (payload, e, context) =>
    reporter.error(describeFailure(payload, e, context)),
  );
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  reporter.info(
    `reconcile: ${summary.groups} groups: ${summary.changed} created or updated, ` +
      `${summary.inSync} in sync, ${summary.failed} failed (${seconds} s)`,
  );
  return summary.failed === 0 ? 0 : 1;
}

async function runPayload(
  payload: HookPayload,
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  context: FailureContext,
  /** For a prune: whether the app still declares a group (checked again under other spellings). */
  declares?: PrunePlan["declares"],
): Promise<void> {
  if (
    payload.command === HookCommand.DELETE &&
    payload.removalPolicy === RemovalPolicyValue.RETAIN
  ) {
    reporter.info(
      `${targetOf(payload.identity, payload.transport.region)}: kept (RETAIN), not deleted`,
    );
    return;
  }
  const onCredentials = (variables: string) => {
    context.credentialVariables = variables;
  };
  await withSession(payload.transport, reporter, (session) =>
    serviceFor(payload.identity.service).run(payload, {
      env,
      session,
      onCredentials,
      ...(declares ? { declares } : {}),
    }),
  );
}

/** One failed payload as the hook prints it; the next step follows from its command. */
export function describeFailure(
  payload: HookPayload | EnsurePayload,
  e: unknown,
  context: FailureContext,
  phase: Phase = payload.command === HookCommand.DELETE ? Phase.DESTROY : Phase.APPLY,
): string {
  const what = `${payload.command} ${targetOf(payload.identity, payload.transport.region)}`;
  return formatFailure(what, e, context, phase);
}

/** The program: runs the command line's hook and exits with its code. */
export function main(): void {
  const reporter = createReporter({ debug: process.env[DEBUG_ENV] === "1" });
  runHook(process.argv.slice(2), process.env, reporter).then(exitAfterFlush, (e: unknown) => {
    reporter.error(`unexpected failure: ${e instanceof Error ? e.message : String(e)}`);
    exitAfterFlush(1);
  });
}

/**
 * Exits as soon as the output is written. undici keeps the event loop alive for up to a
 * second after its dispatcher is closed (its internal timers), which a hook run per group
 * would pay on every apply.
 */
function exitAfterFlush(code: number): void {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
