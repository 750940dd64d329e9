// The ensure payloads of every group of the app that copies its checkpoints from another
// (`copyCheckpointsFrom`), across all its stacks. Every stack's prune carries them, so that a
// group one of them copies from is deleted only once the copy exists and holds its checkpoints,
// whichever stack declares the copy.

import type { IConstruct } from "constructs";
import type { EnsurePayload } from "../contract/payload-types";

const byRoot = new WeakMap<IConstruct, EnsurePayload[]>();

/** Records a group of the app of `scope` that copies checkpoints from another. */
export function declareAppCopy(scope: IConstruct, payload: EnsurePayload): void {
  const root = scope.node.root;
  let copies = byRoot.get(root);
  if (!copies) byRoot.set(root, (copies = []));
  copies.push(payload);
}

/** The copying groups of the app of `scope`, in a stable order (by target). */
export function appCopies(scope: IConstruct): readonly EnsurePayload[] {
  const copies = byRoot.get(scope.node.root) ?? [];
  const key = (p: EnsurePayload) => JSON.stringify(p.identity);
  return [...copies].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
