// Who a consumer group is: what the cloud itself uses to tell two groups apart, nothing more.
// Each cloud defines its identity's fields (lib/clouds/<vendor>/<cloud>/); this file holds what
// every identity shares. An identity's fields after `v` and `service` are, in order, its path
// from the outermost container to the group: an SLS group is project/logstore/name, a DMS group
// projectId/queue/name. A field may be "" where a cloud names a part one of two ways (a DMS
// queue by id or by name); the path skips it. Messages, `check` and the keys all read that path,
// so no shared code needs to know a cloud's field names.
//
// Region and endpoint say how to reach a group, not which group it is: changing them never
// changes a Terraform address or deletes anything.
//
// Release 0.1.0 stored identities with a `region` field (identity version "1"), which was the
// region id or, for a group declared with an endpoint only, the endpoint origin. Those still
// sit in Terraform state; readIdentity (payload.ts) reads both versions and returns the
// canonical form.

import { createHash } from "node:crypto";
import { nonEmptyString, record } from "./fields";
import { PayloadError } from "./payload-error";

/** Version of the identity object stored in state; "1" (with a region) was release 0.1.0's. */
export const IDENTITY_VERSION = "2";
export const LEGACY_IDENTITY_VERSION = "1";

/**
 * The identity of a group of any cloud: only strings, so the same object fits null_resource's
 * map(string) triggers (no field may be absent or null). `name` is the group's own name, the
 * last field of its path.
 */
export type GroupIdentity = {
  readonly v: string;
  readonly service: string;
  readonly name: string;
  readonly [field: string]: string;
};

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

/** The identity's path, outermost container first, the group's name last ("" parts skipped). */
export function identityPath(identity: GroupIdentity): string[] {
  return Object.entries(identity)
    .filter(([field, value]) => field !== "v" && field !== "service" && value !== "")
    .map(([, value]) => value);
}

/** The container that holds the group, as its path reads: "project/logstore", "projectId/queue". */
export function containerPath(identity: GroupIdentity): string {
  return identityPath(identity).slice(0, -1).join("/");
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

/**
 * A stored identity of either version in its canonical form, with its cloud's fields as stored
 * (unchecked: for keys and messages at synth; the hook checks them with the cloud's rules).
 */
export function canonicalIdentity(value: unknown): GroupIdentity {
  const { v, region: _region, service, name, ...rest } = record(value, "identity");
  const fields: Record<string, string> = {};
  for (const [field, x] of Object.entries(rest)) {
    if (typeof x !== "string") throw new PayloadError(`identity.${field} must be a string`);
    fields[field] = x;
  }
  if (String(v) !== IDENTITY_VERSION && String(v) !== LEGACY_IDENTITY_VERSION) {
    throw new PayloadError(`identity.v ${JSON.stringify(v)} is not a version this library reads`);
  }
  return {
    v: IDENTITY_VERSION,
    service: nonEmptyString(service, "identity.service"),
    ...fields,
    name: nonEmptyString(name, "identity.name"),
  };
}

/**
 * The key of a group: its Terraform addresses and its manifest entry. A group whose identity
 * holds references (placeholders, refs.ts) is keyed by what synth knows: its literal parts and
 * the `key` the app gave it, so a reference's value never moves its address.
 */
export function groupKey(identity: GroupIdentity, key?: string): string {
  if (key === undefined) return identityKey(identity);
  const known: Record<string, string> = { key };
  for (const [field, value] of Object.entries(identity)) {
    known[field] = value.startsWith("@ref:") ? "@ref" : value;
  }
  return identityKey(known);
}
