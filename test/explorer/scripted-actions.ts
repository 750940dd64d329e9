// Builders for hand-written explorer sequences (the scripted tests and regression tests): an
// `add` action with every field at a plain default, overridden where the test cares.

import type { Action, CodeChange, Deploy } from "./actions";

export const forward = { order: "forward" } as const;

/** An SLS group g-a on the first logstore of the first stack, deployed forward, unless changed. */
export function addGroup(
  change: Partial<Extract<CodeChange, { kind: "add" }> & { deploy: Deploy }> = {},
): Action {
  return {
    kind: "add",
    service: "sls",
    name: 0,
    container: 0,
    stack: 0,
    form: "region+ip",
    policy: "DESTROY",
    timeout: 60,
    order: false,
    queueBy: "name",
    deploy: forward,
    ...change,
  };
}
