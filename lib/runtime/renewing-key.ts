// A temporary key fetched once per hook process and fetched again before it expires, so a
// long run (a reconcile of many groups, a slow destroy) never signs with an expired token.
// Concurrent callers share one fetch. Nothing is written to disk.

/** Renew when less than this is left, or a third of the key's lifetime if that is shorter. */
export const RENEW_BEFORE_MS = 15 * 60 * 1000;

export interface ExpiringKey {
  /** ms since the epoch; undefined = does not expire (an AccessKey). */
  readonly expiresAt?: number | undefined;
}

export class RenewingKey<K extends ExpiringKey> {
  #key: K | undefined;
  #fetchedAt = 0;
  #pending: Promise<K> | undefined;
  /** How many fetches this key made (tests and the debug line read it). */
  fetches = 0;

  constructor(
    private readonly fetch: () => Promise<K>,
    private readonly now: () => number = Date.now,
  ) {}

  async current(): Promise<K> {
    const key = this.#key;
    if (key && !this.#due(key)) return key;
    try {
      return await (this.#pending ??= this.#fetchOnce());
    } catch (e) {
      // A failed renewal while the old key still works: keep signing with it.
      if (key?.expiresAt !== undefined && key.expiresAt > this.now()) return key;
      throw e;
    }
  }

  async #fetchOnce(): Promise<K> {
    try {
      const fetchedAt = this.now();
      this.fetches++;
      const key = await this.fetch();
      this.#key = key;
      this.#fetchedAt = fetchedAt;
      return key;
    } finally {
      this.#pending = undefined;
    }
  }

  #due(key: K): boolean {
    if (key.expiresAt === undefined) return false;
    const lifetime = key.expiresAt - this.#fetchedAt;
    return key.expiresAt - this.now() < Math.min(RENEW_BEFORE_MS, lifetime / 3);
  }
}
