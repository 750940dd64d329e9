// What a DMS operation runs with: the client, the call policy, the reporter and the deadline.

import type { DmsClient } from "./client/dms-client";
import type { Call, Clock } from "../../../runtime/call-policy";
import type { Reporter } from "../../../runtime/report";
import type { Session } from "../../../runtime/session";

export interface DmsPlanContext {
  readonly client: DmsClient;
  readonly call: Call;
  readonly reporter: Reporter;
  readonly clock: Clock;
  readonly deadlineAt: number;
}

export function dmsPlanContext(client: DmsClient, call: Call, session: Session): DmsPlanContext {
  return {
    client,
    call,
    reporter: session.reporter,
    clock: session.clock,
    deadlineAt: session.deadlineAt,
  };
}
