// DMS queue API routes under /v1.0/{project_id}: path -> action,
// query and body parsing, and the state call. Answer bodies are in dms-emulator-answer-bodies.ts.

import {
  jsonAnswer,
  type EmulatorAnswer,
  type EmulatorRequest,
} from "../../../../emulator/emulated-service";
import { groupBody, queueBody, type ListOptions } from "./dms-emulator-answer-bodies";
import { dmsErrors } from "./dms-emulator-errors";
import type { DmsState, NewQueue } from "./dms-emulator-state";

export interface DmsRoute {
  readonly action: string;
  readonly projectId: string;
  readonly queueId?: string;
  readonly groupId?: string;
}

const QUEUES = /^\/v1\.0\/([^/]+)\/queues\/?$/;
const QUEUE = /^\/v1\.0\/([^/]+)\/queues\/([^/]+)\/?$/;
const GROUPS = /^\/v1\.0\/([^/]+)\/queues\/([^/]+)\/groups\/?$/;
const GROUP = /^\/v1\.0\/([^/]+)\/queues\/([^/]+)\/groups\/([^/]+)\/?$/;
const ACTIONS: readonly [RegExp, Record<string, string>][] = [
  [QUEUES, { GET: "ListQueues", POST: "CreateQueue" }],
  [QUEUE, { GET: "GetQueue", DELETE: "DeleteQueue" }],
  [GROUPS, { GET: "ListConsumerGroups", POST: "CreateConsumerGroups" }],
  [GROUP, { DELETE: "DeleteConsumerGroup" }],
];
const QUEUE_MODES = ["NORMAL", "FIFO", "KAFKA_HA", "KAFKA_HT", "AMQP"];

/** The route of a path; a known path with another method is "MethodNotAllowed". */
export function matchDmsRoute(method: string, path: string): DmsRoute | undefined {
  for (const [pattern, methods] of ACTIONS) {
    const m = pattern.exec(path);
    if (!m) continue;
    const [, projectId = "", queueId, groupId] = m.map((s) => (s === undefined ? s : decode(s)));
    return {
      action: methods[method] ?? "MethodNotAllowed",
      projectId,
      ...(queueId === undefined ? {} : { queueId }),
      ...(groupId === undefined ? {} : { groupId }),
    };
  }
  return undefined;
}

/** Runs an authenticated request; throws DmsError for error answers. */
export function runDmsRoute(
  route: DmsRoute,
  request: EmulatorRequest,
  state: DmsState,
  headers: Record<string, string>,
): { answer: EmulatorAnswer; mutated: boolean } {
  const { projectId, queueId = "", groupId = "" } = route;
  // include_messages_num defaults to true for groups, false for queues (OTC).
  const options = listOptions(request.rawQuery, route.action === "ListConsumerGroups");
  switch (route.action) {
    case "ListQueues": {
      const queues = state.queuesOf(projectId).map((q) => queueBody(q, options));
      return { answer: jsonAnswer(200, headers, { total: queues.length, queues }), mutated: false };
    }
    case "CreateQueue": {
      state.queuesOf(projectId);
      const queue = state.createQueue(projectId, parseQueueBody(request.body));
      // Kafka queues also answer the topic a Kafka client uses: k-<project id>-<queue id>.
      const kafka = queue.queueMode.startsWith("KAFKA_");
      const body = {
        id: queue.id,
        name: queue.name,
        ...(kafka ? { kafka_topic: `k-${projectId}-${queue.id}` } : {}),
      };
      return { answer: jsonAnswer(201, headers, body), mutated: true };
    }
    case "GetQueue":
      return {
        answer: jsonAnswer(200, headers, queueBody(state.queue(projectId, queueId), options)),
        mutated: false,
      };
    case "DeleteQueue":
      state.deleteQueue(projectId, queueId);
      return { answer: noContent(headers), mutated: true };
    case "CreateConsumerGroups": {
      state.queue(projectId, queueId); // DMS.10240015/10240401 before body errors
      const created = state.createGroups(projectId, queueId, parseGroupsBody(request.body));
      const groups = created.map((g) => ({ id: g.id, name: g.name }));
      return { answer: jsonAnswer(201, headers, { groups }), mutated: true };
    }
    case "ListConsumerGroups": {
      const queue = state.queue(projectId, queueId);
      const groups = page(state.listedGroups(projectId, queueId), request.rawQuery);
      return {
        answer: jsonAnswer(200, headers, {
          queue_id: queue.id,
          queue_name: queue.name,
          groups: groups.map((g) => groupBody(g, options)),
          ...(options.includeDeadletter ? { redrive_policy: queue.redrivePolicy } : {}),
        }),
        mutated: false,
      };
    }
    case "DeleteConsumerGroup":
      state.deleteGroup(projectId, queueId, groupId);
      return { answer: noContent(headers), mutated: true };
    default:
      throw dmsErrors.methodNotAllowed(request.method, request.path);
  }
}

/** "project/queue/group" for group calls, "project/queue" for a list, by names where known. */
export function describeDmsTarget(
  route: DmsRoute,
  request: EmulatorRequest,
  state: DmsState,
): string {
  const { projectId, queueId, groupId } = route;
  if (queueId === undefined) {
    const name = route.action === "CreateQueue" ? bodyName(request.body, "name") : undefined;
    return name === undefined ? projectId : `${projectId}/${name}`;
  }
  const queue = state.hasProject(projectId)
    ? state.queuesOf(projectId).find((q) => q.id === queueId)
    : undefined;
  const base = `${projectId}/${queue?.name ?? queueId}`;
  if (route.action === "CreateConsumerGroups") {
    const name = bodyName(request.body, "groups");
    return name === undefined ? base : `${base}/${name}`;
  }
  if (groupId === undefined) return base;
  return `${base}/${queue?.groups.find((g) => g.id === groupId)?.name ?? groupId}`;
}

function parseGroupsBody(raw: Buffer): string[] {
  const { groups } = parseObject(raw);
  if (!Array.isArray(groups) || groups.length === 0) {
    throw dmsErrors.bodyInvalid('"groups" must be a non-empty array of {"name": "..."}');
  }
  return groups.map((g: unknown) => {
    const name = (g as { name?: unknown } | null)?.name;
    if (typeof name !== "string") {
      throw dmsErrors.bodyInvalid('each entry of "groups" must be {"name": "<string>"}');
    }
    return name;
  });
}

// Field rules from golangsdk openstack/dms/v1/queues. The codes for a bad mode,
// description or redrive setting are not documented; the emulator answers DMS.10240009.
function parseQueueBody(raw: Buffer): NewQueue {
  const body = parseObject(raw);
  const { name, description, queue_mode, redrive_policy, max_consume_count } = body;
  if (typeof name !== "string") throw dmsErrors.bodyInvalid('"name" must be a string');
  const queue: NewQueue = { name };
  if (description !== undefined) {
    if (typeof description !== "string" || description.length > 160 || /[<>]/.test(description)) {
      throw dmsErrors.bodyInvalid('"description" must be at most 160 characters without < or >');
    }
    queue.description = description;
  }
  if (queue_mode !== undefined) {
    if (typeof queue_mode !== "string" || !QUEUE_MODES.includes(queue_mode)) {
      throw dmsErrors.bodyInvalid(`"queue_mode" must be one of ${QUEUE_MODES.join(", ")}`);
    }
    queue.queueMode = queue_mode;
  }
  if (redrive_policy !== undefined) {
    if (redrive_policy !== "enable" && redrive_policy !== "disable") {
      throw dmsErrors.bodyInvalid('"redrive_policy" must be "enable" or "disable"');
    }
    queue.redrivePolicy = redrive_policy;
  }
  if (max_consume_count !== undefined) {
    const n = max_consume_count;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 100) {
      throw dmsErrors.bodyInvalid('"max_consume_count" must be an integer from 1 to 100');
    }
    queue.maxConsumeCount = n;
  }
  return queue;
}

function parseObject(raw: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString("utf8"));
  } catch {
    throw dmsErrors.bodyInvalid("the body is not JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw dmsErrors.bodyInvalid("the body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/** body.name (queue create) or body.groups[0].name (group create), for the call log. */
function bodyName(raw: Buffer, key: "name" | "groups"): string | undefined {
  try {
    const body = JSON.parse(raw.toString("utf8")) as Record<string, unknown> | null;
    const value = key === "name" ? body?.["name"] : (body?.["groups"] as unknown[])?.[0];
    const name = key === "name" ? value : (value as { name?: unknown } | undefined)?.name;
    return typeof name === "string" ? name : undefined;
  } catch {
    return undefined;
  }
}

function listOptions(rawQuery: string, countByDefault: boolean): ListOptions {
  const query = new URLSearchParams(rawQuery);
  const count = query.get("include_messages_num");
  return {
    includeDeadletter: query.get("include_deadletter") === "true",
    includeMessagesNum: count === null ? countByDefault : count === "true",
  };
}

/** pages only when page_size and current_page are both valid (current_page 1-based). */
function page<T>(items: T[], rawQuery: string): T[] {
  const query = new URLSearchParams(rawQuery);
  const size = Number(query.get("page_size"));
  const current = Number(query.get("current_page"));
  const valid = (n: number) => Number.isInteger(n) && n >= 1;
  if (!valid(size) || !valid(current)) return items;
  return items.slice((current - 1) * size, current * size);
}

function noContent(headers: Record<string, string>): EmulatorAnswer {
  return { status: 204, headers: { ...headers }, body: Buffer.alloc(0) };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
