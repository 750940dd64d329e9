// The bundled hook, run as Terraform runs it, against the DMS part of the emulator.
//
// | case                                   | expected exit | expected calls                          |
// |----------------------------------------|---------------|-----------------------------------------|
// | ensure, new group (queue by id)        | 0             | Create, List (ready)                    |
// | ensure, new group, 1 s initialisation  | 0             | Create, List ×n until listed            |
// | ensure, exists                         | 0             | Create(400 DMS.10240018), List          |
// | ensure, queue by name                  | 0             | ListQueues, Create, List                |
// | ensure, queue name unknown             | 1             | ListQueues                              |
// | ensure, 4th group on a queue           | 1             | Create(400 DMS.10240019)                |
// | ensure, IAM token / temporary AK/SK    | 0             | Create, List                            |
// | ensure, wrong SK                       | 1             | Create(401 APIGW.0301), never retried   |
// | ensure, throttled twice (404 or 429)   | 0             | Create ×2 throttled, Create, List       |
// | delete, present                        | 0             | List, Delete(204)                       |
// | delete, missing group / missing queue  | 0             | List / List(404) or ListQueues          |
// | delete, RETAIN                         | 0             | none                                    |

import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import {
  BILLING_QUEUE,
  BILLING_QUEUE_ID,
  DMS_IAM_TOKEN,
  DMS_KEY,
  DMS_PROJECT,
  DMS_TEMP_KEY,
  dmsDeletePayload,
  dmsEmulatorConfig,
  dmsEnsurePayload,
  dmsEnv,
} from "../support/dms-fixtures";
import { hookEnv, runHookProcess } from "../support/hook-process";

let emulator: RunningEmulator;

async function restart(extra: Record<string, unknown> = {}) {
  await emulator?.close();
  emulator = await startEmulator({ dms: dmsEmulatorConfig(extra) });
}

beforeEach(() => restart());
afterEach(async () => {
  await emulator.close();
});

const TARGET = `dms cn-north-4/${DMS_PROJECT}`;

describe("ensure", () => {
  it("creates a group, waits until it is listed, and logs id and request id", async () => {
    const run = await ensure({ name: "billing-workers" });

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `^${TARGET}/${BILLING_QUEUE_ID}/billing-workers: created \\(id g-[0-9a-f-]{36}, request \\S+\\), listed after \\d+\\.\\d s\\n$`,
      ),
    );
    expect(names()).toEqual(["billing-workers"]);
    expect(actions()).toEqual(["CreateConsumerGroups:201", "ListConsumerGroups:200"]);
  });

  it("polls until a new group has initialised (1 s in this emulator)", async () => {
    await restart({ groupInitDelayMs: 1000 });

    const run = await ensure({ name: "billing-workers" });

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/listed after (0\.9|1\.\d|2\.\d) s/);
    const lists = actions().filter((a) => a.startsWith("ListConsumerGroups"));
    expect(lists.length).toBeGreaterThan(1);
    expect(lists.length).toBeLessThanOrEqual(5); // polls with growing pauses, not a busy loop
  });

  it("fails clearly when the group is not listed before the ready timeout", async () => {
    await restart({ groupInitDelayMs: 5000 });

    const run = await ensure({ name: "billing-workers", readyTimeoutMs: 600 });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HOOK_GROUP_NOT_READY");
    expect(run.stderr).toContain("re-run the apply (the hook adopts it)");
  });

  it("adopts a group that already exists and says so", async () => {
    emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE_ID, "billing-workers");

    const run = await ensure({ name: "billing-workers" });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("billing-workers: adopted (existed; id g-");
    expect(names()).toEqual(["billing-workers"]);
    expect(actions()).toEqual(["CreateConsumerGroups:400", "ListConsumerGroups:200"]);
  });

  it("finds a queue given by name with one lookup", async () => {
    const run = await ensure({ name: "billing-workers", queue: { name: BILLING_QUEUE } });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${TARGET}/billing/billing-workers: created`);
    expect(actions()).toEqual([
      "ListQueues:200",
      "CreateConsumerGroups:201",
      "ListConsumerGroups:200",
    ]);
  });

  it("fails when no queue has the given name, saying to create it", async () => {
    const run = await ensure({ name: "billing-workers", queue: { name: "no-such-queue" } });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HOOK_QUEUE_NOT_FOUND");
    expect(run.stderr).toContain(`queue "no-such-queue" does not exist in project ${DMS_PROJECT}`);
    expect(actions()).toEqual(["ListQueues:200"]);
  });

  it("fails when the queue id is unknown, with the service's code", async () => {
    const run = await ensure({ name: "g", queue: { id: "11111111-2222-4333-8444-555555555555" } });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("404 DMS.10240401");
    expect(run.stderr).toContain("create it first");
  });

  it("refuses a 4th group on a queue with a clear error, creating nothing", async () => {
    for (const n of ["a", "b", "c"]) emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE_ID, n);

    const run = await ensure({ name: "fourth" });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `ensure ${TARGET}/${BILLING_QUEUE_ID}/fourth failed: 400 DMS.10240019`,
    );
    expect(run.stderr).toContain("3 consumer groups per queue");
    expect(names()).toEqual(["a", "b", "c"]);
    expect(actions()).toEqual(["CreateConsumerGroups:400"]);
  });

  it.each([
    ["404 DMS.10240407", "dms-404", "CreateConsumerGroups:404"],
    ["429 APIGW.0308", "gateway", "CreateConsumerGroups:429"],
  ] as const)("retries throttling (%s) and then creates", async (_what, variant, throttled) => {
    emulator.faults.add({
      service: "dms",
      action: "CreateConsumerGroups",
      times: 2,
      fault: { kind: "throttle", variant },
    });

    const run = await ensure({ name: "billing-workers" });

    expect(run.code).toBe(0);
    expect(names()).toEqual(["billing-workers"]);
    expect(actions()).toEqual([
      throttled,
      throttled,
      "CreateConsumerGroups:201",
      "ListConsumerGroups:200",
    ]);
  });

  it("authenticates with an IAM token (X-Auth-Token)", async () => {
    const run = await ensure(
      { name: "token-workers", credentials: [{ iamToken: "HW_IAM_TOKEN" }] },
      { HW_IAM_TOKEN: DMS_IAM_TOKEN },
    );

    expect(run.code).toBe(0);
    expect(names()).toEqual(["token-workers"]);
    expect(run.stdout + run.stderr).not.toContain(DMS_IAM_TOKEN);
  });

  it("signs with temporary AK/SK and their security token", async () => {
    const run = await ensure({ name: "temp-workers" }, dmsEnv(DMS_TEMP_KEY));

    expect(run.code).toBe(0);
    expect(names()).toEqual(["temp-workers"]);
  });

  it("falls back to the SDK's HUAWEICLOUD_SDK_AK / _SK", async () => {
    const run = await ensure(
      { name: "sdk-workers" },
      { HUAWEICLOUD_SDK_AK: DMS_KEY.accessKey, HUAWEICLOUD_SDK_SK: DMS_KEY.secretKey },
    );

    expect(run.code).toBe(0);
  });

  it("fails on a wrong SK without retrying, naming the variables and never the secret", async () => {
    const wrong = "canary-wrong-dms-secret-0b8e";

    const run = await ensure(
      { name: "billing-workers" },
      dmsEnv({ accessKey: DMS_KEY.accessKey, secretKey: wrong }),
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("401 APIGW.0301");
    expect(run.stderr).toContain("Check HW_ACCESS_KEY and HW_SECRET_KEY");
    expect(run.stdout + run.stderr).not.toContain(wrong);
    expect(actions()).toEqual(["CreateConsumerGroups:401"]);
  });

  it("fails without credentials, naming every variable it looked for", async () => {
    const run = await ensure({ name: "billing-workers" }, {});

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HOOK_MISSING_CREDENTIALS");
    expect(run.stderr).toContain("HW_ACCESS_KEY and HW_SECRET_KEY");
    expect(run.stderr).toContain("HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK");
    expect(actions()).toEqual([]);
  });
});

describe("delete", () => {
  it("lists, matches the name and deletes by id", async () => {
    const id = emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE_ID, "billing-workers");

    const run = await remove({ name: "billing-workers" });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`billing-workers: deleted (id ${id}, request `);
    expect(names()).toEqual([]);
    expect(actions()).toEqual(["ListConsumerGroups:200", "DeleteConsumerGroup:204"]);
  });

  it("succeeds when the group is not there", async () => {
    const run = await remove({ name: "never-existed" });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("never-existed: already gone (not listed in the queue)");
    expect(actions()).toEqual(["ListConsumerGroups:200"]);
  });

  it("succeeds when the queue id is gone (404 DMS.10240401)", async () => {
    const run = await remove({ name: "g", queue: { id: "11111111-2222-4333-8444-555555555555" } });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("already gone (DMS.10240401");
  });

  it("succeeds when no queue has the name any more", async () => {
    const run = await remove({ name: "g", queue: { name: "dropped-queue" } });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('already gone (queue "dropped-queue" does not exist)');
  });

  it("keeps the group and calls nothing when the removal policy is RETAIN", async () => {
    emulator.dms.createGroup(DMS_PROJECT, BILLING_QUEUE_ID, "billing-workers");

    const run = await remove({ name: "billing-workers", removalPolicy: "RETAIN" });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("kept (RETAIN), not deleted");
    expect(names()).toEqual(["billing-workers"]);
    expect(actions()).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------

type Args = Omit<Parameters<typeof dmsEnsurePayload>[0], "endpoint">;

function ensure(args: Args, env: Record<string, string> = dmsEnv()) {
  return runHookProcess(
    "ensure",
    dmsEnsurePayload({ endpoint: emulator.url, ...args }),
    hookEnv(env),
  );
}

function remove(args: Args & { removalPolicy?: "DESTROY" | "RETAIN" }) {
  return runHookProcess(
    "delete",
    dmsDeletePayload({ endpoint: emulator.url, ...args }),
    hookEnv(dmsEnv()),
  );
}

function names(): string[] {
  return emulator.dms.listGroups(DMS_PROJECT, BILLING_QUEUE_ID).map((g) => g.name);
}

function actions(): string[] {
  return emulator.calls().map((c) => `${c.action}:${c.status}`);
}
