// The one lifecycle setting that breaks the library: Terraform skips the destroy hook of the old
// object under create_before_destroy, which would leave the old consumer group behind.

import type { IValidation } from "constructs";
import type { TerraformResource } from "./framework";

/** Destroy hooks do not run for the old object under create_before_destroy. */
export class NoCreateBeforeDestroy implements IValidation {
  constructor(private readonly resources: readonly TerraformResource[]) {}

  validate(): string[] {
    return this.resources
      .filter((r) => {
        // Set through the lifecycle argument, or by an override. (Reading the overrides avoids a
        // toTerraform() per resource, which would double the synth time of a large app.)
        const overrides = (
          r as unknown as { rawOverrides?: { lifecycle?: Record<string, unknown> } }
        ).rawOverrides;
        return (
          r.lifecycle?.createBeforeDestroy === true ||
          overrides?.lifecycle?.["create_before_destroy"] === true
        );
      })
      .map(
        (r) =>
          `${r.node.path}: lifecycle.create_before_destroy must not be set: Terraform would skip ` +
          `the destroy hook and leave the old consumer group behind. Remove the override.`,
      );
  }
}
