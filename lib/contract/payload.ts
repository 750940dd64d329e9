// The hook payload: what the constructs write into cdk.tf.json and the hook reads back.
//
// Two halves reach the hook:
// - the *identity* of a group (identity.ts): the group resource's `triggers_replace` (or
//   `triggers` for null_resource), so it lives in Terraform state and the destroy hook reads
//   it back through `self`. All its values are strings, so the same object fits
//   null_resource's map(string). State may hold an identity of any earlier version.
// - everything else (settings, endpoint, timeouts, removal policy, credential variable
//   names) is a literal of the current configuration, so changing it replaces nothing.
//
// No secret is ever part of a payload: credentials are named, never given.

import { readDmsCredentialSources, readSlsCredentialSources } from "./credentials";
import { positiveInteger, record, ruled } from "./fields";
import { parseIdentity, type DmsIdentity, type SlsIdentity } from "./identity";
import {
  LIBRARY_RELEASE,
  PAYLOAD_VERSION,
  HOOK_SUBCOMMANDS,
  HookCommand,
  RemovalPolicyValue,
  Service,
  type DmsCredentialSource,
  type SlsCredentialSource,
} from "./names";
import { PayloadError, isNewerFormat, writerOf } from "./payload-error";
import { readDeletionGuard, type DeletionGuard } from "./protection";
import { SLS_GROUP_NAME, SLS_TIMEOUT_RANGE, isOwnCopySource, isSlsTimeout } from "./rules";
import { readTransport, type Transport } from "./transport";

export { PayloadError } from "./payload-error";
export {
  dmsIdentity,
  slsIdentity,
  type DmsIdentity,
  type GroupIdentity,
  type SlsIdentity,
} from "./identity";
export type { Transport } from "./transport";

/** What to do about a payload of a newer release: the synth and the hook must be one release. */
export const NEWER_PAYLOAD_HINT =
  "The hook in cdktf.out comes from the release that synthesized the app: synthesize again " +
  "with one release of cdktf-consumer-groups (the one in the app's package.json), and do not " +
  "mix cdktf.out folders of two releases.";

/** Payload versions this hook reads: 1 (release 0.1.0) and the current one. */
const READABLE_PAYLOAD_VERSIONS: readonly number[] = [1, PAYLOAD_VERSION];

export interface SlsSettings {
  /** Consumer heartbeat timeout, seconds. */
  readonly timeout: number;
  readonly order: boolean;
}

export interface SlsEnsurePayload {
  readonly v: number;
  readonly command: typeof HookCommand.ENSURE;
  readonly identity: SlsIdentity;
  readonly settings: SlsSettings;
  /**
   * Another group of the same logstore whose checkpoints a group this hook creates starts from.
   * Optional: payloads without it (every earlier one) mean no copy.
   */
  readonly copyCheckpointsFrom?: string;
  readonly transport: Transport;
  readonly credentials: readonly SlsCredentialSource[];
}

export interface SlsDeletePayload extends DeletionGuard {
  readonly v: number;
  readonly command: typeof HookCommand.DELETE;
  readonly identity: SlsIdentity;
  readonly removalPolicy: RemovalPolicyValue;
  readonly transport: Transport;
  readonly credentials: readonly SlsCredentialSource[];
}

export interface DmsEnsurePayload {
  readonly v: number;
  readonly command: typeof HookCommand.ENSURE;
  readonly identity: DmsIdentity;
  readonly transport: Transport;
  readonly credentials: readonly DmsCredentialSource[];
  /** How long to wait for a new group to be listed (it initialises for 1-3 s). */
  readonly readyTimeoutMs: number;
}

export interface DmsDeletePayload extends DeletionGuard {
  readonly v: number;
  readonly command: typeof HookCommand.DELETE;
  readonly identity: DmsIdentity;
  readonly removalPolicy: RemovalPolicyValue;
  readonly transport: Transport;
  readonly credentials: readonly DmsCredentialSource[];
}

export type SlsPayload = SlsEnsurePayload | SlsDeletePayload;
export type DmsPayload = DmsEnsurePayload | DmsDeletePayload;
export type HookPayload = SlsPayload | DmsPayload;

/** Parses and checks the JSON argument of `hook <command> <json>` (see readHookPayload). */
export function parseHookPayload(command: string, json: string): HookPayload {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new PayloadError(`the payload is not valid JSON (${(e as Error).message})`);
  }
  return readHookPayload(command, raw);
}

/**
 * Checks an ensure or delete payload, of every version this library ever emitted, and returns
 * it typed. Takes the parsed value, so a prune or reconcile that holds many payloads in one
 * argument checks each without turning it back into text.
 */
export function readHookPayload(command: string, raw: unknown): HookPayload {
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
  const identity = parseIdentity(storedOrDeclared(command, p));
  const transport = readTransport(p["transport"]);
  switch (identity.service) {
    case Service.SLS: {
      const credentials = readSlsCredentialSources(p["credentials"]);
      return command === HookCommand.ENSURE
        ? {
            v,
            command,
            identity,
            settings: parseSlsSettings(p["settings"]),
            ...copySource(p["copyCheckpointsFrom"], identity.name),
            transport,
            credentials,
          }
        : {
            v,
            command,
            identity,
            removalPolicy: parseRemovalPolicy(p["removalPolicy"]),
            ...readDeletionGuard(p),
            transport,
            credentials,
          };
    }
    case Service.DMS: {
      const credentials = readDmsCredentialSources(p["credentials"]);
      return command === HookCommand.ENSURE
        ? {
            v,
            command,
            identity,
            transport,
            credentials,
            readyTimeoutMs: positiveInteger(p["readyTimeoutMs"], "readyTimeoutMs"),
          }
        : {
            v,
            command,
            identity,
            removalPolicy: parseRemovalPolicy(p["removalPolicy"]),
            ...readDeletionGuard(p),
            transport,
            credentials,
          };
    }
  }
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

function parseSlsSettings(value: unknown): SlsSettings {
  const o = record(value, "settings");
  const timeout = o["timeout"];
  if (!isSlsTimeout(timeout)) {
    throw new PayloadError(
      `settings.timeout ${JSON.stringify(timeout)} must be a whole number of seconds from ${SLS_TIMEOUT_RANGE}`,
    );
  }
  const order = o["order"];
  if (typeof order !== "boolean") {
    throw new PayloadError(`settings.order ${JSON.stringify(order)} must be true or false`);
  }
  return { timeout, order };
}

/** The optional copy source: absent, or a group name other than the group's own. */
function copySource(value: unknown, name: string): { copyCheckpointsFrom?: string } {
  if (value === undefined) return {};
  const source = ruled(value, "copyCheckpointsFrom", SLS_GROUP_NAME);
  if (isOwnCopySource(source, name)) {
    throw new PayloadError(`copyCheckpointsFrom ${JSON.stringify(source)} names the group itself`);
  }
  return { copyCheckpointsFrom: source };
}

function parseRemovalPolicy(value: unknown): RemovalPolicyValue {
  if (value === RemovalPolicyValue.DESTROY || value === RemovalPolicyValue.RETAIN) return value;
  throw new PayloadError(`removalPolicy ${JSON.stringify(value)} must be "DESTROY" or "RETAIN"`);
}
