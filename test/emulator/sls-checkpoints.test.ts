// SLS checkpoints and heartbeats over signed HTTP (lib/clouds/alibaba/sls/emulator/sls-emulator-checkpoint-routes.ts).
// Markers: [documented] = request/answer shapes and error codes of the API reference;
// [emulator-only] = our choices where the service's behaviour is not documented (how shards are
// balanced, when a consumer counts as gone, codes for malformed input).
//
// | case                                        | answer                                  |
// |---------------------------------------------|-----------------------------------------|
// | GetCheckPoint, all / ?shard=N / unknown N    | bare array / one entry / []             |
// | UpdateCheckPoint forceSuccess=true           | 200, consumer ""                        |
// | UpdateCheckPoint by a live consumer          | 200                                     |
// | UpdateCheckPoint, no heartbeat, no force     | 404 ConsumerNotExist                    |
// | UpdateCheckPoint, shard >= shard count       | 404 ShardNotExist                       |
// | UpdateCheckPoint, body without checkpoint    | 400 InvalidShardCheckPoint              |
// | HeartBeat: join, second joins, first expires | all shards / half / all again           |
// | POST on a group without type                 | 405 InvalidMethod                       |

import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { sendSigned, type RawSlsAnswer } from "./signed-request";

const KEY = { accessKeyId: "LTAI-checkpoint-test", accessKeySecret: "checkpoint-test-secret" };
const START = Math.floor(Date.now() / 1000) * 1000;
const GROUP = "/logstores/orders/consumergroups/billing";

let emulator: RunningEmulator;
let clock: number;

async function start(extra: { checkpointUpdateTimeUnit?: "seconds" } = {}): Promise<void> {
  clock = START;
  emulator = await startEmulator({
    now: () => clock,
    sls: {
      accessKeys: [KEY],
      projects: { "shop-prod": { logstores: ["orders"], shards: { orders: 3 } } },
      ...extra,
    },
  });
  emulator.sls.createGroup("shop-prod", "orders", { name: "billing", timeout: 20, order: false });
}
afterEach(async () => {
  await emulator.close();
});

describe("GetCheckPoint", () => {
  beforeEach(() => start());

  it("[documented] answers every shard's checkpoint, one shard with ?shard=N, and [] for a shard with none", async () => {
    emulator.sls.setCheckpoints("shop-prod", "orders", "billing", [
      { shard: 2, checkpoint: "Mg==", consumer: "w1" },
      { shard: 0, checkpoint: "MA==", consumer: "w1" },
    ]);

    const all = await get(GROUP);
    const one = await get(`${GROUP}?shard=2`);
    const none = await get(`${GROUP}?shard=1`);

    expect(all.json).toEqual([
      { shard: 0, checkpoint: "MA==", updateTime: START * 1000, consumer: "w1" },
      { shard: 2, checkpoint: "Mg==", updateTime: START * 1000, consumer: "w1" },
    ]);
    expect(one.json).toEqual([
      { shard: 2, checkpoint: "Mg==", updateTime: START * 1000, consumer: "w1" },
    ]);
    expect(none).toMatchObject({ status: 200, json: [] });
  });

  it("[emulator-only] rejects a shard query that is not an integer with 400 ParameterInvalid", async () => {
    const answer = await get(`${GROUP}?shard=first`);

    expect(answer).toMatchObject({ status: 400, json: { errorCode: "ParameterInvalid" } });
  });

  it("[documented] rejects a missing group with 404 ConsumerGroupNotExist", async () => {
    const answer = await get("/logstores/orders/consumergroups/nobody");

    expect(answer).toMatchObject({ status: 404, json: { errorCode: "ConsumerGroupNotExist" } });
  });
});

describe("UpdateCheckPoint", () => {
  beforeEach(() => start());

  it("[documented] takes a forced commit without a consumer and records consumer as empty", async () => {
    const answer = await post(`${GROUP}?type=checkpoint&forceSuccess=true`, {
      shard: 1,
      checkpoint: "MQ==",
    });

    expect(answer.status).toBe(200);
    expect(answer.text).toBe("");
    expect(emulator.sls.checkpoints("shop-prod", "orders", "billing")).toEqual([
      { shard: 1, checkpoint: "MQ==", updateTime: START * 1000, consumer: "" },
    ]);
  });

  it("[documented] accepts forceSuccess=True as Python sends it", async () => {
    const answer = await post(`${GROUP}?type=checkpoint&forceSuccess=True&consumer=py`, {
      shard: 0,
      checkpoint: "MA==",
    });

    expect(answer.status).toBe(200);
    expect(emulator.sls.checkpoints("shop-prod", "orders", "billing")[0]?.consumer).toBe("py");
  });

  it("[documented] takes a commit from a consumer that sent a heartbeat, and stamps the commit time", async () => {
    await post(`${GROUP}?type=heartbeat&consumer=w1`, []);
    clock += 5000;

    const answer = await post(`${GROUP}?type=checkpoint&consumer=w1`, {
      shard: 2,
      checkpoint: "Mg==",
    });

    expect(answer.status).toBe(200);
    expect(emulator.sls.checkpoints("shop-prod", "orders", "billing")).toEqual([
      { shard: 2, checkpoint: "Mg==", updateTime: (START + 5000) * 1000, consumer: "w1" },
    ]);
  });

  it.each([
    [
      "a consumer that sent no heartbeat",
      "&consumer=w9",
      { shard: 0, checkpoint: "MA==" },
      404,
      "ConsumerNotExist",
    ],
    [
      "no consumer and no forceSuccess",
      "",
      { shard: 0, checkpoint: "MA==" },
      404,
      "ConsumerNotExist",
    ],
    [
      "a shard the logstore does not have",
      "&forceSuccess=true",
      { shard: 3, checkpoint: "Mw==" },
      404,
      "ShardNotExist",
    ],
    [
      "a body without checkpoint",
      "&forceSuccess=true",
      { shard: 0 },
      400,
      "InvalidShardCheckPoint",
    ],
  ])("[documented] rejects %s", async (_what, query, body, status, code) => {
    const answer = await post(`${GROUP}?type=checkpoint${query}`, body);

    expect(answer).toMatchObject({ status, json: { errorCode: code } });
    expect(emulator.sls.checkpoints("shop-prod", "orders", "billing")).toEqual([]);
  });

  it("[emulator-only] answers updateTime in seconds when configured so", async () => {
    await emulator.close();
    await start({ checkpointUpdateTimeUnit: "seconds" });

    await post(`${GROUP}?type=checkpoint&forceSuccess=true`, { shard: 0, checkpoint: "MA==" });
    const read = await get(GROUP);

    expect(read.json).toEqual([
      { shard: 0, checkpoint: "MA==", updateTime: START / 1000, consumer: "" },
    ]);
  });
});

describe("ConsumerGroupHeartBeat", () => {
  beforeEach(() => start());

  it("[emulator-only] balances shards so counts differ by at most one, and hands a silent consumer's shards on after timeout", async () => {
    // GIVEN two consumers sharing three shards
    const first = await heartbeat("w1", []);
    const second = await heartbeat("w2", []);
    const firstAgain = await heartbeat("w1", [0, 1, 2]);

    // WHEN w1 stays silent for longer than the group's 20 s timeout
    clock += 21_000;
    const afterTimeout = await heartbeat("w2", [2]);

    // THEN w2 holds every shard, and a commit by w1 is refused
    const late = await post(`${GROUP}?type=checkpoint&consumer=w1`, {
      shard: 0,
      checkpoint: "MA==",
    });
    expect(first).toEqual([0, 1, 2]);
    expect(second).toEqual([2]);
    expect(firstAgain).toEqual([0, 1]);
    expect(afterTimeout).toEqual([0, 1, 2]);
    expect(late).toMatchObject({ status: 404, json: { errorCode: "ConsumerNotExist" } });
  });

  it("[emulator-only] rejects a heartbeat without a consumer with 400 ParameterInvalid", async () => {
    const answer = await post(`${GROUP}?type=heartbeat`, []);

    expect(answer).toMatchObject({ status: 400, json: { errorCode: "ParameterInvalid" } });
  });

  it("[emulator-only] answers a POST on a group without a type with 405 InvalidMethod", async () => {
    const answer = await post(GROUP, []);

    expect(answer).toMatchObject({ status: 405, json: { errorCode: "InvalidMethod" } });
  });

  it("[emulator-only] deleting the group over HTTP drops its checkpoints (inferred: they live in the group)", async () => {
    await post(`${GROUP}?type=checkpoint&forceSuccess=true`, { shard: 0, checkpoint: "MA==" });

    const deleted = await sendSigned(emulator.url, { method: "DELETE", path: GROUP, key: KEY });
    emulator.sls.createGroup("shop-prod", "orders", { name: "billing", timeout: 20, order: false });

    expect(deleted.status).toBe(200);
    expect((await get(GROUP)).json).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

function get(path: string): Promise<RawSlsAnswer> {
  return sendSigned(emulator.url, {
    method: "GET",
    path,
    key: KEY,
    date: new Date(clock).toUTCString(),
  });
}

function post(path: string, body: unknown): Promise<RawSlsAnswer> {
  return sendSigned(emulator.url, {
    method: "POST",
    path,
    body: JSON.stringify(body),
    key: KEY,
    date: new Date(clock).toUTCString(),
  });
}

async function heartbeat(consumer: string, held: number[]): Promise<number[]> {
  const answer = await post(`${GROUP}?type=heartbeat&consumer=${consumer}`, held);
  expect(answer.status).toBe(200);
  return answer.json as number[];
}
