// The demo stack: three SLS consumer groups of project shop-prod and two DMS queue consumer
// groups. `cdktf synth`/`deploy` run it through the root cdktf.json; CGAC_SLS_ENDPOINT and
// CGAC_DMS_ENDPOINT point the hooks at other endpoints (`npm run demo` points both at the
// local emulator).

import { App, LocalBackend, TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "cdktf-consumer-groups";

const app = new App();
const stack = new TerraformStack(app, "consumer-groups-demo");
// A relative state path: cdktf's default backend would write this machine's absolute path.
new LocalBackend(stack, { path: "terraform.tfstate" });

const endpoint = process.env.CGAC_SLS_ENDPOINT || undefined;
const common = { region: "cn-hangzhou", endpoint, project: "shop-prod" };

new SlsConsumerGroup(stack, "OrdersReader", {
  ...common,
  logstore: "orders",
  name: "orders-reader",
  timeout: 300,
  order: true,
});
new SlsConsumerGroup(stack, "OrdersAudit", {
  ...common,
  logstore: "orders",
  name: "orders-audit",
  timeout: 60,
});
new SlsConsumerGroup(stack, "PaymentsSettler", {
  ...common,
  logstore: "payments",
  name: "payments-settler",
  timeout: 120,
});

// DMS queue groups: public Huawei Cloud withdrew this API in 2022; private Huawei-stack clouds
// and the emulator still serve it, so the endpoint is configurable.
const dms = {
  region: "cn-north-4",
  endpoint: process.env.CGAC_DMS_ENDPOINT || undefined,
  projectId: "0a1b2c3d4e5f40718293a4b5c6d7e8f9",
};
new DmsQueueConsumerGroup(stack, "BillingWorkers", {
  ...dms,
  queue: { name: "billing" },
  name: "billing-workers",
});
new DmsQueueConsumerGroup(stack, "ShippingWorkers", {
  ...dms,
  queue: { name: "shipping" },
  name: "shipping-workers",
});

app.synth();
