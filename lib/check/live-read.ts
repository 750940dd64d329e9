// Lists the live groups of every container (SLS logstore, DMS queue) the app declares groups
// in: one list call per container, with credentials, endpoint, retries and deadline exactly
// as the hook resolves them for the first group declared there. Each cloud reads its own
// containers (lib/services/<cloud>/live.ts); this file only batches and collects. A batch
// that fails (no credentials for that cloud, a rejected key, an unreachable endpoint) becomes
// containers that were not read: the other batches are still reported.

import { targetOf } from "../contract/target";
import { Phase } from "../runtime/failure";
import type { Reporter } from "../runtime/report";
import type { LiveReadOptions } from "../runtime/live-model";
import { SERVICES } from "../clouds/hook-clouds";
import type { DeclaredMember, LiveFindings } from "../runtime/cloud-service";
import type { DeclaredGroup } from "./declared";
import { checkFailure } from "./check-failure";
import type { DeclaredRow, LiveContainer } from "./model";

export interface LiveState {
  readonly declared: readonly DeclaredRow[];
  readonly containers: readonly LiveContainer[];
}

/**
 * The declared groups placed in their containers, and what each container lists. Batches are
 * read in parallel; a failed one gives containers with `readError` set (status error).
 */
export async function readLiveState(
  groups: readonly DeclaredGroup[],
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  options: LiveReadOptions = {},
  /** The command that reads, whose next step a failure names. */
  phase: Phase = Phase.CHECK,
): Promise<LiveState> {
  const tasks = SERVICES.flatMap((service) => {
    const batches = new Map<string, DeclaredMember[]>();
    for (const { payload, stack } of groups) {
      if (payload.identity.service !== service.service) continue;
      const key = service.liveBatchKey(payload);
      batches.set(key, [...(batches.get(key) ?? []), { payload, stack }]);
    }
    return [...batches.values()].map((members) => ({
      members,
      findings: service.readLive(members, env, reporter, options),
    }));
  });
  const settled = await Promise.allSettled(tasks.map((t) => t.findings));
  const found = settled.map((s, i) =>
    s.status === "fulfilled"
      ? s.value
      : unread(tasks[i]!.members, checkFailure(s.reason as unknown, phase).message),
  );
  return {
    declared: found.flatMap((f) => f.declared),
    containers: found.flatMap((f) => f.containers),
  };
}

/** The findings of a batch that could not be read: its groups in containers marked unread. */
function unread(members: readonly DeclaredMember[], message: string): LiveFindings {
  const findings: LiveFindings = { declared: [], containers: [] };
  const keys = new Set<string>();
  for (const { payload, stack } of members) {
    const { service } = payload.identity;
    // "sls cn-hangzhou/shop/orders/reader" -> "cn-hangzhou/shop/orders" (names have no "/").
    const where = targetOf(payload.identity, payload.transport.region)
      .replace(/^\S+ /, "")
      .replace(/\/[^/]*$/, "");
    const containerKey = `unread ${service} ${where}`;
    if (!keys.has(containerKey)) {
      keys.add(containerKey);
      findings.containers.push({
        service,
        containerKey,
        where,
        found: false,
        groups: [],
        note: message,
        readError: message,
      });
    }
    findings.declared.push({
      service,
      containerKey,
      where,
      group: payload.identity.name,
      settings: "settings" in payload ? payload.settings : {},
      stack,
    });
  }
  return findings;
}
