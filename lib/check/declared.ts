// Reads the consumer groups a synthesized app declares from cdktf.out/stacks/*/cdk.tf.json.
//
// A declared group is any resource (terraform_data, null_resource, whatever its address) with
// a local-exec provisioner whose interpreter ends in "ensure" (or "reconcile"): its environment
// variable CGAC_PAYLOAD holds the payload, escaped for Terraform templates (synths of releases up
// to 0.2.0 held it in the command). Nothing is skipped silently: a payload that does
// not parse is an error naming the stack and the resource, and a group whose identity or
// location holds a reference (a cdktf token) is returned as unresolved (declared-refs.ts).

import { PAYLOAD_ENV, RECONCILE_COMMAND } from "../contract/names";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { unescapeTerraformTemplate } from "../constructs/escape";
import { HookCommand } from "../contract/names";
import { parseHookPayload } from "../contract/payload";
import { isRecord } from "../contract/fields";
import { expand } from "../contract/compact";
import {
  placeholdersIn,
  splitTemplateRefs,
  unresolvedGroup,
  type RefSites,
  type UnresolvedGroup,
} from "./declared-refs";
import { parseReconcile } from "../contract/reconcile-payload";
import { CheckError } from "./model";
import { PayloadError } from "../contract/payload-error";
import type { CloudContract } from "../contract/cloud-contract";
import type { EnsurePayload } from "../contract/payload-types";

export interface DeclaredGroup {
  readonly stack: string;
  /** "<type>.<name>", for error messages only. */
  readonly resource: string;
  readonly payload: EnsurePayload;
}

export interface DeclaredApp {
  /** The stacks read, by name. */
  readonly stacks: readonly string[];
  readonly groups: readonly DeclaredGroup[];
  /** The groups a reference names, known only when Terraform applies. */
  readonly unresolved: readonly UnresolvedGroup[];
}

/** The groups of one hook payload: those check can read, and those it cannot. */
interface PayloadGroups {
  readonly groups: EnsurePayload[];
  readonly unresolved: UnresolvedGroup[];
}

const SYNTH_AGAIN = "run `cdktf synth` again with the installed cdktf-consumer-groups version";

/** Every declared group of the stacks in `outdir` (all of them, or only those in `onlyStacks`). */
export function readDeclaredGroups(
  clouds: readonly CloudContract[],
  outdir: string,
  onlyStacks: readonly string[] = [],
): DeclaredApp {
  if (!existsSync(outdir) || !statSync(outdir).isDirectory()) {
    throw new CheckError(
      `${outdir} is not a directory: run \`cdktf synth\` first, or pass the path of the app's ` +
        "cdktf.out (the directory that holds stacks/)",
    );
  }
  const stacksDir = path.join(outdir, "stacks");
  const available = existsSync(stacksDir)
    ? readdirSync(stacksDir)
        .filter((name) => existsSync(path.join(stacksDir, name, "cdk.tf.json")))
        .sort()
    : [];
  if (available.length === 0) {
    throw new CheckError(
      `no stacks in ${outdir} (expected ${path.join(outdir, "stacks", "<stack>", "cdk.tf.json")}): ` +
        "run `cdktf synth` first, or pass the cdktf.out directory itself, not a stack directory",
    );
  }
  const unknown = onlyStacks.filter((s) => !available.includes(s));
  if (unknown.length > 0) {
    throw new CheckError(
      `no stack named ${unknown.map((s) => JSON.stringify(s)).join(", ")} in ${outdir}; ` +
        `its stacks are: ${available.join(", ")}`,
    );
  }
  const stacks =
    onlyStacks.length > 0 ? available.filter((s) => onlyStacks.includes(s)) : available;
  const read = stacks.map((stack) =>
    groupsOfStack(clouds, stack, path.join(stacksDir, stack, "cdk.tf.json")),
  );
  return {
    stacks,
    groups: read.flatMap((r) => r.groups),
    unresolved: read.flatMap((r) => r.unresolved),
  };
}

function groupsOfStack(
  clouds: readonly CloudContract[],
  stack: string,
  file: string,
): { groups: DeclaredGroup[]; unresolved: UnresolvedGroup[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new CheckError(
      `stack ${stack}: ${file} is not valid JSON (${(e as Error).message}); ${SYNTH_AGAIN}`,
    );
  }
  const groups: DeclaredGroup[] = [];
  const unresolved: UnresolvedGroup[] = [];
  for (const [type, byName] of entries(isRecord(doc) ? doc["resource"] : undefined)) {
    for (const [name, block] of entries(byName)) {
      if (name.startsWith("//") || !isRecord(block)) continue;
      for (const exec of localExecBlocks(block["provisioner"])) {
        const interpreter = exec["interpreter"];
        const command = Array.isArray(interpreter) ? interpreter.at(-1) : undefined;
        const resource = `${type}.${name}`;
        const environment = exec["environment"];
        const text = isRecord(environment) ? environment[PAYLOAD_ENV] : exec["command"];
        let read: PayloadGroups | undefined;
        if (command === HookCommand.ENSURE) {
          read = readPayload(clouds, stack, resource, text);
        } else if (command === RECONCILE_COMMAND) {
          // The batched executor: one resource carries every group of the stack.
          const parse = (text: string, refs?: RefSites) =>
            readReconcile(clouds, stack, resource, text, refs);
          read = readPayloads(stack, resource, text, parse);
        }
        for (const payload of read?.groups ?? []) groups.push({ stack, resource, payload });
        unresolved.push(...(read?.unresolved ?? []));
      }
    }
  }
  return { groups, unresolved };
}

function readPayload(
  clouds: readonly CloudContract[],
  stack: string,
  resource: string,
  command: unknown,
): PayloadGroups {
  const read = (text: string, refs?: RefSites): PayloadGroups => {
    const ids = refs ? placeholdersIn(expand(text)) : [];
    if (refs && ids.length > 0) {
      const raw = parseJson(expand(text));
      return { groups: [], unresolved: [unresolvedGroup(stack, resource, raw, ids, refs)] };
    }
    const payload = parseHookPayload(HookCommand.ENSURE, text, clouds);
    if (payload.command !== HookCommand.ENSURE) throw new PayloadError("not an ensure payload");
    return { groups: [payload], unresolved: [] };
  };
  return readPayloads(stack, resource, command, read, HookCommand.ENSURE);
}

/**
 * A reconcile payload's groups: those holding a placeholder are unresolved, the others are
 * read by parseReconcile, as a payload without references is.
 */
function readReconcile(
  clouds: readonly CloudContract[],
  stack: string,
  resource: string,
  text: string,
  refs: RefSites | undefined,
): PayloadGroups {
  if (!refs) return { groups: parseReconcile(text, clouds), unresolved: [] };
  const stored = parseJson(expand(text));
  const list = Array.isArray(stored["groups"]) ? (stored["groups"] as unknown[]) : [];
  const transports = Array.isArray(stored["transports"]) ? stored["transports"] : [];
  const known: unknown[] = [];
  const unresolved: UnresolvedGroup[] = [];
  for (const g of list) {
    const { t, ...rest } = isRecord(g) ? g : {};
    const raw = { ...rest, transport: transports[t as number] };
    const ids = placeholdersIn(JSON.stringify(raw));
    if (ids.length === 0) known.push(g);
    else unresolved.push(unresolvedGroup(stack, resource, raw, ids, refs));
  }
  const groups = parseReconcile(JSON.stringify({ ...stored, groups: known }), clouds);
  return { groups, unresolved };
}

function parseJson(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new PayloadError(`the payload is not valid JSON (${(e as Error).message})`);
  }
  if (!isRecord(value)) throw new PayloadError("the payload must be an object");
  return value;
}

function readPayloads(
  stack: string,
  resource: string,
  command: unknown,
  parse: (text: string, refs?: RefSites) => PayloadGroups,
  what: string = RECONCILE_COMMAND,
): PayloadGroups {
  const where = `stack ${stack}, resource ${resource}`;
  if (typeof command !== "string") {
    throw new CheckError(`${where}: the ${what} hook has no payload string; ${SYNTH_AGAIN}`);
  }
  try {
    // Identity parts or a location given by reference: a table of references comes first.
    const { refs, payload } = splitTemplateRefs(command);
    return parse(unescapeTerraformTemplate(payload), refs);
  } catch (e) {
    if (!(e instanceof PayloadError)) throw e;
    throw new CheckError(
      `${where}: the ${what} payload cannot be read: ${e.message}; ${SYNTH_AGAIN}`,
    );
  }
}

/**
 * The bodies of the local-exec provisioners of a resource. Terraform's JSON syntax allows
 * `[{"local-exec": {…}}]` (what cdktf writes), `{"local-exec": {…}}` and `{"local-exec": [{…}]}`.
 */
function localExecBlocks(provisioner: unknown): Record<string, unknown>[] {
  const items = Array.isArray(provisioner) ? provisioner : [provisioner];
  return items.flatMap((item) => {
    if (!isRecord(item)) return [];
    const body = item["local-exec"];
    return (Array.isArray(body) ? body : [body]).filter(isRecord);
  });
}

function entries(value: unknown): [string, unknown][] {
  return isRecord(value) ? Object.entries(value) : [];
}
