// SLS as the emulator's core sees it (emulated-clouds.ts lists it): always mounted (without
// options: no keys and no projects, so every call is rejected), its admin routes on one group,
// and its rows of `emulator list`.

import { isRecord } from "../../../../contract/fields";
import {
  parseAdminBody,
  type AdminRoute,
  type EmulatedCloud,
  type EmulatorGroupRow,
} from "../../../../emulator/emulated-cloud";
import { jsonAnswer } from "../../../../emulator/emulated-service";
import { ALIBABA_ACCESS_KEYS } from "../../shared/emulator/alibaba-emulator-access-keys";
import { createSlsService, type SlsEmulatorConfig } from "./sls-emulator-service";
import type { SlsStateSnapshot } from "./sls-emulator-state";
import {
  slsStateAccessor,
  type SlsCheckpointInput,
  type SlsStateAccessor,
} from "./sls-emulator-state-accessor";

export const slsEmulatedCloud: EmulatedCloud<SlsEmulatorConfig, SlsStateAccessor> = {
  serviceName: "sls",
  title: "SLS",
  start(options, context) {
    const config = options ?? { accessKeys: [], projects: {} };
    const keys = context.share(ALIBABA_ACCESS_KEYS);
    keys.push(...config.accessKeys);
    const service = createSlsService(config, context.now, keys);
    const accessor = slsStateAccessor(service, context.persist, context.now);
    return { service, mounted: true, accessor, adminRoutes: slsAdminRoutes(accessor) };
  },
  config: {
    role: "resources",
    looksRight: (value) =>
      isRecord(value) && Array.isArray(value["accessKeys"]) && isRecord(value["projects"]),
    shape:
      '{"accessKeys": [{"accessKeyId", "accessKeySecret"}], ' +
      '"projects": {"<project>": {"logstores": ["<logstore>"]}}}',
    demo: {
      accessKeys: [
        { accessKeyId: "demo-access-key-id", accessKeySecret: "demo-access-key-secret" },
      ],
      projects: { "shop-prod": { logstores: ["orders", "payments", "audit"] } },
    },
  },
  admin: {
    help:
      "DELETE /_emulator/sls/groups/{project}/{logstore}/{group}, " +
      "GET|PUT /_emulator/sls/checkpoints/{project}/{logstore}/{group}",
  },
  faults: { throttleVariants: ["quota", "server-busy"] },
  groupRows: (snapshot) => slsGroupRows(snapshot as SlsStateSnapshot | undefined),
};

/**
 * | route                                                        | body                 | answer |
 * |--------------------------------------------------------------|----------------------|--------|
 * | DELETE /_emulator/sls/groups/{project}/{logstore}/{group}     | -                    | {ok}   |
 * | GET    /_emulator/sls/checkpoints/{project}/{logstore}/{group}| -                    | array  |
 * | PUT    /_emulator/sls/checkpoints/{project}/{logstore}/{group}| [{shard, checkpoint?,| array  |
 * |                                                              |  updateTime?, consumer?}] |   |
 */
function slsAdminRoutes(sls: SlsStateAccessor): AdminRoute[] {
  return [
    {
      method: "DELETE",
      kind: "groups",
      run: ([project, logstore, group]) => {
        sls.deleteGroup(project, logstore, group);
        return jsonAnswer(200, {}, { ok: true });
      },
    },
    {
      method: "GET",
      kind: "checkpoints",
      run: ([project, logstore, group]) =>
        jsonAnswer(200, {}, sls.checkpoints(project, logstore, group)),
    },
    {
      method: "PUT",
      kind: "checkpoints",
      run: ([project, logstore, group], body) => {
        sls.setCheckpoints(project, logstore, group, readCheckpointInputs(body));
        return jsonAnswer(200, {}, sls.checkpoints(project, logstore, group));
      },
    },
  ];
}

function readCheckpointInputs(raw: Buffer): SlsCheckpointInput[] {
  const value = parseAdminBody(raw);
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

/** One row per group: project/logstore, timeout, order and the shards with a checkpoint. */
function slsGroupRows(state: SlsStateSnapshot | undefined): EmulatorGroupRow[] {
  const rows: EmulatorGroupRow[] = [];
  for (const [project, { logstores }] of Object.entries(state?.projects ?? {})) {
    for (const [logstore, { groups, checkpoints }] of Object.entries(logstores)) {
      for (const g of groups) {
        const shards = checkpoints?.[g.name]?.length ?? 0;
        const committed =
          shards === 0
            ? "no checkpoint"
            : `checkpoints on ${shards} ${shards === 1 ? "shard" : "shards"}`;
        rows.push({
          service: "sls",
          where: `${project}/${logstore}`,
          group: g.name,
          detail: `timeout ${g.timeout}, order ${g.order}, ${committed}`,
        });
      }
    }
  }
  return rows;
}
