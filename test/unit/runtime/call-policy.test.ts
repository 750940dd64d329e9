import { CloudApiError, ErrorKind } from "../../../lib/clients/cloud-api-error";
import { createCall, type Clock } from "../../../lib/runtime/call-policy";
import { createReporter } from "../../../lib/runtime/report";
import { slsContract } from "../../../lib/clouds/alibaba/sls/sls-contract";

const START = Date.parse("2026-01-01T00:00:00Z");

function fakeClock(): Clock & { slept: number[] } {
  let now = START;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    random: () => 0.5,
  };
}

function apiError(
  kind: ErrorKind,
  extra: Partial<ConstructorParameters<typeof CloudApiError>[0]> = {},
) {
  return new CloudApiError({
    cloud: slsContract,
    kind,
    status: 400,
    cloudCode: kind,
    cloudMessage: "m",
    method: "POST",
    path: "/p",
    ...extra,
  });
}

function setup() {
  const clock = fakeClock();
  const lines: string[] = [];
  const client = { clockOffsetMs: 0 };
  const call = createCall({
    clock,
    policy: { baseDelayMs: 100, maxDelayMs: 1000, maxAttempts: 4 },
    deadlineAt: START + 60_000,
    reporter: createReporter({
      debug: false,
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
    }),
    client,
  });
  return { clock, lines, client, call };
}

/** An operation that fails with the given errors in turn, then returns "ok". */
function failing(...errors: Error[]) {
  const op = jest.fn(async () => {
    const e = errors.shift();
    if (e) throw e;
    return "ok";
  });
  return op;
}

describe("call policy", () => {
  it("corrects the clock from the server's Date and retries once on clock skew", async () => {
    const { call, client, lines } = setup();
    const serverDate = new Date(START + 20 * 60_000).toUTCString();
    const op = failing(apiError(ErrorKind.CLOCK_SKEW, { serverDate }));

    await expect(call("create x", op)).resolves.toBe("ok");

    expect(op).toHaveBeenCalledTimes(2);
    expect(client.clockOffsetMs).toBe(20 * 60_000);
    expect(lines.join("\n")).toContain("differs from the service's by 1200 s");
  });

  it("corrects the clock only once per hook run", async () => {
    const { call } = setup();
    const serverDate = new Date(START + 20 * 60_000).toUTCString();
    const op = failing(
      apiError(ErrorKind.CLOCK_SKEW, { serverDate }),
      apiError(ErrorKind.CLOCK_SKEW, { serverDate }),
    );

    await expect(call("create x", op)).rejects.toMatchObject({ kind: ErrorKind.CLOCK_SKEW });
    expect(op).toHaveBeenCalledTimes(2);
  });

  it("retries throttling with growing, capped delays until it succeeds", async () => {
    const { call, clock } = setup();
    const op = failing(
      apiError(ErrorKind.THROTTLED),
      apiError(ErrorKind.THROTTLED),
      apiError(ErrorKind.SERVER),
    );

    await expect(call("create x", op)).resolves.toBe("ok");

    expect(op).toHaveBeenCalledTimes(4);
    expect(clock.slept).toHaveLength(3);
    expect(clock.slept.every((ms) => ms >= 0 && ms <= 1000)).toBe(true);
  });

  it.each([ErrorKind.AUTH, ErrorKind.QUOTA_EXCEEDED, ErrorKind.VALIDATION, ErrorKind.NOT_FOUND])(
    "never retries %s",
    async (kind) => {
      const { call, clock } = setup();
      const op = failing(apiError(kind));

      await expect(call("create x", op)).rejects.toMatchObject({ kind });
      expect(op).toHaveBeenCalledTimes(1);
      expect(clock.slept).toEqual([]);
    },
  );
});
