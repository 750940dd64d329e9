// Who a consumer group is: what the cloud itself uses to tell two groups apart, nothing more.
//
// - SLS project names are unique across all regions, so an SLS group is project/logstore/name.
// - A DMS project id belongs to one region, so a DMS group is projectId/queue/name, the queue
//   as the user declared it (by id or by name; a delete that must decide whether the app still
//   declares a group resolves one form to the other).
//
// Region and endpoint say how to reach a group, not which group it is: changing them never
// changes a Terraform address or deletes anything.
//
// Release 0.1.0 stored identities with a `region` field (identity version "1"), which was the
// region id or, for a group declared with an endpoint only, the endpoint origin. Those still
// sit in Terraform state; `parseIdentity` reads both versions and returns the canonical form.

import { createHash } from "node:crypto";
import { nonEmptyString, record, ruled } from "./fields";
import { Service } from "./names";
import { PayloadError } from "./payload-error";
import {
  DMS_GROUP_NAME,
  DMS_PROJECT_ID,
  DMS_QUEUE_ID,
  DMS_QUEUE_NAME,
  SLS_GROUP_NAME,
  SLS_LOGSTORE_NAME,
  SLS_PROJECT_NAME,
} from "./rules";

/** Version of the identity object stored in state; "1" (with a region) was release 0.1.0's. */
export const IDENTITY_VERSION = "2";
const LEGACY_IDENTITY_VERSION = "1";

/** Identity of an SLS consumer group. */
export interface SlsIdentity {
  readonly v: string;
  readonly service: typeof Service.SLS;
  readonly project: string;
  readonly logstore: string;
  readonly name: string;
}

/**
 * Identity of a DMS queue consumer group. Exactly one of `queueId` and `queueName` is set, the
 * other is "" (null_resource triggers are map(string): no field may be absent or null).
 */
export interface DmsIdentity {
  readonly v: string;
  readonly service: typeof Service.DMS;
  readonly projectId: string;
  readonly queueId: string;
  readonly queueName: string;
  readonly name: string;
}

export type GroupIdentity = SlsIdentity | DmsIdentity;

export function slsIdentity(fields: Omit<SlsIdentity, "v" | "service">): SlsIdentity {
  return {
    v: IDENTITY_VERSION,
    service: Service.SLS,
    project: fields.project,
    logstore: fields.logstore,
    name: fields.name,
  };
}

/** The identity of a DMS group; `queue` as the user declared it. */
export function dmsIdentity(fields: {
  readonly projectId: string;
  readonly queue: { readonly id: string } | { readonly name: string };
  readonly name: string;
}): DmsIdentity {
  const { queue } = fields;
  return {
    v: IDENTITY_VERSION,
    service: Service.DMS,
    projectId: fields.projectId,
    queueId: "id" in queue ? queue.id : "",
    queueName: "name" in queue ? queue.name : "",
    name: fields.name,
  };
}

/**
 * A short, stable key of an identity object: same fields, same key, in every library version.
 * Of a canonical identity it is the group's key (its Terraform address, the manifest's
 * app-wide set); of a 0.1.0 identity it is that release's key.
 */
export function identityKey(identity: object): string {
  const fields = identity as Record<string, unknown>;
  const canonical = Object.keys(fields)
    .sort()
    .map((k) => [k, String(fields[k])]);
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex").slice(0, 16);
}

/** The same DMS group with its queue named the other way (by id for by name, and back). */
export function withQueue(identity: DmsIdentity, queue: { id: string; name: string }): DmsIdentity {
  return identity.queueId
    ? { ...identity, queueId: "", queueName: queue.name }
    : { ...identity, queueId: queue.id, queueName: "" };
}

/**
 * The identity as release 0.1.0 stored it, with the region it used (the region id, or the
 * endpoint origin of a group declared with an endpoint only). Only for finding what that
 * release deployed: its Terraform addresses, and the settings triggers it wrote.
 */
export function legacyIdentity(identity: GroupIdentity, region: string): Record<string, string> {
  const { v: _v, service, ...rest } = identity;
  return { v: LEGACY_IDENTITY_VERSION, service, region, ...rest };
}

/** Reads a stored identity of either version and returns it canonical. */
export function parseIdentity(value: unknown): GroupIdentity {
  const o = record(value, "identity");
  const v = o["v"];
  // Version 1 states store "1"; accept a number too, in case a hand-written state has it.
  const version = typeof v === "number" ? String(v) : v;
  if (version !== IDENTITY_VERSION && version !== LEGACY_IDENTITY_VERSION) {
    throw new PayloadError(
      `identity.v ${JSON.stringify(v)} is not supported by this hook (it reads versions ` +
        `${LEGACY_IDENTITY_VERSION} and ${IDENTITY_VERSION})`,
    );
  }
  // Version 1 had a region; it said how to reach the group, so it is dropped here.
  if (version === LEGACY_IDENTITY_VERSION) nonEmptyString(o["region"], "identity.region");
  switch (o["service"]) {
    case Service.SLS:
      return slsIdentity({
        project: ruled(o["project"], "identity.project", SLS_PROJECT_NAME),
        logstore: ruled(o["logstore"], "identity.logstore", SLS_LOGSTORE_NAME),
        name: ruled(o["name"], "identity.name", SLS_GROUP_NAME),
      });
    case Service.DMS: {
      const queueId = o["queueId"] ? ruled(o["queueId"], "identity.queueId", DMS_QUEUE_ID) : "";
      const queueName = o["queueName"]
        ? ruled(o["queueName"], "identity.queueName", DMS_QUEUE_NAME)
        : "";
      if ((queueId === "") === (queueName === "")) {
        throw new PayloadError(
          "identity must name the queue by exactly one of queueId and queueName",
        );
      }
      return dmsIdentity({
        projectId: ruled(o["projectId"], "identity.projectId", DMS_PROJECT_ID),
        queue: queueId ? { id: queueId } : { name: queueName },
        name: ruled(o["name"], "identity.name", DMS_GROUP_NAME),
      });
    }
    default:
      throw new PayloadError(
        `identity.service ${JSON.stringify(o["service"])} must be ${Object.values(Service)
          .map((x) => `"${x}"`)
          .join(" or ")}`,
      );
  }
}

export { PayloadError } from "./payload-error";
