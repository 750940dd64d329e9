// The Terraform resources behind every consumer group, under either executor
// (group-reconciler.ts):
//
// | executor          | resource | stored                                   | create hook | destroy hook |
// |-------------------|----------|------------------------------------------|-------------|--------------|
// | batched (default) | Group    | identity (changes ignored), `input`      | none        | `delete`     |
// | per-group         | Group    | identity (changes ignored)               | none        | `delete`     |
// |                   | Settings | location + identity + settings           | `ensure`    | none         |
//
// With the batched executor the stack's reconciler creates and updates; `input` holds the
// settings as one line, "order=false timeout=60" (terraform_data only: null_resource has no
// argument that changes in place); the map of releases up to 0.2.0 is updated in place.
// A group whose region or endpoint is a reference (location.ts) keeps them as given in `input`
// under either executor (`{"endpoint": <reference>, "settings": "order=…"}`): its delete hook
// reads the location from there, and a changed value is an update in place, which replaces no
// Group and re-runs the reconciler or the Settings' `ensure` (both `replace_triggered_by` it).
//
// The delete hook reads the identity from `self`, the stored value, spliced into its payload
// (hook-provisioner.ts: the payload is in the hook's environment, the command line a label). Both addresses are derived
// from the identity (identity.ts: what the cloud tells groups apart by, without region or
// endpoint), so moving a construct in the tree, or to another way of reaching the same group,
// moves nothing. An identity change gives new addresses: the old resources leave the
// configuration (Terraform runs no hook for them) and the manifest (group-manifest.ts) deletes
// the old group; the reconciler or the new Settings creates the new one.
//
// - The Group is never replaced: its address already is its identity, and it ignores changes
//   of what it stores, so no upgrade that changes the stored form can run its delete hook.
// - Batched: a settings change is an in-place update of the Group's `input`, which shows the old
//   and new values in the plan and runs no hook; the reconciler, replaced because its digest of
//   every group changed, makes the change in the cloud. The reconciler depends on every Group,
//   so a destroy removes it first (group-reconciler.ts says why); a failed reconcile taints it,
//   and the next apply runs it again.
// - Per-group: Settings is replaced when the settings change (one `ensure` = an update in place)
//   and when the location changes (`ensure` finds the group where it is now reached). Its
//   triggers keep the form release 0.1.0 wrote, so an upgrade does not replace it.
// - A Settings resource left behind by a switch to the batched executor (or by an upgrade from a
//   release that made one per group) leaves the configuration: Terraform forgets it and runs
//   nothing, since it never had a destroy hook.
// - Release 0.1.0 derived addresses from an identity with a region: `moved` blocks carry its
//   resources to the new addresses.
// - Groups depend on the manifest, so a destroy removes the manifest last: if the destroy
//   fails half-way (deletion protection refused a group), the groups left in state are still
//   listed by a manifest, and removing them from the code later still goes through the prune.
// - Creates and updates wait for the manifest (a rename's old group is deleted before the new
//   one is created, which matters at a group quota), so a prune that deletion protection
//   refuses holds them back until the next apply (docs/deletion-protection.md).
// Everything else in the payloads is a literal of the current configuration, never a trigger.
// Service-neutral: a construct passes its own identity, settings and payloads.

import type { ITerraformDependable, TerraformResource } from "./framework";
import { stackBoundAddress } from "./stack-bound-address";
import { Construct } from "constructs";
import { NoCreateBeforeDestroy } from "./no-create-before-destroy";
import type { ManagedGroup } from "../contract/stored-manifest";
import { HookCommand } from "../contract/names";
import { declareAppGroup } from "./app-groups";
import { jsonTemplate } from "./escape";
import { StackComposition } from "./group-dependencies";
import { GroupManifest } from "./group-manifest";
import { GroupReconciler, executorOf } from "./group-reconciler";
import { hookProgram } from "./hook-asset";
import { HookResource, stateFieldOf } from "./hook-resource";
import { addressOf, createResource, ensureNullProvider } from "./hook-terraform-resource";
import { hookProvisioner } from "./hook-provisioner";
import { groupKey, identityKey } from "../contract/group-identity";
import { targetOf } from "../contract/target";
import { transportRegion } from "../contract/transport";
import { refsLine, type GroupRefs } from "./identity-refs";
import type { LocationRefs } from "./location";
import type { EnsurePayload } from "../contract/payload-types";

/** Stands for the identity in the delete payload; replaced by the value from Terraform state. */
const IDENTITY_PLACEHOLDER = "@@cdktf-consumer-groups:identity@@";
/** Stands for a location by reference in the delete payload; replaced by the Group's `input`. */
const LOCATION_PLACEHOLDER = "@@cdktf-consumer-groups:location@@";

export interface HookResourcesProps {
  readonly kind: HookResource;
  /** Identity of the group: strings only (null_resource triggers are map(string)). */
  readonly identity: Readonly<Record<string, string>>;
  /** The identity as release 0.1.0 stored it, with the region it was reached in. */
  readonly located: Readonly<Record<string, string>>;
  /**
   * Mutable settings, as strings: the Group's `input` (default executor), or added to `located`
   * to form the Settings triggers (per-group executor).
   */
  readonly settings: Readonly<Record<string, string>>;
  /** One group's create-or-update: the `ensure` hook's payload, or its entry in the reconcile. */
  readonly ensurePayload: EnsurePayload;
  /** Payload of the `delete` hook; its `identity` is replaced by the one in Terraform state. */
  readonly deletePayload: { readonly identity: unknown; readonly [field: string]: unknown };
  /** What the stack's manifest keeps to delete the group once it leaves the configuration. */
  readonly managed: ManagedGroup;
  /** Reconcile on every deploy (the reconciler or the Settings resource is replaced each time). */
  readonly reconcileAlways: boolean;
  /** What the group is created after and deleted before (group-dependencies.ts). */
  readonly dependsOn: readonly ITerraformDependable[];
  /** The identity's references, if it holds some: `identity` holds the tokens. */
  readonly refs?: GroupRefs;
  /** The location's references, if `region` or `endpoint` is one: `located` holds the tokens. */
  readonly locationRefs?: LocationRefs;
}

/**
 * Builds the resources of one consumer group under `scope`: the Group, and under the per-group
 * executor its Settings; under the default executor it joins the stack's reconciler.
 */
export class HookResources extends Construct implements ITerraformDependable {
  /**
   * The address a resource waits for to come after the group exists: the stack's reconciler
   * under the default executor, the group's Settings resource under the per-group executor.
   */
  get fqn(): string {
    StackComposition.of(this).noteRead(this.node.scope!);
    // Made on the first read only: most groups are never a dependency, and a token costs synth.
    this.addressToken ??= stackBoundAddress(this, this.node.scope!, () => this.address);
    return this.addressToken;
  }
  private readonly address: string;
  /** The address, refused at synth when another stack writes it (stack-bound-address.ts). */
  private addressToken?: string;
  /**
   * Holds the identity (and, under the default executor with terraform_data, the settings as
   * `input`); its destroy hook deletes the group.
   */
  readonly group: TerraformResource;
  /**
   * Per-group executor only: holds identity + settings; its create hook creates or reconciles
   * the cloud group. `undefined` under the default executor.
   */
  readonly settings: TerraformResource | undefined;

  constructor(scope: Construct, id: string, props: HookResourcesProps) {
    super(scope, id);
    const asset = hookProgram(this);
    const stateField = stateFieldOf(props.kind);
    if (props.kind === HookResource.NULL_RESOURCE) ensureNullProvider(this);
    const { refs, locationRefs } = props;
    // Every reference of the group: the hooks' refs tables carry their values.
    const allRefs = [...(refs?.refs ?? []), ...(locationRefs?.refs ?? [])];
    // The one key of the group's addresses and its manifest entry.
    const key = refs?.key ?? groupKey(props.managed.identity);
    const label = targetOf(props.managed.identity, transportRegion(props.managed.transport));
    declareAppGroup(this, key);
    const manifest = GroupManifest.of(this, props.kind);
    manifest.add(key, props.managed, refs, locationRefs?.refs);
    const reconciler =
      executorOf(this) === "batched"
        ? GroupReconciler.of(this, props.kind, manifest.resource)
        : undefined;
    // Addresses derived from the identity: moving the construct in the tree moves nothing in
    // Terraform; a changed identity is a new address (the manifest deletes the old group).
    const { service, name } = props.managed.identity;
    const base = `${service}_${name}_${key}`;
    const legacyBase = `${service}_${name}_${identityKey(props.located)}`;
    const settingsInput =
      reconciler && props.kind === HookResource.TERRAFORM_DATA && Object.keys(props.settings).length
        ? settingsLine(props.settings)
        : undefined;
    // A location by reference is stored too, as given (Terraform resolves it): the destroy hook
    // reads it from state, and a changed value is an update in place, which replaces nothing
    // and re-runs the reconciler or the Settings' `ensure` (replace_triggered_by).
    const input = locationRefs
      ? { ...locationRefs.stored, ...(settingsInput ? { settings: settingsInput } : {}) }
      : settingsInput;
    const splices = [
      { placeholder: IDENTITY_PLACEHOLDER, expression: `\${jsonencode(self.${stateField})}` },
      ...(locationRefs
        ? [
            {
              placeholder: LOCATION_PLACEHOLDER,
              expression: "${jsonencode(try(self.input, null))}",
            },
          ]
        : []),
    ];
    const deletePayload = {
      ...props.deletePayload,
      identity: IDENTITY_PLACEHOLDER,
      ...(locationRefs
        ? {
            transport: {
              ...(props.deletePayload["transport"] as object),
              location: { at: locationRefs.wire.at, given: LOCATION_PLACEHOLDER },
            },
          }
        : {}),
    };
    this.group = createResource(this, "Group", props.kind, props.identity, {
      dependsOnAddresses: [addressOf(manifest.resource)],
      ...(input ? { input } : {}),
      // A group with references is replaced when a reference's value changes, as a rename:
      // its destroy hook deletes the group it named (deletion protection consulted).
      ...(refs ? {} : { ignoreChanges: [stateField] }),
      provisioners: [
        hookProvisioner({
          program: asset,
          subcommand: HookCommand.DELETE,
          label,
          payload: jsonTemplate(deletePayload, splices),
          when: "destroy",
        }),
      ],
    });
    this.group.overrideLogicalId(`${base}_group`);
    reconciler?.add(
      props.ensurePayload,
      { ...props.located, ...props.settings },
      props.reconcileAlways,
      addressOf(this.group),
      allRefs,
    );
    // A group with references is new in this release: no earlier address to move from.
    if (!refs && !locationRefs) {
      manifest.addMove(
        `${this.group.terraformResourceType}.${legacyBase}_group`,
        addressOf(this.group),
      );
    }
    if (reconciler) {
      this.settings = undefined;
    } else {
      this.settings = createResource(
        this,
        "Settings",
        props.kind,
        {
          ...props.located,
          ...props.settings,
          // timestamp() is unknown at plan time, so the resource is replaced on every apply.
          ...(props.reconcileAlways ? { reconcile: "${timestamp()}" } : {}),
        },
        {
          // After the manifest: a rename's prune deletes the old group before the new one is
          // created, which matters on a logstore or queue at its group quota.
          // Plain addresses, not cdktf dependables: each of those costs a token with a captured
          // stack trace, a third of the synth time of a large app.
          dependsOnAddresses: [addressOf(this.group), addressOf(manifest.resource)],
          // The Group replaced on its own (`-replace`, `taint`) has its group deleted by its
          // destroy hook and runs no create hook: this resource's `ensure` makes it again.
          replaceTriggeredBy: [addressOf(this.group)],
          provisioners: [
            hookProvisioner({
              program: asset,
              subcommand: HookCommand.ENSURE,
              label,
              payload: refsLine(allRefs) + jsonTemplate(props.ensurePayload),
            }),
          ],
        },
      );
      this.settings.overrideLogicalId(`${base}_settings`);
      if (!refs && !locationRefs) {
        manifest.addMove(
          `${this.settings.terraformResourceType}.${legacyBase}_settings`,
          addressOf(this.settings),
        );
      }
    }
    this.address = reconciler ? addressOf(reconciler.resource) : addressOf(this.settings!);
    StackComposition.of(this).addGroup(
      {
        construct: scope,
        resources: this.settings ? [this.group, this.settings] : [this.group],
        address: this.address,
        dependsOn: props.dependsOn,
        ...(allRefs.length ? { references: allRefs.map((r) => r.token) } : {}),
      },
      manifest.resource,
      reconciler?.resource,
    );
    this.node.addValidation(
      new NoCreateBeforeDestroy(this.settings ? [this.group, this.settings] : [this.group]),
    );
  }
}

/** The settings as one line: a plan shows a change as the old line and the new one. */
function settingsLine(settings: Readonly<Record<string, string>>): string {
  return Object.keys(settings)
    .sort()
    .map((k) => `${k}=${settings[k]}`)
    .join(" ");
}
