// The cloud-neutral half of deletion protection: the override and the refusal.

import { HookErrorCode, isHookError } from "../../../lib/runtime/errors";
import { decideDelete, overrideAllows } from "../../../lib/runtime/deletion-guard";
import type { Reporter } from "../../../lib/runtime/report";
import type { DeletionGuard } from "../../../lib/contract/protection";

const TARGET = "sls cn-hangzhou/shop-prod/orders/orders-reader";
const IN_USE = { summary: "120 messages waiting", remedy: "Let its consumers drain the group" };
const WHEN_IN_USE: DeletionGuard = { deletionProtection: "WHEN_IN_USE", inUseWindowSeconds: 600 };
const ALWAYS: DeletionGuard = { deletionProtection: "ALWAYS", inUseWindowSeconds: 600 };
const OFF: DeletionGuard = { deletionProtection: "OFF", inUseWindowSeconds: 600 };

describe("CONSUMER_GROUPS_ALLOW_DELETE", () => {
  it.each([
    ["orders-reader", true],
    ["other, orders-reader ", true],
    ["*", true],
    ["orders", false],
    ["orders-reader-2", false],
    ["", false],
  ])("%j lets orders-reader through: %s", (value, allowed) => {
    expect(overrideAllows({ CONSUMER_GROUPS_ALLOW_DELETE: value }, "orders-reader")).toBe(allowed);
  });

  it("lets nothing through when unset", () => {
    expect(overrideAllows({}, "orders-reader")).toBe(false);
  });
});

describe("decideDelete", () => {
  it("allows an idle WHEN_IN_USE group and any OFF group without a word", () => {
    const { reporter, lines } = capture();
    decideDelete(TARGET, "orders-reader", WHEN_IN_USE, undefined, {}, reporter);
    decideDelete(TARGET, "orders-reader", OFF, undefined, {}, reporter);
    expect(lines).toEqual([]);
  });

  it("rejects a WHEN_IN_USE group in use with HOOK_DELETE_PROTECTED, the evidence and the ways on", () => {
    const e = thrown(() =>
      decideDelete(TARGET, "orders-reader", WHEN_IN_USE, IN_USE, {}, capture().reporter),
    );
    expect(e.code).toBe(HookErrorCode.DELETE_PROTECTED);
    expect(e.message).toContain("the group is in use: 120 messages waiting");
    expect(e.hint).toContain("Nothing was deleted");
    expect(e.hint).toContain("Let its consumers drain the group");
    expect(e.hint).toContain("deletionProtection: OFF");
    expect(e.hint).toContain("CONSUMER_GROUPS_ALLOW_DELETE=orders-reader");
  });

  it("rejects every ALWAYS delete, idle or not", () => {
    const e = thrown(() =>
      decideDelete(TARGET, "orders-reader", ALWAYS, undefined, {}, capture().reporter),
    );
    expect(e.code).toBe(HookErrorCode.DELETE_PROTECTED);
    expect(e.message).toContain("deletionProtection is ALWAYS");
  });

  it("lets the override through and logs it loudly, with the evidence", () => {
    const { reporter, lines } = capture();
    const env = { CONSUMER_GROUPS_ALLOW_DELETE: "orders-reader" };
    decideDelete(TARGET, "orders-reader", WHEN_IN_USE, IN_USE, env, reporter);
    decideDelete(TARGET, "orders-reader", ALWAYS, undefined, env, reporter);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^WARNING .*CONSUMER_GROUPS_ALLOW_DELETE=orders-reader overrides/);
    expect(lines[0]).toContain("120 messages waiting");
    expect(lines[1]).toContain("deletionProtection is ALWAYS");
  });
});

// ---------------------------------------------------------------------------------------------

function capture(): { reporter: Reporter; lines: string[] } {
  const lines: string[] = [];
  const reporter: Reporter = {
    info: (l) => lines.push(l),
    debug: () => undefined,
    error: (l) => lines.push(l),
    addSecret: () => undefined,
  };
  return { reporter, lines };
}

function thrown(f: () => void) {
  try {
    f();
  } catch (e) {
    if (isHookError(e)) return e;
    throw e;
  }
  throw new Error("expected a HookError");
}
