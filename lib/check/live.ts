// Lists the live groups of every container (SLS logstore, DMS queue) the app declares groups
// in: one list call per container, with credentials, endpoint, retries and deadline exactly
// as the hook resolves them for the first group declared there. Each cloud reads its own
// containers (lib/services/<cloud>/live.ts); this file only batches and collects.

import type { Reporter } from "../hook/report";
import { SERVICES } from "../services/registry";
import type { DeclaredMember } from "../services/service";
import type { DeclaredGroup } from "./declared";
import { checkFailure } from "./failure";
import { CheckError, type DeclaredRow, type LiveContainer } from "./model";

export interface LiveState {
  readonly declared: readonly DeclaredRow[];
  readonly containers: readonly LiveContainer[];
}

/**
 * The declared groups placed in their containers, and what each container lists. Containers
 * are read in parallel; every failure is reported, then the first leaves as a CheckError.
 */
export async function readLiveState(
  groups: readonly DeclaredGroup[],
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
): Promise<LiveState> {
  const tasks = SERVICES.flatMap((service) => {
    const batches = new Map<string, DeclaredMember[]>();
    for (const { payload, stack } of groups) {
      if (payload.identity.service !== service.service) continue;
      const key = service.liveBatchKey(payload);
      batches.set(key, [...(batches.get(key) ?? []), { payload, stack }]);
    }
    return [...batches.values()].map((members) => service.readLive(members, env, reporter));
  });
  const settled = await Promise.allSettled(tasks);
  const failures = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : []));
  if (failures.length > 0) {
    const messages = failures.map((e) => checkFailure(e).message);
    throw new CheckError([...new Set(messages)].join("\n"));
  }
  const found = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  return {
    declared: found.flatMap((f) => f.declared),
    containers: found.flatMap((f) => f.containers),
  };
}
