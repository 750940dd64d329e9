// How long to wait before the next attempt: capped exponential backoff with full jitter
// (the AWS "Exponential Backoff And Jitter" scheme), so that many hook runs failing at the same
// moment do not retry in lockstep. Pure: the random source is passed in.

export interface RetryPolicy {
  /** Upper bound of the first retry's delay, ms. */
  readonly baseDelayMs: number;
  /** No delay is ever longer than this, ms, not even one asked for by Retry-After. */
  readonly maxDelayMs: number;
  /** Attempts in total, the first one included. */
  readonly maxAttempts: number;
}

/** 0.5 s doubling up to 8 s, 6 attempts: the backoff the SLS API documentation recommends. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxAttempts: 6,
};

/**
 * Capped exponential backoff with full jitter; honours Retry-After (seconds) when given,
 * still capped by maxDelayMs. attempt is 1 for the first retry.
 *
 * Without Retry-After the delay is a whole number of ms in
 * [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))). With it, the delay is exactly
 * min(retryAfterSeconds * 1000, maxDelayMs): the server said when, so no jitter is added.
 */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterSeconds?: number,
): number {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(
      `retryDelayMs: attempt must be a whole number >= 1 (the first retry is 1), got ${attempt}`,
    );
  }
  if (
    retryAfterSeconds !== undefined &&
    Number.isFinite(retryAfterSeconds) &&
    retryAfterSeconds >= 0
  ) {
    return Math.min(Math.round(retryAfterSeconds * 1000), policy.maxDelayMs);
  }
  // 2 ** n overflows to Infinity for large n, which Math.min turns back into the cap.
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.min(Math.floor(r * ceiling), Math.max(ceiling - 1, 0));
}
