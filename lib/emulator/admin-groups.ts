// Admin routes on one group, for tests and for people driving the emulator by hand:
//
// | route                                                        | body                 | answer |
// |--------------------------------------------------------------|----------------------|--------|
// | DELETE /_emulator/sls/groups/{project}/{logstore}/{group}     | -                    | {ok}   |
// | GET    /_emulator/sls/checkpoints/{project}/{logstore}/{group}| -                    | array  |
// | PUT    /_emulator/sls/checkpoints/{project}/{logstore}/{group}| [{shard, checkpoint?,| array  |
// |                                                              |  updateTime?, consumer?}] |   |
// | DELETE /_emulator/dms/groups/{projectId}/{queue}/{group}      | -                    | {ok}   |
// | PUT    /_emulator/dms/messages/{projectId}/{queue}/{group}    | {available_messages?,| counts |
// |                                                              |  produced_messages?, ...} |   |
//
// DMS queues and groups are given by ID or name. Unknown resources answer the service's own
// 404 code (ConsumerGroupNotExist, DMS.10240405, ...); malformed bodies 400 InvalidAdminBody.

import { DmsError } from "../clouds/huawei/dms/emulator/dms-emulator-errors";
import { readMessageCounts } from "../clouds/huawei/dms/emulator/dms-emulator-message-counts";
import { jsonAnswer, type EmulatorAnswer, type EmulatorRequest } from "./emulated-service";
import { SlsError } from "../clouds/alibaba/sls/emulator/sls-emulator-errors";
import type { DmsStateAccessor, SlsCheckpointInput, SlsStateAccessor } from "./state-accessors";

export interface AdminGroupTarget {
  sls: SlsStateAccessor;
  /** Absent when the emulator mounts no DMS service. */
  dms?: DmsStateAccessor;
}

export const ADMIN_GROUP_ROUTES =
  "DELETE /_emulator/sls/groups/{project}/{logstore}/{group}, " +
  "GET|PUT /_emulator/sls/checkpoints/{project}/{logstore}/{group}, " +
  "DELETE /_emulator/dms/groups/{projectId}/{queue}/{group}, " +
  "PUT /_emulator/dms/messages/{projectId}/{queue}/{group}";

const GROUP_ROUTE =
  /^\/_emulator\/(sls|dms)\/(groups|checkpoints|messages)\/([^/]+)\/([^/]+)\/([^/]+)\/?$/;

/** The answer of a group route, or undefined when the path is not one. */
export function handleAdminGroupRequest(
  request: EmulatorRequest,
  target: AdminGroupTarget,
): EmulatorAnswer | undefined {
  const match = GROUP_ROUTE.exec(request.path);
  if (!match) return undefined;
  const [, service, kind, a = "", b = "", c = ""] = match;
  const [first, second, group] = [a, b, c].map(decode) as [string, string, string];
  const route = `${request.method} ${service}/${kind}`;
  try {
    switch (route) {
      case "DELETE sls/groups":
        target.sls.deleteGroup(first, second, group);
        return jsonAnswer(200, {}, { ok: true });
      case "GET sls/checkpoints":
        return jsonAnswer(200, {}, target.sls.checkpoints(first, second, group));
      case "PUT sls/checkpoints":
        target.sls.setCheckpoints(first, second, group, readCheckpointInputs(request.body));
        return jsonAnswer(200, {}, target.sls.checkpoints(first, second, group));
      case "DELETE dms/groups":
        dmsOf(target).deleteGroup(first, second, group);
        return jsonAnswer(200, {}, { ok: true });
      case "PUT dms/messages": {
        const counts = readMessageCounts(parseJson(request.body), "the body");
        return jsonAnswer(200, {}, dmsOf(target).setMessageCounts(first, second, group, counts));
      }
      default:
        return jsonAnswer(
          405,
          {},
          {
            errorCode: "NoSuchAdminRoute",
            errorMessage: `${request.method} is not allowed on ${request.path}; there are ${ADMIN_GROUP_ROUTES}`,
          },
        );
    }
  } catch (e) {
    return adminError(e);
  }
}

function dmsOf(target: AdminGroupTarget): DmsStateAccessor {
  if (!target.dms) throw new DmsError(404, "NotEmulated", "this emulator runs no DMS service");
  return target.dms;
}

/** Cloud errors keep their status and code; anything else is a malformed admin body. */
function adminError(e: unknown): EmulatorAnswer {
  if (e instanceof SlsError || e instanceof DmsError) {
    return jsonAnswer(e.status, {}, { errorCode: e.code, errorMessage: e.message });
  }
  return jsonAnswer(
    400,
    {},
    { errorCode: "InvalidAdminBody", errorMessage: String((e as Error).message ?? e) },
  );
}

function readCheckpointInputs(raw: Buffer): SlsCheckpointInput[] {
  const value = parseJson(raw);
  const list = Array.isArray(value) ? value : [value];
  return list.map((item: unknown) => {
    const { shard, checkpoint, updateTime, consumer, ...rest } = (item ?? {}) as Record<
      string,
      unknown
    >;
    const where = `checkpoint ${JSON.stringify(item)}`;
    if (Object.keys(rest).length > 0) {
      throw new Error(`${where}: unknown field(s) ${Object.keys(rest).join(", ")}`);
    }
    if (typeof shard !== "number" || !Number.isInteger(shard) || shard < 0) {
      throw new Error(`${where}: shard must be an integer >= 0`);
    }
    if (checkpoint !== undefined && typeof checkpoint !== "string") {
      throw new Error(`${where}: checkpoint must be a string`);
    }
    if (updateTime !== undefined && (typeof updateTime !== "number" || updateTime < 0)) {
      throw new Error(`${where}: updateTime must be a number >= 0 (microseconds by default)`);
    }
    if (consumer !== undefined && typeof consumer !== "string") {
      throw new Error(`${where}: consumer must be a string`);
    }
    return {
      shard,
      ...(checkpoint === undefined ? {} : { checkpoint }),
      ...(updateTime === undefined ? {} : { updateTime }),
      ...(consumer === undefined ? {} : { consumer }),
    };
  });
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (e) {
    throw new Error(`the body is not JSON: ${String(e)}`);
  }
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
