// An app whose logstore and queue are resources of the same stack, and whose groups name them
// by reference (tokens): Terraform creates each container first and deletes each group, with
// deletion protection consulted, before its container. `npm run demo -- --app
// referenced-containers` deploys it against the local emulator, offline.
//
// The containers here are stand-ins (container-stand-in.js: the emulator's own SLS
// CreateLogStore/DeleteLogStore and DMS queue create/delete, signed as a provider signs them).
// Against the real cloud, the logstore is the alicloud provider's `alicloud_log_store`
// (docs/composing.md shows that version).

import * as path from "node:path";
import { App, DataResource, LocalBackend, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "cdktf-consumer-groups";

const STAND_IN = path.join(
  __dirname,
  "..",
  "..",
  "..",
  "examples",
  "referenced-containers",
  "container-stand-in.js",
);
/** The emulator the stand-ins and the hooks call. */
const EMULATOR = process.env.CGAC_SLS_ENDPOINT ?? "http://127.0.0.1:45801";

/** A logstore or queue made and deleted through the emulator; `name` is a reference to it. */
class Container extends Construct {
  readonly name: string;

  constructor(
    scope: Construct,
    id: string,
    props: { service: "sls" | "dms"; project: string; name: string },
  ) {
    super(scope, id);
    const { service, project, name } = props;
    const resource = new DataResource(this, "Resource", {
      input: { name },
      provisioners: [
        {
          type: "local-exec",
          interpreter: ["node", STAND_IN, "create", EMULATOR, service, project],
          command: name,
        },
        {
          type: "local-exec",
          when: "destroy",
          interpreter: ["node", STAND_IN, "destroy", EMULATOR, service, project],
          // From state: a destroy hook must delete the container it made.
          command: "${self.input.name}",
        },
      ],
    });
    this.name = Token.asString(resource.output.lookup("name"));
  }
}

const app = new App();
const stack = new TerraformStack(app, "referenced-containers");
new LocalBackend(stack, { path: "terraform.tfstate" });

const logstore = new Container(stack, "Events", {
  service: "sls",
  project: "shop-prod",
  name: "events",
});
const reader = new SlsConsumerGroup(stack, "EventsReader", {
  region: "cn-hangzhou",
  endpoint: process.env.CGAC_SLS_ENDPOINT || undefined,
  project: "shop-prod",
  logstore: logstore.name, // a reference: created after the logstore, deleted before it
  key: "events-reader", // a reference's value is known at apply; the key at synth
  name: "events-reader",
  timeout: Number(process.env.EVENTS_READER_TIMEOUT ?? 60),
});

const projectId = "0a1b2c3d4e5f40718293a4b5c6d7e8f9";
const queue = new Container(stack, "Refunds", {
  service: "dms",
  project: projectId,
  name: "refunds",
});
new DmsQueueConsumerGroup(stack, "RefundsWorkers", {
  region: "cn-north-4",
  endpoint: process.env.CGAC_DMS_ENDPOINT || undefined,
  projectId,
  queue: { name: queue.name },
  key: "refunds-workers",
  name: "refunds-workers",
});

// The group's parts, for the consumers' configuration: a string, or the reference it was given.
new DataResource(stack, "ConsumerConfig", {
  input: { project: reader.project, logstore: reader.logstore, group: reader.groupName },
  dependsOn: [reader],
});

app.synth();
