// The payloads of one group and the resources that carry them, from what its construct
// checked: the ensure payload's cloud fields, its settings as triggers, and the common props.

import type { Construct } from "constructs";
import { HookCommand, PAYLOAD_VERSION, type RemovalPolicyValue } from "../contract/names";
import { DEFAULT_DELETION_GUARD, type DeletionProtectionValue } from "../contract/protection";
import { declareAppCopy } from "./app-copies";
import { HookResources } from "./hook-resources";
import type { Location } from "../contract/location-rules";
import { transportSpec, type LocationRefs } from "./location";
import { legacyIdentity } from "../contract/group-identity";
import { compactTransport } from "../contract/transport";
import type { CloudContract } from "../contract/cloud-contract";
import type { EnsurePayload } from "../contract/payload-types";
import type { GroupRefs } from "./identity-refs";
import type { CommonSettings } from "./common-props";

/**
 * The Group and Settings resources of one group from what its construct checked: the ensure
 * payload's service-specific fields, its settings as triggers, and the common props. The
 * delete payload and the manifest entry follow from the same values.
 */
export function groupHookResources<P extends EnsurePayload>(
  scope: Construct,
  args: {
    readonly common: CommonSettings;
    /** The cloud's defaults, which the configuration's payloads leave out. */
    readonly cloud: Pick<
      CloudContract<P["identity"], object, P["credentials"][number]>,
      "defaultCredentials"
    >;
    readonly location: Location;
    readonly identity: P["identity"];
    readonly credentials: P["credentials"];
    /** Settings that update the group in place, as strings (Settings triggers). */
    readonly settingsTriggers: Readonly<Record<string, string>>;
    /** The ensure payload's own fields, e.g. SLS settings or the DMS ready timeout. */
    readonly ensureFields: Omit<P, "v" | "command" | "identity" | "transport" | "credentials">;
    /** SLS: seconds since a shard's last commit within which the group is in use. */
    readonly inUseWindowSeconds?: number;
    /** The identity's references, if it holds some (identity-refs.ts). */
    readonly refs?: GroupRefs;
    /** The location's references, if `region` or `endpoint` is one (location.ts). */
    readonly locationRefs?: LocationRefs;
  },
): HookResources {
  const { common, credentials, refs, locationRefs } = args;
  // Payloads and the manifest carry placeholders for references; the resources hold the tokens.
  const identity = (refs?.wire ?? args.identity) as P["identity"];
  const transport = transportSpec(args.location, locationRefs, {
    allowInsecureHttp: common.allowInsecureHttp,
    requestTimeoutMs: common.requestTimeoutMs,
    deadlineMs: common.deadlineMs,
    ...(common.caFile === undefined ? {} : { caFile: common.caFile }),
  });
  const removalPolicy = common.removalPolicy as RemovalPolicyValue;
  // Deletion protection travels as a literal in the delete payload and in the manifest entry.
  const guard = {
    deletionProtection: common.deletionProtection as DeletionProtectionValue,
    ...(args.inUseWindowSeconds === undefined
      ? {}
      : { inUseWindowSeconds: args.inUseWindowSeconds }),
  };
  // What the payloads of the configuration carry: the defaults left out, which makes the
  // configuration of a large stack much smaller and Terraform's plan faster (docs/performance.md).
  const compact = {
    transport: compactTransport(transport),
    ...(sameJson(credentials, args.cloud.defaultCredentials) ? {} : { credentials }),
  };
  const ensurePayload = {
    v: PAYLOAD_VERSION,
    command: HookCommand.ENSURE,
    identity,
    ...args.ensureFields,
    ...compact,
  } as unknown as EnsurePayload;
  // Every stack's prune keeps the group this one copies from until the copy exists.
  if ("copyCheckpointsFrom" in args.ensureFields) declareAppCopy(scope, ensurePayload);
  return new HookResources(scope, "Hooks", {
    kind: common.hookResource,
    identity: { ...(args.identity as unknown as Record<string, string>) },
    located: legacyIdentity(args.identity, args.location.region),
    settings: args.settingsTriggers,
    ensurePayload,
    deletePayload: {
      v: PAYLOAD_VERSION,
      command: HookCommand.DELETE,
      identity,
      // Read only when the state holds no identity (an imported Group; payload.ts says why).
      // A destroy hook cannot read a reference: null says the configuration cannot name it.
      declaredIdentity: refs ? null : identity,
      removalPolicy,
      ...(guard.deletionProtection === DEFAULT_DELETION_GUARD.deletionProtection
        ? {}
        : { deletionProtection: guard.deletionProtection }),
      ...(guard.inUseWindowSeconds === undefined ||
      guard.inUseWindowSeconds === DEFAULT_DELETION_GUARD.inUseWindowSeconds
        ? {}
        : { inUseWindowSeconds: guard.inUseWindowSeconds }),
      ...compact,
    },
    managed: {
      identity,
      ...(refs ? { key: refs.key } : {}),
      removalPolicy,
      ...guard,
      transport,
      credentials,
    },
    refs,
    ...(locationRefs ? { locationRefs } : {}),
    reconcileAlways: common.reconcile === "always",
    dependsOn: common.dependsOn,
  });
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
