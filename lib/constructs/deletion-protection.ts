/**
 * Whether the hook may delete the cloud consumer group (on `cdktf destroy`, when the construct is
 * removed from the code, or for the old group of a rename). Deleting a group deletes its
 * checkpoints: consumers that come back start again from their initial position.
 * Groups with `RemovalPolicy.RETAIN` are never deleted, so protection does not apply to them.
 */
export enum DeletionProtection {
  /**
   * Refuse the delete while the group is in use. SLS: some shard committed a checkpoint within
   * `inUseWindowSeconds`. DMS: messages are waiting for the group.
   */
  WHEN_IN_USE = "WHEN_IN_USE",
  /** Refuse every delete, as a database's deletion protection does. */
  ALWAYS = "ALWAYS",
  /** Delete without looking. */
  OFF = "OFF",
}
