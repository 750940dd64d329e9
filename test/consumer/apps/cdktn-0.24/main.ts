// A user's app, as `cdktn init --template=typescript` lays it out, that installs the packed
// library (test/consumer/consumer.test.ts). Endpoints and the SLS timeout come from the
// environment so that the test can point the hooks at its emulator and change a setting.

import { App, LocalBackend, TerraformStack, type TerraformResource } from "cdktn";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "cdktf-consumer-groups";

const app = new App();
const stack = new TerraformStack(app, "consumers");
new LocalBackend(stack, { path: "terraform.tfstate" });

const orders = new SlsConsumerGroup(stack, "OrdersReader", {
  region: "cn-hangzhou",
  endpoint: process.env.CGAC_SLS_ENDPOINT,
  project: "shop-prod",
  logstore: "orders",
  name: "orders-reader",
  timeout: Number(process.env.ORDERS_READER_TIMEOUT ?? "300"),
  order: true,
});
new DmsQueueConsumerGroup(stack, "BillingWorkers", {
  region: "cn-north-4",
  endpoint: process.env.CGAC_DMS_ENDPOINT,
  projectId: "0a1b2c3d4e5f40718293a4b5c6d7e8f9",
  queue: { name: "billing" },
  name: "billing-workers",
});

// The library's resources carry this framework's own types, not `any`:
// (`resources.settings` is undefined under the default executor: one resource per group.)
const group: TerraformResource = orders.resources.group;
const settings: TerraformResource | undefined = orders.resources.settings;
// @ts-expect-error -- an error only while the type is real
group.noSuchMember;
// @ts-expect-error -- the same for the optional one
settings?.noSuchMember;

app.synth();
