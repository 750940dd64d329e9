// Under the per-group executor each group's Settings resource runs its own `ensure`, in an order
// Terraform chooses. A group that copies its checkpoints from another group new in the same
// deploy must be created after it, or its ensure finds no source: its Settings resource then
// also depends on the source's, when the same stack declares the source. Groups that copy from
// each other (a rename and a rename back, both still declared) get no such edge: Terraform would
// refuse the cycle, and at most one of them can be new, which a later deploy completes.

import { Lazy, TerraformStack, type TerraformResource } from "./framework";
import type { Construct } from "constructs";
import type { HookResources } from "./hook-resources";
import { identityKey, type GroupIdentity } from "../contract/group-identity";

/** A construct that declares one group through HookResources. */
interface GroupConstruct {
  readonly identity: GroupIdentity;
  readonly resources: HookResources;
  /** The group, in the same container, whose checkpoints this one copies. */
  readonly copyCheckpointsFrom?: string;
}

/**
 * Makes `copy`'s Settings resource depend on the Settings resource of the group with identity
 * `source` when its stack declares that group (resolved at synth, whatever the declaration
 * order), besides `dependsOn`, the addresses it depends on already.
 */
export function orderAfterCopySource(
  scope: Construct,
  settings: TerraformResource,
  dependsOn: readonly string[],
  copy: GroupIdentity,
  source: GroupIdentity,
): void {
  const stack = TerraformStack.of(scope);
  settings.addOverride(
    "depends_on",
    Lazy.anyValue({
      produce: () => {
        const groups = new Map<string, GroupConstruct>();
        for (const c of stack.node.findAll()) {
          if (isGroupConstruct(c)) groups.set(identityKey(c.identity), c);
        }
        const sourceSettings = groups.get(identityKey(source))?.resources.settings;
        if (!sourceSettings || copiesFrom(groups, source, copy)) return [...dependsOn];
        return [...dependsOn, addressOf(sourceSettings)];
      },
    }),
  );
}

/** Whether `from`, following each group's copy source within the stack, reaches `target`. */
function copiesFrom(
  groups: ReadonlyMap<string, GroupConstruct>,
  from: GroupIdentity,
  target: GroupIdentity,
): boolean {
  const seen = new Set<string>();
  let at: GroupConstruct | undefined = groups.get(identityKey(from));
  while (at?.copyCheckpointsFrom !== undefined && !seen.has(identityKey(at.identity))) {
    seen.add(identityKey(at.identity));
    const next = { ...at.identity, name: at.copyCheckpointsFrom } as GroupIdentity;
    if (identityKey(next) === identityKey(target)) return true;
    at = groups.get(identityKey(next));
  }
  return false;
}

export function addressOf(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

function isGroupConstruct(c: unknown): c is GroupConstruct {
  const x = c as Partial<GroupConstruct>;
  return typeof x.identity === "object" && x.identity !== null && x.resources !== undefined;
}
