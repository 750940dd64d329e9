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

import {
  PAYLOAD_VERSION,
  HookCommand,
  RemovalPolicyValue,
  Service,
  type DmsCredentialSource,
  type SlsCredentialSource,
} from "./names";
import {
  PayloadError,
  nonEmptyString,
  parseIdentity,
  record,
  type DmsIdentity,
  type SlsIdentity,
} from "./identity";
import { maskUrlUserinfo } from "./redact";
import { isSlsTimeout } from "./rules";

export {
  PayloadError,
  dmsIdentity,
  slsIdentity,
  type DmsIdentity,
  type GroupIdentity,
  type SlsIdentity,
} from "./identity";

/** Payload versions this hook reads: 1 (release 0.1.0) and the current one. */
const READABLE_PAYLOAD_VERSIONS: readonly number[] = [1, PAYLOAD_VERSION];

export interface SlsSettings {
  /** Consumer heartbeat timeout, seconds. */
  readonly timeout: number;
  readonly order: boolean;
}

export interface Transport {
  /** Base URL of the service endpoint, without the project label, e.g. https://cn-hangzhou.log.aliyuncs.com */
  readonly endpoint: string;
  /** The region this endpoint serves (its origin when no region can be told), for log lines. */
  readonly region: string;
  /** Plain http:// to a host that is not loopback; off unless the user opted in. */
  readonly allowInsecureHttp: boolean;
  readonly requestTimeoutMs: number;
  /** Total time one hook run may spend, retries included. */
  readonly deadlineMs: number;
  /**
   * Path of a PEM file of extra CA certificates the hook trusts for this endpoint (a private
   * CA). The hook reads it at apply time; a relative path is resolved against the directory
   * Terraform runs in (the stack directory). Absent: Node's bundled roots (and
   * NODE_EXTRA_CA_CERTS) only.
   */
  readonly caFile?: string;
}

export interface SlsEnsurePayload {
  readonly v: number;
  readonly command: typeof HookCommand.ENSURE;
  readonly identity: SlsIdentity;
  readonly settings: SlsSettings;
  readonly transport: Transport;
  readonly credentials: readonly SlsCredentialSource[];
}

export interface SlsDeletePayload {
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

export interface DmsDeletePayload {
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

export function isSlsPayload(payload: HookPayload): payload is SlsPayload {
  return payload.identity.service === Service.SLS;
}

/**
 * Parses and checks the JSON argument of `hook <command> <json>`. Accepts every payload
 * version this library ever emitted (today: 1).
 */
export function parseHookPayload(command: string, json: string): HookPayload {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new PayloadError(`the payload is not valid JSON (${(e as Error).message})`);
  }
  const p = record(raw, "payload");
  const v = p["v"];
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
      `unknown subcommand "${command}"; expected ${Object.values(HookCommand).join(" or ")}`,
    );
  }
  const identity = parseIdentity(p["identity"]);
  const transport = parseTransport(p["transport"]);
  switch (identity.service) {
    case Service.SLS: {
      const credentials = parseSlsCredentialSources(p["credentials"]);
      return command === HookCommand.ENSURE
        ? {
            v,
            command,
            identity,
            settings: parseSlsSettings(p["settings"]),
            transport,
            credentials,
          }
        : {
            v,
            command,
            identity,
            removalPolicy: parseRemovalPolicy(p["removalPolicy"]),
            transport,
            credentials,
          };
    }
    case Service.DMS: {
      const credentials = parseDmsCredentialSources(p["credentials"]);
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
            transport,
            credentials,
          };
    }
  }
}

function parseSlsSettings(value: unknown): SlsSettings {
  const o = record(value, "settings");
  const timeout = o["timeout"];
  if (!isSlsTimeout(timeout)) {
    throw new PayloadError(
      `settings.timeout ${JSON.stringify(timeout)} must be a whole number of seconds from 1 to 86400`,
    );
  }
  const order = o["order"];
  if (typeof order !== "boolean") {
    throw new PayloadError(`settings.order ${JSON.stringify(order)} must be true or false`);
  }
  return { timeout, order };
}

function parseTransport(value: unknown): Transport {
  const o = record(value, "transport");
  const endpoint = nonEmptyString(o["endpoint"], "transport.endpoint");
  try {
    new URL(endpoint);
  } catch {
    throw new PayloadError(
      `transport.endpoint ${maskUrlUserinfo(JSON.stringify(endpoint))} is not a URL`,
    );
  }
  return {
    endpoint,
    region: nonEmptyString(o["region"], "transport.region"),
    allowInsecureHttp: o["allowInsecureHttp"] === true,
    requestTimeoutMs: positiveInteger(o["requestTimeoutMs"], "transport.requestTimeoutMs"),
    deadlineMs: positiveInteger(o["deadlineMs"], "transport.deadlineMs"),
    ...(o["caFile"] === undefined ? {} : { caFile: filePath(o["caFile"], "transport.caFile") }),
  };
}

function filePath(value: unknown, where: string): string {
  const s = nonEmptyString(value, where);
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(s)) {
    throw new PayloadError(
      `${where} ${JSON.stringify(s)} must be a file path without control characters`,
    );
  }
  return s;
}

function credentialList(value: unknown): unknown[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new PayloadError("credentials must be a non-empty list of environment variable names");
  }
  return value;
}

function parseDmsCredentialSources(value: unknown): DmsCredentialSource[] {
  return credentialList(value).map((item, i) => {
    const o = record(item, `credentials[${i}]`);
    if (o["iamToken"] !== undefined) {
      return { iamToken: envName(o["iamToken"], `credentials[${i}].iamToken`) };
    }
    const token = o["securityToken"];
    return {
      accessKey: envName(o["accessKey"], `credentials[${i}].accessKey`),
      secretKey: envName(o["secretKey"], `credentials[${i}].secretKey`),
      ...(token === undefined
        ? {}
        : { securityToken: envName(token, `credentials[${i}].securityToken`) }),
    };
  });
}

function parseSlsCredentialSources(value: unknown): SlsCredentialSource[] {
  return credentialList(value).map((item, i) => {
    const o = record(item, `credentials[${i}]`);
    const token = o["securityToken"];
    return {
      accessKeyId: envName(o["accessKeyId"], `credentials[${i}].accessKeyId`),
      accessKeySecret: envName(o["accessKeySecret"], `credentials[${i}].accessKeySecret`),
      ...(token === undefined
        ? {}
        : { securityToken: envName(token, `credentials[${i}].securityToken`) }),
    };
  });
}

function parseRemovalPolicy(value: unknown): RemovalPolicyValue {
  if (value === RemovalPolicyValue.DESTROY || value === RemovalPolicyValue.RETAIN) return value;
  throw new PayloadError(`removalPolicy ${JSON.stringify(value)} must be "DESTROY" or "RETAIN"`);
}

function positiveInteger(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new PayloadError(`${where} must be a positive whole number`);
  }
  return value;
}

function envName(value: unknown, where: string): string {
  const s = nonEmptyString(value, where);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) {
    throw new PayloadError(`${where} ${JSON.stringify(s)} is not an environment variable name`);
  }
  return s;
}
