import type { RetryPolicy } from "../../../lib/http/retry-policy";
import {
  DeadlineExceededError,
  realClock,
  withRetry,
  type RetryOptions,
} from "../../../lib/http/with-retry";

const policy: RetryPolicy = {
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  maxAttempts: 4,
};

class Transient extends Error {
  constructor(
    readonly n: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(`transient ${n}`);
  }
}
class Fatal extends Error {}

describe("withRetry success", () => {
  it("resolves with the first attempt's value without sleeping", async () => {
    const clock = fakeClock();
    const op = jest.fn(async (_attempt: number) => "ok");
    await expect(withRetry(op, options(clock))).resolves.toBe("ok");
    expect(op).toHaveBeenCalledTimes(1);
    expect(op).toHaveBeenCalledWith(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("retries transient errors and resolves with the value of the attempt that succeeds", async () => {
    const clock = fakeClock();
    const op = failing(2, "done");
    await expect(withRetry(op, options(clock))).resolves.toBe("done");
    expect(op.mock.calls.map(([attempt]) => attempt)).toEqual([1, 2, 3]);
  });

  it("sleeps the jittered, growing backoff between attempts and reports each retry", async () => {
    const clock = fakeClock({ random: 0.5 });
    const onRetry = jest.fn();
    await withRetry(failing(3, "x"), { ...options(clock), onRetry });
    expect(clock.sleeps).toEqual([50, 100, 200]);
    expect(onRetry.mock.calls.map(([e, attempt, ms]) => [(e as Transient).n, attempt, ms])).toEqual(
      [
        [1, 1, 50],
        [2, 2, 100],
        [3, 3, 200],
      ],
    );
  });

  it("waits the Retry-After the error carries instead of the backoff", async () => {
    const clock = fakeClock({ random: 0 });
    const op = jest
      .fn<Promise<string>, [number]>()
      .mockRejectedValueOnce(new Transient(1, 0.75))
      .mockResolvedValueOnce("ok");
    await withRetry(op, options(clock));
    expect(clock.sleeps).toEqual([750]);
  });
});

describe("withRetry giving up", () => {
  it("fails at once with a non-retryable error, without sleeping", async () => {
    const clock = fakeClock();
    const fatal = new Fatal("bad request");
    const op = jest.fn(async () => {
      throw fatal;
    });
    await expect(withRetry(op, options(clock))).rejects.toBe(fatal);
    expect(op).toHaveBeenCalledTimes(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("fails with the last error after maxAttempts attempts", async () => {
    const clock = fakeClock();
    const op = failing(100, "never");
    const error = await withRetry(op, options(clock)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Transient);
    expect((error as Transient).n).toBe(4);
    expect(op).toHaveBeenCalledTimes(4);
    expect(clock.sleeps).toHaveLength(3);
  });

  it("fails with the non-retryable error that follows transient ones", async () => {
    const clock = fakeClock();
    const fatal = new Fatal("quota");
    const op = jest
      .fn<Promise<string>, [number]>()
      .mockRejectedValueOnce(new Transient(1))
      .mockRejectedValueOnce(fatal);
    await expect(withRetry(op, options(clock))).rejects.toBe(fatal);
    expect(op).toHaveBeenCalledTimes(2);
  });
});

describe("withRetry deadline", () => {
  it("fails with the last real error instead of starting a sleep that would end past the deadline", async () => {
    // random 0.99 → delays 99, 198, 396 ms; the deadline at 250 ms leaves room for the first two only.
    const clock = fakeClock({ random: 0.99 });
    const op = failing(100, "never");
    const error = await withRetry(op, {
      ...options(clock),
      deadlineAt: 250,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Transient);
    expect((error as Transient).n).toBe(2);
    expect(clock.sleeps).toEqual([99]);
    expect(clock.now()).toBeLessThan(250);
  });

  it("fails when a sleep would end exactly on the deadline, since no attempt could start then", async () => {
    const clock = fakeClock({ random: 0.5 });
    const op = failing(100, "never");
    const error = await withRetry(op, {
      ...options(clock),
      deadlineAt: 50,
    }).catch((e: unknown) => e);
    expect((error as Transient).n).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("fails with the last real error when a sleep overran the deadline, without another attempt", async () => {
    const clock = fakeClock({ random: 0.5, oversleepMs: 1_000 });
    const op = failing(100, "never");
    const error = await withRetry(op, {
      ...options(clock),
      deadlineAt: 500,
    }).catch((e: unknown) => e);
    expect((error as Transient).n).toBe(1);
    expect(op).toHaveBeenCalledTimes(1);
  });

  it("rejects a call whose deadline passed before its first attempt, without calling it", async () => {
    const clock = fakeClock({ startAt: 1_000 });
    const op = jest.fn(async () => "never");
    const error = await withRetry(op, {
      ...options(clock),
      deadlineAt: 900,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect((error as DeadlineExceededError).code).toBe("HTTP_DEADLINE_EXCEEDED");
    expect((error as Error).message).toMatch(/deadline passed 100 ms before this call could start/);
    expect(op).not.toHaveBeenCalled();
  });
});

describe("realClock", () => {
  it("sleeps at least the requested time on the real timer", async () => {
    const start = realClock.now();
    await realClock.sleep(30);
    expect(realClock.now() - start).toBeGreaterThanOrEqual(25);
  });

  it("draws random numbers in [0, 1)", () => {
    const draws = Array.from({ length: 100 }, () => realClock.random());
    expect(draws.every((r) => r >= 0 && r < 1)).toBe(true);
    expect(new Set(draws).size).toBeGreaterThan(90);
  });
});

// ---------------------------------------------------------------------------------------------

interface FakeClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
  readonly sleeps: number[];
}

/** A clock that only moves when slept on, optionally by more than asked (a suspended machine). */
function fakeClock(
  opts: { random?: number; startAt?: number; oversleepMs?: number } = {},
): FakeClock {
  let t = opts.startAt ?? 0;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms + (opts.oversleepMs ?? 0);
    },
    random: () => opts.random ?? 0.5,
    sleeps,
  };
}

function options(clock: FakeClock): RetryOptions {
  return {
    policy,
    now: () => clock.now(),
    sleep: (ms) => clock.sleep(ms),
    random: () => clock.random(),
    deadlineAt: 60_000,
    isRetryable: (e) => e instanceof Transient,
  };
}

/** An operation that throws Transient(1..n) on its first n attempts, then resolves. */
function failing(n: number, value: string) {
  return jest.fn(async (attempt: number) => {
    if (attempt <= n) throw new Transient(attempt);
    return value;
  });
}
