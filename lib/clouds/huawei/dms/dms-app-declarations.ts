// The app-wide checks of DMS groups at apply: a queue may be named by id in one construct and
// by name in another, and only the cloud can tell it is one queue. Synth writes the app's DMS
// declarations (contract/app-declarations.ts); the hooks compare them with what the cloud lists.

import {
  declaredOf,
  duplicateMessage,
  quotaMessage,
  type AppDeclarations,
} from "../../../contract/app-declarations";
import { targetOf } from "../../../contract/target";
import { HookError, HookErrorCode } from "../../../runtime/errors";
import { DMS, type DmsIdentity } from "./dms-contract";
import { DMS_MAX_GROUPS_PER_QUEUE } from "./dms-rules";

/** One DMS group as a construct declares it. Exactly one of queueId and queueName is set. */
export type DeclaredDmsGroup = {
  readonly projectId: string;
  readonly queueId: string;
  readonly queueName: string;
  readonly name: string;
  /** The construct path, for messages. */
  readonly path: string;
};

function declaredDms(declarations: AppDeclarations): DeclaredDmsGroup[] {
  return declaredOf(declarations, DMS).map((d) => ({
    projectId: d["projectId"] ?? "",
    queueId: d["queueId"] ?? "",
    queueName: d["queueName"] ?? "",
    name: d["name"] ?? "",
    path: d.path,
  }));
}

/** The DMS groups of `declarations` on the queue `queue` (id and name) of a project. */
export function declaredOnQueue(
  declarations: AppDeclarations,
  projectId: string,
  queue: { readonly id: string; readonly name: string },
): DeclaredDmsGroup[] {
  return declaredDms(declarations).filter(
    (d) =>
      d.projectId === projectId &&
      ((d.queueId !== "" && d.queueId === queue.id) ||
        (d.queueName !== "" && d.queueName === queue.name)),
  );
}

/** Whether a project's declarations name queues both ways (only then can two be one group). */
export function mixesQueueSpellings(declarations: AppDeclarations, projectId: string): boolean {
  const of = declaredDms(declarations).filter((d) => d.projectId === projectId);
  return of.some((d) => d.queueId !== "") && of.some((d) => d.queueName !== "");
}

/**
 * Refuses a DMS group that the app declares twice (its queue by id in one place and by name in
 * another), and a queue on which the app declares more groups than it holds, counting both
 * spellings. `queue` is the group's queue as the cloud lists it: its id and name.
 */
export function checkDeclaredOnce(
  identity: DmsIdentity,
  queue: { readonly id: string; readonly name: string },
  declarations: AppDeclarations,
  action: "create" | "delete",
): void {
  const onQueue = declaredOnQueue(declarations, identity.projectId, queue);
  const same = onQueue.filter((d) => d.name === identity.name);
  if (same.length > 1) {
    throw new HookError(
      HookErrorCode.DECLARED_TWICE,
      withoutPeriod(
        duplicateMessage(
          targetOf(identity),
          same.map(
            (d) =>
              `${d.path} (queue by ${d.queueId ? `id ${d.queueId}` : `name "${d.queueName}"`})`,
          ),
        ),
      ),
      `Queue ${queue.id} is named "${queue.name}": remove all but one of these declarations and deploy again. ` +
        `Nothing was ${action === "create" ? "created" : "deleted"}.`,
    );
  }
  if (action === "create" && onQueue.length > DMS_MAX_GROUPS_PER_QUEUE) {
    throw new HookError(
      HookErrorCode.QUEUE_OVER_QUOTA,
      withoutPeriod(
        quotaMessage({
          count: onQueue.length,
          containerKind: "DMS queue",
          container: `${identity.projectId}/${queue.name || queue.id}`,
          limit: DMS_MAX_GROUPS_PER_QUEUE,
          paths: onQueue.map((d) => d.path),
        }),
      ),
      `Counted with the queue named both by id (${queue.id}) and by name ("${queue.name}"). Nothing was created.`,
    );
  }
}

/** The failure line adds its own period after the message. */
function withoutPeriod(message: string): string {
  return message.replace(/\.$/, "");
}
