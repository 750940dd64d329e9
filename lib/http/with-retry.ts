// Runs one logical call as several attempts, within one absolute deadline. The operation
// itself builds and signs each attempt, so a retry carries a fresh Date and signature.

import { retryDelayMs, type RetryPolicy } from "./retry-policy";

export interface RetryOptions {
  readonly policy: RetryPolicy;
  /** ms clock. */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  /** Absolute ms (same clock as now); no attempt and no sleep that would end past it is started. */
  readonly deadlineAt: number;
  readonly isRetryable: (error: unknown) => boolean;
  /** Called before each sleep: the error, the attempt that failed (1-based) and the delay. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Thrown only when the deadline had already passed before the first attempt could start. */
export class DeadlineExceededError extends Error {
  readonly code = "HTTP_DEADLINE_EXCEEDED";
  constructor(deadlineAt: number, now: number) {
    super(
      `the deadline passed ${now - deadlineAt} ms before this call could start, so it was not sent; ` +
        "earlier calls of this run used up the time: raise the deadline or re-run",
    );
    this.name = "DeadlineExceededError";
  }
}

/**
 * Runs operation(attempt starting at 1) until it resolves, a non-retryable error, maxAttempts,
 * or the deadline; rethrows the last error (a DeadlineExceeded case rethrows the last real
 * error, never swallows it).
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const { policy, now, deadlineAt } = options;
  const started = now();
  if (started >= deadlineAt) throw new DeadlineExceededError(deadlineAt, started);
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!options.isRetryable(error) || attempt >= policy.maxAttempts) throw error;
      const delayMs = retryDelayMs(attempt, policy, options.random, retryAfterSecondsOf(error));
      // The next attempt must start before the deadline, so a sleep ending on it is too long.
      if (now() + delayMs >= deadlineAt) throw error;
      options.onRetry?.(error, attempt, delayMs);
      await options.sleep(delayMs);
      // A sleep can overrun (timer drift, a suspended machine): check again before sending.
      if (now() >= deadlineAt) throw error;
    }
  }
}

// Read by shape rather than by class, so this layer depends on no client: any error that
// carries the server's Retry-After (CloudApiError does) is honoured.
function retryAfterSecondsOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const value = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof value === "number" ? value : undefined;
}

/** The real clock, sleep and random source; tests pass fakes instead. */
export const realClock: {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
} = {
  now: () => Date.now(),
  // Not node:timers/promises: loading it costs every hook process a few ms.
  sleep: (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};
