// Runs one sequence of user actions against the real system and the expected world, and
// checks the oracle after every converged deploy. Used by the fast-check commands and, as is,
// by regression tests: `await runSequence([...actions])` replays a printed sequence.

import { createServer } from "node:net";
import { PROJECT } from "../support/sls-fixtures";
import {
  EMPTY_APP,
  groupsOfStack,
  identityOf,
  pickGroup,
  type AppModel,
  type GroupDecl,
} from "./app-model";
import { changeCode, isCodeChange, type Action, type Deploy, type FaultName } from "./actions";
import { ConsumerLedger, checkpointsOf, isLive, startConsumers, stopConsumers } from "./consumers";
import { ExpectedWorld } from "./expected-world";
import { findViolations, type Checkpoint } from "./oracle";
import { ONE_CALL_FAULTS, OneFaultWatch } from "./one-fault-oracle";
import { copyViolations, judgeFailure } from "./protection-oracle";
import { RealSystem } from "./real-system";
import { runVerb } from "./verbs";
import type { EmulatorCall } from "../../lib/emulator/emulated-service";

const ALLOW_DELETE_ENV = "CONSUMER_GROUPS_ALLOW_DELETE";
const FORGET_ENV = "CONSUMER_GROUPS_FORGET";
/** SLS's documented group quota per logstore, the emulator's default. */
const SLS_GROUP_QUOTA = 30;

export class ExplorerFailure extends Error {
  constructor(
    message: string,
    readonly transcript: readonly string[],
  ) {
    super(`${message}\n--- transcript ---\n${transcript.join("\n")}`);
    this.name = "ExplorerFailure";
  }
}

export class SequenceRunner {
  app: AppModel = EMPTY_APP;
  readonly world = new ExpectedWorld();
  /** Deletion protection: consumers' activity, the protections deployed, and the DELETE judge. */
  readonly ledger = new ConsumerLedger();
  readonly transcript: string[] = [];
  /** The actions run so far, as given (a replayable sequence). */
  readonly actions: Action[] = [];
  /** Steps run and oracle checks made, for the closing summary. */
  steps = 0;
  checks = 0;
  /** Runs refused by deletion protection (or a missing copy source), accepted. */
  refusals = 0;
  /**
   * The one-fault rule: applies failed by one refused create or update, checked by one-fault-
   * oracle.ts.
   */
  oneFaults = 0;
  /** Plans of a stack after a verb that said "No changes", each checked (#planOracle). */
  planChecks = 0;
  /** Actions that ran (not skipped), by kind; verbs and duplicates by their variant. */
  readonly ran = new Map<string, number>();
  /** Per stack: the cdk.tf.json hash of its last successful apply. */
  readonly #applied = new Map<string, string>();
  /** Stacks that re-planned "No changes" since their last apply. */
  readonly #planned = new Set<string>();
  #hashes = new Map<string, string>();
  #previous: Checkpoint | undefined;
  #callsSeen = 0;
  /** Calls already judged by the ledger, and the first call of the current step. */
  #callsJudged = 0;
  #stepStart = 0;
  /**
   * Renames in one step (and at the quota) whose source is not deleted yet: copy identity ->
   * source identity and the source's checkpoints at the start of the latest step.
   */
  readonly #renames = new Map<
    string,
    { source: string; checkpoints: Map<number, string>; copyLive: boolean }
  >();

  constructor(readonly real: RealSystem) {}

  /** Whether a group is live in the emulator now. */
  readonly isLive = (id: string): boolean => isLive(this.real.emulator, id);

  async step(action: Action): Promise<void> {
    this.steps++;
    this.actions.push(action);
    this.transcript.push(`${this.steps}. ${JSON.stringify(action)}`);
    this.#stepStart = this.real.emulator.calls().length;
    if (!COUNTED_BY_VARIANT.has(action.kind)) this.#count(action.kind);
    this.#snapshotRenames(action);
    await this.#act(action);
    this.#judgeCalls();
    this.#throwIf(this.#renameViolations());
    if (this.#converged()) await this.#check();
  }

  /**
   * The source's checkpoints as the step starts: what the copy must hold once the source is
   * deleted. A pending rename is dropped when its copy leaves the app or consumers commit on
   * the copy (its checkpoints are then theirs).
   */
  #snapshotRenames(action: Action): void {
    const declared = new Set(this.app.groups.map(identityOf));
    const activated =
      action.kind === "consumers-active" ? pickGroup(this.app, action.pick) : undefined;
    for (const [copy, rename] of this.#renames) {
      if (!declared.has(copy) || (activated && identityOf(activated) === copy)) {
        this.#renames.delete(copy);
      } else {
        rename.copyLive = this.isLive(copy);
        if (this.isLive(rename.source)) {
          rename.checkpoints = checkpointsOf(this.real.emulator, rename.source);
        }
      }
    }
  }

  /**
   * copy-before-delete: in the step that deletes a one-step rename's source, the copy was
   * live or created before that DELETE, and holds the source's checkpoint on every shard the
   * source had one.
   */
  #renameViolations(): string[] {
    const calls = this.real.emulator.calls().slice(this.#stepStart);
    const ok = (c: EmulatorCall) => c.status >= 200 && c.status < 300;
    const problems: string[] = [];
    // A rename the user gave up in this step (the copy renamed, removed, or no longer copying
    // from the source): deleting the source is then a removal like any other, which the world
    // model judges.
    const copying = new Set(
      this.app.groups
        .filter((g) => g.copyFrom !== undefined)
        .map((g) => `${identityOf(g)} <- ${identityOf({ ...g, name: g.copyFrom! })}`),
    );
    for (const [copy, { source }] of this.#renames) {
      if (!copying.has(`${copy} <- ${source}`)) this.#renames.delete(copy);
    }
    for (const [copy, { source, checkpoints, copyLive }] of this.#renames) {
      const at = calls.findIndex(
        (c) => ok(c) && c.action === "DeleteConsumerGroup" && `${c.service}:${c.target}` === source,
      );
      if (at < 0) continue;
      this.#renames.delete(copy);
      const createdBefore = calls
        .slice(0, at)
        .some(
          (c) => ok(c) && c.action === "CreateConsumerGroup" && `${c.service}:${c.target}` === copy,
        );
      if (!createdBefore && !copyLive) {
        problems.push(`copy-before-delete: ${source} was deleted before its copy ${copy} existed`);
        continue;
      }
      const held = this.isLive(copy) ? checkpointsOf(this.real.emulator, copy) : new Map();
      for (const [shard, checkpoint] of checkpoints) {
        if (held.get(shard) !== checkpoint) {
          problems.push(
            `copy-before-delete: ${copy} has checkpoint ${JSON.stringify(held.get(shard) ?? null)} ` +
              `on shard ${shard} after ${source} was deleted; the source had ${JSON.stringify(checkpoint)}`,
          );
        }
      }
    }
    return problems;
  }

  async #act(action: Action): Promise<void> {
    if (action.kind === "consumers-active" || action.kind === "consumers-stop") {
      return this.#consumers(action);
    }
    if (isCodeChange(action)) {
      const next = changeCode(this.app, action, this.isLive);
      if (!next) return this.#note("   (does not apply to the app: skipped)");
      if (action.kind === "rename-with-copy") {
        this.#count(`rename-with-copy${action.keepId ? " keepId" : ""}`);
        this.#pendingRename(this.app, next, action.pick);
      }
      if (
        action.kind === "add" &&
        next.groups.some((g) => g.byReference && !this.app.groups.includes(g))
      ) {
        this.#count("add by reference");
      }
      const endpointByReference = (g: GroupDecl) => g.endpointForm.startsWith("ref+");
      if (next.groups.some((g) => endpointByReference(g) && !this.app.groups.includes(g))) {
        this.#count("change to a group whose endpoint is a reference");
      }
      this.world.codeChanged(this.app, next);
      this.app = next;
      this.#hashes = this.real.synth(this.app);
      if (action.deploy !== "none") await this.#deploy(action.deploy);
    } else if (action.kind === "deploy") {
      this.#hashes = this.real.synth(this.app);
      await this.#deploy(action.deploy);
    } else if (action.kind === "verb") {
      await this.#verb(action);
    } else if (action.kind === "duplicate") {
      await this.#duplicate(action);
    } else if (action.kind === "never-created") {
      await this.#neverCreated(action);
    } else if (action.kind === "copy-at-quota") {
      await this.#copyAtQuota(action);
    } else {
      await this.#destroy(action.stack, action.fault, action.allowDelete);
    }
  }

  /** Registers a one-step rename: the copy takes the source's place in the app's list. */
  #pendingRename(before: AppModel, after: AppModel, pick: number): void {
    const source = pickGroup(before, pick, "sls")!;
    const copy = after.groups[before.groups.indexOf(source)]!;
    const sourceId = identityOf(source);
    this.#renames.set(identityOf(copy), {
      source: sourceId,
      checkpoints: checkpointsOf(this.real.emulator, sourceId),
      copyLive: this.isLive(identityOf(copy)),
    });
  }

  #count(label: string): void {
    this.ran.set(label, (this.ran.get(label) ?? 0) + 1);
  }

  /**
   * A Terraform verb on one stack, then the user's apply (verbs.ts). Every verb but -target
   * acts on a stack applied with its current configuration; -target on one with pending
   * changes, which it applies only in part. Then the plan oracle.
   */
  async #verb(action: Extract<Action, { kind: "verb" }>): Promise<void> {
    const stack = this.app.stacks[action.stack % Math.max(this.app.stacks.length, 1)];
    if (stack === undefined) return this.#note("   (no stack: skipped)");
    const current = this.#applied.get(stack) === this.#hashes.get(stack);
    if (action.verb === "target" ? current : !current) {
      return this.#note(`   (${stack} is ${current ? "" : "not "}applied as synthesized: skipped)`);
    }
    const outcome = await runVerb(this.real, stack, action.verb, action.pick, this.app.executor);
    if ("skipped" in outcome) return this.#note(`   (${outcome.skipped}: skipped)`);
    this.#count(`verb ${action.verb}`);
    const { run, groupName, address } = outcome;
    if (action.verb === "replace") {
      // Deleted and created again by this apply: exempt from the "kept" check.
      for (const g of groupsOfStack(this.app, stack)) {
        if (g.name === groupName) this.world.touched.add(identityOf(g));
      }
    }
    if (run.code !== 0) {
      this.#unfaulted(`${action.verb} ${address} and apply of ${stack}`, run.output);
      this.#failed(stack);
    } else if (action.verb === "target") {
      this.#note(`   ${stack}: applied -target=${address}`);
      this.#failed(stack); // applied in part: the model cannot tell which part
    } else {
      this.#note(`   ${stack}: ${action.verb} ${address}, applied`);
      this.#applied.set(stack, this.#hashes.get(stack)!);
      this.#planned.delete(stack);
      this.world.applied(this.app, stack);
      this.ledger.applied(this.app, stack);
    }
    await this.#planOracle(stack);
  }

  /**
   * No declared group is missing while a plan says "No changes": a user who sees that plan
   * has no reason to apply again. A stack that plans clean is applied as synthesized.
   */
  async #planOracle(stack: string): Promise<void> {
    const plan = await this.real.plan(stack);
    if (plan.code !== 0)
      return this.#note(`   ${stack}: the plan shows changes (exit ${plan.code})`);
    this.planChecks++;
    const { live } = await this.real.liveGroups();
    const missing = groupsOfStack(this.app, stack)
      .map(identityOf)
      .filter((id) => !live.has(id));
    this.#throwIf(
      missing.map((id) => `plan-hides-missing: ${stack} plans "No changes" but ${id} is missing`),
    );
    if (this.#applied.get(stack) !== this.#hashes.get(stack)) {
      this.#applied.set(stack, this.#hashes.get(stack)!);
      this.world.applied(this.app, stack);
      this.ledger.applied(this.app, stack);
    }
    this.#planned.add(stack);
  }

  /**
   * A group declared twice (actions.ts, kind "duplicate"). Where synth can compare the two
   * declarations it must refuse, skipValidation or not, writing nothing; a DMS queue named the
   * other way is for the hooks: the apply of the stack fails with HOOK_DECLARED_TWICE and
   * deletes nothing. Then the user removes the second declaration.
   */
  async #duplicate(action: Extract<Action, { kind: "duplicate" }>): Promise<void> {
    const group = pickGroup(this.app, action.pick);
    const stack = this.app.stacks[action.stack % Math.max(this.app.stacks.length, 1)];
    if (!group || !stack || !this.#converged()) {
      return this.#note("   (no group, or the app is not applied as synthesized: skipped)");
    }
    if (group.byReference) {
      // Neither synth nor the hooks can tell a group given by reference from its duplicate: the
      // safety table of docs/composing.md says so.
      return this.#note(
        "   (a group given by reference: its duplicates are not detected: skipped)",
      );
    }
    const aliased = group.service === "dms" && action.queueFlip;
    const queueBy = aliased ? (group.queueBy === "id" ? "name" : "id") : group.queueBy;
    const second = { ...group, constructId: `Dup${this.app.serial}`, stack, parent: "", queueBy };
    const extras = { extra: [second], skipValidation: action.skipValidation };
    const id = identityOf(group);
    this.#count(
      `duplicate${aliased ? " dms-alias" : ""}${action.skipValidation ? " skipValidation" : ""}`,
    );
    if (!aliased) {
      let refusal = "";
      try {
        this.real.synth(this.app, extras);
      } catch (e) {
        refusal = e instanceof Error ? e.message : String(e);
      }
      if (!refusal.includes(`is declared 2 times`)) {
        throw new ExplorerFailure(
          `one-owner: ${id} declared again in ${stack} was not refused at synth (${refusal || "synth passed"})`,
          this.transcript,
        );
      }
      this.#note(`   ${id} declared again in ${stack}: refused at synth`);
      this.#hashes = this.real.synth(this.app);
      return;
    }
    this.#hashes = this.real.synth(this.app, extras);
    const from = this.real.emulator.calls().length;
    const run = await this.real.apply(stack);
    const deleted = this.real.emulator
      .calls()
      .slice(from)
      .filter((c) => c.action === "DeleteConsumerGroup" && `${c.service}:${c.target}` === id);
    const problems = [
      ...(run.code === 0 || !run.output.includes("HOOK_DECLARED_TWICE")
        ? [
            `one-owner: the apply of ${stack} with ${id} declared twice did not fail with HOOK_DECLARED_TWICE:
${tail(run.output)}`,
          ]
        : []),
      ...(deleted.length > 0 ? [`one-owner: ${id} was deleted while declared twice`] : []),
      ...(this.isLive(id) ? [] : [`one-owner: ${id} is missing after its duplicate was refused`]),
    ];
    this.#throwIf(problems);
    this.#note(`   ${id} declared again in ${stack}, queue by ${queueBy}: refused at apply`);
    this.#failed(stack);
    this.#hashes = this.real.synth(this.app);
  }

  /** The explorer's consumers start on a declared live group, or stop on an active one. */
  #consumers(action: Extract<Action, { kind: "consumers-active" | "consumers-stop" }>): void {
    if (action.kind === "consumers-active") {
      const group = pickGroup(this.app, action.pick);
      const id = group && identityOf(group);
      if (!group || !id || !this.isLive(id)) return this.#note("   (no live group: skipped)");
      const how = startConsumers(this.real.emulator, group, action.pick);
      this.ledger.note(id, "active", how);
      return this.#note(`   ${id}: in use (${how})`);
    }
    const active = this.ledger.activeNow().filter(this.isLive);
    const id = active[action.pick % Math.max(active.length, 1)];
    if (!id) return this.#note("   (no group in use: skipped)");
    stopConsumers(this.real.emulator, id);
    this.ledger.note(id, "idle", "stopped");
    this.#note(`   ${id}: consumers stopped (idle)`);
  }

  /** Every new call goes past the ledger: no in-use or ALWAYS group deleted unless allowed. */
  #judgeCalls(): void {
    const calls = this.real.emulator.calls();
    const problems = this.ledger.consume(calls.slice(this.#callsJudged));
    this.#callsJudged = calls.length;
    this.#throwIf(problems);
  }

  #throwIf(problems: readonly string[]): void {
    if (problems.length > 0) {
      throw new ExplorerFailure(`oracle:\n  ${problems.join("\n  ")}`, this.transcript);
    }
  }

  /**
   * A run that failed with no fault injected: allowed only when deletion protection refused it (or
   * a copy source was missing).
   */
  #unfaulted(what: string, output: string): void {
    this.#judgeCalls();
    const verdict = judgeFailure(output, this.app, this.ledger, this.real.emulator);
    if ("problem" in verdict) {
      throw new ExplorerFailure(`${what} ${verdict.problem}:\n${tail(output)}`, this.transcript);
    }
    this.refusals++;
    this.#note(`   ${what}: refused (${verdict.note})`);
  }

  #allowDelete(on: boolean): void {
    this.real.workspace.setEnv(ALLOW_DELETE_ENV, on ? "*" : undefined);
  }

  async #deploy(deploy: Exclude<Deploy, "none">): Promise<void> {
    const { order, fault } = deploy;
    let { killAt } = deploy;
    const stacks = order === "forward" ? [...this.app.stacks] : [...this.app.stacks].reverse();
    if (fault) this.real.injectFault(fault);
    const watch = fault && ONE_CALL_FAULTS.has(fault) ? new OneFaultWatch(this.real) : undefined;
    const from = Date.now();
    if (deploy.allowDelete) this.#allowDelete(true);
    if (deploy.forget) this.real.workspace.setEnv(FORGET_ENV, deploy.forget);
    try {
      for (const stack of stacks) {
        const hash = this.#hashes.get(stack);
        if (hash === this.#applied.get(stack)) continue;
        let run;
        await watch?.beforeApply();
        if (killAt === undefined) {
          run = await this.real.apply(stack);
        } else {
          const attempt = await this.real.applyKilledAt(stack, killAt);
          killAt = undefined;
          run = attempt.run;
          if (attempt.killed) {
            const cut = attempt.restored ? " (its cut state write undone)" : "";
            this.#note(`   ${stack}: apply killed at its hung cloud call${cut}`);
            this.#failed(stack);
            return;
          }
        }
        if (run.code === 0) {
          this.#throwIf(watch?.applied(stack) ?? []);
          this.#note(`   ${stack}: applied`);
          this.#applied.set(stack, hash!);
          this.#planned.delete(stack);
          this.world.applied(this.app, stack);
          this.ledger.applied(this.app, stack);
          if (deploy.forget) this.#forgotten(deploy.forget);
          continue;
        }
        const one = await watch?.failed(this.app, stack, run.output);
        if (one?.refused) {
          this.#throwIf(one.problems);
          this.oneFaults++;
          this.#note(`   ${stack}: apply failed (${fault}: ${one.refused} refused; others done)`);
        } else if (fault && !one) this.#note(`   ${stack}: apply failed (${fault})`);
        else {
          // The override's window must be known before the failed run's DELETEs are judged
          // (seed 2104: a prune let through by it, then the copy source missing).
          if (deploy.allowDelete) this.ledger.override(from, Date.now());
          this.#unfaulted(`apply of ${stack}`, run.output);
        }
        this.#failed(stack);
        return; // like `cdktf deploy`, stop at the first failed stack
      }
    } finally {
      this.real.clearFaults();
      if (deploy.forget) this.real.workspace.setEnv(FORGET_ENV, undefined);
      if (deploy.allowDelete) {
        this.#allowDelete(false);
        this.ledger.override(from, Date.now());
      }
    }
  }

  /** A group removed under CONSUMER_GROUPS_FORGET is left alone: live or not, as it was. */
  #forgotten(names: string): void {
    const listed = names.split(",").map((n) => n.trim());
    for (const [id, fate] of this.world.fates) {
      const name = id.slice(id.lastIndexOf("/") + 1);
      if (fate === "absent" && (listed.includes("*") || listed.includes(name))) {
        this.world.fates.set(id, "unknown");
      }
    }
  }

  /**
   * A group whose create can never succeed (actions.ts, kind "never-created"), on a converged
   * app: its deploy fails naming it; its removal converges deleting nothing, with
   * CONSUMER_GROUPS_FORGET only where the endpoint cannot be reached.
   */
  async #neverCreated(action: Extract<Action, { kind: "never-created" }>): Promise<void> {
    const stack = this.app.stacks[action.stack % Math.max(this.app.stacks.length, 1)];
    if (!stack || !this.#converged()) {
      return this.#note("   (no stack, or the app is not applied as synthesized: skipped)");
    }
    const malformed = action.how === "malformed-id";
    const service = malformed ? "dms" : action.service;
    const name = `${service === "sls" ? "g" : "d"}-lost${this.app.serial}`;
    const group: GroupDecl = {
      service,
      constructId: `G${this.app.serial}`,
      name,
      container: malformed ? "malformed" : service === "sls" ? "orders" : "billing",
      queueBy: malformed ? "id" : "name",
      ...(malformed ? { queueId: "not-a-queue-id" } : { port: await unusedLoopbackPort() }),
      timeout: 60,
      order: false,
      endpointForm: "ip",
      removalPolicy: "DESTROY",
      stack,
      parent: "",
    };
    const label = `never-created ${action.how}${malformed ? "" : ` ${service}`}`;
    const id = identityOf(group);
    const before = this.app;
    const from = this.real.emulator.calls().length;
    const problems: string[] = [];
    this.app = { ...before, groups: [...before.groups, group], serial: before.serial + 1 };
    this.world.codeChanged(before, this.app);
    this.#hashes = this.real.synth(this.app);
    const added = await this.real.apply(stack);
    const expected = malformed ? "DMS.10240015" : name;
    if (added.code === 0 || !added.output.includes(expected)) {
      problems.push(
        `never-created: the apply of ${stack} with ${id} did not fail naming ${expected}:\n` +
          tail(added.output),
      );
    }
    this.#failed(stack);
    const withIt = this.app;
    this.app = { ...withIt, groups: withIt.groups.filter((g) => g !== group) };
    this.world.codeChanged(withIt, this.app);
    this.#hashes = this.real.synth(this.app);
    let removed = await this.real.apply(stack);
    let forgot = false;
    if (removed.code !== 0 && !malformed) {
      if (!removed.output.includes(`${FORGET_ENV}=${name}`)) {
        problems.push(
          `never-created: the failed removal of ${id} does not name ${FORGET_ENV}=${name}:\n` +
            tail(removed.output),
        );
      }
      forgot = true;
      this.real.workspace.setEnv(FORGET_ENV, name);
      removed = await this.real.apply(stack).finally(() => {
        this.real.workspace.setEnv(FORGET_ENV, undefined);
      });
      if (removed.code === 0 && !removed.output.includes("NO LONGER MANAGED")) {
        problems.push(`never-created: the run with ${FORGET_ENV}=${name} did not log it loudly`);
      }
    }
    if (removed.code !== 0) {
      problems.push(
        `never-created: the removal of ${id} did not converge${forgot ? ` with ${FORGET_ENV}` : ""}:\n` +
          tail(removed.output),
      );
    }
    const deletes = this.real.emulator
      .calls()
      .slice(from)
      .filter((c) => c.action === "DeleteConsumerGroup");
    if (deletes.length > 0) {
      problems.push(`never-created: ${deletes.length} DELETE call(s) while ${id} came and went`);
    }
    this.#throwIf(problems);
    this.#count(`${label}${forgot ? " forget" : ""}`);
    this.#note(`   ${id}: apply failed; removed${forgot ? ` with ${FORGET_ENV}` : ""}, converged`);
    this.#applied.set(stack, this.#hashes.get(stack)!);
    this.#planned.delete(stack);
    this.world.applied(this.app, stack);
    this.ledger.applied(this.app, stack);
  }

  /**
   * A one-step rename with copy while the logstore is at its group quota (actions.ts, kind
   * "copy-at-quota"): the apply fails with HOOK_COPY_BEFORE_DELETE (with SLS_QUOTA_EXCEEDED
   * when the source is RETAIN) and the source is neither deleted nor changed; the rename stays
   * for a later deploy.
   */
  async #copyAtQuota(action: Extract<Action, { kind: "copy-at-quota" }>): Promise<void> {
    const rename = { ...action, kind: "rename-with-copy" as const, keepId: false };
    const next = changeCode(this.app, rename, this.isLive);
    const source = pickGroup(this.app, action.pick, "sls");
    if (!next || !source || !this.#converged()) {
      return this.#note("   (no live SLS group to rename, or the app is not converged: skipped)");
    }
    const sourceId = identityOf(source);
    // A copy whose name the cloud already holds (a RETAIN group left there) needs no create, so
    // the quota is no obstacle: that is a plain rename with copy, not this case.
    const declared = new Set(this.app.groups.map(identityOf));
    const copy = next.groups.find((g) => !declared.has(identityOf(g)));
    if (copy && this.isLive(identityOf(copy))) {
      return this.#note("   (the copy's name is already taken in the cloud: skipped)");
    }
    const sls = this.real.emulator.sls;
    const fillers: string[] = [];
    for (let n = sls.listGroups(PROJECT, source.container).length; n < SLS_GROUP_QUOTA; n++) {
      const name = `filler-${n}`;
      sls.createGroup(PROJECT, source.container, { name, timeout: 60, order: false });
      fillers.push(name);
    }
    const checkpoints = checkpointsOf(this.real.emulator, sourceId);
    this.#pendingRename(this.app, next, action.pick);
    this.world.codeChanged(this.app, next);
    this.app = next;
    this.#hashes = this.real.synth(this.app);
    const from = this.real.emulator.calls().length;
    const run = await this.real.apply(source.stack).finally(() => {
      for (const name of fillers) sls.deleteGroup(PROJECT, source.container, name);
    });
    this.#failed(source.stack);
    const deleted = this.real.emulator
      .calls()
      .slice(from)
      .some((c) => c.action === "DeleteConsumerGroup" && `${c.service}:${c.target}` === sourceId);
    const after = this.isLive(sourceId) ? checkpointsOf(this.real.emulator, sourceId) : undefined;
    // A RETAIN source is never deleted, so nothing waits for the copy: the prune keeps the
    // source and the reconcile's create of the copy meets the quota itself.
    const expected =
      source.removalPolicy === "RETAIN" ? "SLS_QUOTA_EXCEEDED" : "HOOK_COPY_BEFORE_DELETE";
    const problems = [
      ...(run.code === 0 || !run.output.includes(expected)
        ? [`copy-at-quota: the apply did not fail with ${expected}:\n${tail(run.output)}`]
        : []),
      ...(deleted || !after ? [`copy-at-quota: ${sourceId} was deleted at the quota`] : []),
      ...[...checkpoints]
        .filter(([shard, cp]) => after && after.get(shard) !== cp)
        .map(([shard]) => `copy-at-quota: ${sourceId} lost its checkpoint on shard ${shard}`),
    ];
    this.#throwIf(problems);
    this.#count("copy-at-quota");
    this.#note(`   ${sourceId}: rename with copy at the quota refused, nothing deleted`);
  }

  async #destroy(index: number, fault?: FaultName, allowDelete?: true): Promise<void> {
    const stack = this.app.stacks[index % Math.max(this.app.stacks.length, 1)];
    if (stack === undefined) return this.#note("   (no stack to destroy: skipped)");
    this.#hashes = this.real.synth(this.app);
    if (fault) this.real.injectFault(fault);
    this.ledger.attempted(this.app, stack);
    const from = Date.now();
    if (allowDelete) this.#allowDelete(true);
    const run = await this.real.destroy(stack).finally(() => {
      this.real.clearFaults();
      if (allowDelete) {
        this.#allowDelete(false);
        this.ledger.override(from, Date.now());
      }
    });
    if (run.code === 0) {
      this.#note(`   ${stack}: destroyed; the stack leaves the app`);
      this.world.destroyed(this.app, stack);
      this.app = {
        ...this.app,
        stacks: this.app.stacks.filter((s) => s !== stack),
        groups: this.app.groups.filter((g) => g.stack !== stack),
      };
      this.#applied.delete(stack);
      this.#planned.delete(stack);
      this.#hashes = this.real.synth(this.app);
      return;
    }
    if (fault) this.#note(`   ${stack}: destroy failed (${fault})`);
    else this.#unfaulted(`destroy of ${stack}`, run.output);
    this.world.destroyFailed(this.app, stack);
    this.#applied.delete(stack);
    this.#planned.delete(stack);
  }

  #failed(stack: string): void {
    this.world.applyFailed(this.app, stack);
    this.ledger.attempted(this.app, stack);
    this.#applied.delete(stack);
    this.#planned.delete(stack);
  }

  #converged(): boolean {
    return this.app.stacks.every((s) => this.#applied.get(s) === this.#hashes.get(s));
  }

  async #check(): Promise<void> {
    this.checks++;
    for (const stack of this.app.stacks) {
      if (this.#planned.has(stack)) continue;
      const plan = await this.real.plan(stack);
      if (plan.code !== 0) {
        throw new ExplorerFailure(
          `plans-clean: stack ${stack} does not re-plan "No changes" (exit ${plan.code}):\n` +
            tail(plan.output),
          this.transcript,
        );
      }
      this.#planned.add(stack);
    }
    const { live, count } = await this.real.liveGroups();
    const calls = this.real.emulator.calls();
    const problems = findViolations({
      app: this.app,
      world: this.world,
      live,
      liveCount: count,
      previous: this.#previous,
      callsSincePrevious: calls.slice(this.#callsSeen),
    });
    problems.push(...copyViolations(this.app, calls.slice(this.#stepStart), this.real.emulator));
    this.#throwIf(problems);
    this.#note(`   converged: oracle holds (${live.size} live groups)`);
    this.#previous = { declared: new Set(this.app.groups.map(identityOf)), live };
    this.#callsSeen = calls.length;
    this.world.checked();
  }

  #note(line: string): void {
    this.transcript.push(line);
  }
}

/** Replays a sequence on a fresh emulator and workspace; throws ExplorerFailure on a violation. */
export async function runSequence(actions: readonly Action[]): Promise<SequenceRunner> {
  const real = await RealSystem.start();
  const runner = new SequenceRunner(real);
  try {
    for (const action of actions) await runner.step(action);
    return runner;
  } finally {
    await real.close();
  }
}

// ---------------------------------------------------------------------------------------

/** Action kinds counted by their variant, when they run, rather than when they start. */
const COUNTED_BY_VARIANT = new Set([
  "verb",
  "duplicate",
  "rename-with-copy",
  "never-created",
  "copy-at-quota",
]);

/** A loopback port where nothing listens (bound, then released at once). */
async function unusedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no loopback port");
  return address.port;
}

function tail(output: string): string {
  return output.length > 3000 ? `…${output.slice(-3000)}` : output;
}
