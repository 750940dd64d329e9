// Shared by the synth tests: a stack in a fresh test app under either executor, the synthesized
// JSON as an object, and the ensure payloads wherever the executor puts them.

import { Testing, TerraformStack, type App } from "cdktf";
import { SlsConsumerGroup, type SlsConsumerGroupProps } from "../../lib";
import { unescapeTerraformTemplate } from "../../lib/constructs/escape";
import { HookCommand, PAYLOAD_ENV } from "../../lib/contract/names";
import { parseHookPayload } from "../../lib/contract/payload";
import { parseReconcile } from "../../lib/contract/reconcile-payload";
import type { EnsurePayload } from "../../lib/contract/payload-types";
import { CLOUDS } from "../support/clouds";

export interface Synthesized {
  resource: Record<string, Record<string, Resource>>;
  provider?: Record<string, unknown>;
  terraform?: { required_providers?: Record<string, unknown> };
  moved?: { from: string; to: string }[];
}

export interface Resource {
  triggers_replace?: Record<string, string>;
  triggers?: Record<string, string>;
  input?: string | Record<string, string>;
  depends_on?: string[];
  lifecycle?: { ignore_changes?: string[] };
  provisioner: { "local-exec": LocalExec }[];
}

export interface LocalExec {
  /** The label Terraform shows when the hook fails. */
  command: string;
  interpreter: string[];
  environment: Record<string, string>;
  when?: string;
}

/** A hook's payload as written in cdk.tf.json: its environment variable PAYLOAD_ENV. */
export function payloadOf(hook: LocalExec): string {
  const payload = hook.environment[PAYLOAD_ENV];
  if (payload === undefined) throw new Error(`no ${PAYLOAD_ENV} in ${JSON.stringify(hook)}`);
  return payload;
}

/** "batched" is the default: one resource per group and one reconciler per stack. */
export type Executor = "batched" | "per-group";
/** Both executors, the default first: for `describe.each` / `it.each`. */
export const EXECUTORS: readonly Executor[] = ["batched", "per-group"];
export const EXECUTOR_CONTEXT = "cdktf-consumer-groups:executor";

export const BASE: SlsConsumerGroupProps = {
  region: "cn-hangzhou",
  project: "shop-prod",
  logstore: "orders",
  name: "orders-reader",
  timeout: 300,
};

/** A test app; "per-group" is set in its context, "batched" is left to the default. */
export function newApp(executor: Executor = "batched"): App {
  return executor === "per-group"
    ? Testing.app({ context: { [EXECUTOR_CONTEXT]: "per-group" } })
    : Testing.app();
}

export function newStack(app: App = newApp(), id = "stack"): TerraformStack {
  return new TerraformStack(app, id);
}

export function synthGroup(
  props: Partial<SlsConsumerGroupProps> = {},
  executor: Executor = "batched",
): Synthesized {
  const stack = newStack(newApp(executor));
  new SlsConsumerGroup(stack, "Reader", { ...BASE, ...props });
  return synthesized(stack);
}

export function synthesized(stack: TerraformStack): Synthesized {
  return JSON.parse(Testing.synth(stack, true)) as Synthesized;
}

/** The one resource of `type` whose logical id ends with `part` ("Group" or "Settings"). */
export function resourceOf(json: Synthesized, part: string, type = "terraform_data"): Resource {
  const matches = Object.entries(json.resource[type] ?? {}).filter(([id]) =>
    id.endsWith(`_${part.toLowerCase()}`),
  );
  if (matches.length !== 1)
    throw new Error(`expected one ${type} ${part}, found ${matches.length}`);
  return matches[0]![1];
}

/** The one group resource of `type` whose logical id starts with `prefix` ("sls_orders-reader_"). */
export function groupOf(
  json: Synthesized,
  prefix: string,
  type = "terraform_data",
): [id: string, resource: Resource] {
  const found = Object.entries(json.resource[type] ?? {}).filter(
    ([id]) => id.startsWith(prefix) && id.endsWith("_group"),
  );
  if (found.length !== 1)
    throw new Error(`expected one ${type} ${prefix}*_group, found ${found.length}`);
  return found[0]!;
}

export function localExec(resource: Resource): LocalExec {
  const [first] = resource.provisioner;
  if (!first) throw new Error("no provisioner");
  return first["local-exec"];
}

/** Every resource of the stack, of any type, by logical id. */
function allResources(json: Synthesized): [string, Resource][] {
  return Object.values(json.resource).flatMap((byId) => Object.entries(byId));
}

/**
 * The create hooks that ensure the groups: per-group, each Settings resource's `ensure`;
 * batched, the stack's one reconciler's `reconcile`. Throws when the other executor's shape is
 * there as well, or when there is no create hook at all.
 */
export function createHooks(json: Synthesized, executor: Executor): LocalExec[] {
  const settings = allResources(json).filter(([id]) => id.endsWith("_settings"));
  const reconcilers = allResources(json).filter(([id]) => id === "consumer_groups_reconciler");
  const [mine, other] =
    executor === "per-group" ? [settings, reconcilers] : [reconcilers, settings];
  if (mine.length === 0 || other.length > 0) {
    throw new Error(
      `${executor}: expected ${executor === "per-group" ? "Settings resources" : "one reconciler"} only, ` +
        `found ${settings.length} Settings and ${reconcilers.length} reconcilers`,
    );
  }
  const hooks = mine.map(([, r]) => localExec(r));
  const expected = executor === "per-group" ? HookCommand.ENSURE : "reconcile";
  for (const hook of hooks) {
    if (hook.interpreter[2] !== expected || hook.when !== undefined)
      throw new Error(
        `${executor}: expected create hooks "${expected}", found ${hook.interpreter}`,
      );
  }
  return hooks;
}

/** The ensure payloads of the stack's groups, as the hook reads them, under `executor`. */
export function ensurePayloads(json: Synthesized, executor: Executor): EnsurePayload[] {
  const commands = createHooks(json, executor).map((h) => unescapeTerraformTemplate(payloadOf(h)));
  return executor === "per-group"
    ? commands.map((c) => parseHookPayload(HookCommand.ENSURE, c, CLOUDS) as EnsurePayload)
    : commands.flatMap((c) => parseReconcile(c, CLOUDS));
}

/** The ensure payload of the stack's one group. */
export function ensurePayload(json: Synthesized, executor: Executor): EnsurePayload {
  const payloads = ensurePayloads(json, executor);
  if (payloads.length !== 1) throw new Error(`expected one group, found ${payloads.length}`);
  return payloads[0]!;
}

/** Replaces the content hash of the hook asset, which changes with every hook build. */
export function withoutAssetHash(text: string): string {
  return text.replace(/(assets\/ConsumerGroupsHook\/)[0-9A-F]{32}\//g, "$1<hash>/");
}
