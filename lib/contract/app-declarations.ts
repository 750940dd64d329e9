// The app's declarations, for the hooks of a cloud that cannot tell two declarations apart at
// synth. A DMS queue, for example, may be named by id in one construct and by name in another:
// only the cloud can tell that two such declarations are one group (or that they put more groups
// on one queue than it holds). Synth writes every such group the app declares, in any stack, to
// one file in each stack directory that has one (APP_DECLARATIONS_FILE), listed under its
// cloud's service; the hooks, which Terraform runs in that directory, read it back and refuse
// such an app with the words synth uses for the spellings it can compare.

import { record } from "./fields";
import { PayloadError } from "./payload-error";

/** Written next to each stack's cdk.tf.json; hooks read it from their working directory. */
export const APP_DECLARATIONS_FILE = "consumer-groups-app.json";
const VERSION = 1;

/** One group as a construct declares it: string fields of its cloud, and its construct path. */
export type DeclaredGroup = Readonly<Record<string, string>> & { readonly path: string };

/** The declared groups, by service. */
export type AppDeclarations = Readonly<Record<string, readonly DeclaredGroup[]>>;

export function encodeAppDeclarations(declarations: AppDeclarations): string {
  return `${JSON.stringify({ v: VERSION, ...declarations }, null, 1)}\n`;
}

export function parseAppDeclarations(json: string): AppDeclarations {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new PayloadError(`${APP_DECLARATIONS_FILE} is not valid JSON (${(e as Error).message})`);
  }
  const { v, ...services } = record(raw, APP_DECLARATIONS_FILE);
  if (v !== VERSION || !Object.values(services).every(Array.isArray)) {
    throw new PayloadError(
      `${APP_DECLARATIONS_FILE} is not one this hook reads (version ${VERSION})`,
    );
  }
  return Object.fromEntries(
    Object.entries(services).map(([service, list]) => [
      service,
      (list as unknown[]).map((entry) => {
        const e = record(entry, `${APP_DECLARATIONS_FILE} entry`);
        // Missing or non-string fields read as "", as every field of an identity may be.
        const fields: Record<string, string> = {};
        for (const [k, x] of Object.entries(e)) fields[k] = typeof x === "string" ? x : "";
        return { ...fields, path: fields["path"] ?? "" };
      }),
    ]),
  );
}

/** The declared groups of one service. */
export function declaredOf(
  declarations: AppDeclarations,
  service: string,
): readonly DeclaredGroup[] {
  return declarations[service] ?? [];
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
