// Deletion protection's oracle checks that need a run's output or the emulator's checkpoints
// (consumers.ts judges every DELETE from the call log):
//
// | check             | holds when                                                                 |
// |-------------------|----------------------------------------------------------------------------|
// | refusal-justified | an apply or destroy that fails with no fault injected fails only with     |
// |                   | HOOK_DELETE_PROTECTED for groups that are in use or may be ALWAYS, or with |
// |                   | HOOK_COPY_SOURCE_MISSING for a copy source that is not live                |
// | refused-kept      | a group whose delete was refused is still live after the run               |
// | copied            | a group created with copyCheckpointsFrom in the step that converged holds  |
// |                   | the source's checkpoint on every shard the source had one                  |

import type { RunningEmulator } from "../../lib/emulator/server";
import { QUEUE_IDS, identityOf, type AppModel } from "./app-model";
import { checkpointsOf, isLive, type ConsumerLedger } from "./consumers";
import type { EmulatorCall } from "../../lib/emulator/emulated-service";

/** Why a fault-free run failed: `note` when the contract allows it, else `problem`. */
export function judgeFailure(
  output: string,
  app: AppModel,
  ledger: ConsumerLedger,
  emulator: RunningEmulator,
): { note: string } | { problem: string } {
  const refused = [...output.matchAll(/([^\s/]+)\/([^\s/]+) failed: HOOK_DELETE_PROTECTED/g)];
  const missing = /HOOK_COPY_SOURCE_MISSING/.test(output);
  if (refused.length === 0 && !missing) return { problem: "failed with no fault injected" };
  const known = new Set([...app.groups.map(identityOf), ...ledger.knownIdentities()]);
  const problems: string[] = [];
  const names: string[] = [];
  for (const [, container, name] of refused) {
    const queue = Object.entries(QUEUE_IDS).find(([, id]) => id === container)?.[0];
    const suffixes = [`/${container}/${name}`, ...(queue ? [`/${queue}/${name}`] : [])];
    const ids = [...known].filter((id) => suffixes.some((s) => id.endsWith(s)));
    names.push(`${container}/${name}`);
    const justified = ids.some(
      (id) => ledger.inUseAt(id, Date.now()) || ledger.possibleProtections(id).has("ALWAYS"),
    );
    if (!justified) {
      problems.push(`refusal-justified: ${container}/${name} refused but idle and not ALWAYS`);
    }
    if (ids.length > 0 && !ids.some((id) => isLive(emulator, id))) {
      problems.push(`refused-kept: ${container}/${name} was refused but is gone`);
    }
  }
  if (missing) {
    const sources = app.groups.filter((g) => g.copyFrom !== undefined);
    const allLive = sources.every((g) => isLive(emulator, identityOf({ ...g, name: g.copyFrom! })));
    if (allLive) problems.push("refusal-justified: HOOK_COPY_SOURCE_MISSING, every source live");
  }
  if (problems.length > 0) return { problem: problems.join("; ") };
  const why = [
    ...(names.length ? [`deletion protection refused ${names.join(", ")}`] : []),
    ...(missing ? ["a copy source is missing"] : []),
  ];
  return { note: why.join("; ") };
}

/** The `copied` check, on the calls of the step that converged. */
export function copyViolations(
  app: AppModel,
  stepCalls: readonly EmulatorCall[],
  emulator: RunningEmulator,
): string[] {
  const problems: string[] = [];
  for (const g of app.groups) {
    if (g.service !== "sls" || g.copyFrom === undefined) continue;
    const id = identityOf(g);
    const created = stepCalls.some(
      (c) =>
        c.action === "CreateConsumerGroup" &&
        c.status >= 200 &&
        c.status < 300 &&
        `${c.service}:${c.target}` === id,
    );
    const sourceId = identityOf({ ...g, name: g.copyFrom });
    if (!created || !isLive(emulator, sourceId)) continue;
    const source = checkpointsOf(emulator, sourceId);
    const copy = checkpointsOf(emulator, id);
    for (const [shard, checkpoint] of source) {
      if (copy.get(shard) !== checkpoint) {
        problems.push(
          `copied: ${id} has checkpoint ${JSON.stringify(copy.get(shard) ?? null)} on shard ` +
            `${shard}; its source ${g.copyFrom} has ${JSON.stringify(checkpoint)}`,
        );
      }
    }
  }
  return problems;
}
