// The contract between the generic HTTP server (server.ts) and one emulated cloud service
// (each cloud's emulator folder). A service sees a fully read request and returns a fully built answer, so
// it can be tested without sockets and the server stays ignorant of any cloud's rules.

import type { AnswerFault, FaultKind } from "./fault-kinds";

export interface EmulatorRequest {
  readonly method: string;
  /** Path as sent, without the query string. */
  readonly path: string;
  /** Raw query string without "?", "" when absent. */
  readonly rawQuery: string;
  /** Node's lower-cased header map (duplicates joined by Node). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export interface EmulatorAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** One cloud API call as the call log records it (admin routes are never recorded). */
export interface EmulatorCall {
  /** The service's name (EmulatedService.name). */
  service: string;
  action:
    | "CreateConsumerGroup"
    | "UpdateConsumerGroup"
    | "DeleteConsumerGroup"
    | "ListConsumerGroup"
    | "CreateConsumerGroups"
    | "ListConsumerGroups"
    | "ListQueues"
    | "GetQueue"
    | "CreateQueue"
    | "DeleteQueue"
    | string;
  method: string;
  path: string;
  status: number;
  errorCode?: string;
  requestId: string;
  /**
   * SLS: "project/logstore/group", or "project/logstore" for a list. DMS:
   * "projectId/queueName/groupName" (a create: its first group), "projectId/queueName" for a
   * list or queue call, "projectId" for ListQueues.
   */
  target?: string;
  /** ms since the epoch, from the emulator's clock (never shifted by a skew fault). */
  at: number;
  /**
   * The injected fault this call got (faults.ts). With reset, hang (then "close") the request
   * did not run: status 0, requestId "". With commit-then-drop, hang (then "answer") and skew
   * the status is the one the service answered, delivered or not.
   */
  fault?: FaultKind;
}

export interface ServiceResult {
  readonly answer: EmulatorAnswer;
  readonly call: EmulatorCall;
  /** True when the state changed, so the server persists it. */
  readonly mutated: boolean;
}

export interface EmulatedService {
  readonly name: string;
  /** Whether this service owns the request (by path and/or host). */
  matches(request: EmulatorRequest): boolean;
  handle(request: EmulatorRequest): ServiceResult;
  /**
   * The action (and call-log target) of a request this service owns, read without side
   * effects, so the server can pick a fault before anything runs. undefined: no known route.
   */
  describe(request: EmulatorRequest): { action: string; target?: string } | undefined;
  /**
   * An injected throttling or error answer in this service's own shape and headers, with its
   * call record; the request is not run and the state is not touched.
   */
  faultAnswer(request: EmulatorRequest, fault: AnswerFault): ServiceResult;
  /** JSON-serializable state, as GET /_emulator/state shows it and the state file stores it. */
  snapshot(): unknown;
  /** Restores a snapshot() result read back from the state file. */
  restore(snapshot: unknown): void;
  /** Drops all resources created at run time; the configuration stays. */
  reset(): void;
}

export function headerValue(request: EmulatorRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

export function jsonAnswer(
  status: number,
  headers: Record<string, string>,
  value: unknown,
): EmulatorAnswer {
  return {
    status,
    headers: { ...headers, "content-type": "application/json" },
    body: Buffer.from(JSON.stringify(value), "utf8"),
  };
}

export function textAnswer(status: number, text: string): EmulatorAnswer {
  return { status, headers: { "content-type": "text/plain" }, body: Buffer.from(text, "utf8") };
}

/** The call record of one request, as every service starts it (status 200 until it fails). */
export function callRecord(
  service: EmulatorCall["service"],
  request: EmulatorRequest,
  at: number,
  requestId: string,
  described: { action: string; target?: string } | undefined,
): EmulatorCall {
  return {
    service,
    action: described?.action ?? "Unknown",
    method: request.method,
    path: request.path,
    status: 200,
    requestId,
    at,
    ...(described?.target === undefined ? {} : { target: described.target }),
  };
}
