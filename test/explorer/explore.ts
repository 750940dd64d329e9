// The seeded, model-based exploration: fast-check generates sequences of user actions
// (fc.commands), each run on a fresh emulator and Terraform workspace (fc.asyncModelRun), and
// shrinks a failing sequence to a shorter one within the time left. The report names the seed,
// the path and the shortest failing sequence as JSON that `runSequence([...])` replays.

import fc from "fast-check";
import type { AppModel } from "./app-model";
import { actionArbitrary } from "./action-arbitraries";
import { changeCode, isCodeChange, type Action } from "./actions";
import { RealSystem } from "./real-system";
import { ExplorerFailure, SequenceRunner } from "./sequence-runner";

export interface ExploreOptions {
  /** @default - a random seed (printed, so the run can be replayed) */
  readonly seed?: number;
  /** fast-check's path of a failing run, to replay it (and shrink on from there). */
  readonly path?: string;
  /** Sequences to generate. */
  readonly runs: number;
  /** At most this many actions per sequence. */
  readonly steps: number;
  /** No new sequence (nor shrink attempt) starts after this many ms. */
  readonly timeLimitMs: number;
  /**
   * Action kinds never to run (e.g. `["endpoint-form"]`), to explore past a known defect.
   * @default - every kind
   */
  readonly exclude?: readonly string[];
  readonly log?: (line: string) => void;
}

export interface ExploreReport {
  readonly failed: boolean;
  readonly seed: number;
  readonly path?: string;
  readonly sequences: number;
  readonly steps: number;
  readonly checks: number;
  /** Fault-free runs refused by deletion protection. */
  readonly refusals: number;
  /**
   * Applies failed by one refused create or update (the one-fault rule), checked by one-fault-
   * oracle.ts.
   */
  readonly oneFaults: number;
  /** Plans after a Terraform verb that said "No changes", each checked for missing groups. */
  readonly planChecks: number;
  /** Actions that ran, by kind (verbs and duplicates by their variant). */
  readonly ran: Readonly<Record<string, number>>;
  readonly shrinks: number;
  readonly interrupted: boolean;
  /** The shortest failing sequence found and its failure, when one failed. */
  readonly shortest?: { actions: readonly Action[]; error: string };
  readonly elapsedMs: number;
}

/** What a command's check() sees: the runner's current app. */
interface ModelView {
  readonly runner: SequenceRunner;
}

class ActionCommand implements fc.AsyncCommand<ModelView, SequenceRunner> {
  constructor(
    readonly action: Action,
    private readonly excluded: ReadonlySet<string>,
  ) {}

  check(model: Readonly<ModelView>): boolean {
    const app: AppModel = model.runner.app;
    if (this.excluded.has(this.action.kind)) return false;
    if (isCodeChange(this.action)) {
      return changeCode(app, this.action, model.runner.isLive) !== undefined;
    }
    if (this.action.kind === "consumers-active") return app.groups.length > 0;
    // Both act on deployed groups; on an app that never declared one nothing is synthesized.
    if (this.action.kind === "verb" || this.action.kind === "duplicate") {
      return app.groups.length > 0;
    }
    if (this.action.kind === "consumers-stop") return model.runner.ledger.activeNow().length > 0;
    if (this.action.kind === "destroy-stack") return app.stacks.length > 0;
    if (this.action.kind === "never-created") return app.stacks.length > 0;
    if (this.action.kind === "copy-at-quota") {
      const rename = { ...this.action, kind: "rename-with-copy" as const, keepId: false };
      return changeCode(app, rename, model.runner.isLive) !== undefined;
    }
    return true;
  }

  async run(_model: ModelView, runner: SequenceRunner): Promise<void> {
    await runner.step(this.action);
  }

  toString(): string {
    return JSON.stringify(this.action);
  }
}

export async function explore(options: ExploreOptions): Promise<ExploreReport> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const seed = options.seed ?? Math.floor(Math.random() * 0x7fffffff);
  const totals = { sequences: 0, steps: 0, checks: 0, refusals: 0, oneFaults: 0, planChecks: 0 };
  const ran: Record<string, number> = {};
  const excluded = new Set(options.exclude ?? []);
  // Shrinking moves on only from a failing candidate, so the last failure seen is the shortest.
  let lastFailure: { actions: readonly Action[]; error: string } | undefined;

  const commands = fc.commands(
    [
      actionArbitrary.map(
        (a) => new ActionCommand(a, excluded),
        (c) => (c as ActionCommand).action,
      ),
    ],
    { maxCommands: options.steps, size: "max" },
  );
  const property = fc.asyncProperty(commands, async (cmds) => {
    const real = await RealSystem.start();
    const runner = new SequenceRunner(real);
    totals.sequences++;
    try {
      await fc.asyncModelRun(() => ({ model: { runner }, real: runner }), cmds);
    } catch (e) {
      const error = e instanceof ExplorerFailure ? e.message : String(e);
      lastFailure = { actions: runner.actions, error };
      log(`sequence ${totals.sequences}: FAILED after ${runner.actions.length} actions`);
      throw e;
    } finally {
      totals.steps += runner.steps;
      totals.checks += runner.checks;
      totals.refusals += runner.refusals;
      totals.oneFaults += runner.oneFaults;
      totals.planChecks += runner.planChecks;
      for (const [kind, n] of runner.ran) ran[kind] = (ran[kind] ?? 0) + n;
      await real.close();
    }
    log(
      `sequence ${totals.sequences}: ${runner.steps} actions, ${runner.checks} oracle checks, ` +
        `${runner.refusals} refused runs, ${runner.oneFaults} one-group failures`,
    );
  });

  const result = await fc.check(property, {
    seed,
    ...(options.path === undefined ? {} : { path: options.path }),
    numRuns: options.runs,
    interruptAfterTimeLimit: options.timeLimitMs,
    markInterruptAsFailure: false,
  });
  return {
    failed: result.failed,
    seed,
    ...(result.failed ? { path: result.counterexamplePath ?? "" } : {}),
    ...totals,
    ran,
    shrinks: result.numShrinks,
    interrupted: result.interrupted,
    ...(result.failed && lastFailure ? { shortest: lastFailure } : {}),
    elapsedMs: Date.now() - started,
  };
}

/** The report as lines a person (or a CI log) reads, ending with how to replay a failure. */
export function describeReport(report: ExploreReport): string {
  const summary =
    `explorer: ${report.sequences} sequences, ${report.steps} actions, ${report.checks} oracle ` +
    `checks, ${report.refusals} refused runs, ${report.oneFaults} one-group failures in ` +
    `${Math.round(report.elapsedMs / 1000)} s (seed ${report.seed}` +
    `${report.interrupted ? ", stopped by the time limit" : ""})`;
  const counts = Object.entries(report.ran)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([kind, n]) => `${kind} ${n}`)
    .join(", ");
  const ran = `\nactions run: ${counts}; ${report.planChecks} plans after a verb said "No changes", each checked`;
  if (!report.failed || !report.shortest) return `${summary}: no violation found${ran}`;
  return [
    `${summary}: VIOLATION${ran}`,
    `replay: npm run explore -- --seed ${report.seed} --path "${report.path}"`,
    `shortest failing sequence (${report.shortest.actions.length} actions, ${report.shrinks} shrinks):`,
    `await runSequence([\n${report.shortest.actions.map((a) => `  ${JSON.stringify(a)},`).join("\n")}\n]);`,
    report.shortest.error,
  ].join("\n");
}
