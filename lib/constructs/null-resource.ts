// hashicorp/null's `null_resource` and its provider, for `hookResource: NULL_RESOURCE`, written
// against the app's framework (framework.ts) instead of taken from @cdktf/provider-null: that
// package depends on cdktf, so it would put a second framework into a cdktn app, and apps that
// never use null_resource would download it for nothing. The synthesized JSON is the same as
// @cdktf/provider-null 11.0.1 gives (provider hashicorp/null, constraint ~> 3.0).

import type { Construct } from "constructs";
import {
  TerraformProvider,
  TerraformResource,
  hashMapper,
  hashMapperHcl,
  stringToHclTerraform,
  stringToTerraform,
  type TerraformMetaArguments,
} from "./framework";

const GENERATOR_METADATA = {
  providerName: "null",
  providerVersion: "3.2.4",
  providerVersionConstraint: "~> 3.0",
};

export interface NullResourceConfig extends TerraformMetaArguments {
  /** Stored in state; any change replaces the resource. */
  readonly triggers?: Readonly<Record<string, string>>;
}

export class NullResource extends TerraformResource {
  static readonly tfResourceType = "null_resource";
  readonly triggers: Readonly<Record<string, string>> | undefined;

  constructor(scope: Construct, id: string, config: NullResourceConfig = {}) {
    const { triggers, ...meta } = config;
    super(scope, id, {
      terraformResourceType: NullResource.tfResourceType,
      terraformGeneratorMetadata: GENERATOR_METADATA,
      ...meta,
    });
    this.triggers = triggers;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { triggers: hashMapper(stringToTerraform)(this.triggers) };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    if (this.triggers === undefined) return {};
    return {
      triggers: {
        value: hashMapperHcl(stringToHclTerraform)(this.triggers),
        isBlock: false,
        type: "map",
        storageClassType: "stringMap",
      },
    };
  }
}

export class NullProvider extends TerraformProvider {
  static readonly tfResourceType = "null";

  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: NullProvider.tfResourceType,
      terraformGeneratorMetadata: GENERATOR_METADATA,
      terraformProviderSource: "null",
    });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {};
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return {};
  }
}
