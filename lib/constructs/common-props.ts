// Props every consumer-group construct shares (transport, removal, hook resource), checked the
// same way for every cloud.

import type { Construct } from "constructs";
import type { ITerraformDependable } from "./framework";
import { HookCommand, PAYLOAD_VERSION, type RemovalPolicyValue } from "../contract/names";
import type { DeletionProtectionValue } from "../contract/protection";
import { declareAppCopy } from "./app-copies";
import { HookResource } from "./hook-resource";
import { HookResources } from "./hook-resources";
import type { Location } from "../contract/location-rules";
import { transportSpec, type LocationRefs } from "./location";
import { RemovalPolicy } from "./removal-policy";
import { DeletionProtection } from "./deletion-protection";
import { ValidationError, checkFilePath, checkInteger } from "./validation";
import { legacyIdentity } from "../contract/group-identity";
import { checkDependables } from "./check-dependables";
import type { EnsurePayload } from "../contract/payload-types";
import type { GroupRefs } from "./identity-refs";

const DEFAULT_REQUEST_TIMEOUT_SECONDS = 10;
const DEFAULT_DEADLINE_SECONDS = 120;
const MAX_SECONDS = 86_400;

/** Props of every consumer-group construct. */
export interface ConsumerGroupCommonProps {
  /**
   * Allow a plain `http://` endpoint on a host that is not loopback.
   * @default false
   */
  readonly allowInsecureHttp?: boolean;
  /**
   * Path of a PEM file with the CA certificate(s) that issued the endpoint's TLS certificate,
   * for endpoints behind a private CA (or a TLS-intercepting proxy). Only the path goes into the
   * synthesized configuration; the hook reads the file when Terraform runs it, and trusts these
   * certificates in addition to Node's bundled roots. A relative path is resolved against the
   * directory Terraform runs in, which for `cdktf deploy` is the stack directory
   * (`cdktf.out/stacks/<stack>`): prefer an absolute path. `NODE_EXTRA_CA_CERTS` works too, as
   * for any Node program. Not part of the identity: changing it replaces nothing.
   * @default - Node's bundled root certificates (plus `NODE_EXTRA_CA_CERTS`)
   */
  readonly caCertificateFile?: string;
  /**
   * Whether a destroy, or a rename, deletes the cloud group.
   * @default RemovalPolicy.DESTROY - the group is deleted on destroy
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Whether a delete (destroy, construct removed, rename) may go ahead. The protection as last
   * deployed applies: to remove a protected group, deploy `DeletionProtection.OFF` first. The
   * environment variable `CONSUMER_GROUPS_ALLOW_DELETE` (group names or `*`) overrides it for one
   * terraform run. No effect with `RemovalPolicy.RETAIN`.
   * @default DeletionProtection.WHEN_IN_USE - a group in use is not deleted
   */
  readonly deletionProtection?: DeletionProtection;
  /**
   * Terraform resource type that carries the hooks.
   * @default HookResource.TERRAFORM_DATA - no provider needed
   */
  readonly hookResource?: HookResource;
  /**
   * When the `ensure` hook runs. `"on-change"`: when the group is created or its declared
   * settings change; a deploy with nothing changed calls no API. `"always"`: on every deploy,
   * which repairs drift (a deleted group is re-created, changed settings are written back) at
   * the price of a plan that always shows the group's Settings resource being replaced.
   * @default "on-change"
   */
  readonly reconcile?: "on-change" | "always";
  /**
   * Time limit of one HTTP request of the hook, in seconds.
   * @default 10
   */
  readonly requestTimeoutSeconds?: number;
  /**
   * Time limit of one hook run, retries included, in seconds.
   * @default 120
   */
  readonly deadlineSeconds?: number;
  /**
   * Resources (or modules, data sources, other groups) the group is created after and deleted
   * before, as cdktf resources' own `dependsOn`: typically the logstore or queue the group
   * lives in, declared in the same stack. A destroy deletes the group, deletion protection
   * consulted, before it destroys them. `group.node.addDependency(x)` does the same. Under the
   * default executor the stack's one reconciler waits for the dependencies of all its groups
   * (docs/composing.md says what that allows).
   * @default [] - the group waits for nothing but the library's own resources
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * A stable name for a group whose container is a reference (a token such as
   * `logStore.name`): its Terraform addresses and its manifest entry derive from this key and
   * the literal parts, since the reference's value is known only at apply. Required then, and
   * refused for a group of literals only (docs/composing.md, "Tokens").
   */
  readonly key?: string;
}

/** The common props, checked and with defaults applied. */
export interface CommonSettings {
  readonly allowInsecureHttp: boolean;
  /** `caCertificateFile` as given, for the payload's `transport.caFile`. */
  readonly caFile: string | undefined;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: DeletionProtection;
  readonly hookResource: HookResource;
  readonly requestTimeoutMs: number;
  readonly deadlineMs: number;
  readonly reconcile: "on-change" | "always";
  readonly dependsOn: readonly ITerraformDependable[];
}

export function checkCommonProps(
  scope: Construct,
  props: ConsumerGroupCommonProps,
): CommonSettings {
  const seconds = (prop: string, value: unknown) =>
    checkInteger(scope, prop, value, 1, MAX_SECONDS, "seconds") * 1000;
  const requestTimeoutMs = seconds(
    "requestTimeoutSeconds",
    props.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS,
  );
  const deadlineMs = seconds("deadlineSeconds", props.deadlineSeconds ?? DEFAULT_DEADLINE_SECONDS);
  if (deadlineMs < requestTimeoutMs) {
    throw new ValidationError(
      scope,
      `deadlineSeconds ${deadlineMs / 1000} must be at least requestTimeoutSeconds ` +
        `${requestTimeoutMs / 1000} (one hook run must have time for one whole request): raise ` +
        "deadlineSeconds or lower requestTimeoutSeconds",
    );
  }
  return {
    allowInsecureHttp: checkBoolean(scope, "allowInsecureHttp", props.allowInsecureHttp ?? false),
    caFile:
      props.caCertificateFile === undefined
        ? undefined
        : checkFilePath(scope, "caCertificateFile", props.caCertificateFile),
    removalPolicy: checkEnum(
      scope,
      "removalPolicy",
      props.removalPolicy ?? RemovalPolicy.DESTROY,
      RemovalPolicy,
    ),
    deletionProtection: checkEnum(
      scope,
      "deletionProtection",
      props.deletionProtection ?? DeletionProtection.WHEN_IN_USE,
      DeletionProtection,
    ),
    hookResource: checkEnum(
      scope,
      "hookResource",
      props.hookResource ?? HookResource.TERRAFORM_DATA,
      HookResource,
    ),
    requestTimeoutMs,
    deadlineMs,
    reconcile: checkEnum(scope, "reconcile", props.reconcile ?? "on-change", {
      ON_CHANGE: "on-change",
      ALWAYS: "always",
    } as const),
    dependsOn: checkDependables(scope, props.dependsOn),
  };
}

/**
 * Rejects props of another construct, which a JavaScript caller (no type check) may pass and
 * which would otherwise be ignored without a word: `timeout` on a DMS group sets nothing.
 */
export function rejectForeignProps(
  scope: Construct,
  props: object,
  foreign: readonly string[],
  construct: string,
  owner: string,
): void {
  for (const prop of foreign) {
    if ((props as Record<string, unknown>)[prop] !== undefined) {
      throw new ValidationError(
        scope,
        `${prop} is a prop of ${owner}, not of ${construct}, which would ignore it: remove it, ` +
          `or declare the group with ${owner} if it belongs to that service`,
      );
    }
  }
}

export function checkBoolean(scope: Construct, prop: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new ValidationError(scope, `${prop} ${JSON.stringify(value)} must be true or false`);
  }
  return value;
}

function checkEnum<T extends string>(
  scope: Construct,
  prop: string,
  value: T,
  values: Record<string, T>,
): T {
  const allowed = Object.values(values);
  if (!allowed.includes(value)) {
    throw new ValidationError(
      scope,
      `${prop} ${JSON.stringify(value)} must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`,
    );
  }
  return value;
}

/**
 * The Group and Settings resources of one group from what its construct checked: the ensure
 * payload's service-specific fields, its settings as triggers, and the common props. The
 * delete payload and the manifest entry follow from the same values.
 */
export function groupHookResources<P extends EnsurePayload>(
  scope: Construct,
  args: {
    readonly common: CommonSettings;
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
  const ensurePayload = {
    v: PAYLOAD_VERSION,
    command: HookCommand.ENSURE,
    identity,
    ...args.ensureFields,
    transport,
    credentials,
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
      ...guard,
      transport,
      credentials,
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
