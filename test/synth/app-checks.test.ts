// App-wide checks, across stacks: at most 30 groups a logstore, and no group declared twice.

import { App, Testing } from "cdktf";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { APP_DECLARATIONS_FILE, parseAppDeclarations } from "../../lib/contract/app-declarations";
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

  it("refuses a group declared in two stacks under skipValidation, writing no stack", () => {
    const app = new App({ outdir, skipValidation: true });
    new SlsConsumerGroup(newStack(app, "one"), "Reader", BASE);
    new SlsConsumerGroup(newStack(app, "two"), "Reader", BASE);
    expect(() => app.synth()).toThrow(
      "consumer group sls shop-prod/orders/orders-reader is declared 2 times: one/Reader, two/Reader.",
    );
    expect(existsSync(path.join(outdir, "stacks", "one", "cdk.tf.json"))).toBe(false);
    expect(existsSync(path.join(outdir, "stacks", "two", "cdk.tf.json"))).toBe(false);
  });

  it("refuses a group declared twice in one stack under skipValidation, in another spelling", () => {
    const app = new App({ outdir, skipValidation: true });
    const stack = newStack(app, "one");
    new SlsConsumerGroup(stack, "A", BASE);
    new SlsConsumerGroup(stack, "B", {
      ...BASE,
      region: undefined,
      endpoint: "https://cn-hangzhou-intranet.log.aliyuncs.com",
    });
    expect(() => app.synth()).toThrow("is declared 2 times: one/A, one/B.");
  });

  it("refuses a DMS group declared in two stacks with the same queue spelling, under skipValidation", () => {
    const app = new App({ outdir, skipValidation: true });
    new DmsQueueConsumerGroup(newStack(app, "one"), "Workers", DMS_BY_ID);
    new DmsQueueConsumerGroup(newStack(app, "two"), "Workers", DMS_BY_ID);
    expect(() => app.synth()).toThrow(
      `consumer group dms ${DMS_PROJECT}/${QUEUE_ID}/workers is declared 2 times: one/Workers, two/Workers.`,
    );
  });

  it("passes a DMS queue by id in one stack and by name in another, and tells the hooks of both", () => {
    const app = new App({ outdir });
    new DmsQueueConsumerGroup(newStack(app, "one"), "Workers", DMS_BY_ID);
    new DmsQueueConsumerGroup(newStack(app, "two"), "Workers", {
      ...DMS_BY_ID,
      queue: { name: "billing" },
    });
    new SlsConsumerGroup(newStack(app, "three"), "Reader", BASE);
    app.synth();
    const declared = (stack: string) =>
      parseAppDeclarations(
        readFileSync(path.join(outdir, "stacks", stack, APP_DECLARATIONS_FILE), "utf8"),
      );
    const both = {
      dms: [
        {
          projectId: DMS_PROJECT,
          queueId: QUEUE_ID,
          queueName: "",
          name: "workers",
          path: "one/Workers",
        },
        {
          projectId: DMS_PROJECT,
          queueId: "",
          queueName: "billing",
          name: "workers",
          path: "two/Workers",
        },
      ],
    };
    expect(declared("one")).toEqual(both);
    expect(declared("two")).toEqual(both);
    // A stack with no DMS group has no DMS hook to read it.
    expect(existsSync(path.join(outdir, "stacks", "three", APP_DECLARATIONS_FILE))).toBe(false);
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

const DMS_PROJECT = "0a1b2c3d4e5f40718293a4b5c6d7e8f9";
const QUEUE_ID = "0611d466-a327-4b7b-8034-f84a0f6a6f42";
const DMS_BY_ID = {
  region: "cn-north-4",
  projectId: DMS_PROJECT,
  queue: { id: QUEUE_ID },
  name: "workers",
};

/** `count` groups on shop-prod/orders, the first 15 in stack "one", the rest in "two". */
function declareGroups(app: App, count: number): void {
  const one = newStack(app, "one");
  const two = newStack(app, "two");
  for (let i = 0; i < count; i++) {
    new SlsConsumerGroup(i < 15 ? one : two, `G${i}`, { ...BASE, name: `g-${i}` });
  }
}
