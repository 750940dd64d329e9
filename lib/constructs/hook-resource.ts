/** Which Terraform resource type carries the lifecycle hooks of a group. */
export enum HookResource {
  /** Built into Terraform >= 1.4 and OpenTofu: no provider download, works offline. */
  TERRAFORM_DATA = "terraform_data",
  /** `null_resource` of the hashicorp/null provider, for teams that standardise on it. */
  NULL_RESOURCE = "null_resource",
}

/** The attribute of a hook resource that holds what replaces it when it changes. */
export function stateFieldOf(kind: HookResource): "triggers" | "triggers_replace" {
  return kind === HookResource.NULL_RESOURCE ? "triggers" : "triggers_replace";
}

/** One command-line argument is capped at 128 KiB; keep a margin for the interpreter. */
export const MAX_COMMAND_BYTES = 120 * 1024;
