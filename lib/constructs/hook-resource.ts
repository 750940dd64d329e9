/** Which Terraform resource type carries the lifecycle hooks of a group. */
export enum HookResource {
  /** Built into Terraform >= 1.4 and OpenTofu: no provider download, works offline. */
  TERRAFORM_DATA = "terraform_data",
  /** `null_resource` of the hashicorp/null provider, for teams that standardise on it. */
  NULL_RESOURCE = "null_resource",
}
