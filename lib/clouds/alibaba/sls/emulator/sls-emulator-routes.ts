// SLS logstore and consumer-group routes: path -> action, body parsing, and the state call.
// The project comes only from the Host header. The consumer-library calls on one group
// (checkpoints, heartbeats) are in sls-emulator-checkpoint-routes.ts.
//
// | call                 | request                                                | answer     |
// |----------------------|--------------------------------------------------------|------------|
// | CreateLogStore       | POST /logstores {logstoreName, ttl, shardCount, ...}    | 200, empty |
// | DeleteLogStore       | DELETE /logstores/{logstore} (its groups go with it)     | 200, empty |
// | CreateConsumerGroup  | POST /logstores/{logstore}/consumergroups               | 200, empty |
// | UpdateConsumerGroup  | PUT /logstores/{logstore}/consumergroups/{group}        | 200, empty |
// | DeleteConsumerGroup  | DELETE /logstores/{logstore}/consumergroups/{group}     | 200, empty |
// | ListConsumerGroup    | GET /logstores/{logstore}/consumergroups                | array      |

import {
  headerValue,
  jsonAnswer,
  type EmulatorAnswer,
  type EmulatorRequest,
} from "../../../../emulator/emulated-service";
import { groupPostAction, runCheckpointRoute } from "./sls-emulator-checkpoint-routes";
import { slsErrors } from "./sls-emulator-errors";
import type { SlsState } from "./sls-emulator-state";

export interface SlsRoute {
  readonly action: string;
  /** "" for CreateLogStore: its name is in the body. */
  readonly logstore: string;
  readonly group?: string;
}

const LOGSTORES = /^\/logstores\/?$/;
const LOGSTORE = /^\/logstores\/([^/]+)\/?$/;
const GROUPS = /^\/logstores\/([^/]+)\/consumergroups\/?$/;
const GROUP = /^\/logstores\/([^/]+)\/consumergroups\/([^/]+)$/;

/** The action name for the call log; unknown routes still get a name. */
export function matchSlsRoute(method: string, path: string, rawQuery = ""): SlsRoute | undefined {
  if (LOGSTORES.test(path) && method === "POST") return { action: "CreateLogStore", logstore: "" };
  const logstore = LOGSTORE.exec(path);
  if (logstore && method === "DELETE") {
    return { action: "DeleteLogStore", logstore: decode(logstore[1] ?? "") };
  }
  const groups = GROUPS.exec(path);
  if (groups) {
    const logstore = decode(groups[1] ?? "");
    // An empty group name ("…/consumergroups/") is a 405 from the real service.
    if (path.endsWith("/")) return { action: "InvalidMethod", logstore };
    if (method === "POST") return { action: "CreateConsumerGroup", logstore };
    if (method === "GET") return { action: "ListConsumerGroup", logstore };
    return { action: "InvalidMethod", logstore };
  }
  const group = GROUP.exec(path);
  if (group) {
    const route = { logstore: decode(group[1] ?? ""), group: decode(group[2] ?? "") };
    if (method === "PUT") return { action: "UpdateConsumerGroup", ...route };
    if (method === "DELETE") return { action: "DeleteConsumerGroup", ...route };
    if (method === "GET") return { action: "GetCheckPoint", ...route };
    if (method === "POST")
      return { action: groupPostAction(rawQuery) ?? "InvalidMethod", ...route };
    return { action: "InvalidMethod", ...route };
  }
  return undefined;
}

/** Project = the Host label before the first "." (p.sls.local:8080, p.127.0.0.1:8080). */
export function projectFromHost(request: EmulatorRequest): string | undefined {
  const host = headerValue(request, "host") ?? "";
  const dot = host.indexOf(".");
  return dot > 0 ? host.slice(0, dot) : undefined;
}

/** Runs an authenticated request; throws SlsError for error answers. */
export function runSlsRoute(
  route: SlsRoute,
  project: string,
  request: EmulatorRequest,
  state: SlsState,
  headers: Record<string, string>,
  at: number,
): { answer: EmulatorAnswer; mutated: boolean } {
  const { logstore, group = "" } = route;
  switch (route.action) {
    case "CreateLogStore":
      state.createLogstore(project, parseLogstoreBody(request.body));
      return { answer: empty(headers), mutated: true };
    case "DeleteLogStore":
      state.deleteLogstore(project, logstore);
      return { answer: empty(headers), mutated: true };
    case "CreateConsumerGroup": {
      state.groupsOf(project, logstore); // ProjectNotExist/LogStoreNotExist before body errors
      const body = parseCreateBody(request.body);
      state.create(project, logstore, body);
      return { answer: empty(headers), mutated: true };
    }
    case "UpdateConsumerGroup": {
      state.groupsOf(project, logstore);
      state.update(project, logstore, group, parseUpdateBody(request.body));
      return { answer: empty(headers), mutated: true };
    }
    case "DeleteConsumerGroup":
      return { answer: empty(headers), mutated: state.delete(project, logstore, group) };
    case "ListConsumerGroup":
      return { answer: jsonAnswer(200, headers, state.list(project, logstore)), mutated: false };
    case "GetCheckPoint":
    case "ConsumerGroupUpdateCheckPoint":
    case "ConsumerGroupHeartBeat":
      return runCheckpointRoute(
        route.action,
        { project, logstore, group },
        request,
        state,
        headers,
        at,
      );
    default:
      throw slsErrors.invalidMethod(request.method, request.path);
  }
}

/**
 * The name a create body gives (consumerGroup, or logstoreName for CreateLogStore), for the call
 * log, or undefined when unreadable.
 */
export function createTargetName(
  body: Buffer,
  field: "consumerGroup" | "logstoreName" = "consumerGroup",
): string | undefined {
  try {
    const name = (JSON.parse(body.toString("utf8")) as Record<string, unknown> | null)?.[field];
    return typeof name === "string" ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CreateLogStore's body: logstoreName, ttl (days) and shardCount are required; the other
 * documented fields (autoSplit, maxSplitShard, enable_tracking, appendMeta, ...) are accepted
 * and not kept.
 */
function parseLogstoreBody(raw: Buffer): { name: string; ttl: number; shardCount: number } {
  const body = parseObject(raw, slsErrors.logstoreBodyInvalid);
  const { logstoreName, ttl, shardCount } = body;
  if (typeof logstoreName !== "string") {
    throw slsErrors.logstoreBodyInvalid("logstoreName must be a string");
  }
  if (typeof ttl !== "number") throw slsErrors.logstoreBodyInvalid("ttl must be a number");
  if (typeof shardCount !== "number") {
    throw slsErrors.logstoreBodyInvalid("shardCount must be a number");
  }
  return { name: logstoreName, ttl, shardCount };
}

function parseCreateBody(raw: Buffer): { name: string; timeout: number; order: boolean } {
  const body = parseObject(raw, slsErrors.createBodyInvalid);
  const { consumerGroup, timeout, order } = body;
  if (typeof consumerGroup !== "string") {
    throw slsErrors.createBodyInvalid("consumerGroup must be a string");
  }
  if (typeof timeout !== "number") throw slsErrors.createBodyInvalid("timeout must be a number");
  // Older docs say order is optional; the service default is false.
  if (order !== undefined && typeof order !== "boolean") {
    throw slsErrors.createBodyInvalid("order must be a boolean");
  }
  return { name: consumerGroup, timeout, order: order ?? false };
}

function parseUpdateBody(raw: Buffer): { timeout?: number; order?: boolean } {
  const body = parseObject(raw, slsErrors.updateBodyInvalid);
  const { timeout, order } = body;
  // ⚠ UNVERIFIED: a PUT body with consumerGroup is known to fail; the exact error is unknown.
  if ("consumerGroup" in body) {
    throw slsErrors.updateBodyInvalid("the body may hold only order and timeout");
  }
  if (timeout === undefined && order === undefined) {
    throw slsErrors.updateBodyInvalid("give timeout, order or both");
  }
  if (timeout !== undefined && typeof timeout !== "number") {
    throw slsErrors.updateBodyInvalid("timeout must be a number");
  }
  if (order !== undefined && typeof order !== "boolean") {
    throw slsErrors.updateBodyInvalid("order must be a boolean");
  }
  return {
    ...(timeout === undefined ? {} : { timeout }),
    ...(order === undefined ? {} : { order }),
  };
}

function parseObject(raw: Buffer, invalid: (detail: string) => Error): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString("utf8"));
  } catch {
    throw invalid("the body is not JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalid("the body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

function empty(headers: Record<string, string>): EmulatorAnswer {
  return { status: 200, headers: { ...headers }, body: Buffer.alloc(0) };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
