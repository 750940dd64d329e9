// The keys of every consumer group the app declares, across all its stacks. A stack's prune
// deletes only groups the whole app no longer declares, so a group moved to another stack of
// the same app is never deleted by the stack it left.

import type { IConstruct } from "constructs";

/** Keys by construct tree root (the App, or a test's root scope). */
const byRoot = new WeakMap<IConstruct, Set<string>>();

/** Records that the app of `scope` declares the group with canonical key `key`. */
export function declareAppGroup(scope: IConstruct, key: string): void {
  const root = scope.node.root;
  let keys = byRoot.get(root);
  if (!keys) byRoot.set(root, (keys = new Set()));
  keys.add(key);
}

/** The keys the app of `scope` declares, sorted (stable synth output). */
export function appGroupKeys(scope: IConstruct): readonly string[] {
  return [...(byRoot.get(scope.node.root) ?? [])].sort();
}

/** How many groups the app of `scope` declares (cheap: for caches keyed on the count). */
export function appGroupCount(scope: IConstruct): number {
  return byRoot.get(scope.node.root)?.size ?? 0;
}
