// Readers of the hook payload (payload-types.ts): the envelope here, each cloud's fields by its
// CloudContract. Every payload and manifest any release wrote is read, nothing trusted.

import { contractFor, type CloudContract } from "./cloud-contract";
import { nonEmptyString, record } from "./fields";
import { IDENTITY_VERSION, LEGACY_IDENTITY_VERSION, type GroupIdentity } from "./group-identity";
import {
  LIBRARY_RELEASE,
  PAYLOAD_VERSION,
  HOOK_SUBCOMMANDS,
  HookCommand,
  RemovalPolicyValue,
} from "./names";
import { PayloadError, isNewerFormat, writerOf } from "./payload-error";
import type { HookPayload } from "./payload-types";
import { readDeletionGuard } from "./protection";
import { readTransport } from "./transport";

/** What to do about a payload of a newer release: the synth and the hook must be one release. */
export const NEWER_PAYLOAD_HINT =
  "The hook in cdktf.out comes from the release that synthesized the app: synthesize again " +
  "with one release of cdktf-consumer-groups (the one in the app's package.json), and do not " +
  "mix cdktf.out folders of two releases.";

/** Payload versions this hook reads: 1 (release 0.1.0) and the current one. */
const READABLE_PAYLOAD_VERSIONS: readonly number[] = [1, PAYLOAD_VERSION];

/** Parses and checks the JSON argument of `hook <command> <json>` (see readHookPayload). */
export function parseHookPayload(
  command: string,
  json: string,
  clouds: readonly CloudContract[],
): HookPayload {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new PayloadError(`the payload is not valid JSON (${(e as Error).message})`);
  }
  return readHookPayload(command, raw, clouds);
}

/**
 * Checks an ensure or delete payload, of every version this library ever emitted, and returns
 * it typed. Takes the parsed value, so a prune or reconcile that holds many payloads in one
 * argument checks each without turning it back into text.
 */
export function readHookPayload(
  command: string,
  raw: unknown,
  clouds: readonly CloudContract[],
): HookPayload {
  const p = record(raw, "payload");
  const v = p["v"];
  if (isNewerFormat(v, PAYLOAD_VERSION)) {
    throw new PayloadError(
      `payload version ${JSON.stringify(v)} is not supported by this hook (cdktf-consumer-groups ` +
        `${LIBRARY_RELEASE}, reads versions ${READABLE_PAYLOAD_VERSIONS.join(" and ")}): it was written by ${writerOf(p)}`,
      NEWER_PAYLOAD_HINT,
    );
  }
  if (typeof v !== "number" || !READABLE_PAYLOAD_VERSIONS.includes(v)) {
    throw new PayloadError(
      `payload version ${JSON.stringify(v)} is not supported by this hook (it reads versions ${READABLE_PAYLOAD_VERSIONS.join(" and ")}); ` +
        `synthesize the stack again with the installed library version`,
    );
  }
  if (p["command"] !== command) {
    throw new PayloadError(
      `payload command ${JSON.stringify(p["command"])} does not match the subcommand "${command}"`,
    );
  }
  if (command !== HookCommand.ENSURE && command !== HookCommand.DELETE) {
    throw new PayloadError(
      `unknown subcommand "${command}"; expected one of ${HOOK_SUBCOMMANDS.join(", ")}`,
    );
  }
  const identity = readIdentity(storedOrDeclared(command, p), clouds);
  // readIdentity found the cloud.
  const cloud = contractFor(clouds, identity.service)!;
  const transport = readTransport(p["transport"], { identity, rules: cloud.endpoints });
  // Left out by the configuration's payloads when they are the cloud's defaults.
  const credentials =
    p["credentials"] === undefined
      ? [...cloud.defaultCredentials]
      : cloud.readCredentials(p["credentials"]);
  if (command === HookCommand.ENSURE) {
    const fields = cloud.readEnsureFields(p, identity);
    return { v, command, identity, ...fields, transport, credentials };
  }
  return {
    v,
    command,
    identity,
    removalPolicy: parseRemovalPolicy(p["removalPolicy"]),
    ...readDeletionGuard(p),
    transport,
    credentials,
  };
}

/** Reads a stored identity of either version and returns it canonical. */
export function readIdentity(value: unknown, clouds: readonly CloudContract[]): GroupIdentity {
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
  const cloud = contractFor(clouds, o["service"]);
  if (cloud === undefined) {
    throw new PayloadError(
      `identity.service ${JSON.stringify(o["service"])} must be ${clouds
        .map((c) => `"${c.service}"`)
        .join(" or ")}`,
    );
  }
  return cloud.readIdentity(o);
}

/**
 * A delete payload's identity: the one Terraform state holds (`self`), or, when the state holds
 * none, the one the configuration declares at the resource's address (`declaredIdentity`).
 * `terraform import` of a Group leaves its stored identity null, and the Group ignores changes
 * to it, so without the fallback its destroy hook could never delete the group. The two are the
 * same group: a Group's address is derived from its identity, and a destroy hook runs only for
 * a resource whose configuration is still present.
 */
function storedOrDeclared(command: string, p: Record<string, unknown>): unknown {
  const stored = p["identity"];
  if (command !== HookCommand.DELETE || stored !== null) return stored;
  if (p["declaredIdentity"] === undefined) {
    throw new PayloadError(
      "identity is null: Terraform state holds no identity for this group's resource (it was " +
        "imported with `terraform import`) and this payload names none. Run `terraform state rm` " +
        "on the resource and apply: the apply creates it again and adopts the group",
    );
  }
  return p["declaredIdentity"];
}

function parseRemovalPolicy(value: unknown): RemovalPolicyValue {
  if (value === RemovalPolicyValue.DESTROY || value === RemovalPolicyValue.RETAIN) return value;
  throw new PayloadError(`removalPolicy ${JSON.stringify(value)} must be "DESTROY" or "RETAIN"`);
}
