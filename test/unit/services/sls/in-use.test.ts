// The SLS in-use decision of deletion protection: updateTime in any unit the service or a
// client writes, and the window's edges.

import type { SlsCheckpoint } from "../../../../lib/clouds/alibaba/sls/client/sls-checkpoints";
import { slsActivityWithin, slsEvidence } from "../../../../lib/clouds/alibaba/sls/sls-in-use";
import { checkpointTimeMs } from "../../../../lib/clouds/alibaba/sls/sls-checkpoint-time";

const NOW_MS = Date.UTC(2025, 2, 1, 10, 15, 0); // 2025-03-01T10:15:00Z
const WINDOW = 600;

describe("checkpointTimeMs (the one reader of updateTime units)", () => {
  // | unit          | value at NOW          |
  // |---------------|-----------------------|
  // | seconds       | 1_740_824_100         |
  // | milliseconds  | 1_740_824_100_000     |
  // | microseconds  | 1_740_824_100_000_000 |
  it.each([
    ["seconds", NOW_MS / 1000],
    ["milliseconds", NOW_MS],
    ["microseconds", NOW_MS * 1000],
  ])("reads %s as the same instant", (_unit, value) => {
    expect(checkpointTimeMs(value)).toBe(NOW_MS);
  });

  it("tells the units apart at the 1973 and 5138 boundaries", () => {
    expect(checkpointTimeMs(99_999_999_999)).toBe(99_999_999_999_000); // seconds: year 5138
    expect(checkpointTimeMs(100_000_000_000)).toBe(100_000_000_000); // milliseconds: 1973
    expect(checkpointTimeMs(100_000_000_000_000)).toBe(100_000_000_000); // microseconds: 1973
  });

  it("reads 0 and negative values as never committed", () => {
    expect(checkpointTimeMs(0)).toBe(0);
    expect(checkpointTimeMs(-5)).toBe(0);
  });
});

describe("slsActivityWithin", () => {
  it.each([
    ["seconds", (ms: number) => Math.floor(ms / 1000)],
    ["microseconds", (ms: number) => ms * 1000],
  ])("finds a commit 42 s ago in %s", (_unit, encode) => {
    const rows = [row(0, encode(NOW_MS - 900_000), "worker-1"), row(3, encode(NOW_MS - 42_000))];
    expect(slsActivityWithin(rows, NOW_MS, WINDOW)).toEqual({
      shard: 3,
      consumer: "worker-7",
      ageSeconds: 42,
    });
  });

  it("counts a commit exactly at the window's edge as in use, one second later as idle", () => {
    const atEdge = [row(1, (NOW_MS - WINDOW * 1000) * 1000)];
    const past = [row(1, (NOW_MS - WINDOW * 1000 - 1000) * 1000)];
    expect(slsActivityWithin(atEdge, NOW_MS, WINDOW)?.ageSeconds).toBe(WINDOW);
    expect(slsActivityWithin(past, NOW_MS, WINDOW)).toBeUndefined();
  });

  it("counts a commit after now (a skewed clock) as in use, age 0", () => {
    expect(slsActivityWithin([row(0, (NOW_MS + 5000) * 1000)], NOW_MS, WINDOW)).toEqual({
      shard: 0,
      consumer: "worker-7",
      ageSeconds: 0,
    });
  });

  it("ignores a forced commit without a consumer (a copy, a tool's reset): no consumer's activity", () => {
    const copied = [row(0, (NOW_MS - 1000) * 1000, "")];
    expect(slsActivityWithin(copied, NOW_MS, WINDOW)).toBeUndefined();
    const both = [...copied, row(1, (NOW_MS - 30_000) * 1000, "worker-2")];
    expect(slsActivityWithin(both, NOW_MS, WINDOW)).toMatchObject({ shard: 1, ageSeconds: 30 });
  });

  it("finds nothing for a new group, or shards that never committed", () => {
    expect(slsActivityWithin([], NOW_MS, WINDOW)).toBeUndefined();
    expect(slsActivityWithin([row(0, 0), row(1, 0)], NOW_MS, WINDOW)).toBeUndefined();
  });

  it("honours a short window", () => {
    const rows = [row(2, (NOW_MS - 61_000) * 1000)];
    expect(slsActivityWithin(rows, NOW_MS, 60)).toBeUndefined();
    expect(slsActivityWithin(rows, NOW_MS, 61)).toBeDefined();
  });
});

describe("slsEvidence", () => {
  it("names the shard, the age and the consumer, and says how to proceed", () => {
    const evidence = slsEvidence({ shard: 3, consumer: "worker-7", ageSeconds: 42 }, WINDOW);
    expect(evidence.summary).toMatch(/^shard 3 committed 42 s ago by consumer worker-7 /);
    expect(evidence.remedy).toMatch(/Stop the group's consumers/);
  });

  it("leaves out the consumer when the service names none", () => {
    expect(slsEvidence({ shard: 0, consumer: "", ageSeconds: 1 }, WINDOW).summary).toMatch(
      /^shard 0 committed 1 s ago \(/,
    );
  });
});

// ---------------------------------------------------------------------------------------------

function row(shard: number, updateTime: number, consumer = "worker-7"): SlsCheckpoint {
  return { shard, checkpoint: "MTcwMA==", updateTime, consumer };
}
