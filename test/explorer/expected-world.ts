// What the cloud must hold, by the library's contract, after what Terraform did so far. The
// contract, as this model encodes it:
//
// | event (per stack S)                     | groups S's state listed but the APP no longer declares |
// |-----------------------------------------|--------------------------------------------------------|
// | S applied, S still declares a group     | DESTROY: deleted (the manifest prune); RETAIN: kept    |
// |   ... one given by reference, same name | DESTROY: unknown (the prune keeps what it may name)    |
// | S applied, S declares no group any more | kept: the documented exception (no manifest is left to |
// |                                         | prune, the README says so): "leaked"; unknown if a     |
// |                                         | failed apply since S's last success may have pruned it |
// | S's apply failed or was killed          | may or may not be deleted yet: decided by S's next     |
// |                                         | successful apply (uncertain until then)                |
// | S destroyed                             | S's declared groups: DESTROY deleted, RETAIN kept      |
//
// Groups the app declares must all be live after a converged deploy, whatever stack declares
// them and whatever happened before. A group is "touched" when it left the app or its stack was
// destroyed; every other group declared at two consecutive checks must not be deleted or
// re-created in between.

import { groupsOfStack, identityOf, type AppModel, type Policy } from "./app-model";

/** The fate of a group the app does not declare. */
export type Fate = "live" | "absent" | "unknown";

/** The documented exception: removing the last group of a stack prunes nothing. */
export const LAST_GROUP_OF_STACK_LEAKS = true;

interface StackRecord {
  /** The groups of the manifest in S's state, with the removal policy it recorded. */
  deployed: Map<string, Policy>;
  /**
   * Groups whose fate a failed apply or destroy of S left open; `listed`: the manifest in S's
   * state listed it, so S's next prune still sees it.
   */
  uncertain: Map<string, { policy: Policy; listed: boolean }>;
}

export class ExpectedWorld {
  /** Fates of groups the app does not declare (declared groups must be live). */
  readonly fates = new Map<string, Fate>();
  /** Identities touched since the last oracle check (exempt from the "kept" check). */
  readonly touched = new Set<string>();
  readonly #stacks = new Map<string, StackRecord>();

  /**
   * A code change: every group that left the app is touched. A fate outlives the group's
   * return to the app: the oracle ignores fates of declared groups, and a group declared again
   * and removed before any apply acted on it is where its fate left it (seed 1503: a RETAINed
   * group re-added, its deploy stopped at another stack, then removed again, is still live).
   * Every apply or destroy that may have acted on it sets its fate anew.
   */
  codeChanged(before: AppModel, after: AppModel): void {
    const now = new Set(after.groups.map(identityOf));
    for (const g of before.groups) {
      const id = identityOf(g);
      if (!now.has(id)) this.touched.add(id);
    }
  }

  applied(app: AppModel, stack: string): void {
    const record = this.#record(stack);
    const declared = new Set(app.groups.map(identityOf));
    const mine = groupsOfStack(app, stack);
    const nowEmpty = mine.length === 0;
    const leaks = nowEmpty && LAST_GROUP_OF_STACK_LEAKS;
    // A prune keeps a group that a group of the stack given by reference may name (same
    // cloud and name; docs/composing.md): it may stay, or go with that group's rename.
    const mayBeNamed = new Set(
      mine.filter((g) => g.byReference).map((g) => `${g.service}:${g.name}`),
    );
    for (const [id, policy] of record.deployed) {
      if (declared.has(id)) continue;
      // A stack left without groups prunes nothing now, but a failed apply since its last
      // success may have pruned the group already (seed 1501: deleted, its neighbour refused).
      const leaked = record.uncertain.has(id) ? "unknown" : "live";
      const named = mayBeNamed.has(`${id.split(":")[0]}:${id.split("/").pop()}`);
      const fate = policy === "RETAIN" ? "live" : leaks ? leaked : named ? "unknown" : "absent";
      this.fates.set(id, fate);
    }
    for (const [id, { policy, listed }] of record.uncertain) {
      if (declared.has(id) || record.deployed.has(id)) continue;
      // Listed: an earlier run pruned it, or this one does (with no manifest left, cannot).
      // Not listed (added by the failed run): whether its state was saved before the failure
      // decides, and the model cannot see that.
      this.fates.set(id, listed && !nowEmpty && policy === "DESTROY" ? "absent" : "unknown");
    }
    record.deployed = new Map(mine.map((g) => [identityOf(g), g.removalPolicy]));
    record.uncertain.clear();
  }

  /** A failed or killed apply: whatever it was to create or prune may or may not be done. */
  applyFailed(app: AppModel, stack: string): void {
    const record = this.#record(stack);
    const declared = new Set(app.groups.map(identityOf));
    for (const [id, policy] of record.deployed) {
      if (!declared.has(id)) {
        record.uncertain.set(id, { policy, listed: true });
        this.fates.set(id, "unknown");
      }
    }
    for (const g of groupsOfStack(app, stack)) {
      const id = identityOf(g);
      if (!record.deployed.has(id) && !record.uncertain.has(id)) {
        record.uncertain.set(id, { policy: g.removalPolicy, listed: false });
      }
    }
  }

  /** A successful destroy: the stack leaves the app (the caller drops it from the model). */
  destroyed(app: AppModel, stack: string): void {
    const record = this.#record(stack);
    const mine = groupsOfStack(app, stack);
    for (const g of mine) {
      const id = identityOf(g);
      this.touched.add(id);
      // A RETAINed group is kept only if it exists: a group whose create never succeeded in
      // this stack may not.
      const kept = record.deployed.has(id) ? "live" : "unknown";
      this.fates.set(id, g.removalPolicy === "RETAIN" ? kept : "absent");
    }
    const declaredHere = new Set(mine.map(identityOf));
    const declared = new Set(app.groups.map(identityOf));
    for (const id of [...record.deployed.keys(), ...record.uncertain.keys()]) {
      // Resources in state without configuration: Terraform drops them without their hook.
      if (!declaredHere.has(id) && !declared.has(id)) this.fates.set(id, "unknown");
    }
    this.#stacks.delete(stack);
  }

  /** A failed destroy: any group of the stack may be gone; the next apply re-creates them. */
  destroyFailed(app: AppModel, stack: string): void {
    const record = this.#record(stack);
    for (const g of groupsOfStack(app, stack)) {
      const id = identityOf(g);
      this.touched.add(id);
      if (!record.deployed.has(id) && !record.uncertain.has(id)) {
        record.uncertain.set(id, { policy: g.removalPolicy, listed: false });
      }
    }
    for (const [id, policy] of record.deployed) record.uncertain.set(id, { policy, listed: true });
  }

  /** Called after each oracle check. */
  checked(): void {
    this.touched.clear();
  }

  #record(stack: string): StackRecord {
    let record = this.#stacks.get(stack);
    if (!record) {
      record = { deployed: new Map(), uncertain: new Map() };
      this.#stacks.set(stack, record);
    }
    return record;
  }
}
