// Reads the consumer groups a synthesized app declares from cdktf.out/stacks/*/cdk.tf.json.
//
// A declared group is any resource (terraform_data, null_resource, whatever its address) with
// a local-exec provisioner whose interpreter ends in "ensure" (or "reconcile"): its environment
// variable CGAC_PAYLOAD holds the payload, escaped for Terraform templates (synths of releases up
// to 0.2.0 held it in the command). Nothing is skipped silently: a payload that does
// not parse is an error naming the stack and the resource.

import { PAYLOAD_ENV, RECONCILE_COMMAND } from "../contract/names";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { unescapeTerraformTemplate } from "../constructs/escape";
import { HookCommand } from "../contract/names";
import { parseHookPayload } from "../contract/payload";
import { isRecord } from "../contract/fields";
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
  const groups = stacks.flatMap((stack) =>
    groupsOfStack(clouds, stack, path.join(stacksDir, stack, "cdk.tf.json")),
  );
  return { stacks, groups };
}

function groupsOfStack(
  clouds: readonly CloudContract[],
  stack: string,
  file: string,
): DeclaredGroup[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new CheckError(
      `stack ${stack}: ${file} is not valid JSON (${(e as Error).message}); ${SYNTH_AGAIN}`,
    );
  }
  const groups: DeclaredGroup[] = [];
  for (const [type, byName] of entries(isRecord(doc) ? doc["resource"] : undefined)) {
    for (const [name, block] of entries(byName)) {
      if (name.startsWith("//") || !isRecord(block)) continue;
      for (const exec of localExecBlocks(block["provisioner"])) {
        const interpreter = exec["interpreter"];
        const command = Array.isArray(interpreter) ? interpreter.at(-1) : undefined;
        const resource = `${type}.${name}`;
        const environment = exec["environment"];
        const text = isRecord(environment) ? environment[PAYLOAD_ENV] : exec["command"];
        if (command === HookCommand.ENSURE) {
          const payload = readPayload(clouds, stack, resource, text);
          groups.push({ stack, resource, payload });
        } else if (command === RECONCILE_COMMAND) {
          // The batched executor: one resource carries every group of the stack.
          const read = (text: string) => parseReconcile(text, clouds);
          for (const payload of readPayloads(stack, resource, text, read)) {
            groups.push({ stack, resource, payload });
          }
        }
      }
    }
  }
  return groups;
}

function readPayload(
  clouds: readonly CloudContract[],
  stack: string,
  resource: string,
  command: unknown,
): EnsurePayload {
  const read = (text: string) => {
    const payload = parseHookPayload(HookCommand.ENSURE, text, clouds);
    if (payload.command !== HookCommand.ENSURE) throw new PayloadError("not an ensure payload");
    return [payload];
  };
  return readPayloads(stack, resource, command, read, HookCommand.ENSURE)[0]!;
}

function readPayloads(
  stack: string,
  resource: string,
  command: unknown,
  parse: (text: string) => EnsurePayload[],
  what: string = RECONCILE_COMMAND,
): EnsurePayload[] {
  const where = `stack ${stack}, resource ${resource}`;
  if (typeof command !== "string") {
    throw new CheckError(`${where}: the ${what} hook has no payload string; ${SYNTH_AGAIN}`);
  }
  try {
    return parse(unescapeTerraformTemplate(command));
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
