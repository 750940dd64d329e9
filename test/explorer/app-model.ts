// The explorer's picture of the user's code: which consumer groups the cdktf app declares, in
// which stack and where in the construct tree, with which identity, settings, endpoint form and
// removal policy, and which executor the app uses. Plain data, so a failing sequence prints as
// JSON and replays exactly.

import { BILLING_QUEUE_ID, DMS_PROJECT } from "../support/dms-fixtures";
import { PROJECT } from "../support/sls-fixtures";

/** Small pools keep collisions (rename onto a removed name, re-adds) frequent. */
export const SLS_NAMES = ["g-a", "g-b", "g-c", "g-d", "g-e", "g-f"] as const;
export const SLS_LOGSTORES = ["orders", "payments"] as const;
/** At most 3 names: the emulator allows 3 groups per DMS queue, leaked ones included. */
export const DMS_NAMES = ["d-a", "d-b", "d-c"] as const;
export const DMS_QUEUES = ["billing", "shipping"] as const;
export const QUEUE_IDS: Record<string, string> = {
  billing: BILLING_QUEUE_ID,
  shipping: "7f3c2a10-5b6d-4e8f-9a1b-2c3d4e5f6a7b",
};
export const STACK_NAMES = ["sa", "sb", "sc"] as const;

/**
 * How a group says where its service is. The emulator listens on 127.0.0.1 only, so every form
 * carries an endpoint: with or without `region`, by IP or by the name `localhost`. (A trailing-dot
 * host such as `localhost.` does not resolve on these machines, and `127.0.0.1.` is parsed back
 * to `127.0.0.1` by the URL parser, so neither is a form of its own here.)
 */
export const ENDPOINT_FORMS = [
  "region+ip",
  "ip",
  "localhost",
  "region+localhost",
  // The endpoint given as a reference to a resource of the stack, whose value is known at apply.
  "ref+ip",
  "ref+localhost",
] as const;
export type EndpointForm = (typeof ENDPOINT_FORMS)[number];
export type Executor = "per-group" | "batched";
export type Policy = "DESTROY" | "RETAIN";
/** The construct's `deletionProtection`, as the DeletionProtection enum spells it. */
export const PROTECTIONS = ["WHEN_IN_USE", "ALWAYS", "OFF"] as const;
export type Protection = (typeof PROTECTIONS)[number];
export type Service = "sls" | "dms";

export interface GroupDecl {
  readonly service: Service;
  /** Construct id, fixed when the group is added (a rename keeps it, as a user would). */
  readonly constructId: string;
  readonly name: string;
  /** SLS: the logstore. DMS: the queue's name. */
  readonly container: string;
  /** DMS: how the construct names its queue. */
  readonly queueBy: "id" | "name";
  /** SLS settings; ignored for DMS. */
  readonly timeout: number;
  readonly order: boolean;
  readonly endpointForm: EndpointForm;
  readonly removalPolicy: Policy;
  /**
   * Absent in sequences written before deletion protection: WHEN_IN_USE, the construct's default.
   */
  readonly protection?: Protection;
  /** SLS: `copyCheckpointsFrom`, the name of another group of the same logstore. */
  readonly copyFrom?: string;
  /** DMS by id: an id other than the queue's (a malformed one, so no create ever succeeds). */
  readonly queueId?: string;
  /** The endpoint's port instead of the emulator's (a loopback port where nothing listens). */
  readonly port?: number;
  /**
   * The logstore (SLS) or the queue (DMS, by id or by name) given as a reference to a resource
   * of the group's stack whose output is that value, with the construct id as the group's
   * `key`. Absent: a literal.
   */
  readonly byReference?: true;
  readonly stack: string;
  /** Construct-tree parent inside the stack: "" (the stack itself) or "Team". */
  readonly parent: string;
}

export interface AppModel {
  /** Stacks of the app, in declaration order (a stack may be empty). */
  readonly stacks: readonly string[];
  readonly executor: Executor;
  readonly groups: readonly GroupDecl[];
  /** Next construct id serial. */
  readonly serial: number;
}

export const EMPTY_APP: AppModel = {
  stacks: ["sa", "sb"],
  // The library's default (one reconciler per stack); synth-app.ts gives it no context, as a user's
  // app would not.
  executor: "batched",
  groups: [],
  serial: 0,
};

/**
 * What the cloud uses to tell groups apart, written like the emulator's call-log targets:
 * `sls:<project>/<logstore>/<name>`, `dms:<projectId>/<queue name>/<name>`. A DMS queue named
 * by id or by name is the same queue, so the same identity.
 */
export function identityOf(group: Pick<GroupDecl, "service" | "container" | "name">): string {
  const owner = group.service === "sls" ? PROJECT : DMS_PROJECT;
  return `${group.service}:${owner}/${group.container}/${group.name}`;
}

export function protectionOf(group: Pick<GroupDecl, "protection">): Protection {
  return group.protection ?? "WHEN_IN_USE";
}

export function groupsOfStack(app: AppModel, stack: string): GroupDecl[] {
  return app.groups.filter((g) => g.stack === stack);
}

export function declaredIdentities(app: AppModel): Set<string> {
  return new Set(app.groups.map(identityOf));
}

/** The group `pick` designates (modulo the count), or undefined when the app declares none. */
export function pickGroup(app: AppModel, pick: number, service?: Service): GroupDecl | undefined {
  const candidates = service ? app.groups.filter((g) => g.service === service) : app.groups;
  return candidates.length === 0 ? undefined : candidates[pick % candidates.length];
}

/** Props of the `region`/`endpoint` pair for an emulator at 127.0.0.1:`port`. */
export function locationProps(
  group: Pick<GroupDecl, "service" | "endpointForm" | "port">,
  port: number,
): { region?: string; endpoint: string; byReference?: true } {
  const host = group.endpointForm.endsWith("localhost") ? "localhost" : "127.0.0.1";
  const endpoint = `http://${host}:${group.port ?? port}`;
  if (group.endpointForm.startsWith("ref+")) return { endpoint, byReference: true };
  if (!group.endpointForm.startsWith("region+")) return { endpoint };
  return { region: group.service === "sls" ? "cn-hangzhou" : "cn-north-4", endpoint };
}
