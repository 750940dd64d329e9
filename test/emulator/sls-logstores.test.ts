// SLS logstores over signed HTTP: CreateLogStore (POST /logstores) and DeleteLogStore
// (DELETE /logstores/{logstore}), with the project in the Host header as for every SLS call.
// Markers: [documented] = the cloud's API documentation; [emulator-only] = a choice of ours.
//
// | case                                      | answer                                   |
// |-------------------------------------------|------------------------------------------|
// | create, then groups on it                 | 200, empty body; its shards as asked     |
// | create an existing name                   | 400 LogStoreAlreadyExist                 |
// | unknown project                           | 404 ProjectNotExist                      |
// | bad name, ttl, shardCount, body           | 400 ParameterInvalid                     |
// | delete                                    | 200; its groups and checkpoints are gone |
// | delete a missing logstore                 | 404 LogStoreNotExist                     |

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { REQUEST_ID, sendSigned } from "./signed-request";

const KEY = { accessKeyId: "LTAI-logstore-test", accessKeySecret: "logstore-test-secret" };

let emulator: RunningEmulator;

beforeEach(async () => {
  emulator = await startEmulator({
    sls: { accessKeys: [KEY], projects: { "shop-prod": { logstores: ["orders"] } } },
  });
});
afterEach(async () => {
  await emulator.close();
});

describe("CreateLogStore", () => {
  it("[documented] creates a logstore that takes groups and has the shards asked for", async () => {
    const res = await createLogstore({ logstoreName: "refunds", ttl: 30, shardCount: 4 });
    emulator.sls.createGroup("shop-prod", "refunds", { name: "reader", timeout: 60, order: false });

    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    expect(res.headers["x-log-requestid"]).toMatch(REQUEST_ID);
    expect(emulator.sls.listGroups("shop-prod", "refunds")).toEqual([
      { name: "reader", timeout: 60, order: false },
    ]);
    // Shard 3 exists (4 shards), shard 4 does not.
    expect(() =>
      emulator.sls.setCheckpoints("shop-prod", "refunds", "reader", [{ shard: 3 }]),
    ).not.toThrow();
    expect(() =>
      emulator.sls.setCheckpoints("shop-prod", "refunds", "reader", [{ shard: 4 }]),
    ).toThrow(expect.objectContaining({ code: "ShardNotExist" }));
    expect(emulator.calls().map((c) => `${c.action}:${c.status}:${c.target}`)).toEqual([
      "CreateLogStore:200:shop-prod/refunds",
    ]);
  });

  it("[documented] fails with 400 LogStoreAlreadyExist for a name the project has", async () => {
    const res = await createLogstore({ logstoreName: "orders", ttl: 30, shardCount: 2 });

    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      errorCode: "LogStoreAlreadyExist",
      errorMessage: "logstore orders already exists",
    });
  });

  it("[documented] fails with 404 ProjectNotExist for a project the emulator lacks", async () => {
    const res = await createLogstore(
      { logstoreName: "refunds", ttl: 30, shardCount: 2 },
      "no-such-project",
    );

    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ errorCode: "ProjectNotExist" });
  });

  it.each([
    ["a name with upper case", { logstoreName: "Refunds", ttl: 30, shardCount: 2 }],
    ["a name of two characters", { logstoreName: "rf", ttl: 30, shardCount: 2 }],
    ["a name ending in -", { logstoreName: "refunds-", ttl: 30, shardCount: 2 }],
    ["ttl 0", { logstoreName: "refunds", ttl: 0, shardCount: 2 }],
    ["ttl over 3650", { logstoreName: "refunds", ttl: 3651, shardCount: 2 }],
    ["shardCount 0", { logstoreName: "refunds", ttl: 30, shardCount: 0 }],
    ["no shardCount", { logstoreName: "refunds", ttl: 30 }],
    ["no logstoreName", { ttl: 30, shardCount: 2 }],
  ])("[emulator-only] fails with 400 ParameterInvalid for %s", async (_, body) => {
    const res = await createLogstore(body);

    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ errorCode: "ParameterInvalid" });
    expect(() => emulator.sls.listGroups("shop-prod", "refunds")).toThrow();
  });

  it("fails with 401 SignatureNotMatch when the body is signed with another secret", async () => {
    const res = await sendSigned(emulator.url, {
      method: "POST",
      path: "/logstores",
      body: JSON.stringify({ logstoreName: "refunds", ttl: 30, shardCount: 2 }),
      key: { ...KEY, accessKeySecret: "wrong" },
    });

    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ errorCode: "SignatureNotMatch" });
    expect(() => emulator.sls.listGroups("shop-prod", "refunds")).toThrow();
  });
});

describe("DeleteLogStore", () => {
  it("[documented] deletes a logstore with its groups and their checkpoints", async () => {
    emulator.sls.createGroup("shop-prod", "orders", { name: "reader", timeout: 60, order: false });
    emulator.sls.setCheckpoints("shop-prod", "orders", "reader", [
      { shard: 0, checkpoint: "MTA=" },
    ]);

    const res = await deleteLogstore("orders");
    const groups = await sendSigned(emulator.url, {
      method: "GET",
      path: "/logstores/orders/consumergroups",
      key: KEY,
    });
    const recreated = await createLogstore({ logstoreName: "orders", ttl: 30, shardCount: 2 });
    emulator.sls.createGroup("shop-prod", "orders", { name: "reader", timeout: 60, order: false });

    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    expect(groups.status).toBe(404);
    expect(groups.json).toMatchObject({ errorCode: "LogStoreNotExist" });
    expect(recreated.status).toBe(200);
    // The group of the same name in the new logstore starts without the old checkpoints.
    expect(emulator.sls.checkpoints("shop-prod", "orders", "reader")).toEqual([]);
    expect(emulator.calls().map((c) => `${c.action}:${c.status}:${c.target}`)).toEqual([
      "DeleteLogStore:200:shop-prod/orders",
      "ListConsumerGroup:404:shop-prod/orders",
      "CreateLogStore:200:shop-prod/orders",
    ]);
  });

  it("[documented] fails with 404 LogStoreNotExist for a logstore the project lacks", async () => {
    const res = await deleteLogstore("refunds");

    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ errorCode: "LogStoreNotExist" });
  });

  it("[documented] fails with 404 ProjectNotExist for a project the emulator lacks", async () => {
    const res = await deleteLogstore("orders", "no-such-project");

    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ errorCode: "ProjectNotExist" });
  });

  it("brings configured logstores back, and drops created ones, on reset", async () => {
    await createLogstore({ logstoreName: "refunds", ttl: 30, shardCount: 2 });
    await deleteLogstore("orders");

    emulator.reset();

    expect(emulator.sls.listGroups("shop-prod", "orders")).toEqual([]);
    expect(() => emulator.sls.listGroups("shop-prod", "refunds")).toThrow(
      expect.objectContaining({ code: "LogStoreNotExist" }),
    );
  });
});

describe("state file", () => {
  it("keeps a created logstore, its shard count and its groups across a restart", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sls-logstores-"));
    const statePath = path.join(dir, "state.json");
    const sls = { accessKeys: [KEY], projects: { "shop-prod": { logstores: ["orders"] } } };
    try {
      const first = await startEmulator({ sls, statePath });
      first.sls.createLogstore("shop-prod", "refunds", { shards: 3 });
      first.sls.createGroup("shop-prod", "refunds", { name: "reader", timeout: 60, order: false });
      await first.close();
      const saved = JSON.parse(readFileSync(statePath, "utf8")) as {
        sls: { projects: Record<string, { logstores: Record<string, { shards?: number }> }> };
      };

      const second = await startEmulator({ sls, statePath });
      try {
        expect(saved.sls.projects["shop-prod"]?.logstores["refunds"]?.shards).toBe(3);
        expect(saved.sls.projects["shop-prod"]?.logstores["orders"]?.shards).toBeUndefined();
        expect(second.sls.listGroups("shop-prod", "refunds")).toEqual([
          { name: "reader", timeout: 60, order: false },
        ]);
        expect(() =>
          second.sls.setCheckpoints("shop-prod", "refunds", "reader", [{ shard: 2 }]),
        ).not.toThrow();
        expect(() =>
          second.sls.setCheckpoints("shop-prod", "refunds", "reader", [{ shard: 3 }]),
        ).toThrow(expect.objectContaining({ code: "ShardNotExist" }));
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("state accessor", () => {
  it("creates and deletes a logstore without HTTP, with the same rules", () => {
    emulator.sls.createLogstore("shop-prod", "refunds", { shards: 1 });
    emulator.sls.createGroup("shop-prod", "refunds", { name: "reader", timeout: 60, order: false });

    expect(() => emulator.sls.createLogstore("shop-prod", "refunds")).toThrow(
      expect.objectContaining({ code: "LogStoreAlreadyExist" }),
    );
    expect(() =>
      emulator.sls.setCheckpoints("shop-prod", "refunds", "reader", [{ shard: 1 }]),
    ).toThrow(expect.objectContaining({ code: "ShardNotExist" }));
    emulator.sls.deleteLogstore("shop-prod", "refunds");
    expect(() => emulator.sls.listGroups("shop-prod", "refunds")).toThrow(
      expect.objectContaining({ code: "LogStoreNotExist" }),
    );
    expect(emulator.calls()).toEqual([]);
  });
});

function createLogstore(body: Record<string, unknown>, project = "shop-prod") {
  return sendSigned(emulator.url, {
    method: "POST",
    path: "/logstores",
    body: JSON.stringify(body),
    key: KEY,
    project,
  });
}

function deleteLogstore(logstore: string, project = "shop-prod") {
  return sendSigned(emulator.url, {
    method: "DELETE",
    path: `/logstores/${logstore}`,
    key: KEY,
    project,
  });
}
