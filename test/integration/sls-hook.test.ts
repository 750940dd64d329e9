// The bundled hook, run as Terraform runs it (child process, JSON argument, no shell),
// against the SLS emulator on a loopback port.
//
// | case                                  | expected exit | expected calls                    |
// |---------------------------------------|---------------|-----------------------------------|
// | ensure, new group                     | 0             | Create                            |
// | ensure, exists with same settings     | 0             | Create(400), List                 |
// | ensure, exists with other settings    | 0             | Create(400), List, Update         |
// | delete, present                       | 0             | Delete                            |
// | delete, missing (404 or 200 flavour)  | 0             | Delete                            |
// | delete, RETAIN                        | 0             | none                              |
// | ensure, 31st group                    | 1             | Create(quota)                     |
// | ensure, wrong secret / no credentials | 1             | Create(401) / none                |

import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { hookEnv, runHookProcess } from "../support/hook-process";
import {
  LOGSTORE,
  PROJECT,
  SLS_KEY,
  SLS_STS_KEY,
  deletePayload,
  ensurePayload,
  slsEmulatorConfig,
  slsEnv,
} from "../support/sls-fixtures";

let emulator: RunningEmulator;

beforeEach(async () => {
  emulator = await startEmulator({ sls: slsEmulatorConfig() });
});
afterEach(async () => {
  await emulator.close();
});

describe("ensure", () => {
  it("creates a new group with one call and logs the request id", async () => {
    const run = await ensure({ name: "orders-reader", timeout: 300, order: true });

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^sls cn-hangzhou\/shop-prod\/orders\/orders-reader: created \(request [0-9A-F]{24}\)\n$/,
    );
    expect(groups()).toEqual([{ name: "orders-reader", timeout: 300, order: true }]);
    expect(actions()).toEqual(["CreateConsumerGroup:200"]);
  });

  it("adopts an existing group whose settings already match, in two calls", async () => {
    emulator.sls.createGroup(PROJECT, LOGSTORE, {
      name: "orders-reader",
      timeout: 300,
      order: false,
    });

    const run = await ensure({ name: "orders-reader", timeout: 300, order: false });

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /orders-reader: settings set to timeout 300, order false \(request [0-9A-F]{24}\)/,
    );
    expect(groups()).toEqual([{ name: "orders-reader", timeout: 300, order: false }]);
    expect(actions()).toEqual(["CreateConsumerGroup:400", "UpdateConsumerGroup:200"]);
  });

  it("adopts an existing group and reconciles its settings in place", async () => {
    emulator.sls.createGroup(PROJECT, LOGSTORE, {
      name: "orders-reader",
      timeout: 60,
      order: false,
    });

    const run = await ensure({ name: "orders-reader", timeout: 600, order: true });

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /orders-reader: settings set to timeout 600, order true \(request [0-9A-F]{24}\)/,
    );
    expect(groups()).toEqual([{ name: "orders-reader", timeout: 600, order: true }]);
    expect(actions()).toEqual(["CreateConsumerGroup:400", "UpdateConsumerGroup:200"]);
  });

  it("fails with HOOK_GROUP_VANISHED when the group is gone by the time of the update", async () => {
    emulator.sls.createGroup(PROJECT, LOGSTORE, {
      name: "orders-reader",
      timeout: 60,
      order: false,
    });
    emulator.faults.add({
      service: "sls",
      action: "UpdateConsumerGroup",
      fault: { kind: "error", status: 404, code: "ConsumerGroupNotExist" },
    });

    const run = await ensure({ name: "orders-reader", timeout: 600 });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "HOOK_GROUP_VANISHED: sls cn-hangzhou/shop-prod/orders/orders-reader: the service said the group exists, then did not find it to update (ConsumerGroupNotExist)",
    );
    expect(run.stderr).toContain("re-run the apply");
    expect(actions()).toEqual(["CreateConsumerGroup:400", "UpdateConsumerGroup:404"]);
  });

  it("updates a changed timeout without deleting the group", async () => {
    expect((await ensure({ name: "orders-reader", timeout: 300 })).code).toBe(0);
    emulator.resetCalls();

    const run = await ensure({ name: "orders-reader", timeout: 900 });

    expect(run.code).toBe(0);
    expect(groups()).toEqual([{ name: "orders-reader", timeout: 900, order: false }]);
    expect(actions()).not.toContain("DeleteConsumerGroup:200");
    expect(actions().filter((a) => a.startsWith("UpdateConsumerGroup"))).toHaveLength(1);
  });

  it("works with STS credentials (security token sent and signed)", async () => {
    const run = await ensure({ name: "sts-reader" }, slsEnv(SLS_STS_KEY));

    expect(run.code).toBe(0);
    expect(groups().map((g) => g.name)).toEqual(["sts-reader"]);
  });

  it("falls back to the ALICLOUD_* variables of the Terraform provider", async () => {
    const run = await ensure(
      { name: "fallback-reader" },
      { ALICLOUD_ACCESS_KEY: SLS_KEY.accessKeyId, ALICLOUD_SECRET_KEY: SLS_KEY.accessKeySecret },
    );

    expect(run.code).toBe(0);
    expect(groups().map((g) => g.name)).toEqual(["fallback-reader"]);
  });

  it("fails on the 31st group of a logstore with a quota error, creating nothing", async () => {
    for (let i = 0; i < 30; i++) {
      emulator.sls.createGroup(PROJECT, LOGSTORE, { name: `g${i}`, timeout: 60, order: false });
    }

    const run = await ensure({ name: "one-too-many" });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "ensure sls cn-hangzhou/shop-prod/orders/one-too-many failed: 400 ConsumerGroupQuotaExceed",
    );
    expect(run.stderr).toContain("30 consumer groups per logstore");
    expect(groups()).toHaveLength(30);
    expect(actions()).toEqual(["CreateConsumerGroup:400"]); // never retried
  });

  it("fails on a wrong secret, naming the variables to check and never printing the secret", async () => {
    const wrong = "canary-wrong-secret-5d1e0a";

    const run = await ensure(
      { name: "orders-reader" },
      slsEnv({ accessKeyId: SLS_KEY.accessKeyId, accessKeySecret: wrong }),
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("401 SignatureNotMatch");
    expect(run.stderr).toContain(
      "Check ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    );
    expect(run.stdout + run.stderr).not.toContain(wrong);
    expect(actions()).toEqual(["CreateConsumerGroup:401"]); // auth errors are not retried
  });

  it("fails without credentials, naming every variable it looked for", async () => {
    const run = await ensure({ name: "orders-reader" }, {});

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HOOK_MISSING_CREDENTIALS");
    expect(run.stderr).toContain("ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    expect(run.stderr).toContain("ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY");
    expect(actions()).toEqual([]);
  });

  it("fails when the logstore does not exist, saying to create it first", async () => {
    const run = await ensure({ name: "orders-reader", logstore: "no-such-store" });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("404 LogStoreNotExist");
    expect(run.stderr).toContain("create it first");
  });

  it("rejects a malformed payload with exit code 2", async () => {
    const run = await runHookProcess("ensure", "{not json", hookEnv(slsEnv()));

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("HOOK_BAD_PAYLOAD: the payload is not valid JSON");
  });

  // A hand-edited payload whose endpoint is no http(s) origin is a payload error (exit 2),
  // and the message never repeats a password.
  it.each([
    ["a file: URL", "file:///etc/passwd"],
    ["credentials in the URL", "https://key:s3cr3tPW@cn-hangzhou.log.aliyuncs.com"],
    ["credentials in an http URL", "http://key:s3cr3tPW@127.0.0.1:9"],
    ["a path", "https://cn-hangzhou.log.aliyuncs.com/x"],
  ])(
    "rejects a payload endpoint with %s as a payload error (exit 2), its password masked",
    async (_c, url) => {
      const run = await ensure({ name: "orders-reader", endpoint: url });

      expect(run.code).toBe(2);
      expect(run.stderr).toContain("HOOK_BAD_PAYLOAD: transport.endpoint");
      expect(`${run.stdout}${run.stderr}`).not.toContain("s3cr3tPW");
      expect(actions()).toEqual([]);
    },
  );

  it("names every subcommand when given an unknown one", async () => {
    const run = await runHookProcess("frobnicate", "{}", hookEnv(slsEnv()));

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/ensure, delete, prune, reconcile|ensure\|delete\|prune\|reconcile/);
  });

  it("rejects plain http to a host that is not loopback", async () => {
    const run = await ensure({ name: "orders-reader", endpoint: "http://sls.example.com" });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HOOK_INSECURE_ENDPOINT");
  });
});

describe("delete", () => {
  it("deletes an existing group", async () => {
    emulator.sls.createGroup(PROJECT, LOGSTORE, {
      name: "orders-reader",
      timeout: 60,
      order: false,
    });

    const run = await remove({ name: "orders-reader" });

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/orders-reader: deleted \(request [0-9A-F]{24}\)/);
    expect(groups()).toEqual([]);
  });

  it("succeeds when the group is already gone (404 ConsumerGroupNotExist)", async () => {
    const run = await remove({ name: "never-existed" });
    const off = await remove({ name: "never-existed", deletionProtection: "OFF" });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("never-existed: already gone (ConsumerGroupNotExist");
    expect(off.code).toBe(0);
    // Deletion protection's GetCheckPoint finds it gone first; with OFF, the DELETE does.
    expect(actions()).toEqual(["GetCheckPoint:404", "DeleteConsumerGroup:404"]);
  });

  it("succeeds when the service answers 200 for a missing group", async () => {
    await emulator.close();
    emulator = await startEmulator({
      sls: { ...slsEmulatorConfig(), deleteMissingGroup: "ok" },
    });

    const run = await remove({ name: "never-existed", deletionProtection: "OFF" });

    expect(run.code).toBe(0);
    expect(actions()).toEqual(["DeleteConsumerGroup:200"]);
  });

  it("succeeds when the whole logstore is gone", async () => {
    const run = await remove({ name: "orders-reader", logstore: "dropped-store" });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("already gone (LogStoreNotExist");
  });

  it("keeps the group and calls nothing when the removal policy is RETAIN", async () => {
    emulator.sls.createGroup(PROJECT, LOGSTORE, {
      name: "orders-reader",
      timeout: 60,
      order: false,
    });

    const run = await remove({ name: "orders-reader", removalPolicy: "RETAIN" });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("orders-reader: kept (RETAIN), not deleted");
    expect(groups()).toHaveLength(1);
    expect(actions()).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------

type Args = Omit<Parameters<typeof ensurePayload>[0], "endpoint"> & { endpoint?: string };

function ensure(args: Args, env: Record<string, string> = slsEnv()) {
  return runHookProcess("ensure", ensurePayload({ endpoint: emulator.url, ...args }), hookEnv(env));
}

function remove(args: Args & { removalPolicy?: "DESTROY" | "RETAIN"; deletionProtection?: "OFF" }) {
  return runHookProcess(
    "delete",
    deletePayload({ endpoint: emulator.url, ...args }),
    hookEnv(slsEnv()),
  );
}

function groups() {
  return emulator.sls.listGroups(PROJECT, LOGSTORE);
}

/** "Action:status" per SLS call the emulator answered. */
function actions(): string[] {
  return emulator.calls().map((c) => `${c.action}:${c.status}`);
}
