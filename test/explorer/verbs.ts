// Terraform's own verbs as the explorer runs them on one stack (actions.ts, kind "verb"): the
// verb, then the apply a user runs after it. `-replace`, `-target` and `-refresh-only` are
// options of that apply; the others are commands of their own before it.

import type { TerraformRun } from "../support/terraform-workspace";
import type { Executor } from "./app-model";
import type { Verb } from "./actions";
import type { RealSystem } from "./real-system";

const MANIFEST = "terraform_data.consumer_groups_manifest";
const RECONCILER = "terraform_data.consumer_groups_reconciler";

export type VerbOutcome =
  | { readonly skipped: string }
  | {
      readonly run: TerraformRun;
      /** The group name in the address of the Group resource acted on, if one was. */
      readonly groupName?: string;
      readonly address: string;
    };

export async function runVerb(
  real: RealSystem,
  stack: string,
  verb: Verb,
  pick: number,
  executor: Executor,
): Promise<VerbOutcome> {
  const state = await real.terraform(stack, ["state", "list"]);
  // A stack never applied has no state file yet (seed 2103 found it: -target of a new stack).
  if (state.code !== 0 && state.output.includes("No state file was found")) {
    return { skipped: "no state yet" };
  }
  if (state.code !== 0) throw new Error(`terraform state list of ${stack}:\n${state.output}`);
  const addresses = state.output.split("\n").filter((a) => a.length > 0);
  const groups = addresses.filter((a) => a.endsWith("_group"));
  const group = groups[pick % Math.max(groups.length, 1)];
  const nameOf = (address: string) =>
    /^[a-z_]+\.(?:sls|dms)_(.+)_[0-9a-f]{16}_group$/.exec(address)?.[1];
  const must = async (args: string[]) => {
    const run = await real.terraform(stack, args);
    if (run.code !== 0) throw new Error(`terraform ${args.join(" ")} in ${stack}:\n${run.output}`);
  };
  const apply = (extra: string[] = []) =>
    real.terraform(stack, ["apply", "-input=false", "-auto-approve", "-no-color", ...extra]);

  switch (verb) {
    case "refresh-only":
      return { run: await apply(["-refresh-only"]), address: "" };
    case "state-rm-manifest": {
      if (!addresses.includes(MANIFEST)) return { skipped: "no manifest in the state" };
      await must(["state", "rm", "-no-color", MANIFEST]);
      return { run: await apply(), address: MANIFEST };
    }
    case "state-rm-reconciler": {
      // The per-group executor's counterpart of the reconciler: a group's Settings resource.
      const settings = addresses.filter((a) => a.endsWith("_settings"));
      const forgotten =
        executor === "batched"
          ? addresses.find((a) => a === RECONCILER)
          : settings[pick % Math.max(settings.length, 1)];
      if (!forgotten) return { skipped: "no reconciler or Settings resource in the state" };
      await must(["state", "rm", "-no-color", forgotten]);
      return { run: await apply(), address: forgotten };
    }
    default:
      break;
  }
  if (!group) return { skipped: "no group resource in the state" };
  const acted = { address: group, ...(nameOf(group) ? { groupName: nameOf(group)! } : {}) };
  switch (verb) {
    case "replace":
      return { run: await apply([`-replace=${group}`]), ...acted };
    case "target":
      return { run: await apply([`-target=${group}`]), ...acted };
    case "taint":
      await must(["taint", "-no-color", group]);
      return { run: await apply(), ...acted };
    case "untaint":
      await must(["taint", "-no-color", group]);
      await must(["untaint", "-no-color", group]);
      return { run: await apply(), ...acted };
    case "state-rm-group":
      await must(["state", "rm", "-no-color", group]);
      return { run: await apply(), ...acted };
    case "import":
      await must(["state", "rm", "-no-color", group]);
      await must(["import", "-input=false", "-no-color", group, "imported-by-the-explorer"]);
      return { run: await apply(), ...acted };
  }
}
