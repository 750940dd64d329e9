// The batched executor, the default: one resource per stack whose create hook, `reconcile`,
// creates and updates every declared group in one process (lib/contract/reconcile.ts), with one
// list call per logstore or queue. It is replaced whenever any group's identity, region or
// settings change, so it runs once per apply that changes something, and otherwise only with
// `reconcile: "always"`.
// Deletes stay with the Group resources' destroy hooks and the manifest's prune.
// The per-group executor (context `cdktf-consumer-groups:executor` = "per-group") runs an
// `ensure` process per group instead (hook-resources.ts).

import { RECONCILE_COMMAND } from "../contract/names";
import { createHash } from "node:crypto";
import { Lazy, TerraformStack, type TerraformResource } from "./framework";
import { Construct, type IConstruct } from "constructs";
import { PAYLOAD_VERSION } from "../contract/names";
import { encodeReconcile } from "../contract/reconcile-payload";
import { escapeTerraformTemplate } from "./escape";
import { hookProgram } from "./hook-asset";
import { refsLine, type GroupRef } from "./identity-refs";
import { HookResource, MAX_COMMAND_BYTES } from "./hook-resource";
import { NullResource } from "./null-resource";
import { TerraformData } from "./terraform-data";
import { hookProvisioner } from "./hook-provisioner";
import type { EnsurePayload } from "../contract/payload-types";

export const EXECUTOR_CONTEXT = "cdktf-consumer-groups:executor";
export type Executor = "per-group" | "batched";

const RECONCILER_ID = "ConsumerGroupsReconciler";
const LOGICAL_ID = "consumer_groups_reconciler";

/** The default executor: one reconcile process per stack and apply. */
export const DEFAULT_EXECUTOR: Executor = "batched";

/** The executor a construct's stack uses: context `cdktf-consumer-groups:executor`. */
export function executorOf(scope: IConstruct): Executor {
  const value: unknown = scope.node.tryGetContext(EXECUTOR_CONTEXT) ?? DEFAULT_EXECUTOR;
  if (value !== "per-group" && value !== "batched") {
    throw new Error(
      `${scope.node.path}: context ${EXECUTOR_CONTEXT} ${JSON.stringify(value)} must be "batched" (the default) or "per-group"`,
    );
  }
  return value;
}

export class GroupReconciler extends Construct {
  /** The stack's reconciler, created by the first group declared in it. */
  static of(scope: IConstruct, kind: HookResource, dependsOn: TerraformResource): GroupReconciler {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(RECONCILER_ID);
    return existing
      ? (existing as GroupReconciler)
      : new GroupReconciler(stack, RECONCILER_ID, kind, dependsOn);
  }

  readonly resource: TerraformResource;
  private readonly groups: EnsurePayload[] = [];
  /** Addresses this resource depends on: the manifest, then every group's resource. */
  private readonly dependencies: string[] = [];
  /** Every group's resource: replacing one of them (`-replace`, `taint`) replaces this too. */
  private readonly groupResources: string[] = [];
  /** Per group, the values whose change must run a reconcile (see `groups` above). */
  private readonly triggers: Readonly<Record<string, string>>[] = [];
  private always = false;
  /** The references of the groups' identities: their values travel beside the payload. */
  private readonly refs: GroupRef[] = [];
  /** `encodeReconcile(groups)` for `groups` as it was when computed (it only grows). */
  private encoded?: { readonly count: number; readonly payload: string };
  private digested?: { readonly count: number; readonly value: string };

  private constructor(
    scope: Construct,
    id: string,
    kind: HookResource,
    manifest: TerraformResource,
  ) {
    super(scope, id);
    // One trigger, which says what the resource does: "reconciles 50 groups (digest …)". The
    // digest covers what each group's create or update depends on: its identity, the region it
    // is reached in, and its settings, the same values the per-group executor's Settings
    // resources store. Payload literals (credential variables, timeouts, copyCheckpointsFrom)
    // are not in it: changing them alone runs nothing, under either executor. With
    // `reconcile: "always"` it holds timestamp(), unknown at plan time, so every apply runs it.
    const triggers = { groups: Lazy.stringValue({ produce: () => this.description() }) };
    const provisioners = [
      hookProvisioner({
        program: hookProgram(this),
        subcommand: RECONCILE_COMMAND,
        label: `stack ${TerraformStack.of(this).node.id}: every group it declares`,
        payload: Lazy.stringValue({ produce: () => this.command() }),
      }),
    ];
    const meta = { provisioners };
    this.resource =
      kind === HookResource.NULL_RESOURCE
        ? new NullResource(this, "Resource", { triggers, ...meta })
        : new TerraformData(this, "Resource", { triggersReplace: triggers, ...meta });
    this.resource.overrideLogicalId(LOGICAL_ID);
    // After the manifest: a rename's prune deletes the old group before the new one is made.
    // After every Group, so that a destroy removes this resource first: when a destroy stops
    // half-way (deletion protection refused one group, the service failed), the groups it
    // deleted are declared again by the next apply, which must then run a reconcile. Were the
    // reconciler still in state with the same triggers, their re-created Group resources
    // would run no hook and the groups would stay deleted.
    // The list is read when the stack is synthesized, so groups added later are in it.
    this.dependencies.push(`${manifest.terraformResourceType}.${manifest.friendlyUniqueId}`);
    this.resource.addOverride("depends_on", this.dependencies);
    // A Group replaced on its own (`terraform apply -replace=…`, or tainted) runs its destroy
    // hook, which deletes the group, and is then created with no hook: replacing the reconciler
    // with it makes the same apply create the group again. An in-place update of a Group (its
    // settings) replaces the reconciler too, as its digest already does.
    this.resource.addOverride("lifecycle.replace_triggered_by", this.groupResources);
  }

  add(
    group: EnsurePayload,
    triggers: Readonly<Record<string, string>>,
    reconcileAlways: boolean,
    resourceAddress: string,
    refs: readonly GroupRef[] = [],
  ): void {
    this.groups.push(group);
    this.refs.push(...refs);
    // The digest reads a reference by its placeholder, stable across synths; a change of its
    // value replaces the group's Group, and with it this resource (replace_triggered_by).
    const byToken = new Map(refs.map((r) => [r.token, r.id]));
    triggers = Object.fromEntries(
      Object.entries(triggers).map(([k, v]) => [k, byToken.get(v) ?? v]),
    );
    this.dependencies.push(resourceAddress);
    this.groupResources.push(resourceAddress);
    this.triggers.push(triggers);
    this.always ||= reconcileAlways;
  }

  private description(): string {
    const count = this.triggers.length;
    const always = this.always ? " at ${timestamp()}" : "";
    return `reconciles ${count} group${count === 1 ? "" : "s"} (digest ${this.digest()})${always}`;
  }

  private digest(): string {
    if (this.digested?.count !== this.triggers.length) {
      const hash = createHash("sha256").update(`v${PAYLOAD_VERSION}\n`);
      // Sorted, so that declaring the same groups in another order runs nothing.
      for (const line of this.triggers.map((t) => JSON.stringify(sortedEntries(t))).sort()) {
        hash.update(line).update("\n");
      }
      this.digested = { count: this.triggers.length, value: hash.digest("hex").slice(0, 16) };
    }
    return this.digested.value;
  }

  /** cdktf resolves each lazy value several times per synth: encode once per group count. */
  private encode(): string {
    if (this.encoded?.count !== this.groups.length) {
      this.encoded = { count: this.groups.length, payload: encodeReconcile(this.groups) };
    }
    return this.encoded.payload;
  }

  private command(): string {
    const command = refsLine(this.refs) + escapeTerraformTemplate(this.encode());
    if (Buffer.byteLength(command) > MAX_COMMAND_BYTES) {
      throw new Error(
        `${this.node.path}: ${this.groups.length} consumer groups make the batched executor's ` +
          `payload over ${MAX_COMMAND_BYTES / 1024} KiB. Split the groups over several stacks.`,
      );
    }
    return command;
  }
}

function sortedEntries(record: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
