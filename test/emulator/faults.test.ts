// Fault injection (lib/emulator/faults.ts) over real HTTP with the project's own clients.
// Markers: [documented] = the fault answers with a code/status from the SLS API documentation or
// the DMS API documentation; [emulator-only] = the injection mechanics (counting, sockets,
// admin routes), which no cloud documents.
//
// | fault            | SLS answer                       | DMS answer                            |
// |------------------|----------------------------------|---------------------------------------|
// | throttle         | 403 WriteQuotaExceed / ReadQuota | 429 APIGW.0308 (gateway body)         |
// | throttle variant | server-busy: 503 ServerBusy      | dms-404: 404 DMS.10240407             |
// | error            | {"errorCode","errorMessage"}     | {"error_code","error_msg"} or nested  |
// | reset            | no answer, nothing changed       | no answer, nothing changed            |
// | hang             | no answer within the timeout     | no answer within the timeout          |
// | commit-then-drop | no answer, group created         | no answer, group created              |
// | skew > 15 min    | 400 RequestTimeTooSkewed         | 401 APIGW.0301 + shifted Date header  |

import { setTimeout as sleep } from "node:timers/promises";
import { request, type Dispatcher } from "undici";
import { ErrorKind, isCloudApiError, type CloudApiError } from "../../lib/clients/cloud-api-error";
import { DmsClient } from "../../lib/clouds/huawei/dms/client/dms-client";
import { SlsClient } from "../../lib/clouds/alibaba/sls/client/sls-client";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { createDispatcher } from "../../lib/http/dispatcher";
import { DMS_REQUEST_ID, sendDms } from "./dms-signed-request";
import { REQUEST_ID, sendSigned } from "./signed-request";
import { FaultRuleError, type FaultRule } from "../../lib/emulator/faults";
import type { Fault } from "../../lib/emulator/fault-kinds";

const SLS_KEY = { accessKeyId: "LTAI-faults-test", accessKeySecret: "faults-test-secret" };
const PROJECT = "0123456789abcdef0123456789abcdef";
const QUEUE = "9bf46390-38a2-462d-b392-4d5b2d519c55";
const DMS_KEY = { accessKey: "AK-faults-test", secretKey: "faults-test-secret" };
const GROUP = { name: "orders-reader", timeout: 60, order: false };
const MINUTE = 60_000;

let emulator: RunningEmulator;
const dispatchers: Dispatcher[] = [];

beforeEach(async () => {
  emulator = await start();
});
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.close()));
  await emulator.close();
});

describe("SLS faults", () => {
  it("[documented] throttle: 403 WriteQuotaExceed in the SLS body with a request id; nothing created", async () => {
    emulator.faults.add({ service: "sls", action: "CreateConsumerGroup", fault: throttle() });

    const error = await failure(sls().createConsumerGroup("orders", GROUP));

    expect(error).toMatchObject({ status: 403, cloudCode: "WriteQuotaExceed" });
    expect(error.requestId).toMatch(REQUEST_ID);
    expect(emulator.sls.listGroups("shop-prod", "orders")).toEqual([]);
  });

  it("[documented] throttle on a GET answers 403 ReadQuotaExceed", async () => {
    emulator.faults.add({ service: "sls", fault: throttle() });

    const error = await failure(sls().listConsumerGroups("orders"));

    expect(error).toMatchObject({ status: 403, cloudCode: "ReadQuotaExceed" });
  });

  it('[documented] throttle variant "server-busy" answers 503 ServerBusy', async () => {
    emulator.faults.add({ fault: { kind: "throttle", variant: "server-busy" } });

    const res = await sendSigned(emulator.url, {
      method: "GET",
      path: "/logstores/orders/consumergroups",
      key: SLS_KEY,
    });

    expect(res.status).toBe(503);
    expect(res.json).toEqual({
      errorCode: "ServerBusy",
      errorMessage: "The server is busy, please try again later.",
    });
    expect(res.headers["x-log-requestid"]).toMatch(REQUEST_ID);
  });

  it("[emulator-only] error: the given status and code in the SLS body shape and headers", async () => {
    emulator.faults.add({
      fault: { kind: "error", status: 500, code: "InternalServerError", message: "boom" },
    });

    const res = await sendSigned(emulator.url, {
      method: "POST",
      path: "/logstores/orders/consumergroups",
      body: JSON.stringify({ consumerGroup: "g", timeout: 60, order: false }),
      key: SLS_KEY,
    });

    expect(res.status).toBe(500);
    expect(res.json).toEqual({ errorCode: "InternalServerError", errorMessage: "boom" });
    expect(res.headers["x-log-requestid"]).toMatch(REQUEST_ID);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(emulator.sls.listGroups("shop-prod", "orders")).toEqual([]);
  });

  it("[emulator-only] reset: no answer, nothing created, the call recorded with status 0", async () => {
    emulator.faults.add({ action: "CreateConsumerGroup", fault: { kind: "reset" } });

    const error = await failure(sls().createConsumerGroup("orders", GROUP));

    expect(error).toMatchObject({ kind: ErrorKind.NETWORK, status: 0 });
    expect(emulator.sls.listGroups("shop-prod", "orders")).toEqual([]);
    expect(emulator.calls()).toEqual([
      {
        service: "sls",
        action: "CreateConsumerGroup",
        method: "POST",
        path: "/logstores/orders/consumergroups",
        status: 0,
        requestId: "",
        target: "shop-prod/orders/orders-reader",
        at: expect.any(Number),
        fault: "reset",
      },
    ]);
  });

  it("[emulator-only] hang: no answer within the client's timeout, nothing created", async () => {
    emulator.faults.add({ fault: { kind: "hang", ms: 3000 } });

    const error = await failure(sls(200).createConsumerGroup("orders", GROUP));

    expect(error.kind).toBe(ErrorKind.TIMEOUT);
    expect(emulator.sls.listGroups("shop-prod", "orders")).toEqual([]);
    expect(emulator.calls()).toMatchObject([{ status: 0, fault: "hang" }]);
  });

  it('[emulator-only] hang then "answer": the client times out, the create still runs later', async () => {
    // undici checks its headers timeout on a coarse (~0.5 s) timer: leave it room.
    emulator.faults.add({ fault: { kind: "hang", ms: 2500, then: "answer" } });

    const error = await failure(sls(100).createConsumerGroup("orders", GROUP));
    expect(error.kind).toBe(ErrorKind.TIMEOUT);
    expect(emulator.calls()).toEqual([]);
    await until(() => emulator.calls().length === 1, 5000);

    expect(emulator.calls()).toMatchObject([{ status: 200, fault: "hang" }]);
    expect(emulator.sls.listGroups("shop-prod", "orders")).toEqual([GROUP]);
  });

  it("[emulator-only] commit-then-drop: no answer, but the group is created and the call has its real status", async () => {
    emulator.faults.add({ fault: { kind: "commit-then-drop" } });

    const error = await failure(sls().createConsumerGroup("orders", GROUP));

    expect(error).toMatchObject({ kind: ErrorKind.NETWORK, status: 0 });
    expect(emulator.sls.listGroups("shop-prod", "orders")).toEqual([GROUP]);
    expect(emulator.calls()).toMatchObject([
      {
        action: "CreateConsumerGroup",
        status: 200,
        requestId: REQUEST_ID,
        fault: "commit-then-drop",
      },
    ]);
  });

  it("[documented] skew past 15 minutes: 400 RequestTimeTooSkewed with the shifted clock in Date", async () => {
    emulator.faults.add({ fault: { kind: "skew", ms: 20 * MINUTE } });

    const error = await failure(sls().createConsumerGroup("orders", GROUP));

    expect(error).toMatchObject({ status: 400, cloudCode: "RequestTimeTooSkewed" });
    expect(Date.parse(error.serverDate ?? "") - Date.now()).toBeGreaterThan(19 * MINUTE);
    expect(emulator.calls()).toMatchObject([
      { status: 400, errorCode: "RequestTimeTooSkewed", fault: "skew" },
    ]);
  });

  it("[emulator-only] skew within 15 minutes answers normally, with the shifted Date", async () => {
    emulator.faults.add({ fault: { kind: "skew", ms: -5 * MINUTE } });

    const res = await sendSigned(emulator.url, {
      method: "GET",
      path: "/logstores/orders/consumergroups",
      key: SLS_KEY,
    });

    expect(res.status).toBe(200);
    expect(Date.now() - Date.parse(res.headers["date"] ?? "")).toBeGreaterThan(4 * MINUTE);
    expect(Math.abs(emulator.calls()[0]!.at - Date.now())).toBeLessThan(MINUTE);
  });
});

describe("DMS faults", () => {
  it("[documented] throttle: 429 APIGW.0308 in the gateway body with request_id; nothing created", async () => {
    emulator.faults.add({ service: "dms", action: "CreateConsumerGroups", fault: throttle() });

    const res = await dmsPost([{ name: "group-aa" }]);

    expect(res.status).toBe(429);
    expect(res.json).toEqual({
      error_msg: expect.stringContaining("The throttling threshold has been reached"),
      error_code: "APIGW.0308",
      request_id: res.headers["x-request-id"],
    });
    expect(res.headers["x-request-id"]).toMatch(DMS_REQUEST_ID);
    expect(emulator.dms.listGroups(PROJECT, QUEUE)).toEqual([]);
  });

  it('[documented] throttle variant "dms-404": 404 DMS.10240407 in the DMS body', async () => {
    emulator.faults.add({ fault: { kind: "throttle", variant: "dms-404" } });

    const error = await failure(dms().createGroups(QUEUE, ["group-aa"]));

    expect(error).toMatchObject({ status: 404, cloudCode: "DMS.10240407" });
    expect(error.requestId).toMatch(DMS_REQUEST_ID);
    expect(emulator.dms.listGroups(PROJECT, QUEUE)).toEqual([]);
  });

  it("[documented] error 500 DMS.10250002 in the configured flat shape", async () => {
    emulator.faults.add({ fault: { kind: "error", status: 500, code: "DMS.10250002" } });

    const res = await dmsPost([{ name: "group-aa" }]);

    expect(res.status).toBe(500);
    expect(res.json).toEqual({
      error_code: "DMS.10250002",
      error_msg: "injected fault: DMS.10250002",
    });
    expect(res.headers["x-request-id"]).toMatch(DMS_REQUEST_ID);
  });

  it("[emulator-only] error in the nested shape when the emulator is configured so", async () => {
    await emulator.close();
    emulator = await start({ errorBodyShape: "nested" });
    emulator.faults.add({ fault: { kind: "error", status: 400, code: "DMS.10240032" } });

    const res = await dmsPost([{ name: "group-aa" }]);

    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: { code: "DMS.10240032", message: "injected fault: DMS.10240032" },
    });
  });

  it("[documented] an APIGW code (APIGW.0201, service withdrawn) uses the gateway body", async () => {
    emulator.faults.add({
      fault: {
        kind: "error",
        status: 503,
        code: "APIGW.0201",
        message: "Service DMS is currently unavailable",
      },
    });

    const res = await dmsPost([{ name: "group-aa" }]);

    expect(res.status).toBe(503);
    expect(res.json).toEqual({
      error_msg: "Service DMS is currently unavailable",
      error_code: "APIGW.0201",
      request_id: res.headers["x-request-id"],
    });
  });

  it("[emulator-only] reset: no answer, nothing created, the call recorded with status 0", async () => {
    emulator.faults.add({ fault: { kind: "reset" } });

    const error = await failure(dms().createGroups(QUEUE, ["group-aa"]));

    expect(error).toMatchObject({ kind: ErrorKind.NETWORK, status: 0 });
    expect(emulator.dms.listGroups(PROJECT, QUEUE)).toEqual([]);
    expect(emulator.calls()).toEqual([
      {
        service: "dms",
        action: "CreateConsumerGroups",
        method: "POST",
        path: `/v1.0/${PROJECT}/queues/${QUEUE}/groups`,
        status: 0,
        requestId: "",
        target: `${PROJECT}/orders/group-aa`,
        at: expect.any(Number),
        fault: "reset",
      },
    ]);
  });

  it("[emulator-only] hang: no answer within the client's timeout, nothing created", async () => {
    emulator.faults.add({ fault: { kind: "hang", ms: 3000 } });

    const error = await failure(dms(200).createGroups(QUEUE, ["group-aa"]));

    expect(error.kind).toBe(ErrorKind.TIMEOUT);
    expect(emulator.dms.listGroups(PROJECT, QUEUE)).toEqual([]);
  });

  it("[emulator-only] commit-then-drop: no answer, but the group is created (201 in the call log)", async () => {
    emulator.faults.add({ action: "CreateConsumerGroups", fault: { kind: "commit-then-drop" } });

    const error = await failure(dms().createGroups(QUEUE, ["group-aa"]));

    expect(error).toMatchObject({ kind: ErrorKind.NETWORK, status: 0 });
    expect(emulator.dms.listGroups(PROJECT, QUEUE)).toMatchObject([{ name: "group-aa" }]);
    expect(emulator.calls()).toMatchObject([{ status: 201, fault: "commit-then-drop" }]);
  });

  it("[documented] skew past 15 minutes: 401 APIGW.0301 with the shifted clock in Date", async () => {
    emulator.faults.add({ fault: { kind: "skew", ms: -30 * MINUTE } });

    const error = await failure(dms().createGroups(QUEUE, ["group-aa"]));

    expect(error).toMatchObject({ status: 401, cloudCode: "APIGW.0301" });
    expect(Date.now() - Date.parse(error.serverDate ?? "")).toBeGreaterThan(29 * MINUTE);
    expect(emulator.dms.listGroups(PROJECT, QUEUE)).toEqual([]);
  });
});

describe("classification by the clients", () => {
  const cases: [string, Fault, ErrorKind, ErrorKind][] = [
    ["throttle", throttle(), ErrorKind.THROTTLED, ErrorKind.THROTTLED],
    [
      "throttle variant",
      { kind: "throttle", variant: "dms-404" },
      ErrorKind.THROTTLED,
      ErrorKind.THROTTLED,
    ],
    [
      "server-busy variant",
      { kind: "throttle", variant: "server-busy" },
      ErrorKind.THROTTLED,
      ErrorKind.THROTTLED,
    ],
    [
      "error 500",
      { kind: "error", status: 500, code: "InternalServerError" },
      ErrorKind.SERVER,
      ErrorKind.SERVER,
    ],
    [
      "error 503",
      { kind: "error", status: 503, code: "ServerBusy" },
      ErrorKind.THROTTLED,
      ErrorKind.SERVER,
    ],
    [
      "error 500 DMS.10250002",
      { kind: "error", status: 500, code: "DMS.10250002" },
      ErrorKind.SERVER,
      ErrorKind.SERVER,
    ],
    ["reset", { kind: "reset" }, ErrorKind.NETWORK, ErrorKind.NETWORK],
    ["commit-then-drop", { kind: "commit-then-drop" }, ErrorKind.NETWORK, ErrorKind.NETWORK],
    ["hang", { kind: "hang", ms: 3000 }, ErrorKind.TIMEOUT, ErrorKind.TIMEOUT],
    ["skew", { kind: "skew", ms: 20 * MINUTE }, ErrorKind.CLOCK_SKEW, ErrorKind.CLOCK_SKEW],
  ];

  it.each(cases)(
    "[emulator-only] %s is classified as the expected ErrorKind (SLS %s, DMS %s)",
    async (_name, fault, slsKind, dmsKind) => {
      emulator.faults.add({ fault, times: "always" });

      const slsError = await failure(sls(300).listConsumerGroups("orders"));
      const dmsError = await failure(dms(300).listGroups(QUEUE));

      expect([slsError.kind, dmsError.kind]).toEqual([slsKind, dmsKind]);
    },
  );
});

describe("matching and counting", () => {
  it("[emulator-only] after skips matching calls, times limits the faulted ones", async () => {
    emulator.faults.add({ action: "ListConsumerGroup", after: 1, times: 2, fault: throttle() });

    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await outcome(sls().listConsumerGroups("orders")));

    expect(outcomes).toEqual(["ok", "ReadQuotaExceed", "ReadQuotaExceed", "ok"]);
    expect(emulator.calls().map((c) => c.fault)).toEqual([
      undefined,
      "throttle",
      "throttle",
      undefined,
    ]);
  });

  it('[emulator-only] times "always" and Infinity fault every matching call', async () => {
    emulator.faults.add({ service: "sls", times: "always", fault: throttle() });
    emulator.faults.add({ service: "dms", times: Infinity, fault: throttle() });

    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(await outcome(sls().listConsumerGroups("orders")));
      results.push(await outcome(dms().listGroups(QUEUE)));
    }

    expect(new Set(results)).toEqual(new Set(["ReadQuotaExceed", "APIGW.0308"]));
    expect(emulator.faults.list()).toMatchObject([
      { times: "always", matched: 3 },
      { times: "always", matched: 3 },
    ]);
  });

  it("[emulator-only] the action and service filters leave other calls alone", async () => {
    emulator.faults.add({ service: "dms", action: "CreateConsumerGroup", fault: throttle() });
    emulator.faults.add({ service: "sls", action: "DeleteConsumerGroup", fault: throttle() });

    // The SLS create matches neither rule (the first is for DMS, the second for deletes).
    await sls().createConsumerGroup("orders", GROUP);
    await sls().listConsumerGroups("orders");
    const deleted = await outcome(sls().deleteConsumerGroup("orders", GROUP.name));

    expect(deleted).toBe("WriteQuotaExceed");
    expect(emulator.faults.list().map((r) => r.matched)).toEqual([0, 1]);
  });

  it("[emulator-only] a list of actions is one rule: one count across all of them", async () => {
    // The first create of either cloud is refused, and only that one (the one-fault rule's
    // one-create-fails).
    emulator.faults.add({
      action: ["CreateConsumerGroup", "CreateConsumerGroups"],
      times: 1,
      fault: throttle(),
    });

    const first = await outcome(sls().createConsumerGroup("orders", GROUP));
    const second = await outcome(sls().createConsumerGroup("orders", { ...GROUP, name: "two" }));
    await sls().listConsumerGroups("orders");

    expect([first, second]).toEqual(["WriteQuotaExceed", "ok"]);
    expect(emulator.faults.list().map((r) => r.matched)).toEqual([2]);
    expect(() => emulator.faults.add({ action: [], fault: throttle() })).toThrow(
      /action must be a non-empty string or a non-empty list/,
    );
  });

  it("[emulator-only] each rule counts every call it matches; the first due rule wins", async () => {
    emulator.faults.add({ after: 1, fault: { kind: "error", status: 500, code: "First" } });
    emulator.faults.add({ fault: { kind: "error", status: 500, code: "Second" } });
    emulator.faults.add({ after: 1, fault: { kind: "error", status: 500, code: "Third" } });

    const results = [];
    for (let i = 0; i < 3; i++) results.push(await outcome(sls().listConsumerGroups("orders")));

    // Call 0: only "Second" is due. Call 1: "First" and "Third" are due, "First" wins. Call 2:
    // all are spent.
    expect(results).toEqual(["Second", "First", "ok"]);
  });

  it("[emulator-only] faults from startEmulator options apply from the first call; clear() removes them", async () => {
    await emulator.close();
    emulator = await start({}, [{ times: "always", fault: throttle() }]);

    const before = await outcome(dms().listGroups(QUEUE));
    emulator.faults.clear();
    const after = await outcome(dms().listGroups(QUEUE));

    expect([before, after]).toEqual(["APIGW.0308", "ok"]);
    expect(emulator.faults.list()).toEqual([]);
  });

  it("[emulator-only] an invalid rule is refused with FaultRuleError, at start and at add", async () => {
    const bad = { fault: { kind: "explode" } } as unknown as FaultRule;

    await expect(startEmulator({ faults: [bad] })).rejects.toThrow(FaultRuleError);
    expect(() => emulator.faults.add(bad)).toThrow(/fault.kind must be one of throttle, error/);
    expect(() => emulator.faults.add({ times: 0, fault: throttle() })).toThrow(/times must be/);
    expect(() =>
      emulator.faults.add({ fault: { kind: "hang", ms: 10, wait: 1 } as unknown as Fault }),
    ).toThrow(/unknown key\(s\) wait/);
  });
});

describe("admin routes", () => {
  it("[emulator-only] POST adds one rule or an array, GET lists them with counts, DELETE clears", async () => {
    const one = await admin("POST", { action: "CreateConsumerGroups", fault: { kind: "reset" } });
    const many = await admin("POST", [
      { service: "sls", times: "always", fault: { kind: "throttle", variant: "server-busy" } },
      { after: 2, fault: { kind: "skew", ms: 1000 } },
    ]);
    const slsOutcome = await outcome(sls().listConsumerGroups("orders"));
    const listed = await admin("GET");
    const cleared = await admin("DELETE");
    const afterClear = await admin("GET");

    expect(one).toEqual({ status: 200, json: { ok: true, added: 1 } });
    expect(many).toEqual({ status: 200, json: { ok: true, added: 2 } });
    expect(slsOutcome).toBe("ServerBusy");
    expect(listed.json).toEqual([
      { action: "CreateConsumerGroups", fault: { kind: "reset" }, matched: 0 },
      {
        service: "sls",
        times: "always",
        fault: { kind: "throttle", variant: "server-busy" },
        matched: 1,
      },
      { after: 2, fault: { kind: "skew", ms: 1000 }, matched: 1 },
    ]);
    expect(cleared.status).toBe(200);
    expect(afterClear.json).toEqual([]);
  });

  it("[emulator-only] POST refuses an invalid rule with 400 InvalidFaultRule and adds none", async () => {
    const bad = await admin("POST", [
      { fault: { kind: "reset" } },
      { fault: { kind: "error", status: 200, code: "X" } },
    ]);
    const notJson = await admin("POST", "{");

    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      errorCode: "InvalidFaultRule",
      errorMessage: "rule 1: fault.status must be an HTTP error status, 400 to 599",
    });
    expect(notJson.status).toBe(400);
    expect(emulator.faults.list()).toEqual([]);
  });

  it("[emulator-only] admin routes are never faulted nor recorded", async () => {
    emulator.faults.add({ times: "always", fault: { kind: "reset" } });

    const state = await admin("GET", undefined, "/_emulator/state");

    expect(state.status).toBe(200);
    expect(emulator.calls()).toEqual([]);
    expect(emulator.faults.list()).toMatchObject([{ matched: 0 }]);
  });
});

// ---------------------------------------------------------------------------------------

function start(
  dmsExtra: { errorBodyShape?: "flat" | "nested" } = {},
  faults?: FaultRule[],
): Promise<RunningEmulator> {
  return startEmulator({
    sls: { accessKeys: [SLS_KEY], projects: { "shop-prod": { logstores: ["orders"] } } },
    dms: {
      projects: { [PROJECT]: { queues: [{ name: "orders", id: QUEUE }] } },
      accessKeys: [DMS_KEY],
      ...dmsExtra,
    },
    ...(faults === undefined ? {} : { faults }),
  });
}

function throttle(): Fault {
  return { kind: "throttle" };
}

function dispatcher(requestTimeoutMs: number): Dispatcher {
  const d = createDispatcher({ requestTimeoutMs });
  dispatchers.push(d);
  return d;
}

function sls(requestTimeoutMs = 5000): SlsClient {
  return new SlsClient({
    endpoint: emulator.url,
    project: "shop-prod",
    credentials: SLS_KEY,
    dispatcher: dispatcher(requestTimeoutMs),
  });
}

function dms(requestTimeoutMs = 5000): DmsClient {
  return new DmsClient({
    endpoint: emulator.url,
    projectId: PROJECT,
    auth: { kind: "aksk", ...DMS_KEY },
    dispatcher: dispatcher(requestTimeoutMs),
  });
}

function dmsPost(groups: { name: string }[]) {
  return sendDms(emulator.url, {
    method: "POST",
    path: `/v1.0/${PROJECT}/queues/${QUEUE}/groups`,
    body: JSON.stringify({ groups }),
    key: DMS_KEY,
  });
}

async function admin(
  method: "GET" | "POST" | "DELETE",
  body?: unknown,
  path = "/_emulator/faults",
): Promise<{ status: number; json: unknown }> {
  const res = await request(`${emulator.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: res.statusCode, json: await res.body.json() };
}

async function failure(promise: Promise<unknown>): Promise<CloudApiError> {
  try {
    await promise;
  } catch (e) {
    if (isCloudApiError(e)) return e;
    throw e;
  }
  throw new Error("expected the call to fail, it succeeded");
}

/** "ok", or the cloud code of the failure. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (e) {
    if (isCloudApiError(e)) return e.cloudCode;
    throw e;
  }
}

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(20);
  }
}
