// Where one fully read request goes: /_emulator/* to the admin routes, everything else to the
// first service that claims it, through fault injection when a rule picks the call.

import type { ServerResponse } from "node:http";
import { ADMIN_PREFIX, handleAdminRequest, type AdminTarget } from "./admin";
import { answerWithFault, type FaultContext } from "./fault-injection";
import type { FaultPlan } from "./faults";
import { jsonAnswer, type EmulatedService, type EmulatorRequest } from "./emulated-service";

export interface RouterContext extends FaultContext {
  readonly services: readonly EmulatedService[];
  readonly faults: FaultPlan;
  readonly admin: AdminTarget;
}

export function routeRequest(
  context: RouterContext,
  request: EmulatorRequest,
  res: ServerResponse,
): void {
  const { responder, runner } = context;
  if (request.path.startsWith(ADMIN_PREFIX)) {
    responder.send(request, res, handleAdminRequest(request, context.admin));
    return;
  }
  const service = context.services.find((s) => s.matches(request));
  if (!service) {
    responder.send(request, res, notEmulated(request));
    return;
  }
  const described = service.describe(request);
  const fault = context.faults.take(service.name, described?.action ?? "Unknown");
  if (fault === undefined) {
    responder.send(request, res, runner.run(service, request).answer);
    return;
  }
  answerWithFault(context, service, request, described, fault, res);
}

function notEmulated(request: EmulatorRequest) {
  return jsonAnswer(
    404,
    {},
    {
      errorCode: "NotEmulated",
      errorMessage: `no emulated service answers ${request.method} ${request.path}`,
    },
  );
}
