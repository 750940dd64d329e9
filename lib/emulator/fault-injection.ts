// Answers a request that drew an injected fault (faults.ts). Throttling and error answers come
// from the service in its own shape; this file does what needs sockets, timers or the clock:
// reset, hang, commit-then-drop and skew.

import type { ServerResponse } from "node:http";
import type { CallRunner } from "./call-runner";
import type { Fault } from "./fault-kinds";
import type { Responder } from "./emulator-http-exchange";
import type { EmulatedService, EmulatorCall, EmulatorRequest } from "./emulated-service";

export interface FaultContext {
  readonly runner: CallRunner;
  readonly responder: Responder;
}

export function answerWithFault(
  context: FaultContext,
  service: EmulatedService,
  request: EmulatorRequest,
  described: { action: string; target?: string } | undefined,
  fault: Fault,
  res: ServerResponse,
): void {
  const { runner, responder } = context;
  switch (fault.kind) {
    case "throttle":
    case "error": {
      const result = service.faultAnswer(request, fault);
      runner.calls.push(result.call);
      responder.send(request, res, result.answer);
      return;
    }
    case "reset":
      runner.calls.push(unansweredCall(runner.now(), service, request, described, fault));
      responder.drop(request, res);
      return;
    case "hang":
      if (fault.then === "answer") {
        runner.later(fault.ms, () =>
          responder.send(request, res, runner.run(service, request, "hang").answer),
        );
      } else {
        runner.calls.push(unansweredCall(runner.now(), service, request, described, fault));
        runner.later(fault.ms, () => responder.drop(request, res));
      }
      return;
    case "commit-then-drop":
      runner.run(service, request, "commit-then-drop");
      responder.drop(request, res);
      return;
    case "skew":
      responder.send(request, res, runner.runSkewed(service, request, fault.ms).answer);
      return;
  }
}

/** The record of a call that did not run: no answer, no request id. */
function unansweredCall(
  at: number,
  service: EmulatedService,
  request: EmulatorRequest,
  described: { action: string; target?: string } | undefined,
  fault: Fault,
): EmulatorCall {
  return {
    service: service.name,
    action: described?.action ?? "Unknown",
    method: request.method,
    path: request.path,
    status: 0,
    requestId: "",
    ...(described?.target === undefined ? {} : { target: described.target }),
    at,
    fault: fault.kind,
  };
}
