// The SLS consumer-group routes, driven over HTTP by our own client (lib/clients/sls/client.ts).
// Markers: [documented] = the cloud's API documentation; [vector] = official SDK or signing vector;
// [emulator-only] = a choice of ours where the service is undocumented.
//
// | case                                   | answer                              |
// |----------------------------------------|-------------------------------------|
// | create, list, update, delete           | 200, empty body; list = bare array  |
// | unknown project / logstore             | 404 ProjectNotExist / LogStoreNotExist |
// | create existing                        | 400 ConsumerGroupAlreadyExist       |
// | update / delete missing                | 404 ConsumerGroupNotExist (delete: or 200) |
// | 31st group                             | 400 ConsumerGroupQuotaExceed        |
// | bad name, timeout, body                | 400 JsonInfoInvalid                 |

import type { Dispatcher } from "undici";
import { CloudApiError } from "../../lib/clients/cloud-api-error";
import { SlsClient } from "../../lib/clouds/alibaba/sls/client/sls-client";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import type { SlsEmulatorConfig } from "../../lib/clouds/alibaba/sls/emulator/sls-emulator-service";
import { createDispatcher } from "../../lib/http/dispatcher";
import { REQUEST_ID, sendSigned } from "./signed-request";

const KEY = { accessKeyId: "LTAI-emulator-test", accessKeySecret: "emulator-test-secret" };
const CONFIG: SlsEmulatorConfig = {
  accessKeys: [KEY],
  projects: { "shop-prod": { logstores: ["orders", "payments"] } },
};

let emulator: RunningEmulator;
let dispatcher: Dispatcher;

beforeEach(async () => {
  emulator = await startEmulator({ sls: CONFIG });
  dispatcher = createDispatcher({ requestTimeoutMs: 5000 });
});
afterEach(async () => {
  await dispatcher.close();
  await emulator.close();
});

describe("lifecycle", () => {
  it("[documented] creates, lists, updates and deletes a group", async () => {
    const sls = client();

    const created = await sls.createConsumerGroup("orders", {
      name: "orders-reader",
      timeout: 300,
      order: true,
    });
    const listed = await sls.listConsumerGroups("orders");
    const updated = await sls.updateConsumerGroup("orders", "orders-reader", {
      timeout: 600,
      order: false,
    });
    const afterUpdate = await sls.listConsumerGroups("orders");
    const deleted = await sls.deleteConsumerGroup("orders", "orders-reader");
    const afterDelete = await sls.listConsumerGroups("orders");

    expect(listed.groups).toEqual([{ name: "orders-reader", timeout: 300, order: true }]);
    expect(afterUpdate.groups).toEqual([{ name: "orders-reader", timeout: 600, order: false }]);
    expect(afterDelete.groups).toEqual([]);
    for (const r of [created, listed, updated, deleted]) expect(r.requestId).toMatch(REQUEST_ID);
    expect(emulator.calls().map((c) => `${c.action}:${c.status}:${c.target}`)).toEqual([
      "CreateConsumerGroup:200:shop-prod/orders/orders-reader",
      "ListConsumerGroup:200:shop-prod/orders",
      "UpdateConsumerGroup:200:shop-prod/orders/orders-reader",
      "ListConsumerGroup:200:shop-prod/orders",
      "DeleteConsumerGroup:200:shop-prod/orders/orders-reader",
      "ListConsumerGroup:200:shop-prod/orders",
    ]);
  });

  it("[documented] answers create with 200, an empty body, a request id and a Date", async () => {
    const res = await sendSigned(emulator.url, {
      method: "POST",
      path: "/logstores/orders/consumergroups",
      body: '{"consumerGroup":"g1","timeout":60,"order":false}',
      key: KEY,
    });

    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    expect(res.headers["content-length"]).toBe("0");
    expect(res.headers["x-log-requestid"]).toMatch(REQUEST_ID);
    expect(Number.isNaN(Date.parse(res.headers["date"] ?? ""))).toBe(false);
  });

  it("[documented] lists as a bare JSON array with application/json, [] when empty", async () => {
    const res = await sendSigned(emulator.url, {
      method: "GET",
      path: "/logstores/payments/consumergroups",
      key: KEY,
    });

    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.json).toEqual([]);
  });

  it("[documented] keeps groups per logstore: one name may exist in two logstores", async () => {
    const sls = client();
    await sls.createConsumerGroup("orders", { name: "shared", timeout: 60, order: false });
    await sls.createConsumerGroup("payments", { name: "shared", timeout: 90, order: true });

    expect(emulator.sls.listGroups("shop-prod", "payments")).toEqual([
      { name: "shared", timeout: 90, order: true },
    ]);
  });

  it("[documented] updates only order when the body has only order", async () => {
    emulator.sls.createGroup("shop-prod", "orders", { name: "g1", timeout: 120, order: false });

    const res = await sendSigned(emulator.url, {
      method: "PUT",
      path: "/logstores/orders/consumergroups/g1",
      body: '{"order":true}',
      key: KEY,
    });

    expect(res.status).toBe(200);
    expect(emulator.sls.listGroups("shop-prod", "orders")).toEqual([
      { name: "g1", timeout: 120, order: true },
    ]);
  });
});

describe("resource errors", () => {
  it("[documented] rejects an unknown project with 404 ProjectNotExist", async () => {
    const err = await failure(client("no-such-project").listConsumerGroups("orders"));

    expect([err.status, err.cloudCode, err.cloudMessage]).toEqual([
      404,
      "ProjectNotExist",
      "The Project does not exist : no-such-project",
    ]);
    expect(err.requestId).toMatch(REQUEST_ID);
  });

  it("[documented] rejects an unknown logstore with 404 LogStoreNotExist", async () => {
    const err = await failure(
      client().createConsumerGroup("gone", { name: "g", timeout: 60, order: false }),
    );

    expect([err.status, err.cloudCode, err.cloudMessage]).toEqual([
      404,
      "LogStoreNotExist",
      "logstore gone dose not exist",
    ]);
  });

  it("[documented] rejects creating an existing group with 400 ConsumerGroupAlreadyExist", async () => {
    emulator.sls.createGroup("shop-prod", "orders", { name: "g1", timeout: 60, order: false });

    const err = await failure(
      client().createConsumerGroup("orders", { name: "g1", timeout: 300, order: true }),
    );

    expect([err.status, err.cloudCode, err.cloudMessage]).toEqual([
      400,
      "ConsumerGroupAlreadyExist",
      "consumer group already exist",
    ]);
    expect(emulator.sls.listGroups("shop-prod", "orders")).toEqual([
      { name: "g1", timeout: 60, order: false },
    ]);
  });

  it("[documented] rejects updating a missing group with 404 ConsumerGroupNotExist", async () => {
    const err = await failure(
      client().updateConsumerGroup("orders", "missing", { timeout: 60, order: false }),
    );

    expect([err.status, err.cloudCode, err.cloudMessage]).toEqual([
      404,
      "ConsumerGroupNotExist",
      "consumer group not exist",
    ]);
  });

  it("[emulator-only] rejects deleting a missing group with 404 ConsumerGroupNotExist by default", async () => {
    const err = await failure(client().deleteConsumerGroup("orders", "missing"));

    expect([err.status, err.cloudCode]).toEqual([404, "ConsumerGroupNotExist"]);
  });

  it("[emulator-only] answers 200 for a missing group when deleteMissingGroup is ok", async () => {
    await emulator.close();
    emulator = await startEmulator({ sls: { ...CONFIG, deleteMissingGroup: "ok" } });

    const res = await client().deleteConsumerGroup("orders", "missing");

    expect(res.requestId).toMatch(REQUEST_ID);
    expect(emulator.calls().map((c) => `${c.action}:${c.status}`)).toEqual([
      "DeleteConsumerGroup:200",
    ]);
  });

  it("[documented] rejects the 31st group of a logstore with ConsumerGroupQuotaExceed (status 400 UNVERIFIED)", async () => {
    for (let i = 0; i < 30; i++) {
      await client().createConsumerGroup("orders", { name: `g${i}`, timeout: 60, order: false });
    }

    const err = await failure(
      client().createConsumerGroup("orders", { name: "g30", timeout: 60, order: false }),
    );

    expect([err.status, err.cloudCode]).toEqual([400, "ConsumerGroupQuotaExceed"]);
    expect(err.cloudMessage).toContain("30");
    expect(emulator.sls.listGroups("shop-prod", "orders")).toHaveLength(30);
    // Another logstore has its own quota.
    await client().createConsumerGroup("payments", { name: "g30", timeout: 60, order: false });
  });

  it("[emulator-only] applies a configured maxGroupsPerLogstore", async () => {
    await emulator.close();
    emulator = await startEmulator({ sls: { ...CONFIG, maxGroupsPerLogstore: 1 } });
    await client().createConsumerGroup("orders", { name: "a", timeout: 60, order: false });

    const err = await failure(
      client().createConsumerGroup("orders", { name: "b", timeout: 60, order: false }),
    );

    expect(err.cloudCode).toBe("ConsumerGroupQuotaExceed");
  });
});

describe("body validation", () => {
  // [documented]: the codes SLS documents for CreateConsumerGroup and UpdateConsumerGroup; the
  // server's name rule and timeout range are UNVERIFIED, the emulator applies
  // lib/contract/rules.ts.
  it.each([
    ["[documented] rejects a body that is not JSON", "POST", "", "{not json"],
    [
      "[documented] rejects a create without consumerGroup",
      "POST",
      "",
      '{"timeout":60,"order":true}',
    ],
    [
      "[documented] rejects a timeout that is a string",
      "POST",
      "",
      '{"consumerGroup":"g","timeout":"60","order":true}',
    ],
    [
      "[emulator-only] rejects a timeout of 0",
      "POST",
      "",
      '{"consumerGroup":"g","timeout":0,"order":true}',
    ],
    [
      "[emulator-only] rejects a timeout above 86400",
      "POST",
      "",
      '{"consumerGroup":"g","timeout":86401,"order":true}',
    ],
    [
      "[emulator-only] rejects a name with a character outside [A-Za-z0-9_-]",
      "POST",
      "",
      '{"consumerGroup":"bad!name","timeout":60,"order":true}',
    ],
    [
      "[emulator-only] rejects a name over 128 characters",
      "POST",
      "",
      JSON.stringify({ consumerGroup: "a".repeat(129), timeout: 60, order: true }),
    ],
    [
      "[emulator-only] rejects an order that is not a boolean",
      "POST",
      "",
      '{"consumerGroup":"g","timeout":60,"order":"yes"}',
    ],
    ["[documented] rejects an update with neither timeout nor order", "PUT", "/existing", "{}"],
    [
      "[emulator-only] rejects an update whose body names the group (SDKs send timeout, order)",
      "PUT",
      "/existing",
      '{"consumerGroup":"existing","timeout":60}',
    ],
    ["[documented] rejects an update with a string timeout", "PUT", "/existing", '{"timeout":"x"}'],
  ])("%s with 400 JsonInfoInvalid", async (_title, method, suffix, body) => {
    emulator.sls.createGroup("shop-prod", "orders", {
      name: "existing",
      timeout: 60,
      order: false,
    });

    const res = await sendSigned(emulator.url, {
      method: method as "POST" | "PUT",
      path: `/logstores/orders/consumergroups${suffix}`,
      body,
      key: KEY,
    });

    expect(res.status).toBe(400);
    expect((res.json as { errorCode: string }).errorCode).toBe("JsonInfoInvalid");
    expect(res.headers["x-log-requestid"]).toMatch(REQUEST_ID);
    expect(emulator.sls.listGroups("shop-prod", "orders")).toEqual([
      { name: "existing", timeout: 60, order: false },
    ]);
  });

  it("[documented] defaults order to false when a create leaves it out (older docs: optional)", async () => {
    const res = await sendSigned(emulator.url, {
      method: "POST",
      path: "/logstores/orders/consumergroups",
      body: '{"consumerGroup":"g","timeout":60}',
      key: KEY,
    });

    expect(res.status).toBe(200);
    expect(emulator.sls.listGroups("shop-prod", "orders")).toEqual([
      { name: "g", timeout: 60, order: false },
    ]);
  });

  it("[documented] rejects another method on a group path with 405 InvalidMethod", async () => {
    const res = await sendSigned(emulator.url, {
      method: "PATCH",
      path: "/logstores/orders/consumergroups/g",
      key: KEY,
    });

    expect(res.status).toBe(405);
    expect(res.json).toMatchObject({ errorCode: "InvalidMethod" });
  });

  it("[documented] answers an empty group name (trailing slash) with 405 InvalidMethod", async () => {
    const res = await sendSigned(emulator.url, {
      method: "DELETE",
      path: "/logstores/orders/consumergroups/",
      key: KEY,
    });

    expect(res.status).toBe(405);
  });

  it("[documented] answers GetCheckPoint with [] for an existing group and 404 for a missing one", async () => {
    emulator.sls.createGroup("shop-prod", "orders", { name: "g1", timeout: 60, order: false });

    const found = await sendSigned(emulator.url, {
      method: "GET",
      path: "/logstores/orders/consumergroups/g1",
      key: KEY,
    });
    const missing = await sendSigned(emulator.url, {
      method: "GET",
      path: "/logstores/orders/consumergroups/g2",
      key: KEY,
    });

    expect([found.status, found.json]).toEqual([200, []]);
    expect([missing.status, (missing.json as { errorCode: string }).errorCode]).toEqual([
      404,
      "ConsumerGroupNotExist",
    ]);
  });
});

describe("request ids", () => {
  it("[documented] puts a 24-hex x-log-requestid and a Date on every answer, errors too, all distinct", async () => {
    const answers = [
      await sendSigned(emulator.url, {
        method: "GET",
        path: "/logstores/orders/consumergroups",
        key: KEY,
      }),
      await sendSigned(emulator.url, {
        method: "GET",
        path: "/logstores/nope/consumergroups",
        key: KEY,
      }),
      await sendSigned(emulator.url, {
        method: "GET",
        path: "/logstores/orders/consumergroups",
        key: { ...KEY, accessKeySecret: "wrong" },
      }),
      await sendSigned(emulator.url, {
        method: "GET",
        path: "/logstores/orders/consumergroups",
        key: KEY,
        date: "Mon, 01 Jan 2001 00:00:00 GMT",
      }),
      await sendSigned(emulator.url, {
        method: "PATCH",
        path: "/logstores/orders/consumergroups/g",
        key: KEY,
      }),
    ];

    const ids = answers.map((a) => a.headers["x-log-requestid"]);
    for (const id of ids) expect(id).toMatch(REQUEST_ID);
    for (const a of answers) expect(a.headers["date"]).toMatch(/GMT$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(emulator.calls().map((c) => c.requestId)).toEqual(ids);
    expect(answers.map((a) => a.status)).toEqual([200, 404, 401, 400, 405]);
  });
});

// ---------------------------------------------------------------------------------------

function client(project = "shop-prod"): SlsClient {
  return new SlsClient({ endpoint: emulator.url, project, credentials: KEY, dispatcher });
}

async function failure(promise: Promise<unknown>): Promise<CloudApiError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof CloudApiError) return e;
    throw e;
  }
  throw new Error("expected the call to fail, it succeeded");
}
