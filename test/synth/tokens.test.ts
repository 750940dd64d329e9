// Identity parts given as references (cdktf tokens) to a resource of the same stack:
//
// | declared                                            | synth                                                |
// |-----------------------------------------------------|------------------------------------------------------|
// | logstore / queue.name / projectId a token, with key | addresses from the key; Terraform fills the refs table |
// | a token without key                                 | error: give the group a stable key                   |
// | key on a group of literals                          | error: key is only for a group with references       |
// | a token in name                                     | error: must be a plain string                        |
// | region / endpoint a token (literal identity)        | accepted, no key; the Group stores it in `input`     |
// | region / endpoint a token with NULL_RESOURCE        | error: only with TERRAFORM_DATA                      |
// | region / endpoint a token with copyCheckpointsFrom  | error: needs literals at synth                       |
// | a literal part beside a location token              | checked at synth, in the words of a literal          |
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

  it("a reference in name", () => {
    expect(
      synthError((stack) => {
        new SlsConsumerGroup(stack, "Reader", {
          ...BASE,
          name: nameOf(stack, "Other"),
          key: "k",
        });
      }),
    ).toMatch(/^stack\/Reader: name is a reference \(a token\), and must be a plain string/);
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

/** A stand-in resource whose output `url` is `url`, and the token of that output. */
function urlOf(stack: TerraformStack, id: string, url: string): string {
  const r = new TerraformData(stack, id, { triggersReplace: {}, input: { url } });
  r.overrideLogicalId(id);
  return Token.asString(r.interpolationForAttribute("output.url"));
}

const SLS_LITERAL = {
  project: "shop-prod",
  logstore: "orders",
  name: "orders-reader",
  timeout: 300,
};

describe.each(EXECUTORS)("references in a group's region or endpoint, %s executor", (executor) => {
  const json = () =>
    build(executor, (stack) => {
      new SlsConsumerGroup(stack, "Reader", {
        ...SLS_LITERAL,
        endpoint: urlOf(stack, "Endpoint", "https://cn-hangzhou.log.aliyuncs.com"),
      });
      new DmsQueueConsumerGroup(stack, "Workers", {
        ...DMS,
        region: nameOf(stack, "Region"),
        queue: { name: "billing" },
      });
    });
  const groupOf = (prefix: string) =>
    Object.entries(json().resource["terraform_data"]!).find(([id]) => id.startsWith(prefix))![1];

  it("needs no key: the addresses are those of the same group with a literal location", () => {
    const literal = build(executor, (stack) => {
      new SlsConsumerGroup(stack, "Reader", {
        ...SLS_LITERAL,
        endpoint: "https://cn-hangzhou.log.aliyuncs.com",
      });
      new DmsQueueConsumerGroup(stack, "Workers", { ...DMS, queue: { name: "billing" } });
    });
    const groups = (s: Synthesized) =>
      Object.keys(s.resource["terraform_data"]!).filter((id) => /_(group|settings)$/.test(id));

    expect(groups(json())).toEqual(groups(literal));
    expect(groups(json())).toHaveLength(executor === "batched" ? 2 : 4);
  });

  it("stores the location as given in the Group's input, which changes in place", () => {
    const reader = groupOf("sls_orders-reader_");
    const workers = groupOf("dms_billing-workers_");

    expect(reader.input).toEqual({
      endpoint: "${terraform_data.Endpoint.output.url}",
      ...(executor === "batched" ? { settings: "order=false timeout=300" } : {}),
    });
    expect(workers.input).toEqual({ region: "${terraform_data.Region.output.name}" });
    // The identity is literal: the Group ignores changes of it and is never replaced by them.
    expect(reader.lifecycle?.ignore_changes).toEqual(["triggers_replace"]);
    expect(reader.triggers_replace).toEqual({
      v: "2",
      service: "sls",
      project: "shop-prod",
      logstore: "orders",
      name: "orders-reader",
    });
  });

  it("gives the destroy hook the location from state and the creators a refs table", () => {
    const destroy = payloadOf(groupOf("sls_orders-reader_").provisioner[0]!["local-exec"]);
    const creators = Object.values(json().resource["terraform_data"]!)
      .flatMap((r) => (r.provisioner ?? []).map((p) => payloadOf(p["local-exec"])))
      .filter((c) => c.startsWith("refs:"))
      .join("\n");
    const manifest = json().resource["terraform_data"]!["consumer_groups_manifest"]!;

    expect(destroy).toContain(
      '"location":{"at":"stack/Reader","given":${jsonencode(try(self.input, null))}}',
    );
    expect(destroy).not.toContain('"endpoint":"https://');
    expect(destroy).toContain('"declaredIdentity":{"v":"2","service":"sls"');
    expect(creators).toContain("${jsonencode(terraform_data.Endpoint.output.url)}");
    expect(creators).toContain('"at":"stack/Reader","prop":"endpoint"');
    expect(creators).toContain('"at":"stack/Workers","prop":"region"');
    expect(creators).toMatch(/"given":\{"endpoint":"@ref:[0-9a-f]{16}\/endpoint"\}/);
    expect(manifest.triggers_replace!["refs"]).toContain(
      "${jsonencode(terraform_data.Region.output.name)}",
    );
    expect(Object.values(manifest.triggers_replace!).join("\n")).toMatch(
      /^profile \{.*"transport":\{"location":\{"at":"stack\/Workers","given":\{"region":"@ref:[0-9a-f]{16}\/region"\}\}/m,
    );
  });

  it("writes no raw token anywhere in cdk.tf.json", () => {
    const text = JSON.stringify(json());

    expect(text).not.toContain("TfToken");
    expect(text).not.toMatch(/\$\{Token\[/);
  });

  it("keeps a literal part beside a reference: the endpoint literal, the region a reference", () => {
    const stackJson = build(executor, (stack) => {
      new SlsConsumerGroup(stack, "Reader", {
        ...SLS_LITERAL,
        region: nameOf(stack, "Region"),
        endpoint: "https://cn-hangzhou.log.aliyuncs.com",
      });
    });
    const group = Object.entries(stackJson.resource["terraform_data"]!).find(([id]) =>
      id.startsWith("sls_orders-reader_"),
    )![1];

    expect(group.input).toMatchObject({
      region: "${terraform_data.Region.output.name}",
      endpoint: "https://cn-hangzhou.log.aliyuncs.com",
    });
  });
});

describe("a group's location by reference, on the construct", () => {
  it("exposes the region and endpoint as given, for other resources to reference", () => {
    let reader: SlsConsumerGroup | undefined;
    let token = "";
    build("batched", (stack) => {
      token = nameOf(stack, "Region");
      reader = new SlsConsumerGroup(stack, "Reader", { ...SLS_LITERAL, region: token });
    });

    expect(reader!.region).toBe(token);
    expect(Token.isUnresolved(reader!.endpoint)).toBe(true);
    expect(reader!.key).toBeUndefined();
  });
});

describe("the reconciler's digest with a location by reference", () => {
  it("reads it by its placeholder: another token made first changes nothing", () => {
    const digest = (extraToken: boolean) =>
      build("batched", (stack) => {
        if (extraToken) nameOf(stack, "Unrelated");
        new SlsConsumerGroup(stack, "Reader", { ...SLS_LITERAL, region: nameOf(stack, "Region") });
      }).resource["terraform_data"]!["consumer_groups_reconciler"]!.triggers_replace!["groups"];

    expect(digest(true)).toBe(digest(false));
  });
});

describe("what synth refuses of a location by reference", () => {
  it("hookResource NULL_RESOURCE, saying why and what to do", () => {
    expect(
      synthError((stack) => {
        new DmsQueueConsumerGroup(stack, "Workers", {
          ...DMS,
          endpoint: urlOf(stack, "Endpoint", "https://dms.cn-north-4.myhuaweicloud.com"),
          queue: { name: "billing" },
          hookResource: HookResource.NULL_RESOURCE,
        });
      }),
    ).toMatch(
      /^stack\/Workers: endpoint is a reference \(a token\), which this library supports only with hookResource TERRAFORM_DATA .*drop hookResource NULL_RESOURCE$/,
    );
  });

  it("key, when the identity is all literals", () => {
    expect(
      synthError((stack) => {
        new SlsConsumerGroup(stack, "Reader", {
          ...SLS_LITERAL,
          region: nameOf(stack, "Region"),
          key: "orders-reader",
        });
      }),
    ).toMatch(
      /^stack\/Reader: key "orders-reader" is only for a group whose container is a reference/,
    );
  });

  it("copyCheckpointsFrom", () => {
    expect(
      synthError((stack) => {
        new SlsConsumerGroup(stack, "Reader", {
          ...SLS_LITERAL,
          region: nameOf(stack, "Region"),
          copyCheckpointsFrom: "old-reader",
        });
      }),
    ).toMatch(
      /^stack\/Reader: copyCheckpointsFrom needs the group's region and endpoint as literals at synth, and region is a reference here/,
    );
  });

  it("a literal part the rules refuse, in the words of a literal", () => {
    expect(
      synthError((stack) => {
        new SlsConsumerGroup(stack, "Reader", {
          ...SLS_LITERAL,
          region: "Hangzhou 1",
          endpoint: urlOf(stack, "Endpoint", "https://cn-hangzhou.log.aliyuncs.com"),
        });
      }),
    ).toMatch(/^stack\/Reader: region "Hangzhou 1" must be a region id such as cn-hangzhou$/);
    expect(
      synthError((stack) => {
        new DmsQueueConsumerGroup(stack, "Workers", {
          ...DMS,
          region: nameOf(stack, "Region"),
          endpoint: "http://dms.example-cloud.internal",
          queue: { name: "billing" },
        });
      }),
    ).toMatch(
      /^stack\/Workers: endpoint "http:\/\/dms.example-cloud.internal" must be an https:\/\/ URL/,
    );
  });
});
