// A group's address (its `fqn`) as a token resolved in the stack that writes it. Terraform
// orders resources within one stack, and every stack has a `consumer_groups_reconciler`, so the
// address written into another stack would silently name that stack's own reconciler: such a
// dependency is refused at synth instead.

import type { IConstruct } from "constructs";
import { TerraformStack, Token } from "./framework";

/** `address()` for a resource of `owner`'s stack; synth fails when another stack writes it. */
export function stackBoundAddress(owner: IConstruct, group: IConstruct, address: () => string) {
  return Token.asString({
    creationStack: [],
    resolve: (context: { scope: IConstruct }) => {
      const reader = TerraformStack.of(context.scope);
      const own = TerraformStack.of(owner);
      if (reader !== own) {
        throw new Error(
          `${reader.node.path}: a resource of this stack depends on the consumer group ` +
            `${group.node.path} of stack ${own.node.path}, but Terraform orders resources ` +
            `within one stack only: make stack ${reader.node.id} wait for stack ${own.node.id} ` +
            `instead (its addDependency(<stack ${own.node.id}>)), and drop the dependency on ` +
            "the group",
        );
      }
      return address();
    },
  });
}
