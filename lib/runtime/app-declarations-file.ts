// The app's DMS declarations as synth wrote them next to the stack (lib/contract/
// app-declarations.ts), read from the hook's working directory: Terraform runs local-exec in
// the stack directory, where the hook program's own relative path points from too.

import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
  APP_DECLARATIONS_FILE,
  declaredOnQueue,
  duplicateMessage,
  parseAppDeclarations,
  quotaMessage,
  type AppDeclarations,
} from "../contract/app-declarations";
import type { DmsIdentity } from "../contract/identity";
import { DMS_MAX_GROUPS_PER_QUEUE } from "../contract/rules";
import { targetOf } from "../contract/target";
import { HookError, HookErrorCode } from "./errors";

/** The declarations in `dir`, or undefined when synth wrote none (the stack has no DMS group). */
export function readAppDeclarations(dir: string = process.cwd()): AppDeclarations | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dir, APP_DECLARATIONS_FILE), "utf8");
  } catch {
    return undefined;
  }
  return parseAppDeclarations(text);
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
