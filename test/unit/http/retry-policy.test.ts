import {
  DEFAULT_RETRY_POLICY,
  retryDelayMs,
  type RetryPolicy,
} from "../../../lib/http/retry-policy";

const policy: RetryPolicy = {
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  maxAttempts: 10,
};
const ALMOST_ONE = 1 - Number.EPSILON;

describe("DEFAULT_RETRY_POLICY", () => {
  it("starts at 500 ms, caps at 8 s and allows 6 attempts", () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      baseDelayMs: 500,
      maxDelayMs: 8_000,
      maxAttempts: 6,
    });
  });
});

describe("retryDelayMs exponential growth", () => {
  // With random() just below 1 the delay sits at the top of its jitter window.
  it.each([
    [1, 99],
    [2, 199],
    [3, 399],
    [4, 799],
  ])("doubles the window: retry %i waits at most %i ms", (attempt, expected) => {
    expect(retryDelayMs(attempt, policy, () => ALMOST_ONE)).toBe(expected);
  });

  it("caps the window at maxDelayMs from the attempt where doubling passes it", () => {
    expect(retryDelayMs(5, policy, () => ALMOST_ONE)).toBe(999);
    expect(retryDelayMs(6, policy, () => ALMOST_ONE)).toBe(999);
  });

  it("stays capped for very large attempt numbers instead of overflowing", () => {
    expect(retryDelayMs(5_000, policy, () => ALMOST_ONE)).toBe(999);
  });
});

describe("retryDelayMs full jitter", () => {
  it("waits 0 ms when random() is 0", () => {
    expect(retryDelayMs(3, policy, () => 0)).toBe(0);
  });

  it("scales the window by random(): half the window for 0.5", () => {
    expect(retryDelayMs(3, policy, () => 0.5)).toBe(200);
  });

  it("stays below the window even when random() returns exactly 1", () => {
    expect(retryDelayMs(3, policy, () => 1)).toBe(399);
  });

  it("returns whole milliseconds inside [0, window) for many random draws", () => {
    let seed = 7;
    const lcg = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const delays = Array.from({ length: 500 }, () => retryDelayMs(2, policy, lcg));
    for (const d of delays) {
      expect(Number.isInteger(d)).toBe(true);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(200);
    }
    // Jitter spreads the delays; a constant would mean random() is ignored.
    expect(new Set(delays).size).toBeGreaterThan(50);
  });
});

describe("retryDelayMs Retry-After", () => {
  it("waits exactly the seconds the server asked for, without jitter", () => {
    expect(retryDelayMs(1, policy, () => 0, 0.5)).toBe(500);
  });

  it("caps a long Retry-After at maxDelayMs", () => {
    expect(retryDelayMs(1, policy, () => 0, 120)).toBe(1_000);
  });

  it("honours Retry-After: 0 as an immediate retry", () => {
    expect(retryDelayMs(4, policy, () => ALMOST_ONE, 0)).toBe(0);
  });

  it("falls back to backoff when Retry-After is negative or not a number", () => {
    expect(retryDelayMs(2, policy, () => 0.5, -3)).toBe(100);
    expect(retryDelayMs(2, policy, () => 0.5, Number.NaN)).toBe(100);
  });
});

describe("retryDelayMs input checks", () => {
  it.each([0, -1, 1.5])("rejects attempt %p (the first retry is 1)", (attempt) => {
    expect(() => retryDelayMs(attempt, policy, () => 0)).toThrow(
      /attempt must be a whole number >= 1/,
    );
  });
});
