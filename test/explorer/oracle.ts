// The oracle, checked after every converged deploy (every stack of the app applied with its
// current configuration):
//
// | check             | holds when                                                                 |
// |-------------------|----------------------------------------------------------------------------|
// | declared-live     | every group the app declares is live, with the SLS settings it declares    |
// | fates             | RETAINed and leaked groups are live; pruned and destroyed ones are gone    |
// | nothing-extra     | no live group that the app never declared or the model cannot account for  |
// | kept              | a group declared at the last check and now, and not touched in between     |
// |                   | (removed or destroyed), saw no DELETE call, no successful create, and its  |
// |                   | generation is unchanged (it was not re-created)                            |
// | no-duplicates     | each identity is live at most once                                         |
// | plans-clean       | every stack re-plans "No changes" (checked by the runner, before these)    |

import { identityOf, type AppModel } from "./app-model";
import type { ExpectedWorld } from "./expected-world";
import type { LiveGroups } from "./real-system";
import type { EmulatorCall } from "../../lib/emulator/emulated-service";

export interface Checkpoint {
  readonly declared: ReadonlySet<string>;
  readonly live: LiveGroups;
}

/** Every broken rule, one line each; empty when the oracle holds. */
export function findViolations(input: {
  app: AppModel;
  world: ExpectedWorld;
  live: LiveGroups;
  liveCount: number;
  previous: Checkpoint | undefined;
  callsSincePrevious: readonly EmulatorCall[];
}): string[] {
  const { app, world, live, previous } = input;
  const problems: string[] = [];
  const declared = new Set(app.groups.map(identityOf));

  for (const group of app.groups) {
    const id = identityOf(group);
    const found = live.get(id);
    if (!found) {
      problems.push(`declared-live: ${id} (stack ${group.stack}) is declared but missing`);
    } else if (
      group.service === "sls" &&
      (found.timeout !== group.timeout || found.order !== group.order)
    ) {
      problems.push(
        `declared-live: ${id} has timeout ${found.timeout}, order ${found.order}; ` +
          `declared ${group.timeout}, ${group.order}`,
      );
    }
  }
  for (const [id, fate] of world.fates) {
    if (declared.has(id) || fate === "unknown") continue;
    if (fate === "live" && !live.has(id)) {
      problems.push(`fates: ${id} should be kept (RETAIN, or leaked as its stack's last group)`);
    }
    if (fate === "absent" && live.has(id)) {
      problems.push(`fates: ${id} was removed with DESTROY but is still live`);
    }
  }
  for (const id of live.keys()) {
    if (!declared.has(id) && !world.fates.has(id)) {
      problems.push(`nothing-extra: ${id} is live but the app never declared it there`);
    }
  }
  if (input.liveCount !== live.size) {
    problems.push(`no-duplicates: ${input.liveCount} live groups for ${live.size} identities`);
  }
  if (previous) problems.push(...keptViolations(input, declared, previous));
  return problems;
}

/** Groups declared at both checks and untouched: not deleted, not re-created. */
function keptViolations(
  input: { world: ExpectedWorld; live: LiveGroups; callsSincePrevious: readonly EmulatorCall[] },
  declared: ReadonlySet<string>,
  previous: Checkpoint,
): string[] {
  const problems: string[] = [];
  for (const id of declared) {
    if (!previous.declared.has(id) || input.world.touched.has(id)) continue;
    const calls = input.callsSincePrevious.filter((c) => `${c.service}:${c.target}` === id);
    const deletes = calls.filter((c) => c.action === "DeleteConsumerGroup").length;
    const creates = calls.filter(
      (c) => c.action.startsWith("CreateConsumerGroup") && c.status >= 200 && c.status < 300,
    ).length;
    const before = previous.live.get(id)?.generation;
    const after = input.live.get(id)?.generation;
    if (deletes > 0 || creates > 0 || (before !== undefined && before !== after)) {
      problems.push(
        `kept: ${id} kept its identity but saw ${deletes} DELETE and ${creates} successful ` +
          `create call(s); generation ${before} -> ${after ?? "gone"}`,
      );
    }
  }
  return problems;
}
