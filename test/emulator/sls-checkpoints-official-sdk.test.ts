// The generated OpenAPI SDK @alicloud/sls20201230 (5.9.x) as a client nobody here wrote, making
// the consumer-library calls against the emulator: ConsumerGroupHeartBeat, ConsumerGroupUpdate-
// CheckPoint and GetCheckPoint, with its own request building, hmac-sha256 v1 signature and
// answer parsing. Only name resolution is redirected: every "<project>.sls-emulator.invalid"
// resolves to 127.0.0.1, so the SDK's Host header stays "<project>.<endpoint>" as it built it.
// Markers: [vector] = what the official SDK sends and accepts.

import Client, {
  ConsumerGroupHeartBeatRequest,
  ConsumerGroupUpdateCheckPointRequest,
  GetCheckPointRequest,
} from "@alicloud/sls20201230";
import dns from "node:dns";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";

const KEY = { accessKeyId: "LTAI-tea-test", accessKeySecret: "tea-test-secret" };
const ENDPOINT_SUFFIX = ".sls-emulator.invalid";
// Whole seconds, so the expected microseconds are exact; within the 15-minute skew window.
const NOW = Math.floor(Date.now() / 1000) * 1000;

let emulator: RunningEmulator;
let sdk: Client;
const realLookup = dns.lookup;

beforeAll(() => {
  // Route only the SDK's made-up host names to loopback; everything else resolves as usual.
  const lookup = (hostname: string, options: unknown, callback: unknown) =>
    hostname.endsWith(ENDPOINT_SUFFIX)
      ? (realLookup as (...a: unknown[]) => void)("127.0.0.1", options, callback)
      : (realLookup as (...a: unknown[]) => void)(hostname, options, callback);
  (dns as { lookup: unknown }).lookup = lookup;
});
afterAll(() => {
  (dns as { lookup: unknown }).lookup = realLookup;
});
beforeEach(async () => {
  emulator = await startEmulator({
    now: () => NOW,
    sls: {
      accessKeys: [KEY],
      projects: { "shop-prod": { logstores: ["orders"], shards: { orders: 4 } } },
    },
  });
  emulator.sls.createGroup("shop-prod", "orders", { name: "billing", timeout: 60, order: false });
  sdk = new Client({
    ...KEY,
    endpoint: `sls-emulator.invalid:${emulator.port}`,
    protocol: "http",
  } as ConstructorParameters<typeof Client>[0]);
});
afterEach(async () => {
  await emulator.close();
});

describe("consumer-library calls through @alicloud/sls20201230", () => {
  it("[vector] heartbeats hand out shards: one consumer holds all four, a second takes half", async () => {
    const first = await heartbeat("worker-1", []);
    const second = await heartbeat("worker-2", []);
    const firstAgain = await heartbeat("worker-1", first);

    expect(first).toEqual([0, 1, 2, 3]);
    expect(second).toEqual([2, 3]);
    expect(firstAgain).toEqual([0, 1]);
    expect(emulator.calls().map((c) => [c.action, c.status])).toEqual([
      ["ConsumerGroupHeartBeat", 200],
      ["ConsumerGroupHeartBeat", 200],
      ["ConsumerGroupHeartBeat", 200],
    ]);
  });

  it("[vector] commits checkpoints as a consumer and with forceSuccess, and reads back what the emulator holds", async () => {
    // GIVEN a live consumer
    await heartbeat("worker-1", []);

    // WHEN it commits shard 0, and shard 3 is committed without a consumer (forceSuccess)
    await sdk.consumerGroupUpdateCheckPoint(
      "shop-prod",
      "orders",
      "billing",
      new ConsumerGroupUpdateCheckPointRequest({
        shard: 0,
        checkpoint: "MTUyNDE1NTM3OTM3MzkwODQ5Ng==",
        consumer: "worker-1",
      }),
    );
    await sdk.consumerGroupUpdateCheckPoint(
      "shop-prod",
      "orders",
      "billing",
      new ConsumerGroupUpdateCheckPointRequest({
        shard: 3,
        checkpoint: "MTUyNDE1NTM3OTM3MzkwODQ5Nw==",
        forceSuccess: true,
      }),
    );
    const all = await sdk.getCheckPoint(
      "shop-prod",
      "orders",
      "billing",
      new GetCheckPointRequest({}),
    );
    const shard3 = await sdk.getCheckPoint(
      "shop-prod",
      "orders",
      "billing",
      new GetCheckPointRequest({ shard: 3 }),
    );

    // THEN the SDK parses the same checkpoints the emulator's state holds
    const held = emulator.sls.checkpoints("shop-prod", "orders", "billing");
    expect(held).toEqual([
      {
        shard: 0,
        checkpoint: "MTUyNDE1NTM3OTM3MzkwODQ5Ng==",
        updateTime: NOW * 1000,
        consumer: "worker-1",
      },
      {
        shard: 3,
        checkpoint: "MTUyNDE1NTM3OTM3MzkwODQ5Nw==",
        updateTime: NOW * 1000,
        consumer: "",
      },
    ]);
    expect(all.statusCode).toBe(200);
    expect(all.body?.map((c) => ({ ...c }))).toEqual(held);
    expect(shard3.body?.map((c) => ({ ...c }))).toEqual([held[1]]);
  });

  it("[vector] reads an empty array for a new group", async () => {
    const answer = await sdk.getCheckPoint(
      "shop-prod",
      "orders",
      "billing",
      new GetCheckPointRequest({}),
    );

    expect(answer.body).toEqual([]);
  });

  it("[vector] fails with 404 ConsumerGroupNotExist once the group is deleted: its checkpoints went with it", async () => {
    await commitForced(1, "MTUyNDE1NTM3OTM3MzkwODQ5OA==");

    emulator.sls.deleteGroup("shop-prod", "orders", "billing");
    const error = await sdk
      .getCheckPoint("shop-prod", "orders", "billing", new GetCheckPointRequest({}))
      .then(
        () => undefined,
        (e: unknown) => e as { code?: string; statusCode?: number },
      );
    emulator.sls.createGroup("shop-prod", "orders", { name: "billing", timeout: 60, order: false });
    const recreated = await sdk.getCheckPoint(
      "shop-prod",
      "orders",
      "billing",
      new GetCheckPointRequest({}),
    );

    expect(error).toMatchObject({ code: "ConsumerGroupNotExist", statusCode: 404 });
    expect(recreated.body).toEqual([]);
  });

  it("[vector] rejects a checkpoint for a shard the logstore does not have with 404 ShardNotExist", async () => {
    const error = await commitForced(4, "MTUy").then(
      () => undefined,
      (e: unknown) => e as { code?: string; statusCode?: number },
    );

    expect(error).toMatchObject({ code: "ShardNotExist", statusCode: 404 });
    expect(emulator.sls.checkpoints("shop-prod", "orders", "billing")).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

async function heartbeat(consumer: string, held: number[]): Promise<number[]> {
  const answer = await sdk.consumerGroupHeartBeat(
    "shop-prod",
    "orders",
    "billing",
    new ConsumerGroupHeartBeatRequest({ consumer, body: held }),
  );
  return answer.body ?? [];
}

async function commitForced(shard: number, checkpoint: string): Promise<void> {
  await sdk.consumerGroupUpdateCheckPoint(
    "shop-prod",
    "orders",
    "billing",
    new ConsumerGroupUpdateCheckPointRequest({ shard, checkpoint, forceSuccess: true }),
  );
}
