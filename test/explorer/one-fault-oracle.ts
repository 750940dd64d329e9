// The one-fault rule: "a failure of one group's create or update fails the apply with that group
// named, leaves every other group done, and the next apply converges". Checked after every stack's
// apply in a deploy under "one-create-fails" or "one-update-fails" (one cloud call refused with a
// 401, which the hook does not retry); the convergence oracles (oracle.ts) check the next converged
// deploy as after any other failure.
//
// | check             | holds when                                                               |
// |-------------------|--------------------------------------------------------------------------|
// | refused-fails     | an apply during which the refused call was made fails                     |
// | refused-declared  | the refused call's group is one the failed stack declares                 |
// | refused-named     | the failed apply's output names that group as the hook prints targets     |
// |                   | (`ensure sls <where>/<project>/<logstore>/<name> failed`, <where> being   |
// |                   | the region, or the endpoint when no region is set; DMS with the queue's   |
// |                   | name or id)                                                               |
// | refused-unchanged | the refused group is as it was before the apply: absent if it was, else   |
// |                   | live with the same generation and settings                                |
// | others-done       | every other group the failed stack declares is live with its declared     |
// |                   | settings, and so is every group of the stacks this deploy applied before  |
//
// Both executors promise others-done. Batched: `reconcile` creates and updates every group of the
// stack and one group's failure does not stop the others. Per-group: each group's `ensure` hangs
// off its own Settings resource, which depends only on its own Group and the stack's manifest
// (whose prune never meets these faults); Terraform 1.11 keeps starting resources that do not
// depend on a failed one after the failure (seen with -parallelism=2: Groups and Settings created
// after the refused ensure had failed), so every other ensure still runs. Under per-group the
// refused call may be the POST or PUT of a group that already exists (`ensure` of a moved or
// re-located group), hence "as it was", not "absent".
// A fault-free reason for the failure is left to protection-oracle.ts: a failed apply in which
// no call was refused is judged like a run with no fault at all; a group with a copy source
// that is not live fails on its own (HOOK_COPY_SOURCE_MISSING) and is exempt from others-done.

import { QUEUE_IDS, groupsOfStack, identityOf, type AppModel, type GroupDecl } from "./app-model";
import type { FaultName } from "./actions";
import type { LiveGroups, RealSystem } from "./real-system";
import type { EmulatorCall } from "../../lib/emulator/emulated-service";

/** The faults that refuse exactly one call of the deploy. */
export const ONE_CALL_FAULTS: ReadonlySet<FaultName> = new Set<FaultName>([
  "one-create-fails",
  "one-update-fails",
]);

/** What became of a failed apply under a one-call fault. */
export type OneFaultVerdict =
  /** No call was refused in this apply: the failure has another reason. */
  { readonly refused: undefined } | { readonly refused: string; readonly problems: string[] };

export class OneFaultWatch {
  #before: LiveGroups = new Map();
  #callsFrom = 0;
  readonly #appliedStacks: string[] = [];

  constructor(private readonly real: RealSystem) {}

  /** Before each stack's apply: the live groups and where its calls start. */
  async beforeApply(): Promise<void> {
    this.#before = (await this.real.liveGroups()).live;
    this.#callsFrom = this.real.emulator.calls().length;
  }

  /** A successful apply: no call of it may have been refused. */
  applied(stack: string): string[] {
    this.#appliedStacks.push(stack);
    const refused = this.#refusedCalls();
    return refused.map((c) => `refused-fails: ${idOf(c)} was refused, yet ${stack} applied`);
  }

  /** A failed apply of `stack`: the checks above, or that no call of it was refused. */
  async failed(app: AppModel, stack: string, output: string): Promise<OneFaultVerdict> {
    const refused = this.#refusedCalls();
    if (refused.length === 0) return { refused: undefined };
    const { live } = await this.real.liveGroups();
    const problems: string[] = [];
    if (refused.length > 1) problems.push(`one-call: ${refused.length} calls refused`);
    const id = idOf(refused[0]!);
    const group = groupsOfStack(app, stack).find((g) => identityOf(g) === id);
    if (!group)
      problems.push(`refused-declared: ${id} was refused but ${stack} does not declare it`);
    else if (!namedIn(output, group)) {
      const lines = output.split("\n").filter((l) => /failed|Error/.test(l));
      problems.push(
        `refused-named: the output of ${stack}'s apply does not name ${id}; its failure lines:\n` +
          lines.slice(0, 12).join("\n"),
      );
    }
    problems.push(...unchanged(id, this.#before, live));
    const others = [stack, ...this.#appliedStacks].flatMap((s) => groupsOfStack(app, s));
    for (const g of others) {
      const gid = identityOf(g);
      if (gid === id || copySourceMissing(g, live)) continue;
      const problem = declaredProblem(g, live);
      if (problem) problems.push(`others-done: ${gid} (stack ${g.stack}) ${problem}`);
    }
    return { refused: id, problems };
  }

  #refusedCalls(): EmulatorCall[] {
    return this.real.emulator
      .calls()
      .slice(this.#callsFrom)
      .filter((c) => c.fault === "error");
  }
}

// ---------------------------------------------------------------------------------------

function idOf(call: EmulatorCall): string {
  return `${call.service}:${call.target ?? "?"}`;
}

/** The hook's failure line for the group, after its region or endpoint (targetOf). */
function namedIn(output: string, group: GroupDecl): boolean {
  const [owner, container] = identityOf(group).slice(4).split("/");
  const containers = [container!, ...(group.service === "dms" ? [QUEUE_IDS[container!]!] : [])];
  return containers.some((c) => {
    const path = escape(`${owner}/${c}/${group.name}`);
    return new RegExp(`ensure ${group.service} \\S+/${path} failed`).test(output);
  });
}

function unchanged(id: string, before: LiveGroups, after: LiveGroups): string[] {
  const was = before.get(id);
  const now = after.get(id);
  if (!was) return now ? [`refused-unchanged: ${id} was refused but is live`] : [];
  if (!now) return [`refused-unchanged: ${id} was live before the apply and is gone`];
  if (was.generation !== now.generation || was.timeout !== now.timeout || was.order !== now.order) {
    return [`refused-unchanged: ${id} was refused but changed: ${show(was)} -> ${show(now)}`];
  }
  return [];
}

function declaredProblem(group: GroupDecl, live: LiveGroups): string | undefined {
  const found = live.get(identityOf(group));
  if (!found) return "is missing";
  if (group.service === "sls" && (found.timeout !== group.timeout || found.order !== group.order)) {
    return `has ${show(found)}; declared timeout ${group.timeout}, order ${group.order}`;
  }
  return undefined;
}

function copySourceMissing(group: GroupDecl, live: LiveGroups): boolean {
  return group.copyFrom !== undefined && !live.has(identityOf({ ...group, name: group.copyFrom }));
}

function show(g: { generation: number; timeout?: number; order?: boolean }): string {
  return `generation ${g.generation}, timeout ${g.timeout}, order ${g.order}`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
