// App-wide checks, across stacks: at most 30 groups a logstore, and no group declared twice.

import { App, Testing } from "cdktf";
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SlsConsumerGroup } from "../../lib";
import { BASE, newStack } from "./synth-helpers";

let outdir: string;
beforeEach(() => (outdir = mkdtempSync(path.join(os.tmpdir(), "cgac-synth-"))));
afterEach(() => rmSync(outdir, { recursive: true, force: true }));

describe("groups per logstore", () => {
  it("accepts 30 groups on one logstore", () => {
    const app = new App({ outdir });
    declareGroups(app, 30);
    expect(() => app.synth()).not.toThrow();
  });

  it("fails at app.synth() with 31 groups on one logstore across two stacks, listing them", () => {
    const app = new App({ outdir });
    declareGroups(app, 31);
    expect(() => app.synth()).toThrow(
      /31 consumer groups are declared on SLS logstore shop-prod\/orders, more than the 30 it can hold: one\/G0, .*two\/G30\./,
    );
  });

  it("counts each logstore on its own", () => {
    const app = new App({ outdir });
    declareGroups(app, 30);
    new SlsConsumerGroup(newStack(app, "three"), "Payments", { ...BASE, logstore: "payments" });
    expect(() => app.synth()).not.toThrow();
  });

  it("fails in Testing.synth with validations too", () => {
    const stack = newStack();
    for (let i = 0; i < 31; i++) new SlsConsumerGroup(stack, `G${i}`, { ...BASE, name: `g-${i}` });
    expect(() => Testing.synth(stack, true)).toThrow("31 consumer groups are declared");
  });
});

describe("duplicate declarations", () => {
  it("fails at app.synth() when two stacks declare the same group, naming both", () => {
    const app = new App({ outdir });
    new SlsConsumerGroup(newStack(app, "one"), "Reader", BASE);
    new SlsConsumerGroup(newStack(app, "two"), "Reader", BASE);
    expect(() => app.synth()).toThrow(
      "consumer group sls shop-prod/orders/orders-reader is declared 2 times: one/Reader, two/Reader.",
    );
  });

  it("treats an endpoint-only declaration of the same region as the same group", () => {
    const app = new App({ outdir });
    const stack = newStack(app, "one");
    new SlsConsumerGroup(stack, "A", BASE);
    new SlsConsumerGroup(stack, "B", {
      ...BASE,
      region: undefined,
      endpoint: "https://cn-hangzhou-intranet.log.aliyuncs.com",
    });
    expect(() => app.synth()).toThrow("is declared 2 times: one/A, one/B.");
  });

  it("accepts the same name on another logstore", () => {
    const app = new App({ outdir });
    const stack = newStack(app, "one");
    new SlsConsumerGroup(stack, "A", BASE);
    new SlsConsumerGroup(stack, "B", { ...BASE, logstore: "payments" });
    expect(() => app.synth()).not.toThrow();
  });
});

// ---------------------------------------------------------------------------------------

/** `count` groups on shop-prod/orders, the first 15 in stack "one", the rest in "two". */
function declareGroups(app: App, count: number): void {
  const one = newStack(app, "one");
  const two = newStack(app, "two");
  for (let i = 0; i < count; i++) {
    new SlsConsumerGroup(i < 15 ? one : two, `G${i}`, { ...BASE, name: `g-${i}` });
  }
}
