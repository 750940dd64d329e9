// A Huawei Cloud DMS queue consumer group as Terraform resources with hooks (hook-resources.ts),
// the same lifecycle as an SLS group. A DMS group has no settings: its name is all there is, so
// its Group resource has no `input` (default executor) and its Settings resource carries the
// identity only (per-group executor); a deploy that changes nothing of the identity runs no hook.

import { Construct } from "constructs";
import { targetOf } from "../../../../contract/target";
import { declareGroup } from "../../../../constructs/app-checks";
import { checkCommonProps, rejectForeignProps } from "../../../../constructs/common-props";
import { groupHookResources } from "../../../../constructs/group-hook-resources";
import { dmsEndpoints } from "../dms-endpoints";
import { locateGroup } from "../../../../constructs/location";
import { groupKey } from "../../../../contract/group-identity";
import {
  checkRuleOrReference,
  identityRefs,
  refuseReference,
} from "../../../../constructs/identity-refs";
import type { HookResource } from "../../../../constructs/hook-resource";
import type { HookResources } from "../../../../constructs/hook-resources";
import type { RemovalPolicy } from "../../../../constructs/removal-policy";
import type { DeletionProtection } from "../../../../constructs/deletion-protection";
import {
  ValidationError,
  checkInteger,
  checkRule,
  checkVariableName,
} from "../../../../constructs/validation";
import {
  DEFAULT_DMS_CREDENTIAL_SOURCES,
  type DmsCredentialSource,
  dmsIdentity,
  type DmsEnsurePayload,
  type DmsIdentity,
  dmsContract,
} from "../dms-contract";
import {
  DEFAULT_DMS_READY_TIMEOUT_MS,
  DMS_GROUP_NAME,
  DMS_PROJECT_ID,
  DMS_QUEUE_ID,
  DMS_QUEUE_NAME,
} from "../dms-rules";
import type { DmsCredentials, DmsQueueConsumerGroupProps, DmsQueueRef } from "./dms-props";

const BRAND = Symbol.for("cdktf-consumer-groups.DmsQueueConsumerGroup");

/** Props only an SlsConsumerGroup has: a DMS group has no settings and no checkpoints to copy. */
const SLS_ONLY_PROPS = [
  "project",
  "logstore",
  "timeout",
  "order",
  "copyCheckpointsFrom",
  "inUseWindowSeconds",
] as const;

/**
 * A DMS queue consumer group, created (or adopted) by `cdktf deploy` and deleted by
 * `cdktf destroy` unless `removalPolicy` is `RETAIN`. A change of `projectId`, `queue` or
 * `name` deletes the old group and creates the new one; a new group starts reading from the
 * earliest message the queue retains. `region` and `endpoint` say how to reach the group, and
 * naming the same queue by id instead of by name (or back) is the same group: neither deletes
 * anything.
 */
export class DmsQueueConsumerGroup extends Construct {
  /** True for a `DmsQueueConsumerGroup`, also across copies of this library. */
  static isDmsQueueConsumerGroup(x: unknown): x is DmsQueueConsumerGroup {
    return typeof x === "object" && x !== null && BRAND in x;
  }

  /** The project id, as given: a string, or the reference (token) the app gave. */
  readonly projectId: string;
  /** The queue, as given: `{ id }` or `{ name }`, each a string or a reference (token). */
  readonly queue: DmsQueueRef;
  /** The `key` of a group whose project id or queue is a reference; else `undefined`. */
  readonly key: string | undefined;
  readonly groupName: string;
  /**
   * The region the group is reached in: the region id, or the endpoint origin when no region
   * can be told. Not part of the identity. With a location by reference: the region as given
   * (the token, or the literal), else the endpoint as given.
   */
  readonly region: string;
  /** Endpoint the hooks call; with a location by reference, as given (or a token). */
  readonly endpoint: string;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: DeletionProtection;
  readonly hookResource: HookResource;
  /** Who the group is (project id, queue, name): its Terraform addresses derive from it. */
  readonly identity: DmsIdentity;
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

  constructor(scope: Construct, id: string, props: DmsQueueConsumerGroupProps) {
    super(scope, id);
    Object.defineProperty(this, BRAND, { value: true });

    rejectForeignProps(this, props, SLS_ONLY_PROPS, "DmsQueueConsumerGroup", "SlsConsumerGroup");
    this.projectId = checkRuleOrReference(this, "projectId", props.projectId, DMS_PROJECT_ID);
    this.queue = checkQueue(this, props.queue);
    refuseReference(this, "name", props.name);
    this.groupName = checkRule(this, "name", props.name, DMS_GROUP_NAME);
    const common = checkCommonProps(this, props);
    this.removalPolicy = common.removalPolicy;
    this.deletionProtection = common.deletionProtection;
    this.hookResource = common.hookResource;
    const readyTimeoutMs =
      checkInteger(
        this,
        "readyTimeoutSeconds",
        props.readyTimeoutSeconds ?? DEFAULT_DMS_READY_TIMEOUT_MS / 1000,
        1,
        3600,
        "seconds",
      ) * 1000;
    const credentials = credentialSources(this, props.credentials);
    this.identity = dmsIdentity({
      projectId: this.projectId,
      queue: this.queue,
      name: this.groupName,
    });
    const refs = identityRefs(
      this,
      this.identity,
      { projectId: "projectId", queueId: "queue.id", queueName: "queue.name" },
      { key: props.key, hookResource: this.hookResource },
    );
    this.key = refs ? props.key : undefined;
    // A reference in region or endpoint is resolved by the hook (constructs/location.ts).
    const { location, byReference: locationRefs } = locateGroup(
      this,
      {
        region: props.region,
        endpoint: props.endpoint,
        allowInsecureHttp: common.allowInsecureHttp,
        identity: this.identity,
      },
      dmsEndpoints,
      { key: refs?.key ?? groupKey(this.identity), hookResource: this.hookResource },
    );
    this.region = location.region;
    this.endpoint = location.endpoint;

    this.resources = groupHookResources<DmsEnsurePayload>(this, {
      common,
      cloud: dmsContract,
      location,
      identity: this.identity,
      credentials,
      settingsTriggers: {},
      ensureFields: { readyTimeoutMs },
      ...(refs ? { refs } : {}),
      ...(locationRefs ? { locationRefs } : {}),
    });

    const declared = refs?.wire ?? this.identity;
    const queue = declared.queueId || `name:${declared.queueName}`;
    const { v: _v, service, ...fields } = declared;
    declareGroup(this, dmsContract, {
      container: `${declared.projectId}/${queue}`,
      identity: targetOf(declared),
      // A queue by id here and by name elsewhere: only the hooks can tell they are one.
      forHooks: { service, fields },
    });
  }
}

function checkQueue(scope: Construct, queue: unknown): DmsQueueRef {
  const q = (typeof queue === "object" && queue !== null ? queue : {}) as Record<string, unknown>;
  const hasId = q["id"] !== undefined;
  const hasName = q["name"] !== undefined;
  if (hasId === hasName) {
    throw new ValidationError(
      scope,
      `queue ${JSON.stringify(queue)} must be { id: "<queue id>" } or { name: "<queue name>" }, not both`,
    );
  }
  return hasId
    ? { id: checkRuleOrReference(scope, "queue.id", q["id"], DMS_QUEUE_ID) }
    : { name: checkRuleOrReference(scope, "queue.name", q["name"], DMS_QUEUE_NAME) };
}

function credentialSources(
  scope: Construct,
  credentials: DmsCredentials | undefined,
): readonly DmsCredentialSource[] {
  if (credentials === undefined) return DEFAULT_DMS_CREDENTIAL_SOURCES;
  const variable = (prop: string, value: unknown) =>
    checkVariableName(scope, `credentials.${prop}`, value);
  if ("iamTokenVariable" in credentials) {
    return [{ iamToken: variable("iamTokenVariable", credentials.iamTokenVariable) }];
  }
  const token = credentials.securityTokenVariable;
  return [
    {
      accessKey: variable("accessKeyVariable", credentials.accessKeyVariable),
      secretKey: variable("secretKeyVariable", credentials.secretKeyVariable),
      ...(token === undefined ? {} : { securityToken: variable("securityTokenVariable", token) }),
    },
  ];
}
