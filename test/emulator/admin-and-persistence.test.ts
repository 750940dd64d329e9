// Admin routes (/_emulator/*) and the state file. All emulator-only behaviour.

import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { request } from "undici";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import type { SlsEmulatorConfig } from "../../lib/clouds/alibaba/sls/emulator/sls-emulator-service";
import { sendSigned } from "./signed-request";

const KEY = { accessKeyId: "LTAI-admin-test", accessKeySecret: "admin-test-secret" };
const CONFIG: SlsEmulatorConfig = {
  accessKeys: [KEY],
  projects: { "shop-prod": { logstores: ["orders", "audit"] } },
};

let dir: string;
let emulator: RunningEmulator | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "emulator-test-"));
});
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe("admin routes", () => {
  it("[emulator-only] GET /_emulator/state shows projects, logstores and groups", async () => {
    const emu = await start();
    emu.sls.createGroup("shop-prod", "orders", { name: "g1", timeout: 60, order: true });

    const state = await admin(emu, "GET", "/_emulator/state");

    expect(state).toEqual({
      sls: {
        projects: {
          "shop-prod": {
            logstores: {
              orders: { groups: [{ name: "g1", timeout: 60, order: true, generation: 1 }] },
              audit: { groups: [] },
            },
          },
        },
      },
    });
  });

  it("[emulator-only] GET and DELETE /_emulator/calls read and clear the call log, and are not logged", async () => {
    const emu = await start();
    await create(emu, "g1");

    const calls = (await admin(emu, "GET", "/_emulator/calls")) as { action: string }[];
    await admin(emu, "DELETE", "/_emulator/calls");

    expect(calls.map((c) => c.action)).toEqual(["CreateConsumerGroup"]);
    expect(emu.calls()).toEqual([]);
    await admin(emu, "GET", "/_emulator/state");
    expect(emu.calls()).toEqual([]);
  });

  it("[emulator-only] POST /_emulator/reset clears groups and keeps keys, projects and logstores", async () => {
    const emu = await start();
    await create(emu, "g1");

    await admin(emu, "POST", "/_emulator/reset");

    expect(emu.sls.listGroups("shop-prod", "orders")).toEqual([]);
    expect((await create(emu, "g2")).status).toBe(200);
  });

  it("[emulator-only] rejects an unknown admin route with 404", async () => {
    const emu = await start();

    const res = await request(`${emu.url}/_emulator/no-such-route`);

    expect(res.statusCode).toBe(404);
    expect(await res.body.json()).toMatchObject({ errorCode: "NoSuchAdminRoute" });
  });
});

describe("state file", () => {
  it("[emulator-only] writes the state after each mutation, atomically (no temp file left)", async () => {
    const statePath = path.join(dir, "state.json");
    const emu = await start(statePath);

    await create(emu, "g1");
    const afterCreate = JSON.parse(readFileSync(statePath, "utf8")) as unknown;

    expect(afterCreate).toEqual(await admin(emu, "GET", "/_emulator/state"));
    expect(readdirSync(dir)).toEqual(["state.json"]);
  });

  it("[emulator-only] reloads groups from the state file on the next start", async () => {
    const statePath = path.join(dir, "state.json");
    const first = await start(statePath);
    await create(first, "g1");
    first.sls.createGroup("shop-prod", "audit", { name: "g2", timeout: 30, order: true });
    await first.close();
    emulator = undefined;

    const second = await start(statePath);

    expect(second.sls.listGroups("shop-prod", "orders")).toEqual([
      { name: "g1", timeout: 60, order: false },
    ]);
    expect(second.sls.listGroups("shop-prod", "audit")).toEqual([
      { name: "g2", timeout: 30, order: true },
    ]);
    expect((await create(second, "g1")).json).toMatchObject({
      errorCode: "ConsumerGroupAlreadyExist",
    });
  });

  it("[emulator-only] does not write the file for a read or a rejected call", async () => {
    const statePath = path.join(dir, "state.json");
    const emu = await start(statePath);

    await sendSigned(emu.url, {
      method: "GET",
      path: "/logstores/orders/consumergroups",
      key: KEY,
    });
    await sendSigned(emu.url, {
      method: "DELETE",
      path: "/logstores/orders/consumergroups/none",
      key: KEY,
    });

    expect(existsSync(statePath)).toBe(false);
  });

  it("[emulator-only] fails to start on a state file that is not JSON, naming the file", async () => {
    const statePath = path.join(dir, "state.json");
    writeFileSync(statePath, "{oops");

    await expect(startEmulator({ sls: CONFIG, statePath })).rejects.toThrow(
      `emulator state file ${statePath} is not valid JSON`,
    );
  });
});

// ---------------------------------------------------------------------------------------

async function start(statePath?: string): Promise<RunningEmulator> {
  emulator = await startEmulator({ sls: CONFIG, ...(statePath ? { statePath } : {}) });
  return emulator;
}

function create(emu: RunningEmulator, name: string) {
  return sendSigned(emu.url, {
    method: "POST",
    path: "/logstores/orders/consumergroups",
    body: JSON.stringify({ consumerGroup: name, timeout: 60, order: false }),
    key: KEY,
  });
}

async function admin(
  emu: RunningEmulator,
  method: "GET" | "POST" | "DELETE",
  route: string,
): Promise<unknown> {
  const res = await request(`${emu.url}${route}`, { method });
  expect(res.statusCode).toBe(200);
  return res.body.json();
}
