// The two executors, for e2e tests that run one scenario under each: the default, as an
// app without context gets it, and the per-group one through its context key.

import { EXECUTOR_CONTEXT } from "../../lib";

export const PER_GROUP_CONTEXT: Readonly<Record<string, string>> = {
  [EXECUTOR_CONTEXT]: "per-group",
};

export const EXECUTOR_VARIANTS = [
  { executor: "default", context: {} },
  { executor: "per-group", context: PER_GROUP_CONTEXT },
] as const;
