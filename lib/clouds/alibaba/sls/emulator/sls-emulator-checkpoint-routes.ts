// The consumer-library calls on one group: GetCheckPoint, ConsumerGroupUpdateCheckPoint and
// ConsumerGroupHeartBeat. All three share the path /logstores/{logstore}/consumergroups/{group};
// the POSTs are told apart by the query's type=checkpoint or type=heartbeat.
//
// | call                  | request                                     | answer            |
// |-----------------------|---------------------------------------------|-------------------|
// | GetCheckPoint         | GET, optional ?shard=N                      | bare array of     |
// |                       |                                             | {shard, checkpoint, updateTime, consumer} |
// | UpdateCheckPoint      | POST ?type=checkpoint[&consumer=C]          | 200, empty body   |
// |                       | [&forceSuccess=true], {shard, checkpoint}   |                   |
// | HeartBeat             | POST ?type=heartbeat&consumer=C, [held ids] | bare array of the |
// |                       |                                             | shards C now holds |

import {
  jsonAnswer,
  type EmulatorAnswer,
  type EmulatorRequest,
} from "../../../../emulator/emulated-service";
import { activityKey } from "./sls-emulator-consumer-activity";
import { slsErrors } from "./sls-emulator-errors";
import type { SlsState } from "./sls-emulator-state";

export type CheckpointAction =
  "GetCheckPoint" | "ConsumerGroupUpdateCheckPoint" | "ConsumerGroupHeartBeat";

/** The action of a POST on one group, read from its type query parameter. */
export function groupPostAction(rawQuery: string): CheckpointAction | undefined {
  const type = new URLSearchParams(rawQuery).get("type");
  if (type === "checkpoint") return "ConsumerGroupUpdateCheckPoint";
  if (type === "heartbeat") return "ConsumerGroupHeartBeat";
  return undefined;
}

export function runCheckpointRoute(
  action: CheckpointAction,
  target: { project: string; logstore: string; group: string },
  request: EmulatorRequest,
  state: SlsState,
  headers: Record<string, string>,
  at: number,
): { answer: EmulatorAnswer; mutated: boolean } {
  const { project, logstore, group } = target;
  const record = state.requireGroup(project, logstore, group);
  const key = activityKey(project, logstore, group);
  const query = new URLSearchParams(request.rawQuery);
  const live = { at, timeoutSeconds: record.timeout };
  switch (action) {
    case "GetCheckPoint": {
      const shard = optionalShard(query.get("shard"));
      return {
        answer: jsonAnswer(200, headers, state.activity.checkpoints(key, shard)),
        mutated: false,
      };
    }
    case "ConsumerGroupUpdateCheckPoint": {
      const body = parseCheckpointBody(request.body);
      const consumer = query.get("consumer") ?? undefined;
      // Go sends true/false, Python True/False: either case is accepted.
      const forceSuccess = query.get("forceSuccess")?.toLowerCase() === "true";
      state.activity.commit(
        key,
        { ...body, ...(consumer === undefined ? {} : { consumer }), forceSuccess },
        state.shardCount(project, logstore),
        live,
      );
      return {
        answer: { status: 200, headers: { ...headers }, body: Buffer.alloc(0) },
        mutated: true,
      };
    }
    case "ConsumerGroupHeartBeat": {
      const consumer = query.get("consumer");
      if (!consumer) throw slsErrors.parameterInvalid("heartbeat needs a consumer query parameter");
      parseHeldShards(request.body);
      const shards = state.activity.heartbeat(
        key,
        consumer,
        state.shardCount(project, logstore),
        live,
      );
      return { answer: jsonAnswer(200, headers, shards), mutated: false };
    }
  }
}

function optionalShard(value: string | null): number | undefined {
  if (value === null) return undefined;
  const shard = Number(value);
  if (value === "" || !Number.isInteger(shard)) {
    throw slsErrors.parameterInvalid(`shard must be an integer, got ${JSON.stringify(value)}`);
  }
  return shard;
}

function parseCheckpointBody(raw: Buffer): { shard: number; checkpoint: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString("utf8"));
  } catch {
    throw slsErrors.invalidShardCheckPoint("the body is not JSON");
  }
  const { shard, checkpoint } = (value ?? {}) as Record<string, unknown>;
  if (typeof shard !== "number" || !Number.isInteger(shard)) {
    throw slsErrors.invalidShardCheckPoint('the body needs "shard": <integer>');
  }
  if (typeof checkpoint !== "string") {
    throw slsErrors.invalidShardCheckPoint('the body needs "checkpoint": "<cursor>"');
  }
  return { shard, checkpoint };
}

/** The body is a bare array of the shard ids the consumer holds ([] at first). */
function parseHeldShards(raw: Buffer): number[] {
  let value: unknown;
  try {
    value = raw.length === 0 ? [] : JSON.parse(raw.toString("utf8"));
  } catch {
    throw slsErrors.parameterInvalid("the heartbeat body is not JSON");
  }
  if (!Array.isArray(value) || !value.every((s) => Number.isInteger(s))) {
    throw slsErrors.parameterInvalid("the heartbeat body must be a JSON array of shard ids");
  }
  return value as number[];
}
