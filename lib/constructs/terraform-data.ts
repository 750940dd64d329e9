// `terraform_data` without cdktf's `DataResource`, which adds a validation that runs
// `terraform version` once per resource at synth (seconds for a few hundred groups).

import type { Construct } from "constructs";
import {
  TerraformResource,
  hashMapper,
  hashMapperHcl,
  stringToHclTerraform,
  stringToTerraform,
  type TerraformMetaArguments,
} from "./framework";

export interface TerraformDataConfig extends TerraformMetaArguments {
  /** Stored in state; any change replaces the resource. */
  readonly triggersReplace: Readonly<Record<string, string>>;
  /** Stored in state; a change is an in-place update (no hook runs). */
  readonly input?: string | Readonly<Record<string, string>>;
}

export class TerraformData extends TerraformResource {
  static readonly tfResourceType = "terraform_data";
  readonly triggersReplace: Readonly<Record<string, string>>;
  readonly input: string | Readonly<Record<string, string>> | undefined;

  constructor(scope: Construct, id: string, config: TerraformDataConfig) {
    super(scope, id, { terraformResourceType: TerraformData.tfResourceType, ...config });
    this.triggersReplace = config.triggersReplace;
    this.input = config.input;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {
      triggers_replace: hashMapper(stringToTerraform)(this.triggersReplace),
      input:
        typeof this.input === "string"
          ? stringToTerraform(this.input)
          : this.input && hashMapper(stringToTerraform)(this.input),
    };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return {
      triggers_replace: {
        value: hashMapperHcl(stringToHclTerraform)(this.triggersReplace),
        isBlock: false,
        type: "map",
        storageClassType: "stringMap",
      },
      ...(typeof this.input === "string" && {
        input: {
          value: stringToHclTerraform(this.input),
          isBlock: false,
          type: "simple",
          storageClassType: "string",
        },
      }),
      ...(this.input &&
        typeof this.input !== "string" && {
          input: {
            value: hashMapperHcl(stringToHclTerraform)(this.input),
            isBlock: false,
            type: "map",
            storageClassType: "stringMap",
          },
        }),
    };
  }
}
