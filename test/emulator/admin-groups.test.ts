// Admin routes on one group (lib/emulator/admin-cloud-routes.ts) and how the call log and reset
// relate to groups. All [emulator-only]: the admin routes are the emulator's own.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { request } from "undici";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import type { DmsEmulatorConfig } from "../../lib/clouds/huawei/dms/emulator/dms-emulator-service";
import type { SlsEmulatorConfig } from "../../lib/clouds/alibaba/sls/emulator/sls-emulator-service";
import { sendDms } from "./dms-signed-request";
import { sendSigned } from "./signed-request";

const SLS_KEY = { accessKeyId: "LTAI-admin-groups", accessKeySecret: "admin-groups-secret" };
const SLS: SlsEmulatorConfig = {
  accessKeys: [SLS_KEY],
  projects: { "shop-prod": { logstores: ["orders", "audit"] } },
};
const PROJECT = "0123456789abcdef0123456789abcdef";
const QUEUE = "9bf46390-38a2-462d-b392-4d5b2d519c55";
const DMS_KEY = { accessKey: "AK-admin-groups", secretKey: "admin-groups-secret" };
const DMS: DmsEmulatorConfig = {
  projects: { [PROJECT]: { queues: [{ name: "billing", id: QUEUE }] } },
  accessKeys: [DMS_KEY],
};
// Whole seconds near the real time: signed requests must be within the 15-minute skew window.
const NOW = Math.floor(Date.now() / 1000) * 1000;

let emulator: RunningEmulator;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "admin-groups-test-"));
  emulator = await startEmulator({
    sls: SLS,
    dms: DMS,
    now: () => NOW,
    statePath: path.join(dir, "state.json"),
  });
  emulator.sls.createGroup("shop-prod", "orders", { name: "billing", timeout: 60, order: false });
  emulator.sls.createGroup("shop-prod", "orders", {
    name: "audit-reader",
    timeout: 60,
    order: false,
  });
});
afterEach(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("deleting one group", () => {
  it("[emulator-only] DELETE /_emulator/sls/groups/{project}/{logstore}/{group} deletes that group and its checkpoints only", async () => {
    emulator.sls.setCheckpoints("shop-prod", "orders", "billing", [
      { shard: 0, checkpoint: "MTU=" },
    ]);

    const answer = await admin("DELETE", "/_emulator/sls/groups/shop-prod/orders/billing");

    expect(answer).toEqual({ status: 200, json: { ok: true } });
    expect(emulator.sls.listGroups("shop-prod", "orders").map((g) => g.name)).toEqual([
      "audit-reader",
    ]);
    emulator.sls.createGroup("shop-prod", "orders", { name: "billing", timeout: 60, order: false });
    expect(emulator.sls.checkpoints("shop-prod", "orders", "billing")).toEqual([]);
  });

  it("[emulator-only] rejects deleting a missing SLS group with 404 ConsumerGroupNotExist", async () => {
    const answer = await admin("DELETE", "/_emulator/sls/groups/shop-prod/orders/nobody");

    expect(answer).toMatchObject({ status: 404, json: { errorCode: "ConsumerGroupNotExist" } });
  });

  it("[emulator-only] DELETE /_emulator/dms/groups/{projectId}/{queue}/{group} takes names or ids", async () => {
    const first = emulator.dms.createGroup(PROJECT, "billing", "workers");
    emulator.dms.createGroup(PROJECT, "billing", "auditors");
    emulator.dms.createGroup(PROJECT, "billing", "reporting");

    const byName = await admin("DELETE", `/_emulator/dms/groups/${PROJECT}/billing/auditors`);
    const byId = await admin("DELETE", `/_emulator/dms/groups/${PROJECT}/${QUEUE}/${first}`);

    expect(byName.status).toBe(200);
    expect(byId.status).toBe(200);
    expect(emulator.dms.listGroups(PROJECT, "billing").map((g) => g.name)).toEqual(["reporting"]);
  });

  it("[emulator-only] rejects deleting a missing DMS group with 404 DMS.10240405", async () => {
    const answer = await admin("DELETE", `/_emulator/dms/groups/${PROJECT}/billing/nobody`);

    expect(answer).toMatchObject({ status: 404, json: { errorCode: "DMS.10240405" } });
  });
});

describe("call log and reset", () => {
  it("[emulator-only] DELETE /_emulator/calls empties the call log and keeps every group", async () => {
    await listSlsGroups();
    expect(emulator.calls()).toHaveLength(1);

    await admin("DELETE", "/_emulator/calls");

    expect(emulator.calls()).toEqual([]);
    expect(emulator.sls.listGroups("shop-prod", "orders")).toHaveLength(2);
  });

  it("[emulator-only] POST /_emulator/reset deletes every group of every service, checkpoints too", async () => {
    emulator.dms.createGroup(PROJECT, "billing", "workers");
    emulator.sls.setCheckpoints("shop-prod", "orders", "billing", [{ shard: 1 }]);

    await admin("POST", "/_emulator/reset");

    expect(emulator.sls.listGroups("shop-prod", "orders")).toEqual([]);
    expect(emulator.dms.listGroups(PROJECT, "billing")).toEqual([]);
    emulator.sls.createGroup("shop-prod", "orders", { name: "billing", timeout: 60, order: false });
    expect(emulator.sls.checkpoints("shop-prod", "orders", "billing")).toEqual([]);
  });
});

describe("setting SLS checkpoints", () => {
  it("[emulator-only] PUT /_emulator/sls/checkpoints sets shards that GetCheckPoint then answers", async () => {
    const set = await admin("PUT", "/_emulator/sls/checkpoints/shop-prod/orders/billing", [
      { shard: 1, checkpoint: "MTcwMA==", updateTime: (NOW - 42_000) * 1000, consumer: "worker-7" },
      { shard: 0 },
    ]);
    const read = await sendSigned(emulator.url, {
      method: "GET",
      path: "/logstores/orders/consumergroups/billing",
      key: SLS_KEY,
    });

    const expected = [
      { shard: 0, checkpoint: "", updateTime: NOW * 1000, consumer: "" },
      { shard: 1, checkpoint: "MTcwMA==", updateTime: (NOW - 42_000) * 1000, consumer: "worker-7" },
    ];
    expect(set).toEqual({ status: 200, json: expected });
    expect(read.json).toEqual(expected);
  });

  it("[emulator-only] keeps set checkpoints in the state file", async () => {
    await admin("PUT", "/_emulator/sls/checkpoints/shop-prod/orders/billing", { shard: 1 });

    const saved = JSON.parse(readFileSync(path.join(dir, "state.json"), "utf8")) as {
      sls: { projects: Record<string, { logstores: Record<string, unknown> }> };
    };

    expect(saved.sls.projects["shop-prod"]?.logstores["orders"]).toMatchObject({
      checkpoints: {
        billing: [{ shard: 1, checkpoint: "", updateTime: NOW * 1000, consumer: "" }],
      },
    });
  });

  it.each([
    ["a shard the logstore does not have", [{ shard: 2 }], 404, "ShardNotExist"],
    ["a missing group", [{ shard: 0 }], 404, "ConsumerGroupNotExist", "nobody"],
    ["a negative shard", [{ shard: -1 }], 400, "InvalidAdminBody"],
    ["an unknown field", [{ shard: 0, updatetime: 5 }], 400, "InvalidAdminBody"],
  ])("[emulator-only] rejects %s", async (_what, body, status, code, group = "billing") => {
    const answer = await admin("PUT", `/_emulator/sls/checkpoints/shop-prod/orders/${group}`, body);

    expect(answer).toMatchObject({ status, json: { errorCode: code } });
    expect(emulator.sls.listGroups("shop-prod", "orders").length).toBe(2);
  });
});

describe("setting DMS message counts", () => {
  it("[emulator-only] PUT /_emulator/dms/messages sets counters that the group list answers", async () => {
    const id = emulator.dms.createGroup(PROJECT, "billing", "workers");

    const set = await admin("PUT", `/_emulator/dms/messages/${PROJECT}/billing/workers`, {
      available_messages: 120,
      produced_messages: 500,
      consumed_messages: 380,
    });
    const listed = await sendDms(emulator.url, {
      method: "GET",
      path: `/v1.0/${PROJECT}/queues/${QUEUE}/groups?include_deadletter=true`,
      key: DMS_KEY,
      at: NOW,
    });

    expect(set).toEqual({
      status: 200,
      json: { available_messages: 120, produced_messages: 500, consumed_messages: 380 },
    });
    expect(listed.json).toMatchObject({
      groups: [
        {
          id,
          name: "workers",
          produced_messages: 500,
          consumed_messages: 380,
          available_messages: 120,
          produced_deadletters: 0,
          available_deadletters: 0,
        },
      ],
    });
  });

  it("[emulator-only] rejects an unknown counter name with 400, naming the valid ones", async () => {
    emulator.dms.createGroup(PROJECT, "billing", "workers");

    const answer = await admin("PUT", `/_emulator/dms/messages/${PROJECT}/billing/workers`, {
      waiting: 3,
    });

    expect(answer).toMatchObject({ status: 400, json: { errorCode: "InvalidAdminBody" } });
    expect(JSON.stringify(answer.json)).toContain("available_messages");
  });
});

describe("request log", () => {
  it("[emulator-only] reports each request to onRequest, and writes nothing to stdout without it", async () => {
    const write = jest.spyOn(process.stdout, "write");
    const entries: unknown[] = [];
    const logged = await startEmulator({
      sls: SLS,
      now: () => NOW,
      onRequest: (e) => entries.push(e),
    });
    try {
      await request(`${logged.url}/_emulator/state`);
      await listSlsGroups(); // the silent emulator of beforeEach
    } finally {
      await logged.close();
      write.mockRestore();
    }

    expect(entries).toEqual([
      { at: NOW, method: "GET", path: "/_emulator/state", status: 200, requestId: "" },
    ]);
    expect(write).not.toHaveBeenCalled();
  });
});

// ---------------------------------------------------------------------------------------------

async function admin(
  method: "GET" | "PUT" | "POST" | "DELETE",
  route: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await request(`${emulator.url}${route}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.statusCode, json: await res.body.json() };
}

async function listSlsGroups(): Promise<void> {
  const answer = await sendSigned(emulator.url, {
    method: "GET",
    path: "/logstores/orders/consumergroups",
    key: SLS_KEY,
  });
  expect(answer.status).toBe(200);
}
