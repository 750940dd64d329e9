// Props every consumer-group construct shares (transport, removal, hook resource), checked the
// same way for every cloud.

import type { Construct } from "constructs";
import type { ITerraformDependable } from "./framework";
import { HookResource } from "./hook-resource";
import { RemovalPolicy } from "./removal-policy";
import { DeletionProtection } from "./deletion-protection";
import { ValidationError, checkFilePath, checkInteger } from "./validation";
import { checkDependables } from "./check-dependables";
import { DEFAULT_DEADLINE_MS, DEFAULT_REQUEST_TIMEOUT_MS } from "../contract/transport";

const DEFAULT_REQUEST_TIMEOUT_SECONDS = DEFAULT_REQUEST_TIMEOUT_MS / 1000;
const DEFAULT_DEADLINE_SECONDS = DEFAULT_DEADLINE_MS / 1000;
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
