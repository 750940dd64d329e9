// An Alibaba Cloud SLS consumer group as Terraform resources with hooks (hook-resources.ts): one
// per group under the default executor (the stack's reconciler creates and updates it), two
// under the per-group executor.

import { Construct } from "constructs";
import { targetOf } from "../../../../contract/target";
import { declareGroup } from "../../../../constructs/app-checks";
import type { HookResource } from "../../../../constructs/hook-resource";
import {
  checkBoolean,
  checkCommonProps,
  rejectForeignProps,
} from "../../../../constructs/common-props";
import { groupHookResources } from "../../../../constructs/group-hook-resources";
import type { HookResources } from "../../../../constructs/hook-resources";
import type { RemovalPolicy } from "../../../../constructs/removal-policy";
import type { DeletionProtection } from "../../../../constructs/deletion-protection";
import {
  DEFAULT_IN_USE_WINDOW_SECONDS,
  MAX_IN_USE_WINDOW_SECONDS,
} from "../../../../contract/protection";
import { slsEndpoints } from "../sls-endpoints";
import { locateGroup } from "../../../../constructs/location";
import { groupKey } from "../../../../contract/group-identity";
import {
  checkRuleOrReference,
  identityRefs,
  refuseReference,
} from "../../../../constructs/identity-refs";
import { addressOf, orderAfterCopySource } from "../../../../constructs/copy-order";
import { GroupManifest } from "../../../../constructs/group-manifest";
import {
  ValidationError,
  checkInteger,
  checkRule,
  checkVariableName,
} from "../../../../constructs/validation";
import {
  DEFAULT_SLS_CREDENTIAL_SOURCES,
  type SlsCredentialSource,
  slsIdentity,
  type SlsEnsurePayload,
  type SlsIdentity,
  slsContract,
} from "../sls-contract";
import {
  SLS_GROUP_NAME,
  SLS_LOGSTORE_NAME,
  SLS_PROJECT_NAME,
  SLS_TIMEOUT_MAX,
  SLS_TIMEOUT_MIN,
  isOwnCopySource,
} from "../sls-rules";
import type { SlsConsumerGroupProps, SlsCredentials } from "./sls-props";

const BRAND = Symbol.for("cdktf-consumer-groups.SlsConsumerGroup");

/** Props only a DmsQueueConsumerGroup has. */
const DMS_ONLY_PROPS = ["projectId", "queue", "readyTimeoutSeconds"] as const;

/**
 * An SLS consumer group, created (or adopted and reconciled) by `cdktf deploy` and deleted by
 * `cdktf destroy` unless `removalPolicy` is `RETAIN`. A change of `timeout` or `order` updates
 * the group in place; a change of `project`, `logstore` or `name` deletes the old group and
 * creates the new one. `region` and `endpoint` say how to reach the group: changing them
 * deletes nothing.
 */
export class SlsConsumerGroup extends Construct {
  /** True for an `SlsConsumerGroup`, also across copies of this library. */
  static isSlsConsumerGroup(x: unknown): x is SlsConsumerGroup {
    return typeof x === "object" && x !== null && BRAND in x;
  }

  /**
   * The SLS project, as given: a string, or the reference (token) the app gave, which other
   * resources can use as they would the referenced attribute.
   */
  readonly project: string;
  /** The logstore, as given: a string or a reference (token). */
  readonly logstore: string;
  /** The group's name (always a literal). */
  readonly groupName: string;
  /** The `key` of a group whose project or logstore is a reference; else `undefined`. */
  readonly key: string | undefined;
  /**
   * The region the group is reached in: the region id, or the endpoint origin when no region
   * can be told. Not part of the identity. With a location by reference: the region as given
   * (the token, or the literal), else the endpoint as given.
   */
  readonly region: string;
  /**
   * Endpoint the hooks call, without project label; with a location by reference, as given (or
   * a token).
   */
  readonly endpoint: string;
  readonly timeout: number;
  readonly order: boolean;
  /** The group whose checkpoints a newly created group starts from, if any. */
  readonly copyCheckpointsFrom: string | undefined;
  /** Seconds since a shard's last commit within which the group is in use. */
  readonly inUseWindowSeconds: number;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: DeletionProtection;
  readonly hookResource: HookResource;
  /** Who the group is (project, logstore, name): its Terraform addresses derive from it. */
  readonly identity: SlsIdentity;
  /**
   * The group's Terraform resources, for overrides (`addOverride`) and references.
   * `resources.group` is always there: it holds the group's identity, and its destroy hook
   * deletes the group. What creates and updates the group depends on the executor:
   * - default executor: `resources.settings` is `undefined`. `resources.group` also holds the
   *   settings (its `input`, with `hookResource: TERRAFORM_DATA`), and the stack's one
   *   reconciler resource (`consumer_groups_reconciler`) creates and updates every group.
   * - per-group executor (context `cdktf-consumer-groups:executor` set to `"per-group"`):
   *   `resources.settings` holds the identity and the settings, and its create hook (`ensure`)
   *   creates or updates this group.
   */
  readonly resources: HookResources;

  /**
   * What `dependsOn: [group]` on another resource waits for: the address of the resource that
   * creates the group (group-dependencies.ts), so that resource comes after the group exists.
   */
  get fqn(): string {
    return this.resources.fqn;
  }

  constructor(scope: Construct, id: string, props: SlsConsumerGroupProps) {
    super(scope, id);
    Object.defineProperty(this, BRAND, { value: true });

    rejectForeignProps(this, props, DMS_ONLY_PROPS, "SlsConsumerGroup", "DmsQueueConsumerGroup");
    this.project = checkRuleOrReference(this, "project", props.project, SLS_PROJECT_NAME);
    this.logstore = checkRuleOrReference(this, "logstore", props.logstore, SLS_LOGSTORE_NAME);
    refuseReference(this, "name", props.name);
    this.groupName = checkRule(this, "name", props.name, SLS_GROUP_NAME);
    this.timeout = checkInteger(
      this,
      "timeout",
      props.timeout,
      SLS_TIMEOUT_MIN,
      SLS_TIMEOUT_MAX,
      "seconds",
    );
    this.order = checkBoolean(this, "order", props.order ?? false);
    this.copyCheckpointsFrom = copySource(this, props.copyCheckpointsFrom, this.groupName);
    this.inUseWindowSeconds = checkInteger(
      this,
      "inUseWindowSeconds",
      props.inUseWindowSeconds ?? DEFAULT_IN_USE_WINDOW_SECONDS,
      1,
      MAX_IN_USE_WINDOW_SECONDS,
      "seconds",
    );
    const common = checkCommonProps(this, props);
    const { allowInsecureHttp } = common;
    this.removalPolicy = common.removalPolicy;
    this.deletionProtection = common.deletionProtection;
    this.hookResource = common.hookResource;
    const credentials = credentialSources(this, props.credentials);
    this.identity = slsIdentity({
      project: this.project,
      logstore: this.logstore,
      name: this.groupName,
    });
    const refs = identityRefs(
      this,
      this.identity,
      { project: "project", logstore: "logstore" },
      { key: props.key, hookResource: this.hookResource },
    );
    this.key = refs ? props.key : undefined;
    if (refs && this.copyCheckpointsFrom !== undefined) {
      throw new ValidationError(
        this,
        "copyCheckpointsFrom needs the group's project and logstore as literals at synth, " +
          "and they are references here: give them as plain strings, or drop copyCheckpointsFrom",
      );
    }
    // A reference in region or endpoint is resolved by the hook (constructs/location.ts).
    const { location, byReference: locationRefs } = locateGroup(
      this,
      {
        region: props.region,
        endpoint: props.endpoint,
        allowInsecureHttp,
        identity: this.identity,
      },
      slsEndpoints,
      { key: refs?.key ?? groupKey(this.identity), hookResource: this.hookResource },
    );
    if (locationRefs && this.copyCheckpointsFrom !== undefined) {
      // The prune may have to create the copy before it deletes the source, and its payload
      // holds no values of references.
      throw new ValidationError(
        this,
        "copyCheckpointsFrom needs the group's region and endpoint as literals at synth, and " +
          `${locationRefs.refs.map((r) => r.prop).join(" and ")} ${locationRefs.refs.length > 1 ? "are references" : "is a reference"} here: give ` +
          "them as plain strings, or drop copyCheckpointsFrom",
      );
    }
    this.region = location.region;
    this.endpoint = location.endpoint;

    this.resources = groupHookResources<SlsEnsurePayload>(this, {
      common,
      cloud: slsContract,
      location,
      identity: this.identity,
      credentials,
      settingsTriggers: { timeout: String(this.timeout), order: String(this.order) },
      ensureFields: {
        settings: { timeout: this.timeout, order: this.order },
        // A literal of the ensure payload, never a trigger: changing it replaces nothing.
        ...(this.copyCheckpointsFrom === undefined
          ? {}
          : { copyCheckpointsFrom: this.copyCheckpointsFrom }),
      },
      inUseWindowSeconds: this.inUseWindowSeconds,
      ...(refs ? { refs } : {}),
      ...(locationRefs ? { locationRefs } : {}),
    });

    if (this.copyCheckpointsFrom !== undefined && this.resources.settings) {
      orderAfterCopySource(
        this,
        this.resources.settings,
        [
          addressOf(this.resources.group),
          addressOf(GroupManifest.of(this, this.hookResource).resource),
        ],
        this.identity,
        slsIdentity({
          project: this.project,
          logstore: this.logstore,
          name: this.copyCheckpointsFrom,
        }),
      );
    }

    const declared = refs?.wire ?? this.identity;
    declareGroup(this, slsContract, {
      container: `${declared.project}/${declared.logstore}`,
      identity: targetOf(declared),
    });
  }
}

function copySource(scope: Construct, value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  const source = checkRule(scope, "copyCheckpointsFrom", value, SLS_GROUP_NAME);
  if (isOwnCopySource(source, name)) {
    throw new ValidationError(
      scope,
      `copyCheckpointsFrom ${JSON.stringify(source)} must name another group of the same ` +
        "logstore, not this group itself; remove it or name the group to copy from",
    );
  }
  return source;
}

function credentialSources(
  scope: Construct,
  credentials: SlsCredentials | undefined,
): readonly SlsCredentialSource[] {
  if (credentials === undefined) return DEFAULT_SLS_CREDENTIAL_SOURCES;
  const token = credentials.securityTokenVariable;
  return [
    {
      accessKeyId: checkVariableName(
        scope,
        "credentials.accessKeyIdVariable",
        credentials.accessKeyIdVariable,
      ),
      accessKeySecret: checkVariableName(
        scope,
        "credentials.accessKeySecretVariable",
        credentials.accessKeySecretVariable,
      ),
      ...(token === undefined
        ? {}
        : {
            securityToken: checkVariableName(scope, "credentials.securityTokenVariable", token),
          }),
    },
  ];
}
