// The SLS service as the server mounts it: authenticate, route, map errors, record the call.

import { randomBytes } from "node:crypto";
import type { AnswerFault } from "../../../../emulator/fault-kinds";
import {
  callRecord,
  jsonAnswer,
  type EmulatedService,
  type EmulatorCall,
  type EmulatorRequest,
  type ServiceResult,
} from "../../../../emulator/emulated-service";
import type { AlibabaAccessKey } from "../../shared/emulator/alibaba-emulator-access-keys";
import { authenticateSlsRequest } from "./sls-emulator-authenticate";
import { SlsError, slsErrors } from "./sls-emulator-errors";
import {
  createTargetName,
  matchSlsRoute,
  projectFromHost,
  runSlsRoute,
} from "./sls-emulator-routes";
import { SlsState, type SlsStateSnapshot } from "./sls-emulator-state";

export interface SlsEmulatorConfig {
  accessKeys: AlibabaAccessKey[];
  /** shards: the shard count of a logstore, by logstore name (default shardsPerLogstore). */
  projects: Record<string, { logstores: string[]; shards?: Record<string, number> }>;
  /** @default 30 */
  maxGroupsPerLogstore?: number;
  /**
   * What deleting a missing group answers: "not-found" = 404 ConsumerGroupNotExist, "ok" = 200,
   * as some service versions do.
   * @default "not-found"
   */
  deleteMissingGroup?: "not-found" | "ok";
  /** Shards 0..n-1 of every logstore without its own count in `shards`. @default 2 */
  shardsPerLogstore?: number;
  /**
   * The unit of updateTime in GetCheckPoint answers: documented as seconds, observed as
   * microseconds (sls-emulator-consumer-activity.ts).
   * @default "microseconds"
   */
  checkpointUpdateTimeUnit?: "microseconds" | "seconds";
}

export interface SlsService extends EmulatedService {
  readonly state: SlsState;
  snapshot(): SlsStateSnapshot;
}

/** 24 upper-case hex characters, like 5AEC168FA796F4195BF404CB. */
export function newSlsRequestId(): string {
  return randomBytes(12).toString("hex").toUpperCase();
}

/** `keys`: the AccessKeys it accepts (a list the token routes may append to). */
export function createSlsService(
  config: SlsEmulatorConfig,
  now: () => number,
  keys: readonly AlibabaAccessKey[] = config.accessKeys,
): SlsService {
  const state = new SlsState(config);
  return {
    name: "sls",
    state,
    matches: (request) => request.path === "/" || request.path.startsWith("/logstores"),
    handle: (request) => handle(request, keys, state, now),
    describe: (request) => describe(request),
    faultAnswer: (request, fault) => faultAnswer(request, fault, now),
    snapshot: () => state.snapshot(),
    restore: (snapshot) => state.restore(snapshot),
    reset: () => state.reset(),
  };
}

function handle(
  request: EmulatorRequest,
  keys: readonly AlibabaAccessKey[],
  state: SlsState,
  now: () => number,
): ServiceResult {
  const { at, headers, call, route, project } = begin(request, now);
  try {
    authenticateSlsRequest(request, keys, at);
    if (!route) throw slsErrors.routeNotEmulated(request.method, request.path);
    if (project === undefined) throw slsErrors.missingHost();
    const { answer, mutated } = runSlsRoute(route, project, request, state, headers, at);
    return { answer, call, mutated };
  } catch (e) {
    const error = e instanceof SlsError ? e : slsErrors.internal(String(e));
    return errorResult(error, headers, call);
  }
}

/** What every answer shares: the request id, the Date header and the call record. */
function begin(request: EmulatorRequest, now: () => number) {
  const at = now();
  const requestId = newSlsRequestId();
  const headers = { "x-log-requestid": requestId, date: new Date(at).toUTCString() };
  const route = matchSlsRoute(request.method, request.path, request.rawQuery);
  const project = projectFromHost(request);
  const call = callRecord("sls", request, at, requestId, describe(request, route, project));
  return { at, headers, call, route, project };
}

/** The action and target of a request, without side effects (the server matches faults by it). */
function describe(
  request: EmulatorRequest,
  route = matchSlsRoute(request.method, request.path, request.rawQuery),
  project = projectFromHost(request),
): { action: string; target?: string } | undefined {
  if (!route) return undefined;
  const target = callTarget(route, project, request);
  return { action: route.action, ...(target === undefined ? {} : { target }) };
}

function errorResult(
  error: SlsError,
  headers: Record<string, string>,
  call: EmulatorCall,
): ServiceResult {
  call.status = error.status;
  call.errorCode = error.code;
  const answer = jsonAnswer(error.status, headers, {
    errorCode: error.code,
    errorMessage: error.message,
  });
  return { answer, call, mutated: false };
}

/**
 * Throttling: 403 WriteQuotaExceed (ReadQuotaExceed for a GET), or 503 ServerBusy for the
 * "server-busy" variant. An error fault: its status and code as given.
 */
function faultAnswer(
  request: EmulatorRequest,
  fault: AnswerFault,
  now: () => number,
): ServiceResult {
  const { headers, call } = begin(request, now);
  call.fault = fault.kind;
  const error =
    fault.kind === "error"
      ? new SlsError(fault.status, fault.code, fault.message ?? `injected fault: ${fault.code}`)
      : fault.variant === "server-busy"
        ? slsErrors.serverBusy()
        : request.method === "GET"
          ? slsErrors.readQuotaExceed()
          : slsErrors.writeQuotaExceed();
  return errorResult(error, headers, call);
}

function callTarget(
  route: ReturnType<typeof matchSlsRoute>,
  project: string | undefined,
  request: EmulatorRequest,
): string | undefined {
  if (!route || project === undefined) return undefined;
  if (route.action === "CreateLogStore") {
    const name = createTargetName(request.body, "logstoreName");
    return name === undefined ? project : `${project}/${name}`;
  }
  const group =
    route.action === "CreateConsumerGroup" ? createTargetName(request.body) : route.group;
  if (route.action === "ListConsumerGroup" || group === undefined) {
    return `${project}/${route.logstore}`;
  }
  return `${project}/${route.logstore}/${group}`;
}
