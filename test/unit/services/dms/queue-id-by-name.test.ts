import { HookErrorCode, isHookError, type HookError } from "../../../../lib/runtime/errors";
import { queueIdByName } from "../../../../lib/clouds/huawei/dms/dms-queues";

const queues = [
  { id: "q-1", name: "billing" },
  { id: "q-2", name: "orders" },
  { id: "q-3", name: "orders" },
];

it("finds the id of the one queue with that name", () => {
  expect(queueIdByName("billing", queues)).toBe("q-1");
});

it("finds nothing when no queue has that name", () => {
  expect(queueIdByName("audit", queues)).toBeUndefined();
});

it("refuses a name two queues share, naming both ids and the fix", () => {
  let error: unknown;
  try {
    queueIdByName("orders", queues);
  } catch (e) {
    error = e;
  }
  expect(isHookError(error)).toBe(true);
  const { code, message, hint } = error as HookError;
  expect({ code, message, hint }).toEqual({
    code: HookErrorCode.QUEUE_AMBIGUOUS,
    message: '2 queues are named "orders" (q-2, q-3)',
    hint: 'Declare the queue by id: queue: { id: "…" }.',
  });
});
