// A third cloud that exists only in the tests (MQ, test/clouds/mq/) plugs in with one folder
// plus registry lines: a test build of the hook that serves it (CGAC_TEST_HOOK_DIR), and
// `check` given the same list of clouds. Real terraform, with one MQ group to change, one to
// drop behind the app's back, and an SLS group beside them in the same stack and reconcile.
//
// | step                    | expected                                                      |
// |-------------------------|---------------------------------------------------------------|
// | first apply             | both MQ groups and the SLS group created                      |
// | maxInFlight change      | one PUT, no POST or DELETE; the group keeps its creation id   |
// | check                   | every group in sync (exit 0), MQ settings compared            |
// | a group deleted outside | check reports it missing (exit 2)                             |
// | destroy                 | the MQ group deleted (the dropped one already gone), SLS too  |

import * as path from "node:path";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import type { TerraformStack } from "cdktf";
import { SlsConsumerGroup } from "../../lib";
import { HOOK_CLOUDS } from "../../lib/clouds/hook-clouds";
import { runCheck } from "../../lib/check/command";
import { TEST_HOOK_DIR_ENV } from "../../lib/constructs/hook-asset";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { MqConsumerGroup } from "../clouds/mq/construct/mq-consumer-group";
import { buildMqHook } from "../clouds/mq/hook-build";
import { startMqEmulator, type RunningMqEmulator } from "../clouds/mq/mq-emulator";
import { mqService } from "../clouds/mq/mq-service";
import { noCloudNetworkEnv } from "../support/no-cloud-network";
import { LOGSTORE, PROJECT, SLS_KEY, slsEmulatorConfig, slsEnv } from "../support/sls-fixtures";
import {
  TerraformWorkspace,
  expectSuccess,
  requireTerraform,
} from "../support/terraform-workspace";

const STACK = "third-cloud";
const NAMESPACE = "shop";
const TOPIC = "orders";
/** emulator-only: a made-up token, also a canary that must never be printed. */
const MQ_TOKEN = "canary-mq-token-5c1e77";
jest.setTimeout(180_000);

let hookDir: string;
let mq: RunningMqEmulator;
let sls: RunningEmulator;
let workspace: TerraformWorkspace;
const previousHookDir = process.env[TEST_HOOK_DIR_ENV];

beforeAll(async () => {
  requireTerraform();
  hookDir = await buildMqHook();
  process.env[TEST_HOOK_DIR_ENV] = hookDir;
  mq = await startMqEmulator({ token: MQ_TOKEN, topics: [`${NAMESPACE}/${TOPIC}`] });
  sls = await startEmulator({ sls: slsEmulatorConfig() });
  workspace = new TerraformWorkspace({ ...slsEnv(SLS_KEY), MQ_TOKEN });
});
afterAll(async () => {
  if (previousHookDir === undefined) delete process.env[TEST_HOOK_DIR_ENV];
  else process.env[TEST_HOOK_DIR_ENV] = previousHookDir;
  await mq?.close();
  await sls?.close();
  workspace?.cleanup();
  if (hookDir) rmSync(hookDir, { recursive: true, force: true });
});

function synth(readerMaxInFlight: number): void {
  workspace.synth(STACK, (stack: TerraformStack) => {
    const common = { region: "eu-west-1", endpoint: mq.url, namespace: NAMESPACE, topic: TOPIC };
    new MqConsumerGroup(stack, "Reader", {
      ...common,
      name: "reader",
      maxInFlight: readerMaxInFlight,
    });
    new MqConsumerGroup(stack, "Audit", { ...common, name: "audit" });
    new SlsConsumerGroup(stack, "Orders", {
      region: "cn-hangzhou",
      endpoint: sls.url,
      project: PROJECT,
      logstore: LOGSTORE,
      name: "orders-reader",
      timeout: 60,
    });
  });
}

async function check(): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const env = noCloudNetworkEnv(process.env, { ...slsEnv(SLS_KEY), MQ_TOKEN });
  const code = await runCheck([...HOOK_CLOUDS, mqService], [workspace.outdir], env, {
    out: (text) => (out += text),
    err: (text) => (err += text),
  });
  return { code, out, err };
}

/** The hook bundles synth copied into the stack's assets. */
function stackHookBundles(stackDir: string): string[] {
  return readdirSync(path.join(stackDir, "assets"), { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "hook-bundle.js")
    .map((file) => readFileSync(path.join(stackDir, "assets", file), "utf8"));
}

function mqGroups() {
  return mq.groups(NAMESPACE, TOPIC);
}

describe("a test-only third cloud through synth, deploy, update, check and destroy", () => {
  let readerId = "";

  it("synthesizes the test build of the hook and creates every group on the first apply", async () => {
    synth(10);
    const stackDir = workspace.stackDir(STACK);
    expectSuccess(await workspace.init(STACK), "terraform init");

    const apply = await workspace.apply(STACK);

    expectSuccess(apply, "first apply");
    expect(apply.output).toContain(`mq eu-west-1/${NAMESPACE}/${TOPIC}/reader: created`);
    expect(mqGroups().map(({ name, maxInFlight }) => ({ name, maxInFlight }))).toEqual([
      { name: "audit", maxInFlight: 100 },
      { name: "reader", maxInFlight: 10 },
    ]);
    expect(sls.sls.listGroups(PROJECT, LOGSTORE).map((g) => g.name)).toEqual(["orders-reader"]);
    readerId = mqGroups().find((g) => g.name === "reader")!.id;
    // The hook Terraform ran is the test build (dist/hook knows no MQ): synth copied it.
    expect(stackHookBundles(stackDir)).toEqual([
      readFileSync(path.join(hookDir, "hook-bundle.js"), "utf8"),
    ]);
  });

  it("updates a changed maxInFlight in place: one PUT, no create or delete, same id", async () => {
    synth(50);
    mq.resetCalls();

    expectSuccess(await workspace.apply(STACK), "apply after maxInFlight change");

    const calls = mq.calls().map((c) => `${c.method} ${c.path}`);
    expect(calls).toContain(`PUT /v1/namespaces/${NAMESPACE}/topics/${TOPIC}/groups/reader`);
    expect(calls.filter((c) => c.startsWith("PUT "))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith("POST ") || c.startsWith("DELETE "))).toEqual([]);
    expect(mqGroups().find((g) => g.name === "reader")).toEqual({
      id: readerId,
      name: "reader",
      maxInFlight: 50,
    });
  });

  it("check reports every group in sync, the MQ setting compared", async () => {
    const { code, out, err } = await check();

    expect({ code, err }).toEqual({ code: 0, err: "" });
    const rows = out.split("\n").map((line) => line.trim().split(/\s{2,}/));
    expect(rows.filter((r) => r[1] === "mq")).toEqual([
      [
        "in sync",
        "mq",
        "eu-west-1/shop/orders",
        "audit",
        "maxInFlight 100",
        "maxInFlight 100",
        "-",
        STACK,
      ],
      [
        "in sync",
        "mq",
        "eu-west-1/shop/orders",
        "reader",
        "maxInFlight 50",
        "maxInFlight 50",
        "-",
        STACK,
      ],
    ]);
    expect(out).toContain("3 groups: 3 in sync, 0 missing");
    expect(out + err).not.toContain(MQ_TOKEN);
  });

  it("check reports a group deleted outside the app as missing", async () => {
    mq.dropGroup(NAMESPACE, TOPIC, "audit");

    const { code, out } = await check();

    expect(code).toBe(2);
    expect(out.split("\n").filter((l) => l.startsWith("missing"))).toEqual([
      expect.stringMatching(/^missing\s+mq\s+eu-west-1\/shop\/orders\s+audit\s+maxInFlight 100/),
    ]);
    expect(out).toContain("3 groups: 2 in sync, 1 missing");
  });

  it("deletes the groups on destroy (the dropped one is already gone)", async () => {
    mq.resetCalls();

    const destroy = await workspace.destroy(STACK);

    expectSuccess(destroy, "destroy");
    expect(mq.calls().map((c) => `${c.method} ${c.path} ${c.status}`)).toContain(
      `DELETE /v1/namespaces/${NAMESPACE}/topics/${TOPIC}/groups/reader 204`,
    );
    expect(destroy.output).toContain(`mq eu-west-1/${NAMESPACE}/${TOPIC}/audit: already gone`);
    expect(mqGroups()).toEqual([]);
    expect(sls.sls.listGroups(PROJECT, LOGSTORE)).toEqual([]);
    expect(workspace.log).not.toContain(MQ_TOKEN);
  });
});
