// Checks that need every consumer group of the app, across stacks: the per-container quota
// (SLS: 30 groups a logstore) and the same group declared twice. One IValidation per stack
// that declares groups; it reports the findings that involve a group of its stack, so
// `app.synth()` and `Testing.synth(stack, true)` both throw.

import { TerraformStack } from "./framework";
import type { IConstruct, IValidation } from "constructs";

const DECLARATION = Symbol.for("cdktf-consumer-groups.declaration");
const CHECKED = Symbol.for("cdktf-consumer-groups.app-checks");

/** What the app-wide checks need to know about one declared group. */
export interface GroupDeclaration {
  /** Same value for groups that share a quota, e.g. "sls cn-hangzhou/shop-prod/orders". */
  readonly container: string;
  /** How many groups `container` may hold. */
  readonly limit: number;
  /** Words for the container in messages, e.g. "SLS logstore". */
  readonly containerKind: string;
  /** Same value for two declarations of the same cloud group. */
  readonly identity: string;
}

interface Declared extends IConstruct {
  readonly [DECLARATION]: GroupDeclaration;
}

/** Marks `construct` as a consumer group and makes sure its stack runs the app-wide checks. */
export function declareGroup(construct: IConstruct, declaration: GroupDeclaration): void {
  Object.defineProperty(construct, DECLARATION, { value: declaration, enumerable: false });
  const stack = TerraformStack.of(construct) as TerraformStack & { [CHECKED]?: true };
  if (!stack[CHECKED]) {
    Object.defineProperty(stack, CHECKED, { value: true, enumerable: false });
    stack.node.addValidation(new AppWideGroupChecks(stack));
  }
}

function isDeclared(c: IConstruct): c is Declared {
  return (c as Partial<Declared>)[DECLARATION] !== undefined;
}

class AppWideGroupChecks implements IValidation {
  constructor(private readonly stack: TerraformStack) {}

  validate(): string[] {
    const all = this.stack.node.root.node.findAll().filter(isDeclared);
    const mine = (groups: Declared[]) => groups.some((g) => TerraformStack.of(g) === this.stack);
    const errors: string[] = [];

    for (const [container, groups] of groupBy(all, (g) => g[DECLARATION].container)) {
      const first = groups[0]![DECLARATION];
      if (groups.length > first.limit && mine(groups)) {
        errors.push(
          `${groups.length} consumer groups are declared on ${first.containerKind} ${container}, ` +
            `more than the ${first.limit} it can hold: ${paths(groups)}. Move some to another ${first.containerKind} or remove them.`,
        );
      }
    }
    for (const [identity, groups] of groupBy(all, (g) => g[DECLARATION].identity)) {
      if (groups.length > 1 && mine(groups)) {
        errors.push(
          `consumer group ${identity} is declared ${groups.length} times: ${paths(groups)}. ` +
            `Each group must be declared once, or the destroy of one deletes the other's group.`,
        );
      }
    }
    return errors;
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

function paths(groups: readonly IConstruct[]): string {
  return groups.map((g) => g.node.path).join(", ");
}
