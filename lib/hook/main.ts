// The hook program: `node hook.js <ensure|delete|prune|reconcile> '<label>'` with the payload in
// the environment variable CGAC_PAYLOAD, run by Terraform's local-exec through `interpreter` (no
// shell). The label only says what the run works on (Terraform repeats it when the hook fails).
// Releases up to 0.2.0 passed the payload itself as that argument, which is still read: a JSON
// object, or compacted JSON (compact.ts). Exit codes: 0 done, 1 the operation (or, for prune and
// reconcile, any group's) failed, 2 bad usage or payload.

import {
  DEBUG_ENV,
  HOOK_SUBCOMMANDS,
  HookCommand,
  PAYLOAD_ENV,
  PRUNE_COMMAND,
  RECONCILE_COMMAND,
  RemovalPolicyValue,
} from "../contract/names";
import { copiesOf, planPrune, type PrunePlan } from "../contract/manifest";
import { parseHookPayload } from "../contract/payload";
import { COMPACT_PREFIX } from "../contract/compact";
import { parseReconcile } from "../contract/reconcile-payload";
import { expand } from "../contract/compact";
import { explainRefError, splitRefs, substituteRefs, type Refs } from "../contract/refs";
import { HookError, HookErrorCode, isHookError } from "../runtime/errors";
import { forgetHint, forgetRequested } from "../runtime/deletion-guard";
import { FORGET_ENV } from "../contract/protection";
import { Phase, formatFailure, type FailureContext } from "../runtime/failure";
import { createReporter, type Reporter } from "../runtime/report";
import { reconcileGroups } from "./reconcile-command";
import { withSession } from "../runtime/session";
import { serviceFor, type CloudService } from "../runtime/cloud-service";
import { targetOf } from "../contract/target";
import { PayloadError } from "../contract/payload-error";
import type { HookPayload, EnsurePayload } from "../contract/payload-types";

const USAGE =
  `usage: hook.js <${HOOK_SUBCOMMANDS.join("|")}> '<label>' with the payload in ${PAYLOAD_ENV}, ` +
  `or hook.js <subcommand> '<json payload>'`;

/** Whether a command-line argument is a payload (the form of releases up to 0.2.0). */
function isPayloadArgument(argument: string): boolean {
  return argument.trimStart().startsWith("{") || argument.startsWith(COMPACT_PREFIX);
}

export async function runHook(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  clouds: readonly CloudService[],
): Promise<number> {
  const [command, argument, ...extra] = argv;
  const json = argument !== undefined && isPayloadArgument(argument) ? argument : env[PAYLOAD_ENV];
  if (!command || argument === undefined || json === undefined || extra.length > 0) {
    reporter.error(`${HookErrorCode.BAD_USAGE}: ${USAGE}`);
    return 2;
  }
  if (!(HOOK_SUBCOMMANDS as readonly string[]).includes(command)) {
    reporter.error(
      `${HookErrorCode.BAD_USAGE}: unknown subcommand "${command}"; expected one of ${HOOK_SUBCOMMANDS.join(", ")}. ${USAGE}`,
    );
    return 2;
  }
  let payload: HookPayload | undefined;
  let reconcile: EnsurePayload[] | undefined;
  let prune: PrunePlan | undefined;
  let refs: Refs | undefined;
  try {
    // Identity parts given as references arrive in a table beside the payload (refs.ts).
    const split = splitRefs(json);
    refs = split.refs;
    const text = refs ? substituteRefs(expand(split.payload), refs) : split.payload;
    if (command === HookCommand.DELETE && unknowable(text)) {
      reporter.info(
        "delete: Terraform state holds no identity for this group's resource (it was imported " +
          "with `terraform import`), and its identity holds a reference, which a destroy hook " +
          "cannot read: nothing deleted (`check --strict` lists a group left behind)",
      );
      return 0;
    }
    if (command === RECONCILE_COMMAND) reconcile = parseReconcile(text, clouds);
    else if (command === PRUNE_COMMAND) prune = planPrune(text, clouds);
    else payload = parseHookPayload(command, text, clouds);
  } catch (caught) {
    const e = explainRefError(caught, refs);
    if (!(e instanceof PayloadError)) throw e;
    const hint = e.hint ?? "This payload is written by the construct; synth again.";
    reporter.error(`${e.code}: ${e.message}. ${hint}`);
    return 2;
  }
  if (reconcile) return runReconcile(reconcile, env, reporter, clouds);
  if (prune) return runPrune(prune, env, reporter, clouds);
  const context: FailureContext = {};
  try {
    await runPayload(payload!, env, reporter, clouds, context);
    return 0;
  } catch (e) {
    reporter.error(describeFailure(payload!, e, context));
    return 1;
  }
}

/**
 * Deletes every group that left the configuration. One failure does not stop the others, and
 * the run fails so that Terraform keeps the manifest and runs the prune again next time. A
 * group another group of the app copies its checkpoints from goes last, and only once each
 * copy exists and holds its checkpoints (this run creates and fills it first): a rename with
 * `copyCheckpointsFrom` in one apply keeps the checkpoints.
 */
async function runPrune(
  plan: PrunePlan,
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  clouds: readonly CloudService[],
): Promise<number> {
  const { candidates, declares, copies } = plan;
  if (plan.imported) {
    reporter.info(
      "manifest: the one in Terraform state lists no groups (made by terraform import); " +
        "nothing to delete. Groups removed from the code before this apply stay in the cloud " +
        "unmanaged: `npx cdktf-consumer-groups check cdktf.out --strict` lists them",
    );
  } else if (candidates.length === 0) {
    reporter.info("manifest: every group it lists is still declared in the app; nothing to delete");
  }
  const copiedFrom = (p: HookPayload) =>
    p.command === HookCommand.DELETE &&
    p.removalPolicy !== RemovalPolicyValue.RETAIN &&
    !forgetRequested(env, p.identity.name)
      ? copiesOf(p.identity, copies, clouds)
      : [];
  // Sources last: other deletes may free the slot a copy needs (a logstore holds 30 groups).
  const ordered = [
    ...candidates.filter((p) => copiedFrom(p).length === 0),
    ...candidates.filter((p) => copiedFrom(p).length > 0),
  ];
  let failed = 0;
  for (const payload of ordered) {
    const context: FailureContext = {};
    try {
      await copyBeforeDelete(payload, copiedFrom(payload), env, reporter, clouds);
      await runPayload(payload, env, reporter, clouds, context, declares);
    } catch (e) {
      // A prune runs in an apply that replaces the manifest, or in a destroy.
      reporter.error(describeFailure(payload, e, context, Phase.APPLY_OR_DESTROY));
      failed++;
    }
  }
  return failed === 0 ? 0 : 1;
}

/**
 * Creates (or completes) each group that copies its checkpoints from the group about to be
 * deleted, as its own `ensure` would; one that is complete already costs two reads, no line. When one cannot be made, the source is not
 * deleted, and the message gives the way that always keeps the checkpoints.
 */
async function copyBeforeDelete(
  source: HookPayload,
  copies: readonly EnsurePayload[],
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  clouds: readonly CloudService[],
): Promise<void> {
  for (const copy of copies) {
    const context: FailureContext = {};
    try {
      await runPayload(copy, env, reporter, clouds, context, undefined, true);
    } catch (e) {
      const copyTarget = targetOf(copy.identity, copy.transport.region);
      const { name } = source.identity;
      const { limit, kind: container } = serviceFor(clouds, copy.identity.service).container;
      throw new HookError(
        HookErrorCode.COPY_BEFORE_DELETE,
        `not deleted: ${copy.identity.name} copies its checkpoints from it (copyCheckpointsFrom) ` +
          `and could not be created first, so deleting ${name} now would lose them. ` +
          formatFailure(`ensure ${copyTarget}`, e, context, Phase.APPLY),
        `Nothing of ${name} was deleted. Rename in three steps instead: declare ${name} again ` +
          `next to ${copy.identity.name} and deploy (${copy.identity.name} is created with ` +
          `${name}'s checkpoints); move the consumers to ${copy.identity.name}; then remove ` +
          `${name} and deploy. At the quota (${limit} groups per ${container}), first remove ` +
          "a group that is no longer used, or free a slot another way.",
      );
    }
  }
}

/**
 * Every declared group of a stack in one run (reconcile-command.ts). As for a prune, one
 * failure does not stop the others, and the run fails so that Terraform runs it again.
 */
async function runReconcile(
  payloads: EnsurePayload[],
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  clouds: readonly CloudService[],
): Promise<number> {
  if (payloads.length === 0) {
    reporter.info("reconcile: the stack declares no groups; nothing to do");
    return 0;
  }
  const startedAt = Date.now();
  const summary = await reconcileGroups(payloads, env, reporter, clouds, (payload, e, context) =>
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
  clouds: readonly CloudService[],
  context: FailureContext,
  /** For a prune: whether the app still declares a group (checked again under other spellings). */
  declares?: PrunePlan["declares"],
  /** For a prune: `payload` is a copy whose source is about to be deleted (ServiceAccess). */
  beforeSourceDelete = false,
): Promise<void> {
  if (payload.command === HookCommand.DELETE && forgetRequested(env, payload.identity.name)) {
    reporter.info(
      `WARNING ${targetOf(payload.identity, payload.transport.region)}: ${FORGET_ENV}=` +
        `${env[FORGET_ENV] ?? ""} forgets the group: NOT DELETED AND NO LONGER MANAGED; if it ` +
        "exists, it stays in the cloud with its checkpoints",
    );
    return;
  }
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
    serviceFor(clouds, payload.identity.service).run(payload, {
      env,
      session,
      onCredentials,
      ...(declares ? { declares } : {}),
      ...(beforeSourceDelete ? { beforeSourceDelete } : {}),
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
  const text = formatFailure(what, e, context, phase);
  // A delete that fails for any reason but a refusal may never succeed: name the way out.
  const refused =
    isHookError(e) &&
    (e.code === HookErrorCode.DELETE_PROTECTED || e.code === HookErrorCode.COPY_BEFORE_DELETE);
  return payload.command === HookCommand.DELETE && !refused
    ? `${text} ${forgetHint(payload.identity.name)}`
    : text;
}

/** The program: runs the command line's hook over these clouds and exits with its code. */
export function main(clouds: readonly CloudService[]): void {
  const reporter = createReporter({ debug: process.env[DEBUG_ENV] === "1" });
  runHook(process.argv.slice(2), process.env, reporter, clouds).then(
    exitAfterFlush,
    (e: unknown) => {
      reporter.error(`unexpected failure: ${e instanceof Error ? e.message : String(e)}`);
      exitAfterFlush(1);
    },
  );
}

/**
 * Exits as soon as the output is written. undici keeps the event loop alive for up to a
 * second after its dispatcher is closed (its internal timers), which a hook run per group
 * would pay on every apply.
 */
function exitAfterFlush(code: number): void {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

/** A delete whose state holds no identity and whose configuration cannot name one either. */
function unknowable(json: string): boolean {
  try {
    const p = JSON.parse(json) as Record<string, unknown> | null;
    return p?.["identity"] === null && p["declaredIdentity"] === null;
  } catch {
    return false; // the parse below says what is wrong
  }
}
