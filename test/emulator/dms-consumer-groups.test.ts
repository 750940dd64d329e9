// DMS queue consumer groups over real HTTP with the project's DmsClient (lib/clients/dms).
// Behaviour sources: the DMS API documentation (routes, bodies) and the API documentation (error table, from the OTC
// error_codes.rst and support.huaweicloud.com dms-api-0312022); the create example is the seed
// Huawei Cloud's API page "Creating a Consumer Group".

import type { Dispatcher } from "undici";
import { isCloudApiError, type CloudApiError } from "../../lib/clients/cloud-api-error";
import { DmsClient } from "../../lib/clouds/huawei/dms/client/dms-client";
import type { DmsAuth } from "../../lib/clouds/huawei/dms/client/dms-types";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import type { DmsEmulatorConfig } from "../../lib/clouds/huawei/dms/emulator/dms-emulator-service";
import { createDispatcher } from "../../lib/http/dispatcher";
import { DMS_REQUEST_ID, sendDms } from "./dms-signed-request";

const PROJECT = "0123456789abcdef0123456789abcdef";
const QUEUE = "9bf46390-38a2-462d-b392-4d5b2d519c55";
const KEY = { accessKey: "AK-groups-test", secretKey: "groups-test-secret" };
const AKSK: DmsAuth = { kind: "aksk", ...KEY };
const GROUP_ID = /^g-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let clock = Date.now();
let emulator: RunningEmulator;
let dispatcher: Dispatcher;

beforeEach(async () => {
  clock = Date.now();
  dispatcher = createDispatcher({ requestTimeoutMs: 5000 });
  emulator = await start();
});
afterEach(async () => {
  await emulator.close();
  await dispatcher.close();
});

describe("create, list and delete", () => {
  it("[documented] creates a group: 201 with g-<uuid> id and the name (seed example group-aa)", async () => {
    const result = await client().createGroups(QUEUE, ["group-aa"]);

    expect(result.groups).toEqual([{ id: expect.stringMatching(GROUP_ID), name: "group-aa" }]);
    expect(result.requestId).toMatch(DMS_REQUEST_ID);
    expect(emulator.dms.listGroups(PROJECT, "queue_001")).toEqual(result.groups);
  });

  it("[documented] lists the queue's groups with queue_id and queue_name", async () => {
    const { groups } = await client().createGroups(QUEUE, ["group-aa"]);

    const list = await client().listGroups(QUEUE);

    expect(list).toMatchObject({ queueId: QUEUE, queueName: "queue_001", groups });
    expect(list.redrivePolicy).toBeUndefined();
  });

  it("[documented] deletes a group by id: 204 with an empty body, then it is gone", async () => {
    const id = emulator.dms.createGroup(PROJECT, QUEUE, "group-aa");

    const res = await sendDms(emulator.url, {
      method: "DELETE",
      path: `/v1.0/${PROJECT}/queues/${QUEUE}/groups/${id}`,
      key: KEY,
    });

    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(emulator.dms.listGroups(PROJECT, QUEUE)).toEqual([]);
  });

  it("[documented] DmsClient.deleteGroup resolves for an existing group", async () => {
    const id = emulator.dms.createGroup(PROJECT, QUEUE, "group-aa");

    const { requestId } = await client().deleteGroup(QUEUE, id);

    expect(requestId).toMatch(DMS_REQUEST_ID);
  });

  it("[documented] lists queues and gets one queue by id", async () => {
    const { queues } = await client().listQueues();
    const { queue } = await client().getQueue(QUEUE);

    expect(queues).toEqual([
      { id: QUEUE, name: "queue_001" },
      { id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: "audit" },
    ]);
    expect(queue).toEqual({ id: QUEUE, name: "queue_001" });
  });

  it("[documented] a queue's list entry has the documented fields; counters only when asked", async () => {
    const plain = await get(`/v1.0/${PROJECT}/queues`);
    const full = await get(
      `/v1.0/${PROJECT}/queues?include_deadletter=true&include_messages_num=true`,
    );

    const entry = (plain.json as { total: number; queues: Record<string, unknown>[] }).queues[0];
    expect(plain.json).toMatchObject({ total: 2 });
    expect(entry).toMatchObject({
      id: QUEUE,
      name: "queue_001",
      description: "",
      queue_mode: "NORMAL",
      created: clock,
      eff_date: clock,
      group_count: 0,
    });
    expect(entry).not.toHaveProperty("produced_messages");
    expect(entry).not.toHaveProperty("redrive_policy");
    expect((full.json as { queues: unknown[] }).queues[0]).toMatchObject({
      produced_messages: 0,
      redrive_policy: "disable",
    });
  });

  it("[documented] a created queue answers 201 {id, name} and is listed", async () => {
    const res = await sendDms(emulator.url, {
      method: "POST",
      path: `/v1.0/${PROJECT}/queues`,
      body: JSON.stringify({ name: "queue-002", queue_mode: "FIFO", description: "fifo" }),
      key: KEY,
    });

    expect(res.status).toBe(201);
    expect(res.json).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: "queue-002" });
    expect(emulator.dms.listQueues(PROJECT).map((q) => q.name)).toContain("queue-002");
  });
});

describe("list options", () => {
  it("[documented] counters by default, none with include_messages_num=false", async () => {
    emulator.dms.createGroup(PROJECT, QUEUE, "group-aa");

    const counted = await get(`/v1.0/${PROJECT}/queues/${QUEUE}/groups`);
    const bare = await get(`/v1.0/${PROJECT}/queues/${QUEUE}/groups?include_messages_num=false`);

    expect((counted.json as { groups: unknown[] }).groups[0]).toEqual({
      id: expect.stringMatching(GROUP_ID),
      name: "group-aa",
      produced_messages: 0,
      consumed_messages: 0,
      available_messages: 0,
    });
    expect((bare.json as { groups: unknown[] }).groups[0]).toEqual({
      id: expect.stringMatching(GROUP_ID),
      name: "group-aa",
    });
  });

  it("[documented] include_deadletter=true adds redrive_policy and the dead-letter counters", async () => {
    emulator.dms.createGroup(PROJECT, QUEUE, "group-aa");

    const res = await get(`/v1.0/${PROJECT}/queues/${QUEUE}/groups?include_deadletter=true`);
    const viaClient = await client().listGroups(QUEUE, { includeDeadletter: true });

    expect(res.json).toMatchObject({
      queue_id: QUEUE,
      queue_name: "queue_001",
      redrive_policy: "disable",
      groups: [{ name: "group-aa", produced_deadletters: 0, available_deadletters: 0 }],
    });
    expect(viaClient.redrivePolicy).toBe("disable");
  });

  it("[documented] pages only when page_size and current_page are both valid (1-based: unverified)", async () => {
    for (const name of ["a", "b", "c"]) emulator.dms.createGroup(PROJECT, QUEUE, name);
    const names = async (query: string) =>
      (
        (await get(`/v1.0/${PROJECT}/queues/${QUEUE}/groups?${query}`)).json as {
          groups: { name: string }[];
        }
      ).groups.map((g) => g.name);

    expect(await names("page_size=2&current_page=2")).toEqual(["c"]);
    expect(await names("page_size=2")).toEqual(["a", "b", "c"]);
    expect(await names("page_size=x&current_page=1")).toEqual(["a", "b", "c"]);
  });
});

describe("group rules", () => {
  it("[documented] rejects a 4th group on the queue with 400 DMS.10240019", async () => {
    await client().createGroups(QUEUE, ["g1"]);
    await client().createGroups(QUEUE, ["g2"]);
    await client().createGroups(QUEUE, ["g3"]);

    const error = await failure(client().createGroups(QUEUE, ["g4"]));

    expect(error).toMatchObject({ status: 400, cloudCode: "DMS.10240019", kind: "QUOTA_EXCEEDED" });
    expect(emulator.dms.listGroups(PROJECT, QUEUE).map((g) => g.name)).toEqual(["g1", "g2", "g3"]);
  });

  it("[documented] rejects more than 3 groups in one request as a whole with DMS.10240019", async () => {
    const error = await failure(client().createGroups(QUEUE, ["a", "b", "c", "d"]));

    expect(error).toMatchObject({ status: 400, cloudCode: "DMS.10240019" });
    expect(emulator.dms.listGroups(PROJECT, QUEUE)).toEqual([]);
  });

  it("[emulator-only] a request that would pass 3 in total creates none (atomicity unverified)", async () => {
    await client().createGroups(QUEUE, ["a", "b"]);

    const error = await failure(client().createGroups(QUEUE, ["c", "d"]));

    expect(error.cloudCode).toBe("DMS.10240019");
    expect(emulator.dms.listGroups(PROJECT, QUEUE).map((g) => g.name)).toEqual(["a", "b"]);
  });

  it("[emulator-only] honours maxGroupsPerQueue from the config", async () => {
    await restart({ maxGroupsPerQueue: 1 });
    await client().createGroups(QUEUE, ["a"]);

    expect((await failure(client().createGroups(QUEUE, ["b"]))).cloudCode).toBe("DMS.10240019");
  });

  it("[documented] rejects a duplicate name with 400 DMS.10240018 (ALREADY_EXISTS)", async () => {
    await client().createGroups(QUEUE, ["group-aa"]);

    const error = await failure(client().createGroups(QUEUE, ["group-aa"]));

    expect(error).toMatchObject({ status: 400, cloudCode: "DMS.10240018", kind: "ALREADY_EXISTS" });
  });

  it("[documented] rejects a name repeated within one request with DMS.10240018", async () => {
    const res = await post(`/v1.0/${PROJECT}/queues/${QUEUE}/groups`, {
      groups: [{ name: "x" }, { name: "x" }],
    });

    expect(res.json).toEqual({
      error_code: "DMS.10240018",
      error_msg: "The consumer group already exists: x",
    });
  });

  // Raw requests: DmsClient refuses bad names before sending.
  it.each([
    ["a character outside [A-Za-z0-9_-]", "billing!", "DMS.10240007"],
    ["a dot", "a.b", "DMS.10240007"],
    ["33 characters", "a".repeat(33), "DMS.10240012"],
    ["an empty name", "", "DMS.10240012"],
  ])("[documented] rejects a group name with %s: 400 %s", async (_what, name, code) => {
    const res = await post(`/v1.0/${PROJECT}/queues/${QUEUE}/groups`, { groups: [{ name }] });

    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error_code: code });
  });

  it("[documented] accepts a 32-character name of every allowed character class", async () => {
    const name = "Az09_-".padEnd(32, "x");

    expect((await client().createGroups(QUEUE, [name])).groups[0]?.name).toBe(name);
  });

  it.each([
    ["not JSON", "{oops"],
    ["a JSON array", "[]"],
    ["no groups", "{}"],
    ["an empty groups array", '{"groups":[]}'],
    ["a name that is not a string", '{"groups":[{"name":7}]}'],
  ])("[documented] rejects a create body that is %s with 400 DMS.10240009", async (_what, body) => {
    const res = await sendDms(emulator.url, {
      method: "POST",
      path: `/v1.0/${PROJECT}/queues/${QUEUE}/groups`,
      body,
      key: KEY,
    });

    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error_code: "DMS.10240009" });
  });
});

describe("lookups that fail", () => {
  it("[documented] unknown queue: 404 DMS.10240401 (NOT_FOUND)", async () => {
    const error = await failure(client().listGroups("00000000-0000-4000-8000-000000000000"));

    expect(error).toMatchObject({ status: 404, cloudCode: "DMS.10240401", kind: "NOT_FOUND" });
  });

  it("[documented] unknown group: 404 DMS.10240405 (NOT_FOUND)", async () => {
    const error = await failure(
      client().deleteGroup(QUEUE, "g-00000000-0000-4000-8000-000000000000"),
    );

    expect(error).toMatchObject({ status: 404, cloudCode: "DMS.10240405", kind: "NOT_FOUND" });
  });

  it("[documented] malformed queue id: 400 DMS.10240015", async () => {
    const error = await failure(client().getQueue("not-a-uuid"));

    expect(error).toMatchObject({ status: 400, cloudCode: "DMS.10240015" });
  });

  it("[documented] malformed group id: 400 DMS.10240016", async () => {
    const error = await failure(
      client().deleteGroup(QUEUE, "5ec247fd-d4a2-4d4f-9876-e4ff3280c461"),
    );

    expect(error).toMatchObject({ status: 400, cloudCode: "DMS.10240016" });
  });

  it("[documented] a duplicate queue name: 400 DMS.10240017", async () => {
    const res = await post(`/v1.0/${PROJECT}/queues`, { name: "queue_001" });

    expect(res.json).toMatchObject({ error_code: "DMS.10240017" });
  });

  it("[documented] queue names: bad characters DMS.10240007, length DMS.10240011", async () => {
    const chars = await post(`/v1.0/${PROJECT}/queues`, { name: "q/1" });
    const long = await post(`/v1.0/${PROJECT}/queues`, { name: "q".repeat(65) });

    expect(chars.json).toMatchObject({ error_code: "DMS.10240007" });
    expect(long.json).toMatchObject({ error_code: "DMS.10240011" });
  });

  it("[documented] a method the path does not have: 405 DMS.00405001", async () => {
    const res = await sendDms(emulator.url, {
      method: "PUT",
      path: `/v1.0/${PROJECT}/queues/${QUEUE}/groups`,
      key: KEY,
    });

    expect(res.status).toBe(405);
    expect(res.json).toMatchObject({ error_code: "DMS.00405001" });
  });

  it("[documented] a path no API has: 404 APIGW.0101 from the gateway, before auth", async () => {
    const res = await sendDms(emulator.url, { method: "GET", path: `/v1.0/${PROJECT}/topics` });

    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({
      error_code: "APIGW.0101",
      request_id: res.headers["x-request-id"],
    });
  });

  it("[documented] deleting a queue answers 204 and drops its groups (cascade unverified)", async () => {
    emulator.dms.createGroup(PROJECT, QUEUE, "a");

    const res = await sendDms(emulator.url, {
      method: "DELETE",
      path: `/v1.0/${PROJECT}/queues/${QUEUE}`,
      key: KEY,
    });

    expect(res.status).toBe(204);
    expect((await failure(client().listGroups(QUEUE))).cloudCode).toBe("DMS.10240401");
  });
});

describe("error body shapes", () => {
  it("[documented] flat by default: {error_code, error_msg} and the X-Request-Id header", async () => {
    const res = await get(`/v1.0/${PROJECT}/queues/00000000-0000-4000-8000-000000000000`);

    expect(res.json).toEqual({
      error_code: "DMS.10240401",
      error_msg:
        "The queue ID is incorrect or the queue is not found: 00000000-0000-4000-8000-000000000000",
    });
    expect(res.headers["x-request-id"]).toMatch(DMS_REQUEST_ID);
  });

  it("[emulator-only] nested with errorBodyShape: {error: {code, message}}, still classified", async () => {
    await restart({ errorBodyShape: "nested" });
    await client().createGroups(QUEUE, ["a"]);

    const res = await post(`/v1.0/${PROJECT}/queues/${QUEUE}/groups`, { groups: [{ name: "a" }] });
    const error = await failure(client().createGroups(QUEUE, ["a"]));

    expect(res.json).toEqual({
      error: { code: "DMS.10240018", message: "The consumer group already exists: a" },
    });
    expect(error).toMatchObject({ cloudCode: "DMS.10240018", kind: "ALREADY_EXISTS" });
    expect(error.requestId).toMatch(DMS_REQUEST_ID);
  });

  it("[emulator-only] gateway errors keep the flat gateway shape even when nested is set", async () => {
    await restart({ errorBodyShape: "nested" });

    const res = await sendDms(emulator.url, {
      method: "GET",
      path: `/v1.0/${PROJECT}/queues`,
      key: { ...KEY, secretKey: "wrong" },
    });

    expect(res.json).toEqual({
      error_msg: "Incorrect IAM authentication information: verify aksk signature fail",
      error_code: "APIGW.0301",
      request_id: res.headers["x-request-id"],
    });
  });
});

describe("group initialisation delay (1-3 s)", () => {
  it("[emulator-only] a new group is listed only after groupInitDelayMs, but counts at once", async () => {
    await restart({ groupInitDelayMs: 2000 });
    const { groups } = await client().createGroups(QUEUE, ["group-aa"]);

    const before = await client().listGroups(QUEUE);
    const duplicate = await failure(client().createGroups(QUEUE, ["group-aa"]));
    clock += 2000;
    const after = await client().listGroups(QUEUE);

    expect(before.groups).toEqual([]);
    expect(duplicate.cloudCode).toBe("DMS.10240018");
    expect(after.groups).toEqual(groups);
    expect(emulator.dms.listGroups(PROJECT, QUEUE)).toEqual(groups);
  });

  it("[emulator-only] an initialising group counts toward the 3-group quota and can be deleted", async () => {
    await restart({ groupInitDelayMs: 60_000 });
    const { groups } = await client().createGroups(QUEUE, ["a", "b", "c"]);

    const error = await failure(client().createGroups(QUEUE, ["d"]));
    await client().deleteGroup(QUEUE, groups[0]?.id ?? "");

    expect(error.cloudCode).toBe("DMS.10240019");
    expect(emulator.dms.listGroups(PROJECT, QUEUE).map((g) => g.name)).toEqual(["b", "c"]);
  });
});

describe("call log", () => {
  it("[emulator-only] records service dms, action, target, status and error code", async () => {
    const { groups } = await client().createGroups(QUEUE, ["group-aa", "group-bb"]);
    await client().listGroups(QUEUE);
    await failure(client().createGroups(QUEUE, ["group-aa"]));
    await client().deleteGroup(QUEUE, groups[0]?.id ?? "");
    await client().listQueues();
    await client().getQueue(QUEUE);

    expect(
      emulator.calls().map(({ service, action, target, status, errorCode, method }) => ({
        service,
        action,
        method,
        target,
        status,
        ...(errorCode ? { errorCode } : {}),
      })),
    ).toEqual([
      {
        service: "dms",
        action: "CreateConsumerGroups",
        method: "POST",
        target: `${PROJECT}/queue_001/group-aa`,
        status: 201,
      },
      {
        service: "dms",
        action: "ListConsumerGroups",
        method: "GET",
        target: `${PROJECT}/queue_001`,
        status: 200,
      },
      {
        service: "dms",
        action: "CreateConsumerGroups",
        method: "POST",
        target: `${PROJECT}/queue_001/group-aa`,
        status: 400,
        errorCode: "DMS.10240018",
      },
      {
        service: "dms",
        action: "DeleteConsumerGroup",
        method: "DELETE",
        target: `${PROJECT}/queue_001/group-aa`,
        status: 204,
      },
      { service: "dms", action: "ListQueues", method: "GET", target: PROJECT, status: 200 },
      {
        service: "dms",
        action: "GetQueue",
        method: "GET",
        target: `${PROJECT}/queue_001`,
        status: 200,
      },
    ]);
    for (const call of emulator.calls()) expect(call.requestId).toMatch(DMS_REQUEST_ID);
  });

  it("[emulator-only] every answer, success or failure, has X-Request-Id and Date", async () => {
    const answers = [
      await get(`/v1.0/${PROJECT}/queues`),
      await post(`/v1.0/${PROJECT}/queues/${QUEUE}/groups`, { groups: [{ name: "a" }] }),
      await post(`/v1.0/${PROJECT}/queues/${QUEUE}/groups`, { groups: [{ name: "a" }] }),
      await sendDms(emulator.url, { method: "GET", path: `/v1.0/${PROJECT}/queues` }),
      await sendDms(emulator.url, { method: "GET", path: `/v1.0/${PROJECT}/nothing` }),
    ];

    expect(answers.map((a) => a.status)).toEqual([200, 201, 400, 401, 404]);
    for (const answer of answers) {
      expect(answer.headers["x-request-id"]).toMatch(DMS_REQUEST_ID);
      expect(answer.headers["date"]).toBe(new Date(clock).toUTCString());
    }
  });
});

// ---------------------------------------------------------------------------------------

function config(extra: Partial<DmsEmulatorConfig> = {}): DmsEmulatorConfig {
  return {
    projects: { [PROJECT]: { queues: [{ name: "queue_001", id: QUEUE }, { name: "audit" }] } },
    accessKeys: [KEY],
    ...extra,
  };
}

function start(extra: Partial<DmsEmulatorConfig> = {}): Promise<RunningEmulator> {
  return startEmulator({ now: () => clock, dms: config(extra) });
}

async function restart(extra: Partial<DmsEmulatorConfig>): Promise<void> {
  await emulator.close();
  emulator = await start(extra);
}

function client(auth: DmsAuth = AKSK): DmsClient {
  return new DmsClient({
    endpoint: emulator.url,
    projectId: PROJECT,
    auth,
    dispatcher,
    now: () => clock,
  });
}

function get(path: string) {
  return sendDms(emulator.url, { method: "GET", path, key: KEY, at: clock });
}

function post(path: string, body: unknown) {
  return sendDms(emulator.url, {
    method: "POST",
    path,
    body: JSON.stringify(body),
    key: KEY,
    at: clock,
  });
}

async function failure(promise: Promise<unknown>): Promise<CloudApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isCloudApiError(error)) throw new Error(`expected a CloudApiError, got ${String(error)}`);
  return error;
}
