/** What `cdktf destroy` (or a rename) does to the cloud consumer group. */
export enum RemovalPolicy {
  /** Delete the group, and with it its checkpoints. */
  DESTROY = "DESTROY",
  /** Leave the group in the cloud; only the Terraform resources go. */
  RETAIN = "RETAIN",
}
