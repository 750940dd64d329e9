// The official Node SDK (@alicloud/log 1.2.6) against the emulator. The SDK has no
// consumer-group methods, so its generic Client#_request sends them: its own headers, its own
// signature (_sign), its own HTTP stack (httpx). Only the TCP target is redirected to the
// emulator; the Host header stays "<project>.<endpoint>" as the SDK built it.

import { createRequire } from "node:module";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";

interface SdkError extends Error {
  code: string;
  requestid: string;
}
interface SdkClient {
  createLogStore(
    project: string,
    logstore: string,
    data: { ttl: number; shardCount: number },
    options: { beforeRequest: (o: HttpOptions) => HttpOptions },
  ): Promise<unknown>;
  deleteLogStore(
    project: string,
    logstore: string,
    options: { beforeRequest: (o: HttpOptions) => HttpOptions },
  ): Promise<unknown>;
  _request(
    verb: string,
    project: string,
    path: string,
    queries: Record<string, string>,
    body: Buffer | null,
    headers: Record<string, string | number>,
    options: { beforeRequest: (o: HttpOptions) => HttpOptions },
  ): Promise<unknown>;
}
interface HttpOptions {
  host: string;
  port: number | string;
  headers: Record<string, unknown>;
}
type SdkClientConstructor = new (config: {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  endpoint: string;
}) => SdkClient;

const SdkClientClass = createRequire(__filename)("@alicloud/log") as SdkClientConstructor;
const KEY = { accessKeyId: "LTAI-sdk-test", accessKeySecret: "sdk-test-secret" };
const STS = {
  accessKeyId: "STS.sdk-test",
  accessKeySecret: "sdk-sts-secret",
  securityToken: "CAIS-sdk-token",
};
// A name that resolves nowhere: proof that only beforeRequest routes the socket.
const ENDPOINT_HOST = "cn-hangzhou.log.emulator.invalid";

let emulator: RunningEmulator;

beforeEach(async () => {
  emulator = await startEmulator({
    sls: { accessKeys: [KEY, STS], projects: { "shop-prod": { logstores: ["orders"] } } },
  });
});
afterEach(async () => {
  await emulator.close();
});

it("[vector] @alicloud/log creates and lists a group with its own signature", async () => {
  const sdk = client(KEY);
  const body = Buffer.from(
    JSON.stringify({ consumerGroup: "sdk-reader", timeout: 120, order: true }),
  );

  await sdk._request(
    "POST",
    "shop-prod",
    "/logstores/orders/consumergroups",
    {},
    body,
    { "x-log-bodyrawsize": body.length },
    redirect(),
  );
  const listed = await sdk._request(
    "GET",
    "shop-prod",
    "/logstores/orders/consumergroups",
    {},
    null,
    {},
    redirect(),
  );

  expect(listed).toEqual([{ name: "sdk-reader", timeout: 120, order: true }]);
  expect(emulator.calls().map((c) => `${c.action}:${c.status}:${c.target}`)).toEqual([
    "CreateConsumerGroup:200:shop-prod/orders/sdk-reader",
    "ListConsumerGroup:200:shop-prod/orders",
  ]);
});

it("[vector] @alicloud/log with STS credentials updates and deletes a group", async () => {
  emulator.sls.createGroup("shop-prod", "orders", {
    name: "sdk-reader",
    timeout: 60,
    order: false,
  });
  const sdk = client(STS);
  const body = Buffer.from(JSON.stringify({ order: true, timeout: 90 }));

  await sdk._request(
    "PUT",
    "shop-prod",
    "/logstores/orders/consumergroups/sdk-reader",
    {},
    body,
    { "x-log-bodyrawsize": body.length },
    redirect(),
  );
  const afterUpdate = emulator.sls.listGroups("shop-prod", "orders");
  await sdk._request(
    "DELETE",
    "shop-prod",
    "/logstores/orders/consumergroups/sdk-reader",
    {},
    null,
    {},
    redirect(),
  );

  expect(afterUpdate).toEqual([{ name: "sdk-reader", timeout: 90, order: true }]);
  expect(emulator.sls.listGroups("shop-prod", "orders")).toEqual([]);
});

it("[vector] @alicloud/log surfaces ConsumerGroupAlreadyExist with the request id", async () => {
  emulator.sls.createGroup("shop-prod", "orders", {
    name: "sdk-reader",
    timeout: 60,
    order: false,
  });
  const body = Buffer.from(
    JSON.stringify({ consumerGroup: "sdk-reader", timeout: 60, order: false }),
  );

  const error = await client(KEY)
    ._request("POST", "shop-prod", "/logstores/orders/consumergroups", {}, body, {}, redirect())
    .then(
      () => undefined,
      (e: SdkError) => e,
    );

  expect(error?.code).toBe("ConsumerGroupAlreadyExist");
  expect(error?.message).toBe("consumer group already exist");
  expect(error?.requestid).toMatch(/^[0-9A-F]{24}$/);
});

it("[vector] @alicloud/log with a wrong secret gets SignatureNotMatch", async () => {
  const error = await client({ ...KEY, accessKeySecret: "wrong" })
    ._request("GET", "shop-prod", "/logstores/orders/consumergroups", {}, null, {}, redirect())
    .then(
      () => undefined,
      (e: SdkError) => e,
    );

  expect(error?.code).toBe("SignatureNotMatch");
});

it("[vector] @alicloud/log creates and deletes a logstore with its own methods and signature", async () => {
  const sdk = client(KEY);

  await sdk.createLogStore("shop-prod", "refunds", { ttl: 30, shardCount: 2 }, redirect());
  emulator.sls.createGroup("shop-prod", "refunds", { name: "reader", timeout: 60, order: false });
  const duplicate = await sdk
    .createLogStore("shop-prod", "refunds", { ttl: 30, shardCount: 2 }, redirect())
    .then(
      () => undefined,
      (e: SdkError) => e,
    );
  await sdk.deleteLogStore("shop-prod", "refunds", redirect());
  const missing = await sdk.deleteLogStore("shop-prod", "refunds", redirect()).then(
    () => undefined,
    (e: SdkError) => e,
  );

  expect(duplicate?.code).toBe("LogStoreAlreadyExist");
  expect(missing?.code).toBe("LogStoreNotExist");
  expect(() => emulator.sls.listGroups("shop-prod", "refunds")).toThrow(
    expect.objectContaining({ code: "LogStoreNotExist" }),
  );
  expect(emulator.calls().map((c) => `${c.action}:${c.status}:${c.target}`)).toEqual([
    "CreateLogStore:200:shop-prod/refunds",
    "CreateLogStore:400:shop-prod/refunds",
    "DeleteLogStore:200:shop-prod/refunds",
    "DeleteLogStore:404:shop-prod/refunds",
  ]);
});

// ---------------------------------------------------------------------------------------

function client(key: {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}): SdkClient {
  return new SdkClientClass({ ...key, endpoint: `http://${ENDPOINT_HOST}` });
}

/** Connects to the emulator, keeping the SDK's Host header (shop-prod.<endpoint>). */
function redirect() {
  const { hostname, port } = new URL(emulator.url);
  return {
    beforeRequest: (o: HttpOptions): HttpOptions => ({
      ...o,
      headers: { ...o.headers, host: o.host },
      host: hostname,
      port,
    }),
  };
}
