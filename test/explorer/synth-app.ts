// Synthesizes the whole multi-stack app the model describes, in process, into one cdktf.out
// (each stack with local state "terraform.tfstate" in its own directory), exactly as a user's
// `cdktf synth` of that code would.

import { App, LocalBackend, TerraformStack, Token } from "cdktf";
import { TerraformData } from "../../lib/constructs/terraform-data";
import { Construct } from "constructs";
import {
  DeletionProtection,
  DmsQueueConsumerGroup,
  RemovalPolicy,
  SlsConsumerGroup,
} from "../../lib";
import { DMS_PROJECT } from "../support/dms-fixtures";
import { PROJECT } from "../support/sls-fixtures";
import { QUEUE_IDS, locationProps, protectionOf, type AppModel, type GroupDecl } from "./app-model";

export const EXECUTOR_CONTEXT = "cdktf-consumer-groups:executor";

/** Timeouts short enough that an injected fault fails a hook in seconds, not minutes. */
const HOOK_LIMITS = { requestTimeoutSeconds: 5, deadlineSeconds: 10 } as const;

/** What a user's code holds beyond the model: a group declared twice, cdktf's skipValidation. */
export interface SynthExtras {
  readonly extra?: readonly GroupDecl[];
  readonly skipValidation?: boolean;
}

export function synthApp(
  app: AppModel,
  outdir: string,
  port: number,
  extras: SynthExtras = {},
): void {
  // The default executor ("batched") is synthesized without context, as most apps will be.
  const cdktfApp = new App({
    outdir,
    context: app.executor === "batched" ? {} : { [EXECUTOR_CONTEXT]: app.executor },
    ...(extras.skipValidation ? { skipValidation: true } : {}),
  });
  const groups = [...app.groups, ...(extras.extra ?? [])];
  for (const name of app.stacks) {
    const stack = new TerraformStack(cdktfApp, name);
    new LocalBackend(stack, { path: "terraform.tfstate" });
    for (const group of groups.filter((g) => g.stack === name)) {
      declare(parentOf(stack, group.parent), group, port);
    }
  }
  cdktfApp.synth();
}

function parentOf(stack: TerraformStack, parent: string): Construct {
  if (parent === "") return stack;
  return (stack.node.tryFindChild(parent) as Construct | undefined) ?? new Construct(stack, parent);
}

function declare(scope: Construct, group: GroupDecl, port: number): void {
  const { byReference: endpointByReference, ...location } = locationProps(group, port);
  // copyCheckpointsFrom needs a literal location (synth refuses it with a reference).
  if (endpointByReference && group.copyFrom === undefined) {
    location.endpoint = reference(scope, `endpoint-${location.endpoint}`, location.endpoint);
  }
  const common = {
    ...location,
    ...HOOK_LIMITS,
    name: group.name,
    removalPolicy: group.removalPolicy === "RETAIN" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    // Only when set, so sequences without protection synthesize as they did before deletion
    // protection existed.
    ...(group.protection === undefined
      ? {}
      : { deletionProtection: DeletionProtection[protectionOf(group)] }),
  };
  const queue =
    group.queueBy === "id" ? (group.queueId ?? QUEUE_IDS[group.container]!) : group.container;
  /** The container's name (or queue id), by reference when the group says so. */
  const value = (literal: string) =>
    group.byReference ? reference(scope, `${group.service}-${literal}`, literal) : literal;
  if (group.byReference) Object.assign(common, { key: group.constructId });
  if (group.service === "sls") {
    new SlsConsumerGroup(scope, group.constructId, {
      ...common,
      project: PROJECT,
      logstore: value(group.container),
      timeout: group.timeout,
      order: group.order,
      ...(group.copyFrom === undefined ? {} : { copyCheckpointsFrom: group.copyFrom }),
    });
    return;
  }
  new DmsQueueConsumerGroup(scope, group.constructId, {
    ...common,
    projectId: DMS_PROJECT,
    queue: group.queueBy === "id" ? { id: value(queue) } : { name: value(queue) },
  });
}

/**
 * A reference to `literal`: the output of a terraform_data of the stack, one per value (the
 * way an app references its logstore or queue resource).
 */
function reference(scope: Construct, id: string, literal: string): string {
  const stack = TerraformStack.of(scope);
  const logicalId = `Ref_${id.replace(/[^A-Za-z0-9_]/g, "_")}`;
  const existing = stack.node.tryFindChild(logicalId) as TerraformData | undefined;
  const resource =
    existing ??
    new TerraformData(stack, logicalId, { triggersReplace: {}, input: { name: literal } });
  resource.overrideLogicalId(logicalId);
  return Token.asString(resource.interpolationForAttribute("output.name"));
}
