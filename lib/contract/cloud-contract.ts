// What the shared contract needs of a cloud to read its payloads: the fields of its identity,
// the fields of its ensure, the shape of its credential sources, and the words and quota of
// what holds its groups. Each cloud implements it in lib/clouds/<vendor>/<cloud>/; the
// registries list them. Readers take every field as untrusted (old state, hand edits) and throw
// a PayloadError that names the field.

import type { GroupIdentity } from "./group-identity";
import type { EndpointRules } from "./location-rules";
import type { EnsurePayload } from "./payload-types";

export interface CloudContract<
  I extends GroupIdentity = GroupIdentity,
  E extends object = object,
  C = unknown,
> {
  /** The `service` field of this cloud's identities, e.g. "sls". */
  readonly service: string;
  /** The cloud's name in messages, e.g. "SLS". */
  readonly label: string;
  /** What holds the groups and how many one may hold, e.g. { kind: "logstore", limit: 30 }. */
  readonly container: { readonly kind: string; readonly limit: number };
  /** The identity's cloud fields, checked; `o` has passed the version and service checks. */
  readIdentity(o: Readonly<Record<string, unknown>>): I;
  /**
   * The cloud's public endpoints: needed to read a payload whose location was given by
   * reference (transport.ts), which the hook resolves once Terraform knows the values.
   * @default - such payloads are refused
   */
  readonly endpoints?: EndpointRules;
  /** The ensure payload's cloud fields (settings and the like), checked. */
  readEnsureFields(p: Readonly<Record<string, unknown>>, identity: I): E;
  /** The payload's credential sources (environment variable names), checked. */
  readCredentials(value: unknown): C[];
  /**
   * The sources a group uses unless its props name others. A payload of the configuration may
   * leave them out (payload.ts); the manifest always stores them.
   */
  readonly defaultCredentials: readonly C[];
  /**
   * The identity of the group whose checkpoints this ensure's group copies when it is created,
   * if any: a prune deletes that group only after the copy is complete.
   * @default - the cloud never copies
   */
  copySourceOf?(payload: EnsurePayload<I, E, C>): I | undefined;
}

/** Finds a cloud's contract by its service key. */
export function contractFor<T extends CloudContract>(
  clouds: readonly T[],
  service: unknown,
): T | undefined {
  return clouds.find((c) => c.service === service);
}
