// Real `terraform init/apply/plan/destroy` of a synthesized stack of SLS groups, with the
// hooks calling the emulator. The steps build on each other, in order:
//
// | step                      | expected at the emulator                              |
// |---------------------------|-------------------------------------------------------|
// | first apply               | both groups created                                   |
// | second plan               | no changes (exit code 0)                              |
// | timeout change, apply     | exactly one UpdateConsumerGroup, no DeleteConsumerGroup |
// | rename, apply             | old name deleted, new name created, other group untouched |
// | destroy                   | every group deleted                                   |
// | the whole run             | the secret is in no cdk.tf.json, state or Terraform log |

import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { TerraformStack } from "cdktf";
import { SlsConsumerGroup } from "../../lib";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { LOGSTORE, PROJECT, SLS_KEY, slsEmulatorConfig, slsEnv } from "../support/sls-fixtures";
import { assertHookBundleBuilt } from "../support/hook-process";
import {
  TerraformWorkspace,
  expectSuccess,
  requireTerraform,
} from "../support/terraform-workspace";

const STACK = "sls-e2e";
jest.setTimeout(120_000);

let emulator: RunningEmulator;
let workspace: TerraformWorkspace;

beforeAll(async () => {
  requireTerraform();
  assertHookBundleBuilt();
  emulator = await startEmulator({ sls: slsEmulatorConfig() });
  workspace = new TerraformWorkspace(slsEnv(SLS_KEY));
});
afterAll(async () => {
  await emulator?.close();
  workspace?.cleanup();
});

interface Declared {
  readerName: string;
  readerTimeout: number;
}

function synth(declared: Declared): void {
  workspace.synth(STACK, (stack: TerraformStack) => {
    const common = {
      region: "cn-hangzhou",
      endpoint: emulator.url,
      project: PROJECT,
      logstore: LOGSTORE,
    };
    new SlsConsumerGroup(stack, "Reader", {
      ...common,
      name: declared.readerName,
      timeout: declared.readerTimeout,
      order: true,
    });
    new SlsConsumerGroup(stack, "Audit", { ...common, name: "orders-audit", timeout: 60 });
  });
}

describe("an SLS stack through its lifecycle with real terraform", () => {
  it("creates both groups on the first apply", async () => {
    synth({ readerName: "orders-reader", readerTimeout: 300 });
    expectSuccess(await workspace.init(STACK), "terraform init");

    const apply = await workspace.apply(STACK);

    expectSuccess(apply, "first apply");
    expect(apply.output).toContain("sls cn-hangzhou/shop-prod/orders/orders-reader: created");
    expect(groups()).toEqual([
      { name: "orders-audit", timeout: 60, order: false },
      { name: "orders-reader", timeout: 300, order: true },
    ]);
  });

  it("plans no changes on a second run", async () => {
    emulator.resetCalls();

    const plan = await workspace.plan(STACK);

    expect(plan.code).toBe(0);
    expect(plan.output).toContain("No changes.");
    expect(emulator.calls()).toEqual([]);
  });

  it("updates a changed timeout in place: one update, no delete", async () => {
    synth({ readerName: "orders-reader", readerTimeout: 900 });
    emulator.resetCalls();

    expectSuccess(await workspace.apply(STACK), "apply after timeout change");

    const actions = emulator.calls().map((c) => c.action);
    expect(actions.filter((a) => a === "UpdateConsumerGroup")).toHaveLength(1);
    expect(actions).not.toContain("DeleteConsumerGroup");
    expect(groups()).toContainEqual({ name: "orders-reader", timeout: 900, order: true });
  });

  it("replaces a renamed group: deletes the old name and creates the new one", async () => {
    synth({ readerName: "orders-reader-v2", readerTimeout: 900 });
    emulator.resetCalls();

    expectSuccess(await workspace.apply(STACK), "apply after rename");

    const calls = emulator.calls().map((c) => `${c.action} ${c.target ?? ""}`);
    expect(calls).toContain("DeleteConsumerGroup shop-prod/orders/orders-reader");
    expect(calls).toContain("CreateConsumerGroup shop-prod/orders/orders-reader-v2");
    expect(calls.filter((c) => c.includes("orders-audit"))).toEqual([]);
    expect(groups().map((g) => g.name)).toEqual(["orders-audit", "orders-reader-v2"]);
  });

  it("deletes every group on destroy", async () => {
    expectSuccess(await workspace.destroy(STACK), "destroy");

    expect(groups()).toEqual([]);
  });

  it("never writes the secret to cdk.tf.json, the state or the Terraform log", () => {
    const stackDir = workspace.stackDir(STACK);
    const synthesized = readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8");
    const state = readFileSync(path.join(stackDir, "terraform.tfstate"), "utf8");

    for (const [where, text] of [
      ["cdk.tf.json", synthesized],
      ["terraform.tfstate", state],
      ["terraform log", workspace.log],
    ] as const) {
      expect({ where, leaks: text.includes(SLS_KEY.accessKeySecret) }).toEqual({
        where,
        leaks: false,
      });
    }
    // The log is not empty: the hooks did print their lines into it.
    expect(workspace.log).toContain("deleted (request");
  });
});

// ---------------------------------------------------------------------------------------

function groups() {
  return [...emulator.sls.listGroups(PROJECT, LOGSTORE)].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
}
