// DMS state in the admin routes and the state file, and the demo CLI config. All emulator-only.

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { request } from "undici";
import { DmsClient } from "../../lib/clouds/huawei/dms/client/dms-client";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import type { DmsEmulatorConfig } from "../../lib/clouds/huawei/dms/emulator/dms-emulator-service";
import { createDispatcher } from "../../lib/http/dispatcher";
import { sendDms } from "./dms-signed-request";

const PROJECT = "0123456789abcdef0123456789abcdef";
const QUEUE = "9bf46390-38a2-462d-b392-4d5b2d519c55";
const KEY = { accessKey: "AK-admin-test", secretKey: "admin-test-secret" };
const CONFIG: DmsEmulatorConfig = {
  projects: { [PROJECT]: { queues: [{ name: "orders", id: QUEUE }, { name: "audit" }] } },
  accessKeys: [KEY],
};
const CLI = path.resolve(__dirname, "../../dist/lib/cli.js");

let dir: string;
let emulator: RunningEmulator | undefined;
const children: ChildProcessWithoutNullStreams[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "dms-emulator-test-"));
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  await emulator?.close();
  emulator = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe("admin routes", () => {
  it("[emulator-only] GET /_emulator/state shows projects, queues and groups with createdAt", async () => {
    const emu = await start({ now: () => 1_700_000_000_000 });
    const id = emu.dms.createGroup(PROJECT, "orders", "g1");

    const state = (await admin(emu, "GET", "/_emulator/state")) as { dms: unknown };

    expect(state.dms).toEqual({
      projects: {
        [PROJECT]: {
          queues: [
            expect.objectContaining({
              id: QUEUE,
              name: "orders",
              groups: [{ id, name: "g1", createdAt: 1_700_000_000_000, generation: 1 }],
            }),
            expect.objectContaining({ name: "audit", groups: [] }),
          ],
        },
      },
    });
  });

  it("[emulator-only] a queue without a configured id gets the same UUID v4 on every start", async () => {
    const first = (await start()).dms.listQueues(PROJECT);
    await emulator?.close();
    const second = (await start()).dms.listQueues(PROJECT);

    expect(first[1]?.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(second).toEqual(first);
  });

  it("[emulator-only] POST /_emulator/reset drops groups and created queues, keeps configured queues", async () => {
    const emu = await start();
    emu.dms.createGroup(PROJECT, QUEUE, "g1");
    emu.dms.createQueue(PROJECT, "made-at-runtime");

    await admin(emu, "POST", "/_emulator/reset");

    expect(emu.dms.listQueues(PROJECT).map((q) => q.name)).toEqual(["orders", "audit"]);
    expect(emu.dms.listGroups(PROJECT, QUEUE)).toEqual([]);
  });

  it("[emulator-only] the admin accessor applies the service's rules (4th group refused)", async () => {
    const emu = await start();
    for (const name of ["a", "b", "c"]) emu.dms.createGroup(PROJECT, "orders", name);

    expect(() => emu.dms.createGroup(PROJECT, "orders", "d")).toThrow(/at most 3/);
    expect(() => emu.dms.createGroup(PROJECT, "orders", "a!")).toThrow(/invalid characters/);
  });

  it("[emulator-only] without a dms config, /v1.0/ paths are not emulated and the state has no dms key", async () => {
    emulator = await startEmulator({});

    const res = await request(`${emulator.url}/v1.0/${PROJECT}/queues`);
    const state = await admin(emulator, "GET", "/_emulator/state");

    expect(res.statusCode).toBe(404);
    expect(await res.body.json()).toMatchObject({ errorCode: "NotEmulated" });
    expect(state).not.toHaveProperty("dms");
  });

  it("[emulator-only] rejects a configured queue id that is not a UUID, naming the queue", async () => {
    await expect(
      startEmulator({ dms: { projects: { [PROJECT]: { queues: [{ name: "q", id: "q-1" }] } } } }),
    ).rejects.toThrow('queue "q" of project 0123456789abcdef0123456789abcdef has id "q-1"');
  });
});

describe("state file", () => {
  it("[emulator-only] writes DMS groups after each mutation and reloads them, ids and all", async () => {
    const statePath = path.join(dir, "state.json");
    const first = await start({ statePath });
    const created = await sendDms(first.url, {
      method: "POST",
      path: `/v1.0/${PROJECT}/queues/${QUEUE}/groups`,
      body: JSON.stringify({ groups: [{ name: "g1" }] }),
      key: KEY,
    });
    const queueId = first.dms.createQueue(PROJECT, "extra");
    const onDisk = JSON.parse(readFileSync(statePath, "utf8")) as unknown;
    expect(onDisk).toEqual(await admin(first, "GET", "/_emulator/state"));
    await first.close();
    emulator = undefined;

    const second = await start({ statePath });

    expect(created.status).toBe(201);
    expect(second.dms.listGroups(PROJECT, QUEUE)).toEqual(
      (created.json as { groups: unknown[] }).groups,
    );
    expect(second.dms.listQueues(PROJECT).find((q) => q.name === "extra")?.id).toBe(queueId);
    const duplicate = await sendDms(second.url, {
      method: "POST",
      path: `/v1.0/${PROJECT}/queues/${QUEUE}/groups`,
      body: JSON.stringify({ groups: [{ name: "g1" }] }),
      key: KEY,
    });
    expect(duplicate.json).toMatchObject({ error_code: "DMS.10240018" });
  });

  it("[emulator-only] does not write the file for a read or a rejected call", async () => {
    const statePath = path.join(dir, "state.json");
    const emu = await start({ statePath });

    await sendDms(emu.url, { method: "GET", path: `/v1.0/${PROJECT}/queues`, key: KEY });
    await sendDms(emu.url, {
      method: "DELETE",
      path: `/v1.0/${PROJECT}/queues/${QUEUE}/groups/g-00000000-0000-4000-8000-000000000000`,
      key: KEY,
    });

    expect(existsSync(statePath)).toBe(false);
  });
});

describe("demo CLI (dist/lib/cli.js)", () => {
  it("[emulator-only] the demo config serves DMS queues billing and shipping to AK/SK and token", async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    const child = spawn(process.execPath, [CLI, "emulator", "--port", "0"]);
    children.push(child);
    const url = await listeningUrl(child);
    const dispatcher = createDispatcher({ requestTimeoutMs: 5000 });
    const projectId = "0a1b2c3d4e5f40718293a4b5c6d7e8f9";
    const byKey = new DmsClient({
      endpoint: url,
      projectId,
      auth: { kind: "aksk", accessKey: "demo-access-key-id", secretKey: "demo-access-key-secret" },
      dispatcher,
    });
    const byToken = new DmsClient({
      endpoint: url,
      projectId,
      auth: { kind: "token", token: "demo-iam-token" },
      dispatcher,
    });

    const { queues } = await byKey.listQueues();
    const billing = queues.find((q) => q.name === "billing")?.id ?? "";
    const { groups } = await byToken.createGroups(billing, ["demo-reader"]);
    // groupInitDelayMs is 1000 in the demo: the group is listed once that has passed.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const listed = await byToken.listGroups(billing);
    await dispatcher.close();

    expect(queues).toEqual([
      { id: "3f9c2a7e-5b1d-4c8e-9a6f-0d2b4e6c8a10", name: "billing" },
      { id: "7a1e4c9b-2d6f-4b3a-8e5c-1f0a9d7b3c62", name: "shipping" },
    ]);
    expect(listed.groups).toEqual(groups);
  });
});

// ---------------------------------------------------------------------------------------

async function start(
  options: { statePath?: string; now?: () => number } = {},
): Promise<RunningEmulator> {
  emulator = await startEmulator({ dms: CONFIG, ...options });
  return emulator;
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

function listeningUrl(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const match = /^emulator listening on (http:\/\/\S+)\n$/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`the emulator exited ${code}: ${out}`)));
  });
}
