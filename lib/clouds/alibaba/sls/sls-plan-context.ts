// What an SLS operation runs with: the client, the call policy and the reporter.

import type { SlsClient } from "./client/sls-client";
import type { Call } from "../../../runtime/call-policy";
import type { Reporter } from "../../../runtime/report";

export interface SlsPlanContext {
  readonly client: SlsClient;
  readonly call: Call;
  readonly reporter: Reporter;
}
