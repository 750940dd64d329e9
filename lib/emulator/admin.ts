// Reserved /_emulator routes (moto's /moto-api, LocalStack's developer API): not signed, and
// never recorded in the call log.

import {
  jsonAnswer,
  type EmulatorAnswer,
  type EmulatorCall,
  type EmulatorRequest,
} from "./service";

export const ADMIN_PREFIX = "/_emulator/";

export interface AdminTarget {
  state(): unknown;
  calls(): EmulatorCall[];
  resetCalls(): void;
  /** Clears the services' run-time resources, keeps their configuration. */
  reset(): void;
}

export function handleAdminRequest(request: EmulatorRequest, target: AdminTarget): EmulatorAnswer {
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
    default:
      return jsonAnswer(
        404,
        {},
        {
          errorCode: "NoSuchAdminRoute",
          errorMessage:
            `no admin route ${route}; there are GET /_emulator/state, GET|DELETE /_emulator/calls ` +
            "and POST /_emulator/reset",
        },
      );
  }
}
