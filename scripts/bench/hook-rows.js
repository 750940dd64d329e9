// The hook's own rows: its cold start against `node -e 0` and against the official SDK, and the
// API calls each lifecycle event makes (counted by the emulator). Each function takes the bench
// context: { root, env, emulator, sizes }.
"use strict";
const path = require("node:path");
const { timed, sideBySide } = require("./stats");

const DMS_PROJECT = "0a1b2c3d4e5f40718293a4b5c6d7e8f9";
const QUEUE_ID = "3f9c2a7e-5b1d-4c8e-9a6f-0d2b4e6c8a10";
const HOOK = path.resolve(__dirname, "../../dist/hook/hook.js");

let serial = 0;
const uniqueName = (prefix) => `${prefix}-${process.pid}-${serial++}`;

function ensurePayload(url, name, logstore = "orders", timeout = 300) {
  return JSON.stringify({
    v: 1,
    command: "ensure",
    identity: {
      v: "1",
      service: "sls",
      region: "cn-hangzhou",
      project: "shop-prod",
      logstore,
      name,
    },
    settings: { timeout, order: false },
    transport: {
      endpoint: url,
      region: "cn-hangzhou",
      allowInsecureHttp: false,
      requestTimeoutMs: 10000,
      deadlineMs: 60000,
    },
    credentials: [
      {
        accessKeyId: "ALIBABA_CLOUD_ACCESS_KEY_ID",
        accessKeySecret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
      },
    ],
  });
}

/** One hook process creating a new group (start, sign, POST, exit); resolves with its ms. */
function hookEnsure({ emulator, env }, prefix) {
  resetOrders(emulator);
  return timed(
    process.execPath,
    [HOOK, "ensure", ensurePayload(emulator.url, uniqueName(prefix))],
    {
      env,
    },
  );
}

/** One `ensure` of a new group vs `node -e 0`. */
async function hookVsNode(ctx) {
  const r = await sideBySide(
    ctx.sizes.rounds,
    () => hookEnsure(ctx, "cold"),
    () => timed(process.execPath, ["-e", "0"], { env: ctx.env }),
  );
  return {
    id: "hook-cold-start",
    name: "hook cold start: ensure of a new group vs node -e 0",
    goal: "<= 1.5x",
    unit: "ms",
    ...r,
  };
}

/** The same create call made by the hook and by the official SDK, each a process of its own. */
async function hookVsSdk(ctx) {
  const { emulator, env, root } = ctx;
  const sdk = path.join(__dirname, "sdk-create.js");
  const r = await sideBySide(
    ctx.sizes.rounds,
    () => hookEnsure(ctx, "hook"),
    async () => {
      resetOrders(emulator);
      return timed(process.execPath, [sdk, emulator.url, uniqueName("sdk")], { env, cwd: root });
    },
  );
  return {
    id: "hook-vs-sdk",
    name: "create call: hook vs @alicloud/log SDK (process each)",
    goal: "<= 0.7x",
    unit: "ms",
    ...r,
  };
}

/** Keeps the logstore below its quota of 30 groups between runs. */
function resetOrders(emulator) {
  if (emulator.sls.listGroups("shop-prod", "orders").length >= 25) emulator.reset();
}

/** How the calls tables show one call the emulator answered. */
function callText(call) {
  return `${call.action}:${call.status}`;
}

/** API calls the emulator answers per lifecycle event. */
async function callsPerEvent({ emulator, env }) {
  emulator.reset();
  const hook = (command, payload) => timed(process.execPath, [HOOK, command, payload], { env });
  const count = async (fn) => {
    emulator.resetCalls();
    await fn();
    return emulator.calls().map(callText);
  };
  const sls = (name, timeout) => ensurePayload(emulator.url, name, "orders", timeout);
  // deletionProtection: OFF is the delete as it was before; WHEN_IN_USE (the default) and
  // ALWAYS read the group first (SLS: one GetCheckPoint; DMS: the list it makes anyway, counted).
  const slsDelete = (name, deletionProtection = "WHEN_IN_USE") =>
    JSON.stringify({
      ...JSON.parse(sls(name, 300)),
      command: "delete",
      settings: undefined,
      removalPolicy: "DESTROY",
      deletionProtection,
    });
  const dms = (command, queue) =>
    JSON.stringify({
      v: 1,
      command,
      identity: {
        v: "1",
        service: "dms",
        region: "cn-north-4",
        projectId: DMS_PROJECT,
        queueId: queue.id ?? "",
        queueName: queue.name ?? "",
        name: "bench-workers",
      },
      transport: {
        endpoint: emulator.url,
        region: "cn-north-4",
        allowInsecureHttp: false,
        requestTimeoutMs: 10000,
        deadlineMs: 60000,
      },
      credentials: [{ accessKey: "HW_ACCESS_KEY", secretKey: "HW_SECRET_KEY" }],
      ...(command === "ensure"
        ? { readyTimeoutMs: 15000 }
        : { removalPolicy: "DESTROY", deletionProtection: queue.protection ?? "WHEN_IN_USE" }),
    });
  const rows = [
    ["SLS new group", "1", await count(() => hook("ensure", sls("calls", 300)))],
    ["SLS settings change", "<= 2", await count(() => hook("ensure", sls("calls", 600)))],
    [
      "SLS delete (WHEN_IN_USE, the default)",
      "2",
      await count(() => hook("delete", slsDelete("calls"))),
    ],
    [
      "SLS delete, protection OFF (= 0.1.0's delete)",
      "1",
      await count(async () => {
        await hook("ensure", sls("calls", 300));
        emulator.resetCalls();
        await hook("delete", slsDelete("calls", "OFF"));
      }),
    ],
    [
      "DMS create, queue by id",
      "1 + readiness",
      await count(() => hook("ensure", dms("ensure", { id: QUEUE_ID }))),
    ],
    [
      "DMS delete, queue by id",
      "2",
      await count(() => hook("delete", dms("delete", { id: QUEUE_ID }))),
    ],
    [
      "DMS create, queue by name",
      "+1 lookup",
      await count(() => hook("ensure", dms("ensure", { name: "billing" }))),
    ],
  ];
  return rows.map(([event, goal, calls]) => ({ event, goal, count: calls.length, calls }));
}

module.exports = {
  DMS_PROJECT,
  QUEUE_ID,
  callText,
  hookEnsure,
  hookVsNode,
  hookVsSdk,
  callsPerEvent,
};
