// The demo stack: three SLS consumer groups of project shop-prod. `cdktf synth`/`deploy` run
// it through the root cdktf.json; set CGAC_SLS_ENDPOINT to point the hooks at another endpoint
// (`npm run demo` points it at the local emulator).

import { App, LocalBackend, TerraformStack } from "cdktf";
import { SlsConsumerGroup } from "../lib";

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

app.synth();
