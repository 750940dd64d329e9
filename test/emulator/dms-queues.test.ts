// DMS queues over signed HTTP: create (POST /v1.0/{project_id}/queues) and delete
// (DELETE /v1.0/{project_id}/queues/{queue_id}), signed SDK-HMAC-SHA256 as every DMS call.
// Markers: [documented] = the cloud's API documentation; [emulator-only] = a choice of ours.
//
// | case                                  | answer                                          |
// |---------------------------------------|-------------------------------------------------|
// | create                                | 201 {id, name}; Kafka queues also kafka_topic    |
// | delete                                | 204, empty body; its groups are gone             |
// | delete an unknown / malformed queue id | 404 DMS.10240401 / 400 DMS.10240015             |
// | unsigned                              | 401 DMS.10240103                                 |

import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { DMS_REQUEST_ID, sendDms } from "./dms-signed-request";

const PROJECT = "0123456789abcdef0123456789abcdef";
const KEY = { accessKey: "AK-queues-test", secretKey: "queues-test-secret" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let emulator: RunningEmulator;

beforeEach(async () => {
  emulator = await startEmulator({
    dms: { projects: { [PROJECT]: { queues: [{ name: "billing" }] } }, accessKeys: [KEY] },
  });
});
afterEach(async () => {
  await emulator.close();
});

describe("create queue", () => {
  it("[documented] answers 201 with the new queue's id and name, and lists it", async () => {
    const res = await createQueue({ name: "refunds", queue_mode: "FIFO" });

    expect(res.status).toBe(201);
    expect(res.json).toEqual({ id: expect.stringMatching(UUID), name: "refunds" });
    expect(res.headers["x-request-id"]).toMatch(DMS_REQUEST_ID);
    expect(emulator.dms.listQueues(PROJECT)).toEqual([
      { id: expect.stringMatching(UUID), name: "billing" },
      { id: (res.json as { id: string }).id, name: "refunds" },
    ]);
    expect(emulator.calls().map((c) => `${c.action}:${c.status}:${c.target}`)).toEqual([
      `CreateQueue:201:${PROJECT}/refunds`,
    ]);
  });

  it("[documented] answers a Kafka queue's kafka_topic too", async () => {
    const res = await createQueue({ name: "events", queue_mode: "KAFKA_HA" });
    const { id } = res.json as { id: string };

    expect(res.json).toEqual({ id, name: "events", kafka_topic: `k-${PROJECT}-${id}` });
  });

  it("fails with 401 DMS.10240103 and creates nothing when the request is not signed", async () => {
    const res = await sendDms(emulator.url, {
      method: "POST",
      path: `/v1.0/${PROJECT}/queues`,
      body: JSON.stringify({ name: "refunds" }),
    });

    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error_code: "DMS.10240103" });
    expect(emulator.dms.listQueues(PROJECT).map((q) => q.name)).toEqual(["billing"]);
  });
});

describe("delete queue", () => {
  it("[documented] answers 204, and the queue's groups go with it (the cascade is emulator-only)", async () => {
    const { id } = (await createQueue({ name: "refunds" })).json as { id: string };
    emulator.dms.createGroup(PROJECT, id, "reader");

    const res = await sendDms(emulator.url, {
      method: "DELETE",
      path: `/v1.0/${PROJECT}/queues/${id}`,
      key: KEY,
    });
    const groups = await sendDms(emulator.url, {
      method: "GET",
      path: `/v1.0/${PROJECT}/queues/${id}/groups`,
      key: KEY,
    });
    const again = await createQueue({ name: "refunds" });

    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(groups.status).toBe(404);
    expect(groups.json).toMatchObject({ error_code: "DMS.10240401" });
    // A queue made again under the same name is a new queue without the old groups.
    const newId = (again.json as { id: string }).id;
    expect(newId).not.toBe(id);
    expect(emulator.dms.listGroups(PROJECT, newId)).toEqual([]);
  });

  it("[documented] fails with 404 DMS.10240401 for a queue id the project lacks", async () => {
    const res = await sendDms(emulator.url, {
      method: "DELETE",
      path: `/v1.0/${PROJECT}/queues/00000000-0000-4000-8000-000000000000`,
      key: KEY,
    });

    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error_code: "DMS.10240401" });
  });

  it("[documented] fails with 400 DMS.10240015 for a queue id that is not a UUID", async () => {
    const res = await sendDms(emulator.url, {
      method: "DELETE",
      path: `/v1.0/${PROJECT}/queues/billing`,
      key: KEY,
    });

    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error_code: "DMS.10240015" });
    expect(emulator.dms.listQueues(PROJECT).map((q) => q.name)).toEqual(["billing"]);
  });

  it("deletes a queue by name through the state accessor, its groups with it", () => {
    emulator.dms.createGroup(PROJECT, "billing", "reader");

    emulator.dms.deleteQueue(PROJECT, "billing");

    expect(emulator.dms.listQueues(PROJECT)).toEqual([]);
    expect(() => emulator.dms.listGroups(PROJECT, "billing")).toThrow(
      expect.objectContaining({ code: "DMS.10240401" }),
    );
  });
});

function createQueue(body: Record<string, unknown>) {
  return sendDms(emulator.url, {
    method: "POST",
    path: `/v1.0/${PROJECT}/queues`,
    body: JSON.stringify(body),
    key: KEY,
  });
}
