// Each Alibaba Cloud role source with real `terraform` against the emulator's STS, metadata and
// credentials-URI routes: no AccessKey variable in the run but the one a source itself uses to
// assume its role. Per source, its own stack of two SLS groups, in order:
//
// | step                  | expected                                                      |
// |-----------------------|---------------------------------------------------------------|
// | apply                 | the source fetches a key first, both groups created with it   |
// | timeout change, apply | one UpdateConsumerGroup, no delete                            |
// | destroy               | both groups deleted                                           |
// | the whole run         | no issued secret or token in output, cdk.tf.json or state     |
//
// The AssumeRole and OIDC sources run the same steps at TF_LOG=TRACE in secrets-debug-log.test.ts.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TerraformStack } from "cdktf";
import { SlsConsumerGroup } from "../../lib";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { assertHookBundleBuilt } from "../support/hook-process";
import {
  FETCH_CALLS,
  roleSourceEnv,
  stsEmulatorConfig,
  type RoleSource,
} from "../support/role-sources";
import { LOGSTORE, PROJECT, SLS_KEY, slsEmulatorConfig } from "../support/sls-fixtures";
import {
  TerraformWorkspace,
  expectSuccess,
  requireTerraform,
} from "../support/terraform-workspace";

jest.setTimeout(180_000);
const STACK = "role-source";

let emulator: RunningEmulator;
beforeAll(async () => {
  requireTerraform();
  assertHookBundleBuilt();
  emulator = await startEmulator({ sls: slsEmulatorConfig(), sts: stsEmulatorConfig() });
});
afterAll(() => emulator?.close());

function synth(workspace: TerraformWorkspace, auditTimeout: number): void {
  workspace.synth(STACK, (stack: TerraformStack) => {
    const common = {
      region: "cn-hangzhou",
      endpoint: emulator.url,
      project: PROJECT,
      logstore: LOGSTORE,
    };
    new SlsConsumerGroup(stack, "Reader", { ...common, name: "orders-reader", timeout: 300 });
    new SlsConsumerGroup(stack, "Audit", {
      ...common,
      name: "orders-audit",
      timeout: auditTimeout,
    });
  });
}

function groups(): { name: string; timeout: number }[] {
  return emulator.sls
    .listGroups(PROJECT, LOGSTORE)
    .map((g) => ({ name: g.name, timeout: g.timeout }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const actions = () => emulator.calls().map((c) => `${c.action}:${c.status}`);

describe.each(["CLI profile", "credentials file", "ECS RAM role", "credentials URI"] as const)(
  "the %s source with real terraform",
  (source: RoleSource) => {
    let home: string;
    let workspace: TerraformWorkspace;
    beforeAll(() => {
      home = mkdtempSync(path.join(os.tmpdir(), "cgac-role-home-"));
      workspace = new TerraformWorkspace(roleSourceEnv(source, emulator.url, home));
      emulator.resetCalls();
    });
    afterAll(() => {
      workspace?.cleanup();
      rmSync(home, { recursive: true, force: true });
    });

    it("creates, changes a setting and destroys with the source's key", async () => {
      synth(workspace, 60);
      expectSuccess(await workspace.init(STACK), "terraform init");

      expectSuccess(await workspace.apply(STACK), "apply");
      const created = actions();
      expect(created.slice(0, FETCH_CALLS[source].length)).toEqual(
        FETCH_CALLS[source].map((a) => `${a}:200`),
      );
      expect(created.filter((a) => a.startsWith("CreateConsumerGroup"))).toEqual([
        "CreateConsumerGroup:200",
        "CreateConsumerGroup:200",
      ]);
      expect(groups()).toEqual([
        { name: "orders-audit", timeout: 60 },
        { name: "orders-reader", timeout: 300 },
      ]);

      emulator.resetCalls();
      synth(workspace, 120);
      expectSuccess(await workspace.apply(STACK), "apply after a timeout change");
      expect(actions().filter((a) => /ConsumerGroup:/.test(a) && !a.startsWith("List"))).toEqual([
        "UpdateConsumerGroup:200",
      ]);
      expect(groups()).toContainEqual({ name: "orders-audit", timeout: 120 });

      emulator.resetCalls();
      expectSuccess(await workspace.destroy(STACK), "destroy");
      expect(groups()).toEqual([]);
      expect(actions().filter((a) => a.startsWith("DeleteConsumerGroup"))).toEqual([
        "DeleteConsumerGroup:200",
        "DeleteConsumerGroup:200",
      ]);
      // Every SLS call of the run was signed: none was refused.
      expect(actions().filter((a) => /:40[13]$/.test(a))).toEqual([]);
    });

    it("leaves no issued secret or token, nor the assuming key's secret, in output or files", () => {
      const stackDir = workspace.stackDir(STACK);
      const texts = {
        output: workspace.log,
        "cdk.tf.json": readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"),
        "terraform.tfstate": readFileSync(path.join(stackDir, "terraform.tfstate"), "utf8"),
      };
      const secrets: string[] = [SLS_KEY.accessKeySecret];
      for (const key of emulator.sts.issued) secrets.push(key.accessKeySecret, key.securityToken);
      expect(emulator.sts.issued.length).toBeGreaterThan(0);
      for (const [where, text] of Object.entries(texts)) {
        expect({ where, leaked: secrets.filter((s) => text.includes(s)) }).toEqual({
          where,
          leaked: [],
        });
      }
    });
  },
);
