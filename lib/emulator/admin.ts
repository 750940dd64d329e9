// Reserved /_emulator routes (moto's /moto-api, LocalStack's developer API): not signed, and
// never recorded in the call log. Routes on one resource of one cloud are in
// admin-cloud-routes.ts; docs/emulator.md documents them all.

import {
  adminCloudRoutesHelp,
  handleAdminCloudRequest,
  type AdminCloud,
} from "./admin-cloud-routes";
import { FaultRuleError, parseFaultRules, type FaultRuleStatus } from "./faults";
import {
  jsonAnswer,
  type EmulatorAnswer,
  type EmulatorCall,
  type EmulatorRequest,
} from "./emulated-service";

export const ADMIN_PREFIX = "/_emulator/";

export interface AdminTarget {
  /** The clouds with admin routes on one resource. */
  clouds: readonly AdminCloud[];
  state(): unknown;
  calls(): EmulatorCall[];
  /** Empties the call log only; groups, queues and checkpoints stay. */
  resetCalls(): void;
  /** Deletes every group (and created queue) of every service; keeps the configuration. */
  reset(): void;
  faults: {
    /** Rules already validated by parseFaultRules. */
    add(rules: unknown[]): void;
    clear(): void;
    list(): FaultRuleStatus[];
  };
}

export function handleAdminRequest(request: EmulatorRequest, target: AdminTarget): EmulatorAnswer {
  const cloudAnswer = handleAdminCloudRequest(request, target.clouds);
  if (cloudAnswer) return cloudAnswer;
  const route = `${request.method} ${request.path.replace(/\/$/, "")}`;
  switch (route) {
    case "GET /_emulator/state":
      return jsonAnswer(200, {}, target.state());
    case "GET /_emulator/calls":
      return jsonAnswer(200, {}, target.calls());
    case "DELETE /_emulator/calls":
      target.resetCalls();
      return jsonAnswer(200, {}, { ok: true });
    case "POST /_emulator/reset":
      target.reset();
      return jsonAnswer(200, {}, { ok: true });
    case "GET /_emulator/faults":
      return jsonAnswer(200, {}, target.faults.list());
    case "POST /_emulator/faults":
      return addFaults(request, target);
    case "DELETE /_emulator/faults":
      target.faults.clear();
      return jsonAnswer(200, {}, { ok: true });
    default:
      return jsonAnswer(
        404,
        {},
        {
          errorCode: "NoSuchAdminRoute",
          errorMessage:
            `no admin route ${route}; there are GET /_emulator/state, GET|DELETE /_emulator/calls, ` +
            "GET|POST|DELETE /_emulator/faults, POST /_emulator/reset (deletes every group), " +
            adminCloudRoutesHelp(target.clouds),
        },
      );
  }
}

/** Body: one rule or an array of rules; all are checked before any is added. */
function addFaults(request: EmulatorRequest, target: AdminTarget): EmulatorAnswer {
  let rules;
  try {
    rules = parseFaultRules(JSON.parse(request.body.toString("utf8")));
  } catch (e) {
    const message = e instanceof FaultRuleError ? e.message : `the body is not JSON: ${String(e)}`;
    return jsonAnswer(400, {}, { errorCode: "InvalidFaultRule", errorMessage: message });
  }
  target.faults.add(rules);
  return jsonAnswer(200, {}, { ok: true, added: rules.length });
}
