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
// Huawei Cloud's federation and ECS agency do the same for DMS groups, at the end.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { BILLING_QUEUE_ID, DMS_PROJECT, dmsEmulatorConfig } from "../support/dms-fixtures";
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

// Huawei Cloud's sources for DMS with real terraform: a DMS group has no settings to change, so
// the change is a second group added to the stack.
describe.each(["identity-provider federation", "ECS agency"] as const)(
  "the Huawei %s source with real terraform",
  (source) => {
    const IDP = "github-actions";
    const ID_TOKEN = "canary-huawei-e2e-id-token";
    let huawei: RunningEmulator;
    let home: string;
    let workspace: TerraformWorkspace;
    beforeAll(async () => {
      huawei = await startEmulator({
        dms: dmsEmulatorConfig(),
        huawei: { identityProviders: [{ id: IDP, idToken: ID_TOKEN }], ecsAgency: true },
      });
      home = mkdtempSync(path.join(os.tmpdir(), "cgac-huawei-home-"));
      writeFileSync(path.join(home, "id-token"), ID_TOKEN);
      workspace = new TerraformWorkspace(
        source === "ECS agency"
          ? { HOME: home, CGAC_TEST_HUAWEI_METADATA_URL: huawei.url }
          : {
              HOME: home,
              HUAWEICLOUD_SDK_IAM_ENDPOINT: huawei.url,
              HUAWEICLOUD_SDK_IDP_ID: IDP,
              HUAWEICLOUD_SDK_ID_TOKEN_FILE: path.join(home, "id-token"),
            },
      );
    });
    afterAll(async () => {
      await huawei?.close();
      workspace?.cleanup();
      if (home) rmSync(home, { recursive: true, force: true });
    });

    function dmsSynth(names: string[]): void {
      workspace.synth(STACK, (stack: TerraformStack) => {
        for (const name of names) {
          new DmsQueueConsumerGroup(stack, name, {
            region: "cn-north-4",
            endpoint: huawei.url,
            projectId: DMS_PROJECT,
            queue: { id: BILLING_QUEUE_ID },
            name,
          });
        }
      });
    }
    const dmsGroups = () =>
      huawei.dms
        .listGroups(DMS_PROJECT, BILLING_QUEUE_ID)
        .map((g) => g.name)
        .sort();

    it("creates, adds a group and destroys with the temporary key, leaking none of it", async () => {
      dmsSynth(["billing-workers"]);
      expectSuccess(await workspace.init(STACK), "terraform init");
      expectSuccess(await workspace.apply(STACK), "apply");
      expect(huawei.calls()[0]?.action).toBe(
        source === "ECS agency" ? "HuaweiMetadataToken" : "CreateUnscopedTokenWithIdToken",
      );
      expect(dmsGroups()).toEqual(["billing-workers"]);

      dmsSynth(["billing-workers", "billing-audit"]);
      expectSuccess(await workspace.apply(STACK), "apply with a second group");
      expect(dmsGroups()).toEqual(["billing-audit", "billing-workers"]);

      expectSuccess(await workspace.destroy(STACK), "destroy");
      expect(dmsGroups()).toEqual([]);

      const stackDir = workspace.stackDir(STACK);
      const texts = [
        workspace.log,
        readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"),
        readFileSync(path.join(stackDir, "terraform.tfstate"), "utf8"),
      ];
      const secrets: string[] = [ID_TOKEN];
      for (const key of huawei.huawei.issued) secrets.push(key.secretKey, key.securityToken);
      expect(huawei.huawei.issued.length).toBeGreaterThan(0);
      expect(secrets.filter((s) => texts.some((t) => t.includes(s)))).toEqual([]);
    });
  },
);
