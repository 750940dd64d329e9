// The one local-exec provisioner shape every hook uses: `node <hook.js> <subcommand> <payload>`
// through `interpreter` (no shell), and `quiet`, so Terraform prints "Suppressed by
// quiet=true" instead of the whole payload (about 1 kB a group) while the hook's own lines
// still show. `quiet` needs Terraform >= 1.4, which terraform_data needs anyway.

import type { TerraformMetaArguments } from "./framework-types";

/** The framework's local-exec provisioner type, taken from the app's cdktf or cdktn. */
type LocalExecProvisioner = Extract<
  NonNullable<TerraformMetaArguments["provisioners"]>[number],
  { readonly type: "local-exec" }
>;

export function hookProvisioner(args: {
  /** The hook program's path, relative to the stack directory. */
  readonly program: string;
  readonly subcommand: string;
  /** The payload: a Terraform template string (escaped literals, maybe `self` references). */
  readonly payload: string;
  readonly when?: "destroy";
}): LocalExecProvisioner {
  // cdktf's type has no `quiet` yet; it renders every key of the object it is given.
  const provisioner: LocalExecProvisioner & { readonly quiet: boolean } = {
    type: "local-exec",
    interpreter: ["node", args.program, args.subcommand],
    command: args.payload,
    quiet: true,
    ...(args.when ? { when: args.when } : {}),
  };
  return provisioner;
}
