// Runs one payload through its cloud service in this process (no hook child process), with a
// reporter that keeps the lines, for the services' own tests.

import type { GroupIdentity } from "../../lib/contract/identity";
import type { HookPayload } from "../../lib/contract/payload";
import { createReporter } from "../../lib/runtime/report";
import { withSession } from "../../lib/runtime/session";
import { serviceFor } from "../../lib/clouds/hook-clouds";

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
    serviceFor(payload.identity.service).run(payload, {
      env,
      session,
      onCredentials: (v) => credentials.push(v),
      ...(declares ? { declares } : {}),
    }),
  );
  return { lines, credentials };
}
