// The Terraform resource behind a hook (terraform_data or null_resource), with the lifecycle
// arguments the group's resources use, and the null provider a null_resource needs.

import type { Construct, IConstruct } from "constructs";
import { TerraformProvider, TerraformStack, type TerraformResource } from "./framework";
import { HookResource } from "./hook-resource";
import { NullProvider, NullResource } from "./null-resource";
import { TerraformData } from "./terraform-data";

export type Meta = Pick<
  ConstructorParameters<typeof TerraformData>[2],
  "provisioners" | "input"
> & {
  readonly dependsOnAddresses?: readonly string[];
  /** Arguments whose changes Terraform ignores (`lifecycle.ignore_changes`). */
  readonly ignoreChanges?: readonly string[];
  /** Resources whose replacement or update replaces this one (`lifecycle.replace_triggered_by`). */
  readonly replaceTriggeredBy?: readonly string[];
};

/** `type.name` of a resource whose logical id is already final. */
export function addressOf(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

export function createResource(
  scope: Construct,
  id: string,
  kind: HookResource,
  triggers: Readonly<Record<string, string>>,
  meta: Meta,
): TerraformResource {
  const { dependsOnAddresses, ignoreChanges, replaceTriggeredBy, ...rest } = meta;
  const resource = createOfKind(scope, id, kind, triggers, rest);
  if (dependsOnAddresses) {
    resource.addOverride("depends_on", [...dependsOnAddresses]);
  }
  if (ignoreChanges) {
    resource.addOverride("lifecycle.ignore_changes", [...ignoreChanges]);
  }
  if (replaceTriggeredBy) {
    resource.addOverride("lifecycle.replace_triggered_by", [...replaceTriggeredBy]);
  }
  return resource;
}

function createOfKind(
  scope: Construct,
  id: string,
  kind: HookResource,
  triggers: Readonly<Record<string, string>>,
  meta: Pick<Meta, "provisioners" | "input">,
): TerraformResource {
  const { input, ...rest } = meta;
  switch (kind) {
    case HookResource.TERRAFORM_DATA:
      return new TerraformData(scope, id, { triggersReplace: triggers, input, ...rest });
    case HookResource.NULL_RESOURCE:
      return new NullResource(scope, id, { triggers: { ...triggers }, ...rest });
  }
}

/** Stacks known to have a hashicorp/null provider: searching the tree per group is quadratic. */
const withNullProvider = new WeakSet<TerraformStack>();

/** Adds the hashicorp/null provider to the stack unless it already has one. */
export function ensureNullProvider(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (withNullProvider.has(stack)) return;
  const present = stack.node
    .findAll()
    .some((c) => TerraformProvider.isTerraformProvider(c) && c.terraformResourceType === "null");
  if (!present) new NullProvider(stack, "NullProvider");
  withNullProvider.add(stack);
}
