// The one local-exec provisioner shape every hook uses: `node <hook.js> <subcommand> <label>`
// through `interpreter` (no shell), with the payload in the environment variable PAYLOAD_ENV.
// Terraform's error box repeats the command line of a failed hook, so the command line is a
// label a reader can act on (the group, or what the stack-wide hook covers), never the payload
// (about 1 kB a group). One environment string is capped at 128 KiB on Linux, as one argument
// is, so the size checks of the payloads still apply. `quiet` makes Terraform print
// "Suppressed by quiet=true" instead of the label while the hook's own lines still show; it
// needs Terraform >= 1.4, which terraform_data needs anyway.

import type { TerraformMetaArguments } from "./framework-types";
import { PAYLOAD_ENV } from "../contract/names";
import { escapeTerraformTemplate } from "./escape";

/** The framework's local-exec provisioner type, taken from the app's cdktf or cdktn. */
type LocalExecProvisioner = Extract<
  NonNullable<TerraformMetaArguments["provisioners"]>[number],
  { readonly type: "local-exec" }
>;

export function hookProvisioner(args: {
  /** The hook program's path, relative to the stack directory. */
  readonly program: string;
  readonly subcommand: string;
  /** What the hook works on, in words (a literal): Terraform shows it when the hook fails. */
  readonly label: string;
  /** The payload: a Terraform template string (escaped literals, maybe `self` references). */
  readonly payload: string;
  readonly when?: "destroy";
}): LocalExecProvisioner {
  // cdktf's type has no `quiet` yet; it renders every key of the object it is given.
  const provisioner: LocalExecProvisioner & { readonly quiet: boolean } = {
    type: "local-exec",
    interpreter: ["node", args.program, args.subcommand],
    command: escapeTerraformTemplate(args.label),
    environment: { [PAYLOAD_ENV]: args.payload },
    quiet: true,
    ...(args.when ? { when: args.when } : {}),
  };
  return provisioner;
}
