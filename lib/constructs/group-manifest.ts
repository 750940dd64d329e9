// One manifest resource per stack: the list of groups the stack manages, whose destroy hook
// (`prune`) deletes the groups that the app no longer declares: constructs deleted from the
// code, and the old identity of a renamed group (lib/contract/manifest.ts says how). A group that
// moved to another stack of the app is still declared, so it is kept.

import { PRUNE_COMMAND } from "../contract/names";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Annotations, App, Lazy, TerraformStack, type TerraformResource } from "./framework";
import { Construct, type IConstruct } from "constructs";
import { prunePayload } from "../contract/manifest";
import {
  decodeManifest,
  manifestEntries,
  manifestVersion,
  type ManagedGroup,
  REFS_TRIGGER,
} from "../contract/stored-manifest";
import { base64GzipLength } from "../contract/compact";
import { RemovalPolicyValue } from "../contract/names";
import { targetOf } from "../contract/target";
import { transportRegion } from "../contract/transport";
import { appCopies } from "./app-copies";
import { appGroupCount, appGroupKeys } from "./app-groups";
import { escapeTerraformTemplate, jsonTemplate, unescapeTerraformTemplate } from "./escape";
import { hookProgram } from "./hook-asset";
import { HookResource, MAX_COMMAND_BYTES, stateFieldOf } from "./hook-resource";
import { NullResource } from "./null-resource";
import { TerraformData } from "./terraform-data";
import { hookProvisioner } from "./hook-provisioner";
import { refsTemplate, type GroupRef, type GroupRefs } from "./identity-refs";
import { matchesPattern } from "../contract/refs";

const MANIFEST_ID = "ConsumerGroupsManifest";
/** Terraform address of the manifest: fixed, so refactors never move it. */
const LOGICAL_ID = "consumer_groups_manifest";
const PREVIOUS_PLACEHOLDER = "@@cdktf-consumer-groups:previous@@";

interface Encoded {
  /** How many groups of the stack, and of the app, were encoded. */
  readonly count: string;
  /** The prune payload. */
  readonly command: string;
  /** Bytes of the prune payload once Terraform splices the stored manifest into it. */
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
   * The triggers: `v`, then one per group under its key, and the transports and credential
   * lists they reference (lib/contract/manifest.ts), template-escaped. Filled as groups are
   * added; the resource's override reads it when the stack is synthesized.
   */
  private readonly triggers: Record<string, string> = { v: manifestVersion() };
  /** The same, unescaped: what Terraform stores, and splices into the prune payload. */
  private readonly stored: Record<string, string> = { v: manifestVersion() };
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
    const triggers = {};
    const provisioners = [
      hookProvisioner({
        program: hookProgram(this),
        subcommand: PRUNE_COMMAND,
        label: `stack ${TerraformStack.of(this).node.id}: groups it no longer declares`,
        payload: Lazy.stringValue({ produce: () => this.pruneCommand() }),
        when: "destroy",
      }),
    ];
    this.resource =
      kind === HookResource.NULL_RESOURCE
        ? new NullResource(this, "Resource", { triggers, provisioners })
        : new TerraformData(this, "Resource", { triggersReplace: triggers, provisioners });
    this.resource.overrideLogicalId(LOGICAL_ID);
    // The lists are read when the stack is synthesized, so groups added later are in them.
    this.resource.addOverride(this.stateField, this.triggers);
    TerraformStack.of(this).addOverride("moved", this.moves);
    this.node.addValidation({ validate: () => this.reportLeaving() });
  }

  /**
   * Plans show only trigger diffs. When the previous synth of this stack is still
   * in the output folder, say at synth time which groups the next deploy deletes or keeps.
   */
  private reportLeaving(): string[] {
    const stack = TerraformStack.of(this);
    const previous = readPreviousManifest(App.of(this).outdir, stack.node.id, this.stored);
    if (!previous) return [];
    const declared = new Set(appGroupKeys(this));
    const target = (g: ManagedGroup) => targetOf(g.identity, transportRegion(g.transport));
    for (const group of previous.sort((a, b) => (target(a) < target(b) ? -1 : 1))) {
      if (declared.has(group.key)) continue;
      // The prune keeps what a group given by reference may name (lib/contract/refs.ts).
      if (this.patterns.some((p) => matchesPattern(group.identity, p))) continue;
      const fate =
        group.removalPolicy === RemovalPolicyValue.RETAIN
          ? "keeps it in the cloud (removalPolicy RETAIN) and stops managing it"
          : group.deletionProtection === "OFF"
            ? "deletes it from the cloud"
            : `deletes it from the cloud unless deletion protection (${group.deletionProtection ?? "WHEN_IN_USE"}) refuses`;
      Annotations.of(stack).addWarning(
        `consumer group ${target(group)} was in the last ` +
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

  /**
   * Adds a group under its key (the key of its Terraform address); the manifest lists it.
   * `refs`: its identity's references; `locationRefs`: its region's or endpoint's.
   */
  add(
    key: string,
    group: ManagedGroup,
    refs?: GroupRefs,
    locationRefs: readonly GroupRef[] = [],
  ): void {
    this.groups.push(group);
    for (const [k, value] of Object.entries(manifestEntries(key, group))) {
      this.stored[k] = value;
      this.triggers[k] = escapeTerraformTemplate(value);
    }
    const all = [...(refs?.refs ?? []), ...locationRefs];
    if (all.length === 0) return;
    // Only a stack with references has this trigger: the values Terraform resolved, which the
    // prune puts in place of the placeholders of the stored identities and transports.
    if (this.refs.length === 0) {
      this.triggers[REFS_TRIGGER] = Lazy.stringValue({ produce: () => refsTemplate(this.refs) });
    }
    this.refs.push(...all);
    // Only an identity with references may name another group than its key says.
    if (refs) this.patterns.push(refs.wire);
  }

  /**
   * The prune payload. cdktf resolves each lazy value several times per synth, and the size
   * check (a gzip of the manifest) is the costly part: computed once per group count.
   */
  private encode(): Encoded {
    const count = `${this.groups.length}/${appGroupCount(this)}`;
    if (this.encoded?.count !== count) {
      const payload = prunePayload(
        PREVIOUS_PLACEHOLDER,
        appGroupKeys(this),
        appCopies(this),
        this.patterns,
      );
      // Gzipped by Terraform: the manifest of a large stack would not fit in one environment
      // variable as it is stored (a few hundred bytes a group).
      const command = jsonTemplate(payload, {
        placeholder: PREVIOUS_PLACEHOLDER,
        expression: `"\${base64gzip(jsonencode(self.${this.stateField}))}"`,
      });
      this.encoded = {
        count,
        command,
        size: Buffer.byteLength(command) + base64GzipLength(JSON.stringify(this.stored)),
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
 * when its triggers are `current` (this synth's), as after a re-synth that removed nothing.
 */
function readPreviousManifest(
  outdir: string,
  stackName: string,
  current: Readonly<Record<string, string>>,
): ReturnType<typeof decodeManifest> | undefined {
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
    const triggers = manifest?.["triggers_replace"] ?? manifest?.["triggers"];
    if (!triggers) continue;
    const stored = Object.fromEntries(
      Object.entries(triggers).map(([k, v]) => [k, unescapeTerraformTemplate(String(v))]),
    );
    if (sameEntries(stored, current)) return [];
    try {
      return decodeManifest(stored);
    } catch {
      return undefined; // a manifest this release cannot read: say nothing rather than guess
    }
  }
  return undefined;
}

function sameEntries(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
