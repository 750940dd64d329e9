// Identity parts given as references (cdktf tokens) to a resource of the same stack:
//
// | declared                                            | synth                                                |
// |-----------------------------------------------------|------------------------------------------------------|
// | logstore / queue.name / projectId a token, with key | addresses from the key; Terraform fills the refs table |
// | a token without key                                 | error: give the group a stable key                   |
// | key on a group of literals                          | error: key is only for a group with references       |
// | a token in name, region or endpoint                 | error: must be a plain string                        |
// | a token with hookResource NULL_RESOURCE             | error: only with TERRAFORM_DATA                      |
// | a token with copyCheckpointsFrom                    | error: needs literals at synth                       |
// | X after group 1, group 2 references X               | error naming the cycle, under both executors          |
// | any message                                         | never shows a raw ${TfToken…}                        |

import { Token, type TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup, HookResource, SlsConsumerGroup } from "../../lib";
import { TerraformData } from "../../lib/constructs/terraform-data";
import { groupKey } from "../../lib/contract/group-identity";
import { slsIdentity } from "../../lib/clouds/alibaba/sls/sls-contract";
import {
  BASE,
  EXECUTORS,
  newApp,
  newStack,
  synthesized,
  payloadOf,
  type Executor,
  type Synthesized,
} from "./synth-helpers";

const DMS = {
  region: "cn-north-4",
  projectId: "0a1b2c3d4e5f40718293a4b5c6d7e8f9",
  name: "billing-workers",
};

function nameOf(stack: TerraformStack, id: string): string {
  const r = new TerraformData(stack, id, {
    triggersReplace: {},
    input: { name: id.toLowerCase() },
  });
  r.overrideLogicalId(id);
  return Token.asString(r.interpolationForAttribute("output.name"));
}

function build(executor: Executor, declare: (stack: TerraformStack) => void): Synthesized {
  const stack = newStack(newApp(executor));
  declare(stack);
  return synthesized(stack);
}

function synthError(declare: (stack: TerraformStack) => void): string {
  try {
    build("batched", declare);
  } catch (e) {
    const message = (e as Error).message;
    expect(message).not.toMatch(/TfToken|\$\{/);
    return message;
  }
  throw new Error("synth succeeded");
}

describe.each(EXECUTORS)("references in a group's identity, %s executor", (executor) => {
  const json = () =>
    build(executor, (stack) => {
      new SlsConsumerGroup(stack, "Reader", {
        ...BASE,
        logstore: nameOf(stack, "Logstore"),
        key: "orders-reader",
      });
      new DmsQueueConsumerGroup(stack, "Workers", {
        ...DMS,
        queue: { name: nameOf(stack, "Queue") },
        key: "billing-workers",
      });
    });

  it("derives the addresses from the literal parts and the key", () => {
    const marked = { ...slsIdentity({ ...BASE, logstore: "@ref:" }) };
    const key = groupKey(marked, "orders-reader");

    expect(Object.keys(json().resource["terraform_data"]!)).toContain(
      `sls_orders-reader_${key}_group`,
    );
  });

  it("stores the tokens as references in the Group, which a changed value replaces", () => {
    const group = Object.entries(json().resource["terraform_data"]!).find(([id]) =>
      id.startsWith("sls_orders-reader_"),
    )![1];

    expect(group.triggers_replace!["logstore"]).toBe("${terraform_data.Logstore.output.name}");
    expect(group.lifecycle?.ignore_changes).toBeUndefined();
  });

  it("gives the hooks and the manifest a refs table that Terraform fills in", () => {
    const text = JSON.stringify(json());
    const commands = Object.values(json().resource["terraform_data"]!).flatMap((r) =>
      (r.provisioner ?? []).map((p) => payloadOf(p["local-exec"])),
    );
    const creator = commands.filter((c) => c.startsWith("refs:")).join("\n");
    const manifest = json().resource["terraform_data"]!["consumer_groups_manifest"]!;

    expect(creator).toContain("${jsonencode(terraform_data.Logstore.output.name)}");
    expect(creator).toContain("${jsonencode(terraform_data.Queue.output.name)}");
    expect(creator).toContain('"at":"stack/Reader","prop":"logstore"');
    expect(creator).toContain('"at":"stack/Workers","prop":"queue.name"');
    expect(manifest.triggers_replace!["refs"]).toContain(
      "${jsonencode(terraform_data.Logstore.output.name)}",
    );
    expect(text).not.toContain("TfToken");
  });

  it("writes declaredIdentity null for a group with references: a destroy hook reads only self", () => {
    const group = Object.entries(json().resource["terraform_data"]!).find(([id]) =>
      id.startsWith("sls_orders-reader_"),
    )![1];
    const destroy = payloadOf(group.provisioner[0]!["local-exec"]);

    expect(destroy).toContain('"declaredIdentity":null');
    expect(destroy).toContain("${jsonencode(self.triggers_replace)}");
  });
});

describe("the reconciler's digest", () => {
  it("reads a reference by its placeholder: another token made first changes nothing", () => {
    const digest = (extraToken: boolean) =>
      build("batched", (stack) => {
        if (extraToken) nameOf(stack, "Unrelated");
        new SlsConsumerGroup(stack, "Reader", {
          ...BASE,
          logstore: nameOf(stack, "Logstore"),
          key: "orders-reader",
        });
      }).resource["terraform_data"]!["consumer_groups_reconciler"]!.triggers_replace!["groups"];

    expect(digest(true)).toBe(digest(false));
  });
});

describe("a stack of literal groups only", () => {
  it("has no refs table, no patterns and the declaredIdentity it had", () => {
    const text = JSON.stringify(
      build("batched", (stack) => {
        new SlsConsumerGroup(stack, "Reader", BASE);
      }),
    );

    expect(text).not.toContain("refs");
    expect(text).not.toContain("patterns");
    expect(text).toContain("declaredIdentity");
  });
});

describe("what synth refuses", () => {
  it("a reference without key, naming the prop and how to fix it", () => {
    expect(
      synthError((stack) => {
        new SlsConsumerGroup(stack, "Reader", { ...BASE, logstore: nameOf(stack, "Logstore") });
      }),
    ).toMatch(/^stack\/Reader: logstore is a reference \(a token\).*give the group a stable key/);
  });

  it("key on a group of literals", () => {
    expect(
      synthError((stack) => {
        new SlsConsumerGroup(stack, "Reader", { ...BASE, key: "orders-reader" });
      }),
    ).toMatch(
      /^stack\/Reader: key "orders-reader" is only for a group whose container is a reference/,
    );
  });

  it.each(["name", "region", "endpoint"] as const)("a reference in %s", (prop) => {
    expect(
      synthError((stack) => {
        new SlsConsumerGroup(stack, "Reader", {
          ...BASE,
          [prop]: nameOf(stack, "Other"),
          key: "k",
        });
      }),
    ).toMatch(
      new RegExp(`^stack/Reader: ${prop} is a reference \\(a token\\), and must be a plain string`),
    );
  });

  it("a reference with hookResource NULL_RESOURCE", () => {
    expect(
      synthError((stack) => {
        new DmsQueueConsumerGroup(stack, "Workers", {
          ...DMS,
          queue: { id: nameOf(stack, "Queue") },
          key: "workers",
          hookResource: HookResource.NULL_RESOURCE,
        });
      }),
    ).toMatch(/^stack\/Workers: queue\.id is a reference .*only with hookResource TERRAFORM_DATA/);
  });

  it("a reference with copyCheckpointsFrom", () => {
    expect(
      synthError((stack) => {
        new SlsConsumerGroup(stack, "Reader", {
          ...BASE,
          project: nameOf(stack, "Project"),
          key: "reader",
          copyCheckpointsFrom: "old-reader",
        });
      }),
    ).toMatch(
      /^stack\/Reader: copyCheckpointsFrom needs the group's project and logstore as literals/,
    );
  });

  it("a malformed key", () => {
    expect(
      synthError((stack) => {
        new SlsConsumerGroup(stack, "Reader", {
          ...BASE,
          logstore: nameOf(stack, "Logstore"),
          key: "no spaces",
        });
      }),
    ).toMatch(/^stack\/Reader: key "no spaces" must be 1-64 letters/);
  });

  it.each(EXECUTORS)(
    "X after a group, and another group's logstore a reference to X, under the %s executor",
    (executor) => {
      let message = "";
      try {
        build(executor, (stack) => {
          const first = new SlsConsumerGroup(stack, "First", { ...BASE, name: "first" });
          const x = new TerraformData(stack, "X", {
            triggersReplace: {},
            input: { name: "x" },
            dependsOn: [first],
          });
          x.overrideLogicalId("X");
          new SlsConsumerGroup(stack, "Second", {
            ...BASE,
            logstore: Token.asString(x.interpolationForAttribute("output.name")),
            key: "second",
            name: "second",
          });
        });
      } catch (e) {
        message = (e as Error).message;
      }

      expect(message).toMatch(
        /^stack: consumer groups and their dependencies form a cycle Terraform cannot order: stack\/X → /,
      );
      expect(message).not.toContain("TfToken");
    },
  );
});
