// The `dependsOn` prop of a group, checked: what cdktf's own `dependsOn` takes.

import type { Construct } from "constructs";
import type { ITerraformDependable } from "./framework";
import { ValidationError } from "./validation";
import { showValue } from "../contract/show-value";

export function checkDependables(
  scope: Construct,
  value: unknown,
): readonly ITerraformDependable[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new ValidationError(
      scope,
      `dependsOn ${showValue(value)} must be a list of resources, modules, data sources or consumer groups`,
    );
  }
  value.forEach((d: unknown, i) => {
    if (typeof d !== "object" || d === null || typeof (d as { fqn?: unknown }).fqn !== "string") {
      throw new ValidationError(
        scope,
        `dependsOn[${i}] ${showValue(d)} must be a resource, module, data source or consumer ` +
          "group (something with an fqn, as cdktf's own dependsOn takes)",
      );
    }
  });
  return [...(value as ITerraformDependable[])];
}
