// Secrets under TF_LOG=DEBUG, and hostile template text in a payload, with real `terraform`.
// One stack: two SLS groups (a permanent key under custom variable names, an STS key with its
// security token) and two DMS groups (temporary AK/SK with a security token over TLS through a
// caCertificateFile, an IAM token). In order:
//
// | step                           | expected                                                   |
// |--------------------------------|------------------------------------------------------------|
// | synth                          | `${file(…)}`/`%{…}` of the CA path escaped in cdk.tf.json    |
// | plan, apply, plan (TF_LOG=DEBUG, CGAC_DEBUG=1) | every group created; the CA path read literally |
// | apply with a wrong secret      | the hook fails with an auth hint, the wrong secret unprinted |
// | apply with the right one, destroy | converges; every group deleted                          |
// | the whole run                  | no canary in cdk.tf.json, state, backups or any output     |
//
// Then the role sources that hold the most secrets, each in a stack of its own at TF_LOG=TRACE:
// AssumeRole (an AccessKey with ALIBABA_CLOUD_ROLE_ARN) and OIDC (the RRSA variables). Create,
// settings change and destroy; no AccessKey secret, OIDC token, nor any secret or security
// token STS issued, in cdk.tf.json, state, backups or the TRACE log.

import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import {
  BILLING_QUEUE_ID,
  DMS_IAM_TOKEN,
  DMS_KEY,
  DMS_PROJECT,
  DMS_TEMP_KEY,
  dmsEmulatorConfig,
  dmsEnv,
} from "../support/dms-fixtures";
import { assertHookBundleBuilt } from "../support/hook-process";
import {
  FETCH_CALLS,
  OIDC_TOKEN,
  roleSourceEnv,
  stsEmulatorConfig,
  type RoleSource,
} from "../support/role-sources";
import {
  LOGSTORE,
  PROJECT,
  SLS_KEY,
  SLS_STS_KEY,
  slsEmulatorConfig,
  slsEnv,
} from "../support/sls-fixtures";
import {
  TerraformWorkspace,
  expectSuccess,
  requireTerraform,
} from "../support/terraform-workspace";
import { TEST_CA_FILE, startTlsFront, type TlsFront } from "../support/tls-front";

const STACK = "secrets-e2e";
jest.setTimeout(180_000);

/** A relative CA path full of template syntax; Terraform would turn it into /etc/passwd's text. */
const HOSTILE_CA_PATH = 'certs/${file("/etc/passwd")}/%{ if true }x%{ endif }.pem';
const WRONG_SECRET = "canary-wrong-sls-secret-0b9e";
const CANARIES = [
  SLS_KEY.accessKeySecret,
  SLS_STS_KEY.accessKeySecret,
  SLS_STS_KEY.securityToken,
  DMS_KEY.secretKey,
  DMS_TEMP_KEY.secretKey,
  DMS_TEMP_KEY.securityToken,
  DMS_IAM_TOKEN,
  WRONG_SECRET,
];

let emulator: RunningEmulator;
let front: TlsFront;
let workspace: TerraformWorkspace;
/** The environment of every Terraform run; a step may change it for the runs after it. */
const env: Record<string, string> = {};

function rightSecrets(): void {
  Object.assign(env, {
    TF_LOG: "DEBUG",
    CGAC_DEBUG: "1",
    // SLS "Orders": a permanent key under custom names; SLS "Audit": STS key and token.
    PROD_SLS_AK: SLS_KEY.accessKeyId,
    PROD_SLS_SK: SLS_KEY.accessKeySecret,
    ...slsEnv(SLS_STS_KEY),
    // DMS "Billing": temporary AK/SK with a security token; DMS "Shipping": an IAM token.
    ...dmsEnv(DMS_TEMP_KEY),
    PROD_DMS_IAM_TOKEN: DMS_IAM_TOKEN,
  });
}

beforeAll(async () => {
  requireTerraform();
  assertHookBundleBuilt();
  emulator = await startEmulator({ sls: slsEmulatorConfig(), dms: dmsEmulatorConfig() });
  front = await startTlsFront(emulator.url);
  rightSecrets();
  workspace = new TerraformWorkspace(env);
});
afterAll(async () => {
  await front?.close();
  await emulator?.close();
  workspace?.cleanup();
});

function synth(extraSlsGroup = false): string {
  return workspace.synth(STACK, (stack: TerraformStack) => {
    const sls = {
      region: "cn-hangzhou",
      endpoint: emulator.url,
      project: PROJECT,
      logstore: LOGSTORE,
    };
    new SlsConsumerGroup(stack, "Orders", {
      ...sls,
      name: "orders-reader",
      timeout: 300,
      credentials: { accessKeyIdVariable: "PROD_SLS_AK", accessKeySecretVariable: "PROD_SLS_SK" },
    });
    new SlsConsumerGroup(stack, "Audit", { ...sls, name: "orders-audit", timeout: 60 });
    if (extraSlsGroup) {
      new SlsConsumerGroup(stack, "Late", {
        ...sls,
        name: "orders-late",
        timeout: 60,
        credentials: { accessKeyIdVariable: "PROD_SLS_AK", accessKeySecretVariable: "PROD_SLS_SK" },
        // A deadline shorter than the default 10 s request timeout is refused at synth.
        requestTimeoutSeconds: 5,
        deadlineSeconds: 5,
      });
    }
    new DmsQueueConsumerGroup(stack, "Billing", {
      region: "cn-north-4",
      endpoint: front.url, // https, self-signed: trusted only through caCertificateFile
      caCertificateFile: HOSTILE_CA_PATH,
      projectId: DMS_PROJECT,
      queue: { id: BILLING_QUEUE_ID },
      name: "billing-workers",
    });
    new DmsQueueConsumerGroup(stack, "Shipping", {
      region: "cn-north-4",
      endpoint: emulator.url,
      projectId: DMS_PROJECT,
      queue: { name: "shipping" },
      name: "shipping-workers",
      credentials: { iamTokenVariable: "PROD_DMS_IAM_TOKEN" },
    });
  });
}

function slsGroups(): string[] {
  return emulator.sls
    .listGroups(PROJECT, LOGSTORE)
    .map((g) => g.name)
    .sort();
}
function dmsGroups(queue: string): string[] {
  return emulator.dms.listGroups(DMS_PROJECT, queue).map((g) => g.name);
}

describe("secrets and template text with real terraform at TF_LOG=DEBUG", () => {
  it("escapes the CA path's template syntax in cdk.tf.json", () => {
    const dir = synth();
    const json = readFileSync(path.join(dir, "cdk.tf.json"), "utf8");

    // Escaped wherever it appears (JSON quoting around it differs: payloads, manifest).
    expect(json).toContain("certs/$${file(");
    expect(json).toContain("}/%%{ if true }x%%{ endif }.pem");
    expect(json).not.toContain("certs/${file(");
    expect(json).not.toMatch(/[^%]%\{ if true \}/);
    // The CA file sits where the path points, relative to the stack directory.
    const ca = path.join(dir, HOSTILE_CA_PATH);
    mkdirSync(path.dirname(ca), { recursive: true });
    copyFileSync(TEST_CA_FILE, ca);
  });

  it("plans, applies and plans again with every hook working", async () => {
    expectSuccess(await workspace.init(STACK), "terraform init");
    const plan = await workspace.plan(STACK);
    expect(plan.code).toBe(2);
    expect(plan.output).toContain("[DEBUG]"); // the debug log is really on

    const apply = await workspace.apply(STACK);

    expectSuccess(apply, "apply");
    expect(slsGroups()).toEqual(["orders-audit", "orders-reader"]);
    expect(dmsGroups(BILLING_QUEUE_ID)).toEqual(["billing-workers"]);
    expect(dmsGroups("shipping")).toEqual(["shipping-workers"]);
    // The DMS hook went over TLS, trusting the CA file at the literal, unevaluated path.
    expect(front.handshakes()).toBeGreaterThan(0);
    const state = readFileSync(path.join(workspace.stackDir(STACK), "terraform.tfstate"), "utf8");
    // Terraform stored the path as written: its template syntax was read as text.
    expect(state).toContain("certs/${file(");
    expect(state).toContain("}/%{ if true }x%{ endif }.pem");
    expect(state).not.toContain("root:x:0:0");
    expect(workspace.log).not.toContain("root:x:0:0");

    const again = await workspace.plan(STACK);
    expect(again.code).toBe(0);
  });

  it("fails a hook with a wrong secret without printing it, then converges", async () => {
    env["PROD_SLS_SK"] = WRONG_SECRET;
    synth(true);

    const failed = await workspace.apply(STACK);

    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain(
      `ensure sls cn-hangzhou/${PROJECT}/${LOGSTORE}/orders-late failed: 401`,
    );
    expect(failed.output).toContain("Check PROD_SLS_AK and PROD_SLS_SK");
    expect(failed.output).not.toContain(WRONG_SECRET);

    rightSecrets();
    expectSuccess(await workspace.apply(STACK), "apply with the right secret");
    expect(slsGroups()).toEqual(["orders-audit", "orders-late", "orders-reader"]);
  });

  it("destroys every group", async () => {
    expectSuccess(await workspace.destroy(STACK), "destroy");

    expect(slsGroups()).toEqual([]);
    expect(dmsGroups(BILLING_QUEUE_ID)).toEqual([]);
    expect(dmsGroups("shipping")).toEqual([]);
  });

  it("leaves no canary in cdk.tf.json, state, backups, or any output, debug log included", () => {
    expect(workspace.log.length).toBeGreaterThan(100_000); // plan, apply and destroy at DEBUG
    const files = filesUnder(workspace.stackDir(STACK));
    expect(files.map((f) => path.basename(f))).toEqual(
      expect.arrayContaining(["cdk.tf.json", "terraform.tfstate", "terraform.tfstate.backup"]),
    );
    for (const canary of CANARIES) {
      expect(workspace.log).not.toContain(canary);
      for (const file of files) {
        if (readFileSync(file, "utf8").includes(canary)) {
          throw new Error(`${canary} found in ${file}`);
        }
      }
    }
  });
});

describe.each(["AssumeRole", "OIDC"] as const)(
  "the %s source with real terraform at TF_LOG=TRACE",
  (source: RoleSource) => {
    const ROLE_STACK = "role-secrets";
    let roleEmulator: RunningEmulator;
    let home: string;
    let roleWorkspace: TerraformWorkspace;
    beforeAll(async () => {
      roleEmulator = await startEmulator({ sls: slsEmulatorConfig(), sts: stsEmulatorConfig() });
      home = mkdtempSync(path.join(os.tmpdir(), "cgac-role-home-"));
      roleWorkspace = new TerraformWorkspace({
        ...roleSourceEnv(source, roleEmulator.url, home),
        TF_LOG: "TRACE",
        CGAC_DEBUG: "1",
      });
    });
    afterAll(async () => {
      await roleEmulator?.close();
      roleWorkspace?.cleanup();
      if (home) rmSync(home, { recursive: true, force: true });
    });

    function roleSynth(timeout: number): void {
      roleWorkspace.synth(ROLE_STACK, (stack: TerraformStack) => {
        const sls = {
          region: "cn-hangzhou",
          endpoint: roleEmulator.url,
          project: PROJECT,
          logstore: LOGSTORE,
        };
        new SlsConsumerGroup(stack, "Reader", { ...sls, name: "orders-reader", timeout: 300 });
        new SlsConsumerGroup(stack, "Audit", { ...sls, name: "orders-audit", timeout });
      });
    }
    const timeouts = () =>
      roleEmulator.sls
        .listGroups(PROJECT, LOGSTORE)
        .map((g) => `${g.name}:${g.timeout}`)
        .sort();

    it("creates, changes a setting and destroys with the role's key", async () => {
      roleSynth(60);
      expectSuccess(await roleWorkspace.init(ROLE_STACK), "terraform init");
      const apply = await roleWorkspace.apply(ROLE_STACK);
      expectSuccess(apply, "apply");
      expect(apply.output).toContain("[TRACE]"); // the trace log is really on
      expect(roleEmulator.calls()[0]?.action).toBe(FETCH_CALLS[source][0]);
      expect(timeouts()).toEqual(["orders-audit:60", "orders-reader:300"]);

      roleSynth(120);
      expectSuccess(await roleWorkspace.apply(ROLE_STACK), "apply after a timeout change");
      expect(timeouts()).toEqual(["orders-audit:120", "orders-reader:300"]);

      expectSuccess(await roleWorkspace.destroy(ROLE_STACK), "destroy");
      expect(timeouts()).toEqual([]);
    });

    it("leaves no secret, STS token or OIDC token in cdk.tf.json, state or the TRACE log", () => {
      const canaries: string[] = [SLS_KEY.accessKeySecret, OIDC_TOKEN];
      for (const key of roleEmulator.sts.issued) {
        canaries.push(key.accessKeySecret, key.securityToken);
      }
      // At least one fetch per apply and destroy.
      expect(roleEmulator.sts.issued.length).toBeGreaterThanOrEqual(3);
      expect(roleWorkspace.log).toContain("[TRACE]");
      expect(roleWorkspace.log).toContain(`${PROJECT}/${LOGSTORE}/orders-reader: created`);
      const files = filesUnder(roleWorkspace.stackDir(ROLE_STACK));
      expect(files.map((f) => path.basename(f))).toEqual(
        expect.arrayContaining(["cdk.tf.json", "terraform.tfstate", "terraform.tfstate.backup"]),
      );
      for (const canary of canaries) {
        expect(roleWorkspace.log).not.toContain(canary);
        for (const file of files) {
          if (readFileSync(file, "utf8").includes(canary)) {
            throw new Error(`a secret or token was found in ${file}`);
          }
        }
      }
    });
  },
);

/** Every file under `dir` except Terraform's provider binaries and the hook bundle. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (name === "providers" || name === "assets") return [];
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}
