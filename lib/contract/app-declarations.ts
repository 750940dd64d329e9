// The app's DMS declarations, for the hooks. A DMS queue may be named by id in one construct and
// by name in another: only the cloud can tell that two such declarations are one group (or that
// they put more groups on one queue than it holds). Synth writes every DMS group the app
// declares, in any stack, to one file in each stack directory that has DMS groups
// (APP_DECLARATIONS_FILE); the hooks, which Terraform runs in that directory, read it back and
// refuse such an app with the words synth uses for the spellings it can compare.

import { record } from "./fields";
import { PayloadError } from "./payload-error";

/** Written next to each stack's cdk.tf.json; hooks read it from their working directory. */
export const APP_DECLARATIONS_FILE = "consumer-groups-app.json";
const VERSION = 1;

/** One DMS group as a construct declares it. Exactly one of queueId and queueName is set. */
export interface DeclaredDmsGroup {
  readonly projectId: string;
  readonly queueId: string;
  readonly queueName: string;
  readonly name: string;
  /** The construct path, for messages. */
  readonly path: string;
}

export interface AppDeclarations {
  readonly dms: readonly DeclaredDmsGroup[];
}

export function encodeAppDeclarations(declarations: AppDeclarations): string {
  return `${JSON.stringify({ v: VERSION, dms: declarations.dms }, null, 1)}\n`;
}

export function parseAppDeclarations(json: string): AppDeclarations {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new PayloadError(`${APP_DECLARATIONS_FILE} is not valid JSON (${(e as Error).message})`);
  }
  const o = record(raw, APP_DECLARATIONS_FILE);
  if (o["v"] !== VERSION || !Array.isArray(o["dms"])) {
    throw new PayloadError(
      `${APP_DECLARATIONS_FILE} is not one this hook reads (version ${VERSION})`,
    );
  }
  const dms = o["dms"].map((entry: unknown): DeclaredDmsGroup => {
    const e = record(entry, `${APP_DECLARATIONS_FILE} entry`);
    const text = (k: string) => (typeof e[k] === "string" ? (e[k] as string) : "");
    return {
      projectId: text("projectId"),
      queueId: text("queueId"),
      queueName: text("queueName"),
      name: text("name"),
      path: text("path"),
    };
  });
  return { dms };
}

/** The DMS groups of `declarations` on the queue `queue` (id and name) of a project. */
export function declaredOnQueue(
  declarations: AppDeclarations,
  projectId: string,
  queue: { readonly id: string; readonly name: string },
): DeclaredDmsGroup[] {
  return declarations.dms.filter(
    (d) =>
      d.projectId === projectId &&
      ((d.queueId !== "" && d.queueId === queue.id) ||
        (d.queueName !== "" && d.queueName === queue.name)),
  );
}

/** Whether a project's declarations name queues both ways (only then can two be one group). */
export function mixesQueueSpellings(declarations: AppDeclarations, projectId: string): boolean {
  const of = declarations.dms.filter((d) => d.projectId === projectId);
  return of.some((d) => d.queueId !== "") && of.some((d) => d.queueName !== "");
}

/** The words of the duplicate check, at synth and in the hooks alike. */
export function duplicateMessage(identity: string, paths: readonly string[]): string {
  return (
    `consumer group ${identity} is declared ${paths.length} times: ${paths.join(", ")}. ` +
    `Each group must be declared once, or the destroy of one deletes the other's group.`
  );
}

/** The words of the per-container quota check, at synth and in the hooks alike. */
export function quotaMessage(args: {
  readonly count: number;
  readonly containerKind: string;
  readonly container: string;
  readonly limit: number;
  readonly paths: readonly string[];
}): string {
  const { count, containerKind, container, limit, paths } = args;
  return (
    `${count} consumer groups are declared on ${containerKind} ${container}, ` +
    `more than the ${limit} it can hold: ${paths.join(", ")}. Move some to another ${containerKind} or remove them.`
  );
}
