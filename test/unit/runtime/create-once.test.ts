import { CloudApiError, ErrorKind } from "../../../lib/clients/cloud-api-error";
import type { Call } from "../../../lib/runtime/call-policy";
import { createOnce } from "../../../lib/runtime/create-once";
import { dmsContract } from "../../../lib/clouds/huawei/dms/dms-contract";

const failure = (kind: ErrorKind, status: number) =>
  new CloudApiError({
    cloud: dmsContract,
    kind,
    status,
    cloudCode: kind,
    cloudMessage: "test",
    method: "POST",
    path: "/groups",
  });

/** A call policy that retries every retryable error up to 5 attempts, without sleeping. */
const retrying: Call = async (_what, operation) => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (e) {
      if (!(e instanceof CloudApiError) || !e.retryable || attempt === 5) throw e;
    }
  }
};

describe("createOnce", () => {
  it("creates with one call when the first answer arrives", async () => {
    const lookup = jest.fn();
    const outcome = await createOnce(retrying, "create", async () => ({ requestId: "R1" }), lookup);
    expect(outcome).toEqual({ kind: "created", requestId: "R1" });
    expect(lookup).not.toHaveBeenCalled();
  });

  it.each([
    [ErrorKind.NETWORK, 0],
    [ErrorKind.TIMEOUT, 0],
    [ErrorKind.SERVER, 503],
  ])(
    "looks up before creating again after a %s failure, and finds the group",
    async (kind, status) => {
      const create = jest.fn().mockRejectedValueOnce(failure(kind, status));
      const lookup = jest.fn().mockResolvedValue({ id: "g-1" });

      const outcome = await createOnce(retrying, "create", create, lookup);

      expect(outcome).toEqual({ kind: "listed", group: { id: "g-1" } });
      expect(create).toHaveBeenCalledTimes(1); // never sent twice
    },
  );

  it("creates again when the lookup does not find the group", async () => {
    const create = jest
      .fn()
      .mockRejectedValueOnce(failure(ErrorKind.TIMEOUT, 0))
      .mockResolvedValueOnce({ requestId: "R2" });
    const lookup = jest.fn().mockResolvedValue(undefined);

    expect(await createOnce(retrying, "create", create, lookup)).toEqual({
      kind: "created",
      requestId: "R2",
    });
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  it("retries throttling without a lookup (the request was refused, not lost)", async () => {
    const create = jest
      .fn()
      .mockRejectedValueOnce(failure(ErrorKind.THROTTLED, 429))
      .mockResolvedValueOnce({ requestId: "R3" });
    const lookup = jest.fn();

    await createOnce(retrying, "create", create, lookup);

    expect(lookup).not.toHaveBeenCalled();
  });

  it("reports an existing group as such", async () => {
    const create = jest.fn().mockRejectedValue(failure(ErrorKind.ALREADY_EXISTS, 400));
    expect(await createOnce(retrying, "create", create, jest.fn())).toEqual({ kind: "exists" });
  });

  it("passes other failures on, untouched and unretried", async () => {
    const quota = failure(ErrorKind.QUOTA_EXCEEDED, 400);
    const create = jest.fn().mockRejectedValue(quota);
    await expect(createOnce(retrying, "create", create, jest.fn())).rejects.toBe(quota);
    expect(create).toHaveBeenCalledTimes(1);
  });
});
