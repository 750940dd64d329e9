// Runs one payload through its cloud service in this process (no hook child process), with a
// reporter that keeps the lines, for the services' own tests.

import { createReporter } from "../../lib/runtime/report";
import { withSession } from "../../lib/runtime/session";
import { HOOK_CLOUDS } from "../../lib/clouds/hook-clouds";
import { serviceFor } from "../../lib/runtime/cloud-service";
import type { GroupIdentity } from "../../lib/contract/group-identity";
import type { HookPayload } from "../../lib/contract/payload-types";

export interface ServiceRun {
  readonly lines: string[];
  readonly credentials: string[];
}

export async function runService(
  payload: HookPayload,
  env: NodeJS.ProcessEnv,
  declares?: (identity: GroupIdentity) => boolean,
): Promise<ServiceRun> {
  const lines: string[] = [];
  const credentials: string[] = [];
  const reporter = createReporter({
    debug: false,
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
  });
  await withSession(payload.transport, reporter, (session) =>
    serviceFor(HOOK_CLOUDS, payload.identity.service).run(payload, {
      env,
      session,
      onCredentials: (v) => credentials.push(v),
      ...(declares ? { declares } : {}),
    }),
  );
  return { lines, credentials };
}
