// Lists the live groups of every container (a logstore, a queue) the app declares groups
// in: one list call per container, with credentials, endpoint, retries and deadline exactly
// as the hook resolves them for the first group declared there. Each cloud reads its own
// containers (its CloudService.readLive); this file only batches and collects. A batch
// that fails (no credentials for that cloud, a rejected key, an unreachable endpoint) becomes
// containers that were not read: the other batches are still reported.

import { containerPath } from "../contract/group-identity";
import { Phase } from "../runtime/failure";
import type { Reporter } from "../runtime/report";
import type { LiveReadOptions } from "../runtime/live-model";
import type { CloudService, DeclaredMember, LiveFindings } from "../runtime/cloud-service";
import type { DeclaredGroup } from "./declared";
import { checkFailure } from "./check-failure";
import type { DeclaredRow, LiveContainer } from "../runtime/live-model";

export interface LiveState {
  readonly declared: readonly DeclaredRow[];
  readonly containers: readonly LiveContainer[];
}

/**
 * The declared groups placed in their containers, and what each container lists. Batches are
 * read in parallel; a failed one gives containers with `readError` set (status error).
 */
export async function readLiveState(
  clouds: readonly CloudService[],
  groups: readonly DeclaredGroup[],
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  options: LiveReadOptions = {},
  /** The command that reads, whose next step a failure names. */
  phase: Phase = Phase.CHECK,
): Promise<LiveState> {
  const tasks = clouds.flatMap((service) => {
    const batches = new Map<string, DeclaredMember[]>();
    for (const { payload, stack } of groups) {
      if (payload.identity.service !== service.service) continue;
      const key = service.liveBatchKey(payload);
      batches.set(key, [...(batches.get(key) ?? []), { payload, stack }]);
    }
    return [...batches.values()].map((members) => ({
      service,
      members,
      findings: service.readLive(members, env, reporter, options),
    }));
  });
  const settled = await Promise.allSettled(tasks.map((t) => t.findings));
  const found = settled.map((s, i) =>
    s.status === "fulfilled"
      ? s.value
      : unread(
          tasks[i]!.service,
          tasks[i]!.members,
          checkFailure(s.reason as unknown, phase).message,
        ),
  );
  return {
    declared: found.flatMap((f) => f.declared),
    containers: found.flatMap((f) => f.containers),
  };
}

/** The findings of a batch that could not be read: its groups in containers marked unread. */
function unread(
  cloud: CloudService,
  members: readonly DeclaredMember[],
  message: string,
): LiveFindings {
  const findings: LiveFindings = { declared: [], containers: [] };
  const keys = new Set<string>();
  for (const { payload, stack } of members) {
    const { service } = payload.identity;
    const where = `${payload.transport.region}/${containerPath(payload.identity)}`;
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
      settings: cloud.settingsOf(payload),
      stack,
    });
  }
  return findings;
}
