// How the hook makes one logical API call: retried with capped backoff and jitter on
// transient errors, within one deadline for the whole hook run, and with the clock corrected
// once from the server's Date header when the service says the request time is skewed
// (what the official SDKs do). Each attempt is signed anew by the client.

import { ErrorKind, isCloudApiError } from "../clients/cloud-api-error";
import type { RetryPolicy } from "../http/retry-policy";
import { withRetry } from "../http/with-retry";
import type { Reporter } from "./report";

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

/** Anything whose request clock can be shifted: both clouds' clients. */
export interface SkewCorrectable {
  clockOffsetMs: number;
}

export type Call = <T>(what: string, operation: () => Promise<T>) => Promise<T>;

export interface CallPolicyOptions {
  readonly clock: Clock;
  readonly policy: RetryPolicy;
  readonly deadlineAt: number;
  readonly reporter: Reporter;
  readonly client: SkewCorrectable;
}

export function createCall(options: CallPolicyOptions): Call {
  const { clock, policy, deadlineAt, reporter, client } = options;
  let skewCorrected = false;

  const correctingSkew = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch (e) {
      if (skewCorrected || !isCloudApiError(e) || e.kind !== ErrorKind.CLOCK_SKEW) throw e;
      const serverMs = e.serverDate ? Date.parse(e.serverDate) : NaN;
      if (Number.isNaN(serverMs)) throw e;
      skewCorrected = true;
      client.clockOffsetMs = serverMs - clock.now();
      reporter.info(
        `local clock differs from the service's by ${Math.round(client.clockOffsetMs / 1000)} s; ` +
          "corrected from the server's Date header and retrying once (sync this machine's clock)",
      );
      return await operation();
    }
  };

  return <T>(what: string, operation: () => Promise<T>): Promise<T> =>
    withRetry(() => correctingSkew(operation), {
      policy,
      now: () => clock.now(),
      sleep: (ms) => clock.sleep(ms),
      random: () => clock.random(),
      deadlineAt,
      isRetryable: (e) => isCloudApiError(e) && e.retryable,
      onRetry: (e, attempt, delayMs) =>
        reporter.debug(
          `${what}: attempt ${attempt} failed (${(e as Error).message}); retrying in ${delayMs} ms`,
        ),
    });
}
