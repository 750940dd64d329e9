// Moving a consumer group to another stack of the same app is not a removal. The app, not
// the stack, decides what was removed: the old stack's manifest prune must not delete a group
// the new stack declares, whichever stack is deployed first.
//
// | deploy order after the move | expected at the emulator and in Terraform                      |
// |-----------------------------|----------------------------------------------------------------|
// | new stack (sb), then sa     | no DELETE, no successful create; both plan "No changes"; live  |
// | old stack (sa), then sb     | the same                                                       |
//
// Each case moves one SLS and one DMS group (each stack keeps an anchor group, so the old stack
// still has a manifest that prunes: removing the last group of a stack is the documented
// exception), and checks that the synth warning does not name the moved groups.

import type { TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { BILLING_QUEUE, DMS_PROJECT } from "../support/dms-fixtures";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { groupCreates, groupDeletes } from "../support/group-calls";
import { LOGSTORE, PROJECT, emulatorGroupProps } from "../support/sls-fixtures";
import { expectSuccess } from "../support/terraform-workspace";

jest.setTimeout(180_000);

const e2e = useEmulatorAndTerraform();

describe("a group moved to another stack of the same app", () => {
  it.each([
    ["deploying the new stack first", "new-first", "sb" as const],
    ["deploying the old stack first", "old-first", "sa" as const],
  ])("keeps a group moved to another stack, %s", async (_case, tag, first) => {
    // GIVEN stack sa declares the movers and an anchor, stack sb an anchor; both deployed
    const sa = `${tag}-sa`;
    const sb = `${tag}-sb`;
    const names = groupNames(tag);
    e2e.workspace.synthApp({
      [sa]: (s) => declare(s, [names.anchorA, names.slsMover], [names.dmsMover]),
      [sb]: (s) => declare(s, [names.anchorB], []),
    });
    for (const stack of [sa, sb]) {
      expectSuccess(await e2e.workspace.init(stack), `init ${stack}`);
      expectSuccess(await e2e.workspace.apply(stack), `first apply of ${stack}`);
    }
    const dmsIdBefore = dmsGroupId(names.dmsMover);
    expect(dmsIdBefore).toBeDefined();

    // WHEN the movers are declared in sb instead, and both stacks are deployed in turn
    e2e.workspace.synthApp({
      [sa]: (s) => declare(s, [names.anchorA], []),
      [sb]: (s) => declare(s, [names.anchorB, names.slsMover], [names.dmsMover]),
    });
    const warnings = [...e2e.workspace.warnings(sa), ...e2e.workspace.warnings(sb)];
    e2e.emulator.resetCalls();
    for (const stack of first === "sb" ? [sb, sa] : [sa, sb]) {
      expectSuccess(await e2e.workspace.apply(stack), `apply of ${stack} after the move`);
    }
    const calls = e2e.emulator.calls();
    const plans = {
      [sa]: (await e2e.workspace.plan(sa)).code,
      [sb]: (await e2e.workspace.plan(sb)).code,
    };

    // THEN nothing was deleted or re-created, both stacks are clean, and the groups are live
    const movers = [names.slsMover, names.dmsMover];
    expect({
      deleted: groupDeletes(calls, ...movers),
      created: groupCreates(calls, ...movers),
      plans,
      slsLive: slsGroupNames().includes(names.slsMover),
      dmsId: dmsGroupId(names.dmsMover),
      warnings: warnings.filter((w) => movers.some((m) => w.includes(m))),
    }).toEqual({
      deleted: [],
      created: [],
      plans: { [sa]: 0, [sb]: 0 },
      slsLive: true,
      dmsId: dmsIdBefore,
      warnings: [],
    });
  });
});

// ---------------------------------------------------------------------------------------

function groupNames(tag: string) {
  return {
    anchorA: `${tag}-anchor-a`,
    anchorB: `${tag}-anchor-b`,
    slsMover: `${tag}-mover`,
    dmsMover: `${tag}-dms-mover`,
  };
}

/** SLS groups on shop-prod/orders and DMS groups on the billing queue (by name). */
function declare(stack: TerraformStack, sls: string[], dms: string[]): void {
  for (const name of sls) {
    new SlsConsumerGroup(stack, name, emulatorGroupProps(e2e.emulator.url, name));
  }
  for (const name of dms) {
    new DmsQueueConsumerGroup(stack, name, {
      region: "cn-north-4",
      endpoint: e2e.emulator.url,
      projectId: DMS_PROJECT,
      queue: { name: BILLING_QUEUE },
      name,
    });
  }
}

function slsGroupNames(): string[] {
  return e2e.emulator.sls.listGroups(PROJECT, LOGSTORE).map((g) => g.name);
}

/** The id of the live DMS group `name` on the billing queue; a re-created group has a new one. */
function dmsGroupId(name: string): string | undefined {
  return e2e.emulator.dms.listGroups(DMS_PROJECT, BILLING_QUEUE).find((g) => g.name === name)?.id;
}
