// The batched executor (opt-in with the context key `cdktf-consumer-groups:executor` set to
// "batched"): one resource per stack whose create hook, `reconcile`, ensures every declared group
// in one process (lib/contract/reconcile.ts). It is replaced whenever any group's identity or
// settings change, so it runs once per apply that changes something. The per-group resources
// stay in the plan, without create hooks; deletes are unchanged (Group destroy hooks, prune).

import { createHash } from "node:crypto";
import { Lazy, TerraformStack, type TerraformResource } from "./framework";
import { Construct, type IConstruct } from "constructs";
import { PAYLOAD_VERSION } from "../contract/names";
import { RECONCILE_COMMAND, encodeReconcile, type EnsurePayload } from "../contract/reconcile";
import { escapeTerraformTemplate } from "./escape";
import { hookProgram } from "./hook-asset";
import { HookResource } from "./hook-resource";
import { NullResource } from "./null-resource";
import { TerraformData } from "./terraform-data";
import { hookProvisioner } from "./hook-provisioner";

export const EXECUTOR_CONTEXT = "cdktf-consumer-groups:executor";
export type Executor = "per-group" | "batched";

const RECONCILER_ID = "ConsumerGroupsReconciler";
const LOGICAL_ID = "consumer_groups_reconciler";
const MAX_COMMAND_BYTES = 120 * 1024;

/** The executor a construct's stack uses: context `cdktf-consumer-groups:executor`. */
export function executorOf(scope: IConstruct): Executor {
  const value: unknown = scope.node.tryGetContext(EXECUTOR_CONTEXT) ?? "per-group";
  if (value !== "per-group" && value !== "batched") {
    throw new Error(
      `${scope.node.path}: context ${EXECUTOR_CONTEXT} ${JSON.stringify(value)} must be "per-group" or "batched"`,
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
  private always = false;
  /** `encodeReconcile(groups)` for `groups` as it was when computed (it only grows). */
  private encoded?: { readonly count: number; readonly payload: string };

  private constructor(
    scope: Construct,
    id: string,
    kind: HookResource,
    manifest: TerraformResource,
  ) {
    super(scope, id);
    const triggers = {
      v: String(PAYLOAD_VERSION),
      // A digest: the full list is in the command; any change of it replaces this resource.
      groups: Lazy.stringValue({
        produce: () => createHash("sha256").update(this.encode()).digest("hex").slice(0, 32),
      }),
      always: Lazy.stringValue({ produce: () => (this.always ? "${timestamp()}" : "no") }),
    };
    const provisioners = [
      hookProvisioner({
        program: hookProgram(this),
        subcommand: RECONCILE_COMMAND,
        payload: Lazy.stringValue({ produce: () => this.command() }),
      }),
    ];
    // After the manifest: a rename's prune deletes the old group before the new one is made.
    const meta = { provisioners, dependsOn: [manifest] };
    this.resource =
      kind === HookResource.NULL_RESOURCE
        ? new NullResource(this, "Resource", { triggers, ...meta })
        : new TerraformData(this, "Resource", { triggersReplace: triggers, ...meta });
    this.resource.overrideLogicalId(LOGICAL_ID);
  }

  add(group: EnsurePayload, reconcileAlways: boolean): void {
    this.groups.push(group);
    this.always ||= reconcileAlways;
  }

  /** cdktf resolves each lazy value several times per synth: encode once per group count. */
  private encode(): string {
    if (this.encoded?.count !== this.groups.length) {
      this.encoded = { count: this.groups.length, payload: encodeReconcile(this.groups) };
    }
    return this.encoded.payload;
  }

  private command(): string {
    const command = escapeTerraformTemplate(this.encode());
    if (Buffer.byteLength(command) > MAX_COMMAND_BYTES) {
      throw new Error(
        `${this.node.path}: ${this.groups.length} consumer groups make the batched executor's ` +
          `payload over ${MAX_COMMAND_BYTES / 1024} KiB. Split the groups over several stacks.`,
      );
    }
    return command;
  }
}
