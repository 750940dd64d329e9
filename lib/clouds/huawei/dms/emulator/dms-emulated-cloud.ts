// DMS as the emulator's core sees it (emulated-clouds.ts lists it): mounted only when
// configured (otherwise /v1.0/ paths answer 404 NotEmulated and the state has no "dms" key, so
// SLS-only state files and state answers stay as they were), its admin routes on one group,
// and its rows of `emulator list`.

import { isRecord } from "../../../../contract/fields";
import {
  parseAdminBody,
  type AdminRoute,
  type EmulatedCloud,
  type EmulatorGroupRow,
} from "../../../../emulator/emulated-cloud";
import { jsonAnswer } from "../../../../emulator/emulated-service";
import { HUAWEI_ACCESS_KEYS } from "../../shared/emulator/huawei-emulator-access-keys";
import { readMessageCounts } from "./dms-emulator-message-counts";
import type { DmsStateSnapshot } from "./dms-emulator-records";
import { createDmsService, type DmsEmulatorConfig } from "./dms-emulator-service";
import { dmsStateAccessor, type DmsStateAccessor } from "./dms-emulator-state-accessor";

export const dmsEmulatedCloud: EmulatedCloud<DmsEmulatorConfig, DmsStateAccessor> = {
  serviceName: "dms",
  title: "DMS",
  start(options, context) {
    const keys = context.share(HUAWEI_ACCESS_KEYS);
    keys.push(...(options?.accessKeys ?? []));
    const service = createDmsService(options ?? { projects: {} }, context.now, keys);
    const accessor = dmsStateAccessor(service, context.persist);
    return {
      service,
      mounted: options !== undefined,
      accessor,
      adminRoutes: dmsAdminRoutes(accessor),
    };
  },
  config: {
    role: "resources",
    looksRight: (value) => {
      if (!isRecord(value) || !isRecord(value["projects"])) return false;
      const { projects, accessKeys, tokens } = value;
      return (
        Object.values(projects).every((p) => isRecord(p) && Array.isArray(p["queues"])) &&
        (accessKeys === undefined || Array.isArray(accessKeys)) &&
        (tokens === undefined || Array.isArray(tokens))
      );
    },
    shape:
      '{"projects": {"<project id>": {"queues": [{"name", "id"?}]}}, ' +
      '"accessKeys": [{"accessKey", "secretKey"}], "tokens": ["<IAM token>"]}',
    demo: {
      projects: {
        "0a1b2c3d4e5f40718293a4b5c6d7e8f9": {
          queues: [
            { name: "billing", id: "3f9c2a7e-5b1d-4c8e-9a6f-0d2b4e6c8a10" },
            { name: "shipping", id: "7a1e4c9b-2d6f-4b3a-8e5c-1f0a9d7b3c62" },
          ],
        },
      },
      accessKeys: [{ accessKey: "demo-access-key-id", secretKey: "demo-access-key-secret" }],
      tokens: ["demo-iam-token"],
      groupInitDelayMs: 1000,
    },
  },
  admin: {
    help:
      "DELETE /_emulator/dms/groups/{projectId}/{queue}/{group}, " +
      "PUT /_emulator/dms/messages/{projectId}/{queue}/{group}",
  },
  faults: { throttleVariants: ["gateway", "dms-404"] },
  groupRows: (snapshot) => dmsGroupRows(snapshot as DmsStateSnapshot | undefined),
};

/**
 * | route                                                     | body                      | answer |
 * |-----------------------------------------------------------|---------------------------|--------|
 * | DELETE /_emulator/dms/groups/{projectId}/{queue}/{group}   | -                         | {ok}   |
 * | PUT    /_emulator/dms/messages/{projectId}/{queue}/{group} | {available_messages?,     | counts |
 * |                                                           |  produced_messages?, ...} |        |
 *
 * Queues and groups are given by ID or name.
 */
function dmsAdminRoutes(dms: DmsStateAccessor): AdminRoute[] {
  return [
    {
      method: "DELETE",
      kind: "groups",
      run: ([projectId, queue, group]) => {
        dms.deleteGroup(projectId, queue, group);
        return jsonAnswer(200, {}, { ok: true });
      },
    },
    {
      method: "PUT",
      kind: "messages",
      run: ([projectId, queue, group], body) => {
        const counts = readMessageCounts(parseAdminBody(body), "the body");
        return jsonAnswer(200, {}, dms.setMessageCounts(projectId, queue, group, counts));
      },
    },
  ];
}

/** One row per group: project id/queue name, the group id and the messages waiting. */
function dmsGroupRows(state: DmsStateSnapshot | undefined): EmulatorGroupRow[] {
  const rows: EmulatorGroupRow[] = [];
  for (const [project, { queues }] of Object.entries(state?.projects ?? {})) {
    for (const queue of queues) {
      for (const g of queue.groups) {
        const waiting = g.messages?.available_messages ?? 0;
        rows.push({
          service: "dms",
          where: `${project}/${queue.name}`,
          group: g.name,
          detail: `id ${g.id}, ${waiting} messages waiting`,
        });
      }
    }
  }
  return rows;
}
