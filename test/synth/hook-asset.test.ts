import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { hookAssetHash, hookDirectory } from "../../lib/constructs/hook-asset";
import { SlsConsumerGroup } from "../../lib";
import {
  BASE,
  EXECUTORS,
  createHooks,
  localExec,
  newApp,
  newStack,
  resourceOf,
  synthGroup,
  synthesized,
} from "./synth-helpers";

describe("the hook asset's hash", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "cgac-asset-"));
    writeFileSync(path.join(dir, "hook.js"), "loader");
    writeFileSync(path.join(dir, "hook-bundle.js"), "bundle");
    writeFileSync(path.join(dir, "hook-bundle.js.cache"), "cache from one build");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is 32 upper-case hex digits, like cdktf's own", () => {
    expect(hookAssetHash(dir)).toMatch(/^[0-9A-F]{32}$/);
  });

  it("does not change with the V8 code cache, which differs on every build", () => {
    const before = hookAssetHash(dir);
    writeFileSync(path.join(dir, "hook-bundle.js.cache"), "cache from another build");
    expect(hookAssetHash(dir)).toBe(before);
  });

  it("changes with the code and with the file names", () => {
    const before = hookAssetHash(dir);
    writeFileSync(path.join(dir, "hook-bundle.js"), "bundle, changed");
    const changed = hookAssetHash(dir);
    expect(changed).not.toBe(before);
    rmSync(path.join(dir, "hook-bundle.js"));
    writeFileSync(path.join(dir, "hook-bundle2.js"), "bundle, changed");
    expect(hookAssetHash(dir)).not.toBe(changed);
  });

  it.each(EXECUTORS)(
    "names the hook program in the synthesized hooks (%s executor)",
    (executor) => {
      const json = synthGroup({}, executor);
      const program = `assets/ConsumerGroupsHook/${hookAssetHash(hookDirectory())}/hook.js`;
      const hooks = [...createHooks(json, executor), localExec(resourceOf(json, "Group"))];
      for (const hook of hooks) expect(hook.interpreter[1]).toBe(program);
    },
  );
});

describe("the hook asset in the stacks", () => {
  it.each(EXECUTORS)("ships one hook asset per stack (%s executor)", (executor) => {
    const stack = newStack(newApp(executor));
    new SlsConsumerGroup(stack, "A", BASE);
    new SlsConsumerGroup(stack, "B", { ...BASE, name: "orders-audit" });
    expect(stack.node.findAll().filter((c) => c.node.id === "ConsumerGroupsHook")).toHaveLength(1);
  });

  it.each(EXECUTORS)(
    "ships the hook asset in every stack of every app (no stack reuses another's, %s executor)",
    (executor) => {
      const stacks = [newApp(executor), newApp(executor)].flatMap((app) => [
        newStack(app, "one"),
        newStack(app, "two"),
      ]);
      for (const stack of stacks)
        new SlsConsumerGroup(stack, "A", { ...BASE, name: stack.node.id });
      for (const stack of stacks) {
        const assets = stack.node.findAll().filter((c) => c.node.id === "ConsumerGroupsHook");
        expect(assets.map((a) => a.node.path)).toEqual([`${stack.node.id}/ConsumerGroupsHook`]);
        for (const hook of createHooks(synthesized(stack), executor)) {
          expect(hook.interpreter[1]).toMatch(
            /^assets\/ConsumerGroupsHook\/[0-9A-F]{32}\/hook\.js$/,
          );
        }
      }
    },
  );
});
