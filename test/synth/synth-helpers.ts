// Shared by the synth tests: a stack in a fresh test app, and the synthesized JSON as an object.

import { Testing, TerraformStack, type App } from "cdktf";
import { SlsConsumerGroup, type SlsConsumerGroupProps } from "../../lib";

export interface Synthesized {
  resource: Record<string, Record<string, Resource>>;
  provider?: Record<string, unknown>;
  terraform?: { required_providers?: Record<string, unknown> };
}

export interface Resource {
  triggers_replace?: Record<string, string>;
  triggers?: Record<string, string>;
  depends_on?: string[];
  provisioner: { "local-exec": LocalExec }[];
}

export interface LocalExec {
  command: string;
  interpreter: string[];
  when?: string;
}

export const BASE: SlsConsumerGroupProps = {
  region: "cn-hangzhou",
  project: "shop-prod",
  logstore: "orders",
  name: "orders-reader",
  timeout: 300,
};

export function newStack(app: App = Testing.app(), id = "stack"): TerraformStack {
  return new TerraformStack(app, id);
}

export function synthGroup(props: Partial<SlsConsumerGroupProps> = {}): Synthesized {
  const stack = newStack();
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

export function localExec(resource: Resource): LocalExec {
  const [first] = resource.provisioner;
  if (!first) throw new Error("no provisioner");
  return first["local-exec"];
}

/** Replaces the content hash of the hook asset, which changes with every hook build. */
export function withoutAssetHash(text: string): string {
  return text.replace(/(assets\/ConsumerGroupsHook\/)[0-9A-F]{32}\//g, "$1<hash>/");
}
