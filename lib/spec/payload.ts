// The hook payload: what the constructs write into cdk.tf.json and the hook reads back.
//
// Two halves reach the hook:
// - the *identity* of a group (service, region, project, logstore, name). It is the group
//   resource's `triggers_replace` (or `triggers` for null_resource), so it lives in Terraform
//   state and the destroy hook reads it back through `self`. All its values are strings, so
//   the same object fits null_resource's map(string). Its shape must never change for a
//   given `v`: any change to it replaces the resource, which deletes the cloud group.
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
  DMS_GROUP_NAME,
  DMS_PROJECT_ID,
  DMS_QUEUE_ID,
  DMS_QUEUE_NAME,
  SLS_GROUP_NAME,
  SLS_LOGSTORE_NAME,
  SLS_PROJECT_NAME,
  isSlsTimeout,
  type Rule,
} from "./rules";

/** Identity of an SLS consumer group as stored in Terraform state. */
export interface SlsIdentity {
  readonly v: string;
  readonly service: typeof Service.SLS;
  /** Region id, or the endpoint origin when the group was declared with an endpoint only. */
  readonly region: string;
  readonly project: string;
  readonly logstore: string;
  readonly name: string;
}

export interface SlsSettings {
  /** Consumer heartbeat timeout, seconds. */
  readonly timeout: number;
  readonly order: boolean;
}

export interface Transport {
  /** Base URL of the service endpoint, without the project label, e.g. https://cn-hangzhou.log.aliyuncs.com */
  readonly endpoint: string;
  /** The identity region this endpoint serves; a destroy of a group in another region derives its own endpoint. */
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

/**
 * Identity of a DMS queue consumer group. The queue is named the way the user declared it:
 * exactly one of `queueId` and `queueName` is set, the other is "" (null_resource triggers
 * are map(string), so no field may be absent or null).
 */
export interface DmsIdentity {
  readonly v: string;
  readonly service: typeof Service.DMS;
  /** Region id, or the endpoint origin when the group was declared with an endpoint only. */
  readonly region: string;
  readonly projectId: string;
  readonly queueId: string;
  readonly queueName: string;
  readonly name: string;
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

/** Thrown for a payload the hook cannot use; `message` says which field and why. */
export class PayloadError extends Error {
  readonly code = "HOOK_BAD_PAYLOAD";
  constructor(message: string) {
    super(message);
    this.name = "PayloadError";
  }
}

/** Builds the identity object the constructs store in state. */
export function slsIdentity(fields: Omit<SlsIdentity, "v" | "service">): SlsIdentity {
  return { v: String(PAYLOAD_VERSION), service: Service.SLS, ...fields };
}

/** Builds the identity of a DMS group; `queue` as the user declared it. */
export function dmsIdentity(fields: {
  readonly region: string;
  readonly projectId: string;
  readonly queue: { readonly id: string } | { readonly name: string };
  readonly name: string;
}): DmsIdentity {
  const { queue, ...rest } = fields;
  return {
    v: String(PAYLOAD_VERSION),
    service: Service.DMS,
    region: rest.region,
    projectId: rest.projectId,
    queueId: "id" in queue ? queue.id : "",
    queueName: "name" in queue ? queue.name : "",
    name: rest.name,
  };
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
  if (v !== PAYLOAD_VERSION) {
    throw new PayloadError(
      `payload version ${JSON.stringify(v)} is not supported by this hook (it reads version ${PAYLOAD_VERSION}); ` +
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
  const service = record(p["identity"], "identity")["service"];
  const transport = parseTransport(p["transport"]);
  switch (service) {
    case Service.SLS: {
      const identity = parseSlsIdentity(p["identity"]);
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
      const identity = parseDmsIdentity(p["identity"]);
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
    default:
      throw new PayloadError(
        `identity.service ${JSON.stringify(service)} must be ${Object.values(Service)
          .map((x) => `"${x}"`)
          .join(" or ")}`,
      );
  }
}

function identityVersion(o: Record<string, unknown>): string {
  const v = o["v"];
  // Version 1 states store "1"; accept the number too, in case a hand-written state has it.
  if (v !== String(PAYLOAD_VERSION) && v !== PAYLOAD_VERSION) {
    throw new PayloadError(
      `identity.v ${JSON.stringify(v)} is not supported by this hook (it reads version ${PAYLOAD_VERSION})`,
    );
  }
  return String(v);
}

function parseSlsIdentity(value: unknown): SlsIdentity {
  const o = record(value, "identity");
  return {
    v: identityVersion(o),
    service: Service.SLS,
    region: nonEmptyString(o["region"], "identity.region"),
    project: ruled(o["project"], "identity.project", SLS_PROJECT_NAME),
    logstore: ruled(o["logstore"], "identity.logstore", SLS_LOGSTORE_NAME),
    name: ruled(o["name"], "identity.name", SLS_GROUP_NAME),
  };
}

function parseDmsIdentity(value: unknown): DmsIdentity {
  const o = record(value, "identity");
  const queueId = o["queueId"] === "" ? "" : ruled(o["queueId"], "identity.queueId", DMS_QUEUE_ID);
  const queueName =
    o["queueName"] === "" ? "" : ruled(o["queueName"], "identity.queueName", DMS_QUEUE_NAME);
  if ((queueId === "") === (queueName === "")) {
    throw new PayloadError("identity must name the queue by exactly one of queueId and queueName");
  }
  return {
    v: identityVersion(o),
    service: Service.DMS,
    region: nonEmptyString(o["region"], "identity.region"),
    projectId: ruled(o["projectId"], "identity.projectId", DMS_PROJECT_ID),
    queueId,
    queueName,
    name: ruled(o["name"], "identity.name", DMS_GROUP_NAME),
  };
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
    throw new PayloadError(`transport.endpoint ${JSON.stringify(endpoint)} is not a URL`);
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

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new PayloadError(`${where} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

function nonEmptyString(value: unknown, where: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new PayloadError(`${where} must be a non-empty string`);
  }
  return value;
}

function ruled(value: unknown, where: string, rule: Rule): string {
  const s = nonEmptyString(value, where);
  if (!rule.test(s)) throw new PayloadError(`${where} ${JSON.stringify(s)} must be ${rule.text}`);
  return s;
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
