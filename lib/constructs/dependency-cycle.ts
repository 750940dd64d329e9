// The synth error for a dependency cycle through consumer groups (group-dependencies.ts): the
// cycle by construct paths, what the stack's one reconciler has to do with it, and the fixes.

import type { IConstruct } from "constructs";
import type { TerraformResource } from "./framework";
import type { DependencyGraph } from "./dependency-graph";
import { EXECUTOR_CONTEXT } from "./group-reconciler";

interface CycleGroup {
  readonly construct: IConstruct;
  readonly resources: readonly TerraformResource[];
}

export interface CycleContext<G extends CycleGroup> {
  /** Addresses `[a, b, …, a]`, each waiting for the next. */
  readonly cycle: readonly string[];
  readonly graph: DependencyGraph;
  readonly groups: readonly G[];
  /** The stack's reconciler (default executor). */
  readonly reconciler: TerraformResource | undefined;
  /** Construct path -> the groups it was seen to wait for. */
  readonly waitsFor: ReadonlyMap<string, ReadonlySet<G>>;
  /** What each group waits for. */
  readonly dependencies: ReadonlyMap<G, readonly string[]>;
}

export function cycleMessage<G extends CycleGroup>(context: CycleContext<G>): string {
  const { cycle, graph } = context;
  const labels = new Map<string, string>();
  for (const group of context.groups) {
    for (const r of group.resources) labels.set(addressOf(r), group.construct.node.path);
  }
  const label = (address: string) => labels.get(address) ?? graph.paths.get(address) ?? address;
  const reconciler = context.reconciler && addressOf(context.reconciler);
  const chain: string[] = [];
  cycle.forEach((address, i) => {
    let text = label(address);
    if (address === reconciler) {
      const previous = label(cycle[i === 0 ? cycle.length - 2 : i - 1]!);
      text = `${context.reconciler!.node.scope!.node.path} (${reconcilerRole(
        context,
        previous,
        cycle[i + 1]!,
        label(cycle[i + 1]!),
      )})`;
    }
    if (chain[chain.length - 1] !== text) chain.push(text);
  });
  const head =
    "consumer groups and their dependencies form a cycle Terraform cannot order: " +
    `${chain.join(" → ")} (each waits for the next).`;
  if (reconciler && cycle.includes(reconciler)) {
    return (
      `${head} Under the default executor one reconciler creates every group of the stack: it ` +
      "waits for what any of its groups depends on, and what depends on any group waits for " +
      `it. Use the per-group executor for this stack (context "${EXECUTOR_CONTEXT}": ` +
      '"per-group", e.g. stack.node.setContext before its groups are declared), put these ' +
      "groups in separate stacks, or drop one of these dependencies"
    );
  }
  return `${head} Drop one of these dependencies`;
}

/** Why the reconciler sits between `before` (waits for it) and `after` (it waits for). */
function reconcilerRole<G extends CycleGroup>(
  context: CycleContext<G>,
  before: string,
  after: string,
  afterLabel: string,
): string {
  const paths = (groups: Iterable<G>) =>
    [...new Set([...groups].map((g) => g.construct.node.path))].sort().join(", ");
  const waited = paths(context.waitsFor.get(before) ?? []);
  const waiting = paths(
    [...context.dependencies].filter(([, deps]) => deps.includes(after)).map(([g]) => g),
  );
  const parts = [
    ...(waited ? [`creates ${waited}, which ${before} waits for`] : []),
    ...(waiting ? [`creates ${waiting}, which waits for ${afterLabel}`] : []),
  ];
  return `the stack's one reconciler${parts.length ? `: ${parts.join("; ")}` : ""}`;
}

function addressOf(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}
