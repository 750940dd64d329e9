// One manifest resource per stack: the list of groups the stack manages, whose destroy hook
// (`prune`) deletes the groups that left the configuration: constructs deleted from the code,
// and the old identity of a renamed group (lib/spec/manifest.ts says how).

import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Annotations, App, Lazy, TerraformStack, type TerraformResource } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { Resource as NullResource } from "@cdktf/provider-null/lib/resource";
import {
  PRUNE_COMMAND,
  decodeManifest,
  encodeManifest,
  identityKey,
  type ManagedGroup,
} from "../spec/manifest";
import { PAYLOAD_VERSION, RemovalPolicyValue } from "../spec/names";
import { targetOf } from "../spec/target";
import { escapeTerraformTemplate, jsonTemplate, unescapeTerraformTemplate } from "./escape";
import { hookProgram } from "./hook-asset";
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
        interpreter: ["node", hookProgram(this), PRUNE_COMMAND],
        command: Lazy.stringValue({ produce: () => this.pruneCommand(stateField) }),
      },
    ];
    this.resource =
      kind === HookResource.NULL_RESOURCE
        ? new NullResource(this, "Resource", { triggers, provisioners })
        : new TerraformData(this, "Resource", { triggersReplace: triggers, provisioners });
    this.resource.overrideLogicalId(LOGICAL_ID);
    this.node.addValidation({ validate: () => this.reportLeaving() });
  }

  /**
   * Plans show only trigger diffs (pitfall P16). When the previous synth of this stack is still
   * in the output folder, say at synth time which groups the next deploy deletes or keeps.
   */
  private reportLeaving(): string[] {
    const stack = TerraformStack.of(this);
    const previous = readPreviousManifest(App.of(this).outdir, stack.node.id);
    if (!previous) return [];
    const declared = new Set(this.groups.map((g) => identityKey(g.identity)));
    for (const group of previous) {
      if (declared.has(identityKey(group.identity))) continue;
      const fate =
        group.removalPolicy === RemovalPolicyValue.RETAIN
          ? "keeps it in the cloud (removalPolicy RETAIN) and stops managing it"
          : "deletes it from the cloud";
      Annotations.of(stack).addWarning(
        `consumer group ${targetOf(group.identity)} was in the last synth and is not ` +
          `declared any more (its construct was removed, or its name, region, project, logstore ` +
          `or queue changed): the next deploy ${fate}.`,
      );
    }
    return [];
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

/** The groups of the manifest in `<outdir>/stacks/<stack>/cdk.tf.json`, if that file exists. */
function readPreviousManifest(outdir: string, stackName: string): ManagedGroup[] | undefined {
  let json: {
    resource?: Record<string, Record<string, Record<string, Record<string, string>>>>;
  };
  try {
    json = JSON.parse(readFileSync(path.join(outdir, "stacks", stackName, "cdk.tf.json"), "utf8"));
  } catch {
    return undefined; // no previous synth here (a fresh clone, a CI job): nothing to compare
  }
  for (const resources of Object.values(json.resource ?? {})) {
    const manifest = resources[LOGICAL_ID];
    const groups = (manifest?.["triggers_replace"] ?? manifest?.["triggers"])?.["groups"];
    if (typeof groups === "string") return decodeManifest(unescapeTerraformTemplate(groups));
  }
  return undefined;
}
