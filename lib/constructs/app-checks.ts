// Checks that need every consumer group of the app, across stacks: the per-container quota
// (SLS: 30 groups a logstore) and the same group declared twice.
//
// - A group has one owner in the app: two declarations of one group (in one stack or in two)
//   would each delete it on their own destroy. That check runs in an aspect of every stack that
//   declares groups, which cdktf invokes on every synth, even with `skipValidation: true` (its
//   own duplicate-id error suggests that flag); a validation alone would be skipped.
// - The quota, and both checks again, run as an IValidation per stack that reports the findings
//   involving a group of its stack, so `Testing.synth(stack, true)` throws too.
// - The same aspect writes the declarations of the groups that ask for it (a DMS queue named by
//   id in one place and by name in another is one queue only the cloud can recognise) next to
//   the stack (app-declarations.ts), so the hooks make those two checks again at apply.

import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { App, Aspects, TerraformStack } from "./framework";
import type { IConstruct, IValidation } from "constructs";
import type { CloudContract } from "../contract/cloud-contract";
import {
  APP_DECLARATIONS_FILE,
  duplicateMessage,
  encodeAppDeclarations,
  quotaMessage,
  type DeclaredGroup,
} from "../contract/app-declarations";

const DECLARATION = Symbol.for("cdktf-consumer-groups.declaration");
const CHECKED = Symbol.for("cdktf-consumer-groups.app-checks");

/** What the app-wide checks need to know about one declared group. */
export interface GroupDeclaration {
  /** Same value for groups that share a quota, e.g. "shop-prod/orders". */
  readonly container: string;
  /** Same value for two declarations of the same cloud group. */
  readonly identity: string;
  /**
   * For a cloud whose hooks check the app's declarations at apply: the group as declared,
   * written under its service to the app declarations file.
   * @default - the hooks need no declarations of this group
   */
  readonly forHooks?: {
    readonly service: string;
    readonly fields: Readonly<Record<string, string>>;
  };
}

/** A declaration with its cloud's quota: how many groups its container holds, in what words. */
interface Declaration extends GroupDeclaration {
  readonly containerKind: string;
  readonly limit: number;
}

interface Declared extends IConstruct {
  readonly [DECLARATION]: Declaration;
}

/** Every declared group, by construct tree root (the App, or a test's root scope). */
const declaredByRoot = new WeakMap<IConstruct, Declared[]>();

/** Marks `construct` as a consumer group and makes sure its stack runs the app-wide checks. */
export function declareGroup(
  construct: IConstruct,
  cloud: Pick<CloudContract, "label" | "container">,
  group: GroupDeclaration,
): void {
  const declaration: Declaration = {
    ...group,
    // The cloud's words for the quota, e.g. "SLS logstore", at most 30 groups.
    containerKind: `${cloud.label} ${cloud.container.kind}`,
    limit: cloud.container.limit,
  };
  Object.defineProperty(construct, DECLARATION, { value: declaration, enumerable: false });
  const root = construct.node.root;
  let declared = declaredByRoot.get(root);
  if (!declared) declaredByRoot.set(root, (declared = []));
  declared.push(construct as Declared);
  const stack = TerraformStack.of(construct) as TerraformStack & { [CHECKED]?: true };
  if (!stack[CHECKED]) {
    Object.defineProperty(stack, CHECKED, { value: true, enumerable: false });
    stack.node.addValidation(new AppWideGroupChecks(stack));
    Aspects.of(stack).add({
      visit: (node: IConstruct) => {
        if (node === stack) beforeStackSynth(stack);
      },
    });
  }
}

/** The declarations of the app of `scope`, in declaration order. */
function declaredIn(scope: IConstruct): readonly Declared[] {
  return declaredByRoot.get(scope.node.root) ?? [];
}

/** Groups declared more than once in the app, as messages; one per group. */
function duplicates(all: readonly Declared[]): { message: string; groups: Declared[] }[] {
  return [...groupBy(all, (g) => g[DECLARATION].identity)]
    .filter(([, groups]) => groups.length > 1)
    .map(([identity, groups]) => ({
      message: duplicateMessage(identity, groups.map(pathOf)),
      groups,
    }));
}

/**
 * Run by cdktf for each stack before it is written, validations or not: refuses an app that
 * declares a group twice (any stack, so that no stack of such an app is written), and writes
 * the app's declarations for this stack's hooks.
 */
function beforeStackSynth(stack: TerraformStack): void {
  const all = declaredIn(stack);
  const found = duplicates(all);
  if (found.length > 0) {
    throw new Error(found.map((d) => d.message).join("\n"));
  }
  const mine = all.filter((g) => TerraformStack.of(g) === stack);
  if (!mine.some((g) => g[DECLARATION].forHooks)) return;
  const byService: Record<string, DeclaredGroup[]> = {};
  for (const g of all) {
    const d = g[DECLARATION].forHooks;
    if (d) (byService[d.service] ??= []).push({ ...d.fields, path: pathOf(g) });
  }
  for (const list of Object.values(byService)) {
    list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
  const dir = path.join(App.of(stack).outdir, "stacks", stack.node.id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, APP_DECLARATIONS_FILE), encodeAppDeclarations(byService));
}

class AppWideGroupChecks implements IValidation {
  constructor(private readonly stack: TerraformStack) {}

  validate(): string[] {
    const all = declaredIn(this.stack);
    const mine = (groups: Declared[]) => groups.some((g) => TerraformStack.of(g) === this.stack);
    const errors: string[] = [];

    const quotaKey = (d: Declaration) => `${d.containerKind} ${d.container}`;
    for (const [, groups] of groupBy(all, (g) => quotaKey(g[DECLARATION]))) {
      const first = groups[0]![DECLARATION];
      if (groups.length > first.limit && mine(groups)) {
        errors.push(
          quotaMessage({
            count: groups.length,
            containerKind: first.containerKind,
            container: first.container,
            limit: first.limit,
            paths: groups.map(pathOf),
          }),
        );
      }
    }
    for (const { message, groups } of duplicates(all)) {
      if (mine(groups)) errors.push(message);
    }
    errors.push(...crossStackWaits(this.stack, all));
    return errors;
  }
}

/**
 * What waits, through `node.addDependency`, for a group of `stack` from another stack: cdktf
 * drops node dependencies, and Terraform orders resources within one stack only, so such an
 * order would silently not hold. (A `dependsOn: [group]` across stacks fails when the address
 * is resolved, hook-resources.ts.)
 */
function crossStackWaits(stack: TerraformStack, all: readonly Declared[]): string[] {
  const groups = new Set<IConstruct>(all.filter((g) => TerraformStack.of(g) === stack));
  const errors: string[] = [];
  for (const c of stack.node.root.node.findAll()) {
    // A stack's own dependencies (stack.addDependency) are the way to order stacks.
    if (c.node.dependencies.length === 0 || TerraformStack.isStack(c)) continue;
    const from = stackOf(c);
    if (from === undefined || from === stack) continue;
    for (const root of c.node.dependencies.filter((d) => !TerraformStack.isStack(d))) {
      for (const group of root.node.findAll().filter((x) => groups.has(x))) {
        errors.push(
          `${c.node.path} waits (node.addDependency) for the consumer group ${group.node.path} ` +
            `of stack ${stack.node.id}, but Terraform orders resources within one stack only: ` +
            `make stack ${from.node.id} wait for stack ${stack.node.id} instead (its ` +
            `addDependency(<stack ${stack.node.id}>)), and drop the dependency on the group`,
        );
      }
    }
  }
  return errors;
}

function stackOf(c: IConstruct): TerraformStack | undefined {
  try {
    return TerraformStack.of(c);
  } catch {
    return undefined; // the app itself, or a construct outside every stack
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    map.set(k, [...(map.get(k) ?? []), item]);
  }
  return map;
}

function pathOf(g: IConstruct): string {
  return g.node.path;
}
