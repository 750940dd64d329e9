// A group has one owner in the app. Synth refuses two declarations of one group whenever it can
// compare them (test/synth/app-checks.test.ts); a DMS queue named by id in one stack and by name
// in another is one queue only the cloud can recognise, so the hooks refuse at apply, with the
// same words, and delete nothing. Real terraform against the emulator, under both executors.
//
// | step                                                    | expected at the emulator            |
// |---------------------------------------------------------|-------------------------------------|
// | "one" declares the group by queue id; apply both        | created                             |
// | "two" declares it too, by queue name; apply "two"       | HOOK_DECLARED_TWICE; no DELETE      |
// | destroy "one" (its delete hook)                         | HOOK_DECLARED_TWICE; still live     |
// | "one" 2 groups by id (applied), "two" 2 more by name    | apply "two": HOOK_QUEUE_OVER_QUOTA; |
// |                                                         | nothing created by it               |
// | "two" declares neither; apply "two", destroy "one"      | "two"'s prune keeps the group;      |
// |                                                         | destroy "one" deletes every group   |

import type { TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup } from "../../lib";
import {
  BILLING_QUEUE,
  BILLING_QUEUE_ID,
  DMS_PROJECT,
  dmsEmulatorConfig,
} from "../support/dms-fixtures";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { EXECUTOR_VARIANTS } from "../support/executors";
import { groupDeletes } from "../support/group-calls";
import { slsEmulatorConfig } from "../support/sls-fixtures";
import { expectSuccess } from "../support/terraform-workspace";

jest.setTimeout(180_000);

const SHIPPING_QUEUE = "shipping";
const SHIPPING_QUEUE_ID = "7f3c2a10-5b6d-4e8f-9a1b-2c3d4e5f6a7b";

describe.each(EXECUTOR_VARIANTS)("one owner per group, $executor executor", (variant) => {
  const ONE = `owner-one-${variant.executor}`;
  const TWO = `owner-two-${variant.executor}`;
  const e2e = useEmulatorAndTerraform({ sls: slsEmulatorConfig(), dms: dmsEmulatorConfig() });

  interface Declared {
    /** "two" declares the billing group too, its queue by name. */
    twoAliases: boolean;
    /** Groups on the shipping queue: "one" by id, "two" by name. */
    shippingOne: string[];
    shippingTwo: string[];
  }

  function synth(d: Declared): void {
    const dms = (name: string, queue: { id: string } | { name: string }) => ({
      region: "cn-north-4",
      endpoint: e2e.emulator.url,
      projectId: DMS_PROJECT,
      queue,
      name,
    });
    e2e.workspace.synthApp(
      {
        [ONE]: (stack: TerraformStack) => {
          new DmsQueueConsumerGroup(stack, "Billing", dms("aliased", { id: BILLING_QUEUE_ID }));
          for (const name of d.shippingOne) {
            new DmsQueueConsumerGroup(stack, name, dms(name, { id: SHIPPING_QUEUE_ID }));
          }
        },
        [TWO]: (stack: TerraformStack) => {
          // Every stack keeps one group of its own, so that its manifest stays.
          new DmsQueueConsumerGroup(stack, "Own", dms("own", { name: BILLING_QUEUE }));
          if (d.twoAliases) {
            new DmsQueueConsumerGroup(stack, "Billing", dms("aliased", { name: BILLING_QUEUE }));
          }
          for (const name of d.shippingTwo) {
            new DmsQueueConsumerGroup(stack, name, dms(name, { name: SHIPPING_QUEUE }));
          }
        },
      },
      variant.context,
    );
  }

  const billing = () =>
    e2e.emulator.dms
      .listGroups(DMS_PROJECT, BILLING_QUEUE)
      .map((g) => g.name)
      .sort();
  const shipping = () =>
    e2e.emulator.dms
      .listGroups(DMS_PROJECT, SHIPPING_QUEUE)
      .map((g) => g.name)
      .sort();

  it("refuses at apply a group the other stack declares with its queue by id", async () => {
    synth({ twoAliases: false, shippingOne: [], shippingTwo: [] });
    for (const stack of [ONE, TWO]) expectSuccess(await e2e.workspace.init(stack), "init");
    expectSuccess(await e2e.workspace.apply(ONE), "apply one");
    expectSuccess(await e2e.workspace.apply(TWO), "apply two");
    expect(billing()).toEqual(["aliased", "own"]);
    // Synth passes: it cannot tell that queue "billing" is queue BILLING_QUEUE_ID.
    synth({ twoAliases: true, shippingOne: [], shippingTwo: [] });
    e2e.emulator.resetCalls();

    const run = await e2e.workspace.apply(TWO);

    expect(run.code).not.toBe(0);
    expect(run.output).toContain("HOOK_DECLARED_TWICE");
    expect(run.output).toContain(
      `consumer group dms ${DMS_PROJECT}/${BILLING_QUEUE}/aliased is declared 2 times: ` +
        `${ONE}/Billing (queue by id ${BILLING_QUEUE_ID}), ${TWO}/Billing (queue by name "${BILLING_QUEUE}")`,
    );
    expect(groupDeletes(e2e.emulator.calls(), "aliased")).toEqual([]);
    expect(billing()).toEqual(["aliased", "own"]);
  });

  it("refuses the destroy of one stack while the other still declares the group: nothing deleted", async () => {
    e2e.emulator.resetCalls();

    const run = await e2e.workspace.destroy(ONE);

    expect(run.code).not.toBe(0);
    expect(run.output).toContain("HOOK_DECLARED_TWICE");
    expect(run.output).toContain("Nothing was deleted.");
    expect(groupDeletes(e2e.emulator.calls(), "aliased")).toEqual([]);
    expect(billing()).toEqual(["aliased", "own"]);
  });

  it("counts a queue's groups across both spellings at apply: the 4th is refused, nothing created", async () => {
    synth({ twoAliases: false, shippingOne: ["s1", "s2"], shippingTwo: [] });
    expectSuccess(await e2e.workspace.apply(ONE), "apply one with two shipping groups");
    expect(shipping()).toEqual(["s1", "s2"]);
    synth({ twoAliases: false, shippingOne: ["s1", "s2"], shippingTwo: ["s3", "s4"] });

    const run = await e2e.workspace.apply(TWO);

    expect(run.code).not.toBe(0);
    expect(run.output).toContain("HOOK_QUEUE_OVER_QUOTA");
    expect(run.output).toContain(
      `4 consumer groups are declared on DMS queue ${DMS_PROJECT}/${SHIPPING_QUEUE}, more than the 3 it can hold`,
    );
    expect(shipping()).toEqual(["s1", "s2"]);
  });

  it("lets the group go with its one remaining owner", async () => {
    synth({ twoAliases: false, shippingOne: [], shippingTwo: [] });
    e2e.emulator.resetCalls();
    // "two" no longer declares "aliased": its prune finds "one" still declares it, by queue id.
    expectSuccess(await e2e.workspace.apply(TWO), "apply two without the alias");
    expect(groupDeletes(e2e.emulator.calls(), "aliased")).toEqual([]);
    expect(billing()).toEqual(["aliased", "own"]);

    expectSuccess(await e2e.workspace.destroy(ONE), "destroy one");
    expectSuccess(await e2e.workspace.destroy(TWO), "destroy two");
    expect({ billing: billing(), shipping: shipping() }).toEqual({ billing: [], shipping: [] });
  });
});
