// Under the per-group executor each group's Settings resource runs its own `ensure`, in an order
// Terraform chooses. A group that copies its checkpoints from another group new in the same
// deploy must be created after it, or its ensure finds no source: its Settings resource then
// also depends on the source's, when the same stack declares the source.

import { Lazy, TerraformStack, type TerraformResource } from "./framework";
import type { Construct } from "constructs";
import { identityKey } from "../contract/identity";
import type { GroupIdentity } from "../contract/identity";
import type { HookResources } from "./hook-resources";

/** A construct that declares one group through HookResources. */
interface GroupConstruct {
  readonly identity: GroupIdentity;
  readonly resources: HookResources;
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
  source: GroupIdentity,
): void {
  const key = identityKey(source);
  const stack = TerraformStack.of(scope);
  settings.addOverride(
    "depends_on",
    Lazy.anyValue({
      produce: () => {
        const declared = stack.node
          .findAll()
          .find((c) => isGroupConstruct(c) && identityKey(c.identity) === key) as
          GroupConstruct | undefined;
        const sourceSettings = declared?.resources.settings;
        return sourceSettings ? [...dependsOn, addressOf(sourceSettings)] : [...dependsOn];
      },
    }),
  );
}

export function addressOf(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

function isGroupConstruct(c: unknown): c is GroupConstruct {
  const x = c as Partial<GroupConstruct>;
  return typeof x.identity === "object" && x.identity !== null && x.resources !== undefined;
}
