// One manifest resource per stack: the list of groups the stack manages, whose destroy hook
// (`prune`) deletes the groups that left the configuration: constructs deleted from the code,
// and the old identity of a renamed group (lib/spec/manifest.ts says how).

import { Lazy, TerraformStack, type TerraformResource } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { Resource as NullResource } from "@cdktf/provider-null/lib/resource";
import { PAYLOAD_VERSION } from "../spec/names";
import { PRUNE_COMMAND, encodeManifest, identityKey, type ManagedGroup } from "../spec/manifest";
import { escapeTerraformTemplate, jsonTemplate } from "./escape";
import { hookAsset } from "./hook-asset";
import { HookResource } from "./hook-resource";
import { TerraformData } from "./terraform-data";

const MANIFEST_ID = "ConsumerGroupsManifest";
/** Terraform address of the manifest: fixed, so refactors never move it. */
const LOGICAL_ID = "consumer_groups_manifest";
const PREVIOUS_PLACEHOLDER = "@@cdktf-consumer-groups:previous@@";
/** One command-line argument is capped at 128 KiB; keep a margin for the interpreter. */
const MAX_COMMAND_BYTES = 120 * 1024;

export class GroupManifest extends Construct {
  /** The stack's manifest, created by the first group declared in it. */
  static of(scope: IConstruct, kind: HookResource): GroupManifest {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(MANIFEST_ID);
    return existing ? (existing as GroupManifest) : new GroupManifest(stack, MANIFEST_ID, kind);
  }

  readonly resource: TerraformResource;
  private readonly groups: ManagedGroup[] = [];

  private constructor(scope: Construct, id: string, kind: HookResource) {
    super(scope, id);
    const triggers = {
      v: String(PAYLOAD_VERSION),
      groups: Lazy.stringValue({
        produce: () => escapeTerraformTemplate(encodeManifest(this.groups)),
      }),
    };
    const stateField = kind === HookResource.NULL_RESOURCE ? "triggers" : "triggers_replace";
    const provisioners = [
      {
        type: "local-exec" as const,
        when: "destroy" as const,
        interpreter: ["node", hookAsset(this).path, PRUNE_COMMAND],
        command: Lazy.stringValue({ produce: () => this.pruneCommand(stateField) }),
      },
    ];
    this.resource =
      kind === HookResource.NULL_RESOURCE
        ? new NullResource(this, "Resource", { triggers, provisioners })
        : new TerraformData(this, "Resource", { triggersReplace: triggers, provisioners });
    this.resource.overrideLogicalId(LOGICAL_ID);
  }

  /** Adds a group; the manifest lists it from now on. */
  add(group: ManagedGroup): void {
    this.groups.push(group);
  }

  private pruneCommand(stateField: string): string {
    const command = jsonTemplate(
      {
        v: PAYLOAD_VERSION,
        command: PRUNE_COMMAND,
        previous: PREVIOUS_PLACEHOLDER,
        current: this.groups.map((g) => identityKey(g.identity)),
      },
      { placeholder: PREVIOUS_PLACEHOLDER, expression: `\${jsonencode(self.${stateField})}` },
    );
    const size = Buffer.byteLength(command) + Buffer.byteLength(encodeManifest(this.groups));
    if (size > MAX_COMMAND_BYTES) {
      throw new Error(
        `${this.node.path}: ${this.groups.length} consumer groups in one stack make the removal ` +
          `manifest ${Math.round(size / 1024)} KiB, over the ${MAX_COMMAND_BYTES / 1024} KiB a hook ` +
          "argument can carry. Split the groups over several stacks.",
      );
    }
    return command;
  }
}
