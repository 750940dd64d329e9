// Ordering a consumer group among the other resources of its stack (group-dependencies.ts):
//
// | declared                                  | batched (default)                          | per-group                          |
// |-------------------------------------------|--------------------------------------------|------------------------------------|
// | group `dependsOn: [x]`                    | Group, reconciler, manifest wait for x     | Group, Settings, manifest wait for x |
// | `group.node.addDependency(x)` (or parent) | the same                                   | the same                           |
// | `y` `dependsOn: [group]`                  | y waits for the reconciler                 | y waits for the group's Settings   |
// | `y.node.addDependency(group)`             | the same                                   | the same                           |
// | x after group 1, group 2 after x          | synth error naming the cycle               | honoured; the manifest skips x     |

import { TerraformStack, type App } from "cdktf";
import { Construct } from "constructs";
import { DmsQueueConsumerGroup, SlsConsumerGroup, ValidationError } from "../../lib";
import { TerraformData } from "../../lib/constructs/terraform-data";
import {
  BASE,
  EXECUTORS,
  newApp,
  synthesized,
  type Executor,
  type Synthesized,
} from "./synth-helpers";

const DMS = {
  region: "cn-north-4",
  projectId: "0a1b2c3d4e5f40718293a4b5c6d7e8f9",
  queue: { name: "billing" },
  name: "billing-workers",
};
const RECONCILER = "terraform_data.consumer_groups_reconciler";

describe.each(EXECUTORS)("a group's dependencies, %s executor", (executor) => {
  it("makes the group's resources, the reconciler and the manifest wait for dependsOn", () => {
    const { json } = build(executor, (stack) => {
      const logstore = container(stack, "Logstore");
      new SlsConsumerGroup(stack, "Reader", { ...BASE, dependsOn: [logstore] });
    });

    for (const name of ours(json, executor)) {
      expect([name, dependsOn(json, name)]).toEqual([
        name,
        expect.arrayContaining(["terraform_data.Logstore"]),
      ]);
    }
    expect(dependsOn(json, "consumer_groups_manifest")).toEqual(["terraform_data.Logstore"]);
  });

  it("honours group.node.addDependency, also on a parent construct, for DMS too", () => {
    const { json } = build(executor, (stack) => {
      const queue = container(stack, "Queue");
      const parent = new Construct(stack, "Billing");
      new DmsQueueConsumerGroup(parent, "Workers", DMS);
      parent.node.addDependency(queue);
    });

    for (const name of ours(json, executor)) {
      expect([name, dependsOn(json, name)]).toEqual([
        name,
        expect.arrayContaining(["terraform_data.Queue"]),
      ]);
    }
  });

  it("makes a resource that depends on a group wait for what creates the group", () => {
    const { json } = build(executor, (stack) => {
      const reader = new SlsConsumerGroup(stack, "Reader", BASE);
      container(stack, "ViaProp", [reader]);
      container(stack, "ViaNode").node.addDependency(reader);
    });

    const creator =
      executor === "batched"
        ? RECONCILER
        : `terraform_data.${nameOf(json, (n) => n.endsWith("_settings"))}`;
    expect(dependsOn(json, "ViaProp")).toEqual([creator]);
    expect(dependsOn(json, "ViaNode")).toEqual([creator]);
  });

  it("adds nothing to a stack whose groups have no dependencies", () => {
    const { json } = build(executor, (stack) => {
      new SlsConsumerGroup(stack, "Reader", BASE);
    });

    expect(dependsOn(json, "consumer_groups_manifest")).toEqual([]);
    for (const name of ours(json, executor)) {
      expect(dependsOn(json, name)).not.toContainEqual(expect.stringMatching(/Logstore/));
    }
  });

  it("rejects a dependsOn entry that is not dependable", () => {
    expect(() =>
      build(executor, (stack) => {
        new SlsConsumerGroup(stack, "Reader", {
          ...BASE,
          dependsOn: ["terraform_data.x" as unknown as TerraformData],
        });
      }),
    ).toThrow(/stack\/Reader: dependsOn\[0\] "terraform_data.x" must be a resource, module/);
  });

  it("rejects a dependency on a resource of another stack, naming both stacks", () => {
    const app = newApp(executor);
    const other = new TerraformStack(app, "other");
    const logstore = container(other, "Logstore");
    const stack = new TerraformStack(app, "stack");
    new SlsConsumerGroup(stack, "Reader", BASE).node.addDependency(logstore);

    expect(() => synthesized(stack)).toThrow(
      /stack\/Reader: node.addDependency names other\/Logstore, which is in stack other, not in stack/,
    );
  });

  // Every stack has a consumer_groups_reconciler: written into another stack, the group's
  // address would silently name that stack's own reconciler.
  it("rejects a resource of another stack that depends on a group (dependsOn)", () => {
    const app = newApp(executor);
    const stack = new TerraformStack(app, "stack");
    const reader = new SlsConsumerGroup(stack, "Reader", BASE);
    const other = new TerraformStack(app, "other");
    new SlsConsumerGroup(other, "Audit", { ...BASE, name: "orders-audit" });
    container(other, "Consumers", [reader]);

    expect(() => synthesized(other)).toThrow(
      /other: a resource of this stack depends on the consumer group stack\/Reader of stack stack, but Terraform orders resources within one stack only: make stack other wait for stack stack instead/,
    );
    // The group's own stack synthesizes as before.
    expect(() => synthesized(stack)).not.toThrow();
  });

  it("rejects a resource of another stack that waits for a group (node.addDependency)", () => {
    const app = newApp(executor);
    const stack = new TerraformStack(app, "stack");
    const team = new Construct(stack, "Team");
    new SlsConsumerGroup(team, "Reader", BASE);
    const other = new TerraformStack(app, "other");
    container(other, "Consumers").node.addDependency(team);

    expect(() => synthesized(stack)).toThrow(
      /other\/Consumers waits \(node.addDependency\) for the consumer group stack\/Team\/Reader of stack stack, but Terraform orders resources within one stack only/,
    );
  });

  it("accepts the order of the stacks instead", () => {
    const app = newApp(executor);
    const stack = new TerraformStack(app, "stack");
    new SlsConsumerGroup(stack, "Reader", BASE);
    const other = new TerraformStack(app, "other");
    container(other, "Consumers");
    other.addDependency(stack);

    expect(() => synthesized(stack)).not.toThrow();
    expect(() => synthesized(other)).not.toThrow();
  });
});

describe("a dependency one reconciler cannot honour", () => {
  const crossed = (stack: TerraformStack) => {
    const first = new SlsConsumerGroup(stack, "First", BASE);
    const middle = container(stack, "Middle", [first]);
    new SlsConsumerGroup(stack, "Second", { ...BASE, name: "second", dependsOn: [middle] });
  };

  it("fails synth under the default executor, naming the cycle and the fixes", () => {
    let error: unknown;
    try {
      build("batched", crossed);
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe(
      "stack: consumer groups and their dependencies form a cycle Terraform cannot order: " +
        "stack/Middle → stack/ConsumerGroupsReconciler (the stack's one reconciler: creates " +
        "stack/First, which stack/Middle waits for; creates stack/Second, which waits for " +
        "stack/Middle) → stack/Middle (each waits for the next). Under the default " +
        "executor one reconciler creates every group of the stack: it waits for what any of its " +
        "groups depends on, and what depends on any group waits for it. Use the per-group " +
        'executor for this stack (context "cdktf-consumer-groups:executor": "per-group", e.g. ' +
        "stack.node.setContext before its groups are declared), put these groups in separate " +
        "stacks, or drop one of these dependencies",
    );
  });

  it("fails synth for a group that depends on another group of the same reconciler", () => {
    expect(() =>
      build("batched", (stack) => {
        const first = new SlsConsumerGroup(stack, "First", BASE);
        new SlsConsumerGroup(stack, "Second", { ...BASE, name: "second", dependsOn: [first] });
      }),
    ).toThrow(
      /form a cycle Terraform cannot order: stack\/ConsumerGroupsReconciler .*→ stack\/Second/,
    );
  });

  it("is honoured by the per-group executor: the manifest skips what waits for a group", () => {
    const { json } = build("per-group", crossed);

    const second = nameOf(json, (n) => n.startsWith("sls_second_") && n.endsWith("_group"));
    const first = nameOf(
      json,
      (n) => n.startsWith("sls_orders-reader_") && n.endsWith("_settings"),
    );
    expect(dependsOn(json, second)).toContain("terraform_data.Middle");
    expect(dependsOn(json, "Middle")).toEqual([`terraform_data.${first}`]);
    expect(dependsOn(json, "consumer_groups_manifest")).toEqual([]);
  });

  it("fails synth under the per-group executor for a real cycle, a group and x each after the other", () => {
    expect(() =>
      build("per-group", (stack) => {
        const reader = new SlsConsumerGroup(stack, "Reader", BASE);
        container(stack, "Both", [reader]);
        reader.node.addDependency(stack.node.findChild("Both"));
      }),
    ).toThrow(
      /stack: consumer groups and their dependencies form a cycle Terraform cannot order: (stack\/Both → stack\/Reader|stack\/Reader → stack\/Both).*Drop one of these dependencies$/,
    );
  });
});

// ---------------------------------------------------------------------------------------------

function build(
  executor: Executor,
  declare: (stack: TerraformStack) => void,
): { app: App; json: Synthesized } {
  const app = newApp(executor);
  const stack = new TerraformStack(app, "stack");
  declare(stack);
  return { app, json: synthesized(stack) };
}

/** A stand-in for a logstore or queue resource, logical id = construct id. */
function container(
  stack: TerraformStack,
  id: string,
  dependsOn?: { readonly fqn: string }[],
): TerraformData {
  const r = new TerraformData(stack, id, { triggersReplace: { id }, dependsOn });
  r.overrideLogicalId(id);
  return r;
}

function dependsOn(json: Synthesized, name: string): string[] {
  const resource = json.resource["terraform_data"]?.[name];
  if (!resource) throw new Error(`no terraform_data.${name}`);
  return resource.depends_on ?? [];
}

function nameOf(json: Synthesized, match: (name: string) => boolean): string {
  const names = Object.keys(json.resource["terraform_data"] ?? {}).filter(match);
  if (names.length !== 1) throw new Error(`expected one match, found ${names.join(", ")}`);
  return names[0]!;
}

/** The library's resources that create, update or delete the group. */
function ours(json: Synthesized, executor: Executor): string[] {
  return Object.keys(json.resource["terraform_data"] ?? {}).filter(
    (n) =>
      n.endsWith("_group") ||
      n.endsWith("_settings") ||
      (executor === "batched" && n === "consumer_groups_reconciler"),
  );
}
