// The DMS queue service as the server mounts it: gateway routing, authentication, project
// checks, the route, error mapping and the call record.

import type { AnswerFault } from "../../../../emulator/fault-kinds";
import {
  callRecord,
  headerValue,
  jsonAnswer,
  type EmulatedService,
  type EmulatorCall,
  type EmulatorRequest,
  type ServiceResult,
} from "../../../../emulator/emulated-service";
import type { HuaweiAccessKey } from "../../shared/emulator/huawei-emulator-access-keys";
import { authenticateDmsRequest } from "./dms-emulator-authenticate";
import {
  DmsError,
  dmsErrorBody,
  dmsErrorSourceOf,
  dmsErrors,
  type DmsErrorBodyShape,
} from "./dms-emulator-errors";
import { DMS_PROJECT_ID, newDmsRequestId } from "./dms-emulator-ids";
import {
  describeDmsTarget,
  matchDmsRoute,
  runDmsRoute,
  type DmsRoute,
} from "./dms-emulator-routes";
import type { DmsStateSnapshot } from "./dms-emulator-records";
import { DmsState } from "./dms-emulator-state";

export interface DmsEmulatorConfig {
  /** projectId -> queues. A queue without id gets a UUID v4 derived from project and name. */
  projects: Record<string, { queues: { name: string; id?: string }[] }>;
  /** AK/SK pairs; with securityToken, X-Security-Token must be sent and equal (temporary AK/SK). */
  accessKeys?: HuaweiAccessKey[];
  /** Accepted X-Auth-Token values (IAM token auth). @default - none */
  tokens?: string[];
  /** @default 3 */
  maxGroupsPerQueue?: number;
  /**
   * A created group counts at once for duplicates and the quota, but is listed only this many
   * ms later: the documented 1–3 s initialisation; that it hides the group from the list
   * is INFERRED, so this is emulator-only behaviour.
   * @default 0 - listed at once
   */
  groupInitDelayMs?: number;
  /**
   * Body shape of DMS backend errors: "flat" {"error_code","error_msg"} or "nested"
   * {"error":{"code","message"}}. Gateway errors
   * (APIGW.*) always use the gateway's flat shape with request_id.
   * @default "flat"
   */
  errorBodyShape?: DmsErrorBodyShape;
}

export interface DmsService extends EmulatedService {
  readonly state: DmsState;
  snapshot(): DmsStateSnapshot;
}

/** `keys`: the AK/SK pairs the gateway accepts (a list the identity routes may append to). */
export function createDmsService(
  config: DmsEmulatorConfig,
  now: () => number,
  keys: readonly HuaweiAccessKey[] = config.accessKeys ?? [],
): DmsService {
  const state = new DmsState(config, now);
  return {
    name: "dms",
    state,
    matches: (request) => request.path.startsWith("/v1.0/"),
    handle: (request) => handle(request, config, keys, state, now),
    describe: (request) => describe(request, state),
    faultAnswer: (request, fault) => faultAnswer(request, fault, config, state, now),
    snapshot: () => state.snapshot(),
    restore: (snapshot) => state.restore(snapshot),
    reset: () => state.reset(),
  };
}

function handle(
  request: EmulatorRequest,
  config: DmsEmulatorConfig,
  keys: readonly HuaweiAccessKey[],
  state: DmsState,
  now: () => number,
): ServiceResult {
  const { at, headers, call, route } = begin(request, state, now);
  try {
    // The gateway answers an unpublished path before it looks at credentials.
    if (!route) throw dmsErrors.apiNotFound(request.method, request.path);
    authenticateDmsRequest(request, keys, config.tokens ?? [], at);
    checkProject(route, request, state);
    const { answer, mutated } = runDmsRoute(route, request, state, headers);
    call.status = answer.status;
    return { answer, call, mutated };
  } catch (e) {
    const error = e instanceof DmsError ? e : dmsErrors.internal(String(e));
    return errorResult(error, config, headers, call);
  }
}

/** What every answer shares: the request id, the Date header and the call record. */
function begin(request: EmulatorRequest, state: DmsState, now: () => number) {
  const at = now();
  const requestId = newDmsRequestId();
  const headers = { "x-request-id": requestId, date: new Date(at).toUTCString() };
  const route = matchDmsRoute(request.method, request.path);
  const call = callRecord("dms", request, at, requestId, describe(request, state, route));
  return { at, headers, call, route };
}

/** The action and target of a request, without side effects (the server matches faults by it). */
function describe(
  request: EmulatorRequest,
  state: DmsState,
  route = matchDmsRoute(request.method, request.path),
): { action: string; target: string } | undefined {
  return route && { action: route.action, target: describeDmsTarget(route, request, state) };
}

function errorResult(
  error: DmsError,
  config: DmsEmulatorConfig,
  headers: Record<string, string>,
  call: EmulatorCall,
): ServiceResult {
  call.status = error.status;
  call.errorCode = error.code;
  const body = dmsErrorBody(error, config.errorBodyShape ?? "flat", call.requestId);
  return { answer: jsonAnswer(error.status, headers, body), call, mutated: false };
}

/**
 * Throttling: the gateway's 429 APIGW.0308, or DMS's own 404 DMS.10240407 for the "dms-404"
 * variant. An error fault: its status and code, in the gateway's shape for an
 * APIGW code (e.g. APIGW.0201, service withdrawn) and in the configured DMS shape otherwise.
 */
function faultAnswer(
  request: EmulatorRequest,
  fault: AnswerFault,
  config: DmsEmulatorConfig,
  state: DmsState,
  now: () => number,
): ServiceResult {
  const { headers, call } = begin(request, state, now);
  call.fault = fault.kind;
  const error =
    fault.kind === "error"
      ? new DmsError(
          fault.status,
          fault.code,
          fault.message ?? `injected fault: ${fault.code}`,
          dmsErrorSourceOf(fault.code),
        )
      : fault.variant === "dms-404"
        ? dmsErrors.flowControl()
        : dmsErrors.gatewayThrottled();
  return errorResult(error, config, headers, call);
}

/**
 * The path project must be emulated and agree with X-Project-Id when that is sent. A malformed
 * unknown project is DMS.10240005; a well-formed unknown one, or a mismatch, DMS.10240104
 * ("project mismatch") - the emulator's reading, since the credentials are not scoped.
 */
function checkProject(route: DmsRoute, request: EmulatorRequest, state: DmsState): void {
  const { projectId } = route;
  const sent = headerValue(request, "x-project-id")?.trim();
  if (!state.hasProject(projectId)) {
    if (!DMS_PROJECT_ID.test(projectId)) throw dmsErrors.projectIdInvalid(projectId);
    throw dmsErrors.projectMismatch(`project ${projectId} is not emulated`);
  }
  if (sent !== undefined && sent !== "" && sent !== projectId) {
    throw dmsErrors.projectMismatch(`X-Project-Id ${sent} differs from ${projectId} in the path`);
  }
}
