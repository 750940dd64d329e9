// The SLS activity column: GetCheckPoint's updateTime in seconds (the reference) or
// microseconds (what the service answers), and the latest commit over all shards.

import { lastCommitOf } from "../../../../lib/clouds/alibaba/sls/sls-activity";
import { checkpointTimeMs } from "../../../../lib/clouds/alibaba/sls/sls-checkpoint-time";

const AT = Date.parse("2025-03-01T10:15:02Z");

describe("checkpointTimeMs", () => {
  it.each([
    ["seconds", AT / 1000],
    ["milliseconds", AT],
    ["microseconds", AT * 1000],
  ])("reads an updateTime in %s", (_unit, updateTime) => {
    expect(checkpointTimeMs(updateTime)).toBe(AT);
  });

  it("keeps the millisecond of a microsecond time, dropping the rest", () => {
    expect(checkpointTimeMs(AT * 1000 + 1999)).toBe(AT + 1);
  });
});

describe("lastCommitOf", () => {
  it("picks the most recent shard, whatever the unit of each", () => {
    expect(
      lastCommitOf([
        { shard: 0, checkpoint: "a", updateTime: AT / 1000 - 60, consumer: "w-1" },
        { shard: 3, checkpoint: "b", updateTime: AT * 1000, consumer: "w-7" },
        { shard: 1, checkpoint: "c", updateTime: AT / 1000 - 5, consumer: "w-2" },
      ]),
    ).toEqual({ time: "2025-03-01T10:15:02.000Z", shard: 3, consumer: "w-7" });
  });

  it("is null when no shard has a checkpoint", () => {
    expect(lastCommitOf([])).toBeNull();
  });
});
