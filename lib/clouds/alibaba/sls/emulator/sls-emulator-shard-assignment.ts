// Which live consumer of a group holds which shard, as ConsumerGroupHeartBeat answers it.
// The consumer libraries promise that any two consumers hold shard counts that differ by at
// most one; the emulator keeps current owners where it can and moves as few shards as that
// takes. Deterministic: ties go to the consumer that joined first, then the lowest shard.

/**
 * @param shardCount shards 0..shardCount-1
 * @param owners the previous owner of each shard (owners that are not in `consumers` are gone)
 * @param consumers live consumers in the order they joined
 * @returns the new owner of every shard (empty when no consumer is live)
 */
export function assignShards(
  shardCount: number,
  owners: ReadonlyMap<number, string>,
  consumers: readonly string[],
): Map<number, string> {
  const held = new Map<string, number[]>(consumers.map((c) => [c, []]));
  const free: number[] = [];
  for (let shard = 0; shard < shardCount; shard++) {
    const owner = owners.get(shard);
    const shards = owner === undefined ? undefined : held.get(owner);
    if (shards) shards.push(shard);
    else free.push(shard);
  }
  if (consumers.length === 0) return new Map();
  const most = Math.ceil(shardCount / consumers.length);
  // Consumers above the fair share give up their highest shards.
  for (const shards of held.values()) {
    while (shards.length > most) free.push(shards.pop() as number);
  }
  free.sort((a, b) => a - b);
  const fewest = () =>
    consumers.reduce((best, c) => (count(held, c) < count(held, best) ? c : best));
  const fullest = () =>
    consumers.reduce((best, c) => (count(held, c) > count(held, best) ? c : best));
  for (const shard of free) held.get(fewest())?.push(shard);
  // Then even out until no two counts differ by more than one.
  while (count(held, fullest()) - count(held, fewest()) > 1) {
    const from = held.get(fullest()) ?? [];
    held.get(fewest())?.push(from.pop() as number);
  }
  const assigned = new Map<number, string>();
  for (const [consumer, shards] of held) for (const shard of shards) assigned.set(shard, consumer);
  return assigned;
}

function count(held: ReadonlyMap<string, number[]>, consumer: string): number {
  return held.get(consumer)?.length ?? 0;
}
