// One manifest resource per stack: the list of groups the stack manages, whose destroy hook
// (`prune`) deletes the groups that the app no longer declares: constructs deleted from the
// code, and the old identity of a renamed group (lib/contract/manifest.ts says how). A group that
// moved to another stack of the app is still declared, so it is kept.

import { PRUNE_COMMAND } from "../contract/names";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Annotations, App, Lazy, TerraformStack, type TerraformResource } from "./framework";
import { Construct, type IConstruct } from "constructs";
import {
  decodeManifest,
  encodeManifest,
  prunePayload,
  type ManagedGroup,
} from "../contract/manifest";
import { PAYLOAD_VERSION, RemovalPolicyValue } from "../contract/names";
import { targetOf } from "../contract/target";
import { appCopies } from "./app-copies";
import { appGroupCount, appGroupKeys } from "./app-groups";
import { escapeTerraformTemplate, jsonTemplate, unescapeTerraformTemplate } from "./escape";
import { hookProgram } from "./hook-asset";
import { HookResource, MAX_COMMAND_BYTES, stateFieldOf } from "./hook-resource";
import { NullResource } from "./null-resource";
import { TerraformData } from "./terraform-data";
import { hookProvisioner } from "./hook-provisioner";
import { identityKey } from "../contract/group-identity";
import { refsTemplate, type GroupRef, type GroupRefs } from "./identity-refs";
import { matchesPattern } from "../contract/refs";

const MANIFEST_ID = "ConsumerGroupsManifest";
/** Terraform address of the manifest: fixed, so refactors never move it. */
const LOGICAL_ID = "consumer_groups_manifest";
const PREVIOUS_PLACEHOLDER = "@@cdktf-consumer-groups:previous@@";

interface Encoded {
  /** How many groups of the stack, and of the app, were encoded. */
  readonly count: string;
  /** The `groups` trigger, template-escaped. */
  readonly groups: string;
  /** The prune command. */
  readonly command: string;
  /** Bytes of the prune hook's argument once Terraform splices the stored manifest into it. */
  readonly size: number;
}

export class GroupManifest extends Construct {
  /** The stack's manifest, created by the first group declared in it. */
  static of(scope: IConstruct, kind: HookResource): GroupManifest {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(MANIFEST_ID);
    return existing ? (existing as GroupManifest) : new GroupManifest(stack, MANIFEST_ID, kind);
  }

  readonly resource: TerraformResource;
  private readonly groups: ManagedGroup[] = [];
  /**
   * The stack's `moved` blocks (release 0.1.0's addresses to today's), one list for the stack:
   * cdktf's per-resource moveFromId would make every synth run `terraform version` (it checks
   * for moved-block support) and fail where Terraform is not installed, e.g. a synth-only job.
   */
  private readonly moves: { from: string; to: string }[] = [];
  /** What the lazy values produce, for the groups as they were when computed (they only grow). */
  private encoded?: Encoded;
  /** The references of the groups' identities, which Terraform fills in at apply. */
  private readonly refs: GroupRef[] = [];
  /** The identities with references, for the prune: a stored group they may name is kept. */
  private readonly patterns: Record<string, string>[] = [];
  /** The resource's trigger argument, which the prune command reads back from state. */
  private readonly stateField: string;

  private constructor(scope: Construct, id: string, kind: HookResource) {
    super(scope, id);
    this.stateField = stateFieldOf(kind);
    const triggers = {
      v: String(PAYLOAD_VERSION),
      groups: Lazy.stringValue({ produce: () => this.encode().groups }),
    };
    const provisioners = [
      hookProvisioner({
        program: hookProgram(this),
        subcommand: PRUNE_COMMAND,
        payload: Lazy.stringValue({ produce: () => this.pruneCommand() }),
        when: "destroy",
      }),
    ];
    this.resource =
      kind === HookResource.NULL_RESOURCE
        ? new NullResource(this, "Resource", { triggers, provisioners })
        : new TerraformData(this, "Resource", { triggersReplace: triggers, provisioners });
    this.resource.overrideLogicalId(LOGICAL_ID);
    // The list is read when the stack is synthesized, so groups added later are in it.
    TerraformStack.of(this).addOverride("moved", this.moves);
    this.node.addValidation({ validate: () => this.reportLeaving() });
  }

  /**
   * Plans show only trigger diffs. When the previous synth of this stack is still
   * in the output folder, say at synth time which groups the next deploy deletes or keeps.
   */
  private reportLeaving(): string[] {
    const stack = TerraformStack.of(this);
    const previous = readPreviousManifest(App.of(this).outdir, stack.node.id, this.encode().groups);
    if (!previous) return [];
    const declared = new Set(appGroupKeys(this));
    for (const group of previous) {
      if (declared.has(group.key ?? identityKey(group.identity))) continue;
      // The prune keeps what a group given by reference may name (lib/contract/refs.ts).
      if (this.patterns.some((p) => matchesPattern(group.identity, p))) continue;
      const fate =
        group.removalPolicy === RemovalPolicyValue.RETAIN
          ? "keeps it in the cloud (removalPolicy RETAIN) and stops managing it"
          : group.deletionProtection === "OFF"
            ? "deletes it from the cloud"
            : `deletes it from the cloud unless deletion protection (${group.deletionProtection ?? "WHEN_IN_USE"}) refuses`;
      Annotations.of(stack).addWarning(
        `consumer group ${targetOf(group.identity, group.transport.region)} was in the last ` +
          `synth and no stack of the app declares it any more (its construct was removed, or ` +
          `its name, project, logstore or queue changed): the next deploy ${fate}.`,
      );
    }
    return [];
  }

  /** Adds a `moved` block from an address of an earlier release to today's. */
  addMove(from: string, to: string): void {
    if (from !== to) this.moves.push({ from, to });
  }

  /** Adds a group; the manifest lists it from now on. */
  add(group: ManagedGroup, refs?: GroupRefs): void {
    this.groups.push(group);
    if (!refs) return;
    // Only a stack with references has this trigger: others keep the triggers they had.
    if (this.refs.length === 0) {
      this.resource.addOverride(
        `${this.stateField}.refs`,
        Lazy.stringValue({ produce: () => refsTemplate(this.refs) }),
      );
    }
    this.refs.push(...refs.refs);
    this.patterns.push(refs.wire);
  }

  /**
   * The trigger value and the prune command. cdktf resolves each lazy value several times per
   * synth, and the encoding (with deflate) is the costly part: computed once per group count.
   */
  private encode(): Encoded {
    const count = `${this.groups.length}/${appGroupCount(this)}`;
    if (this.encoded?.count !== count) {
      const manifest = encodeManifest(this.groups);
      const payload = prunePayload(
        PREVIOUS_PLACEHOLDER,
        appGroupKeys(this),
        appCopies(this),
        this.patterns,
      );
      const command = jsonTemplate(payload, {
        placeholder: PREVIOUS_PLACEHOLDER,
        expression: `\${jsonencode(self.${this.stateField})}`,
      });
      this.encoded = {
        count,
        groups: escapeTerraformTemplate(manifest),
        command,
        size: Buffer.byteLength(command) + Buffer.byteLength(manifest),
      };
    }
    return this.encoded;
  }

  private pruneCommand(): string {
    const { command, size } = this.encode();
    if (size > MAX_COMMAND_BYTES) {
      throw new Error(
        `${this.node.path}: ${this.groups.length} consumer groups in this stack (of ` +
          `${appGroupCount(this)} in the app) make the removal manifest ` +
          `${Math.round(size / 1024)} KiB, over the ${MAX_COMMAND_BYTES / 1024} KiB a hook ` +
          "argument can carry. Split the groups over several stacks, or the app over several apps.",
      );
    }
    return command;
  }
}

/**
 * The groups of the manifest in `<outdir>/stacks/<stack>/cdk.tf.json`, if that file exists; none
 * when its `groups` trigger is `current` (this synth's), as after a re-synth that removed nothing.
 */
function readPreviousManifest(
  outdir: string,
  stackName: string,
  current: string,
): ManagedGroup[] | undefined {
  let json: {
    resource?: Record<string, Record<string, Record<string, Record<string, string>>>>;
  };
  try {
    const text = readFileSync(path.join(outdir, "stacks", stackName, "cdk.tf.json"), "utf8");
    // cdktf writes `"key": value`; only the manifest has a `groups` trigger. A text search is
    // much cheaper than parsing the file, megabytes for a large stack.
    if (text.includes(`"groups": ${JSON.stringify(current)}`)) return [];
    json = JSON.parse(text);
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
