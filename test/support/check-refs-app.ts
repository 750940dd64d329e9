// For the `check` and `repair` tests of an app whose groups take references (cdktf tokens):
// beside groups of literals, groups whose logstore, queue or endpoint is a reference to another
// resource of the stack (a stand-in terraform_data), as docs/composing.md "Tokens" declares them.

import { mkdtempSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, LocalBackend, TerraformStack, Token } from "cdktf";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { TerraformData } from "../../lib/constructs/terraform-data";
import { BILLING_QUEUE, DMS_PROJECT } from "./dms-fixtures";
import { PROJECT } from "./sls-fixtures";

/** A reference to the `output.name` of a stand-in resource whose input is `name`. */
function referenceTo(stack: TerraformStack, id: string, name: string): string {
  const r = new TerraformData(stack, id, { triggersReplace: {}, input: { name } });
  return Token.asString(r.interpolationForAttribute("output.name"));
}

/**
 * Two stacks into `<tmp>/cdktf.out`. "consumers": SLS orders-reader (literal, orders), and by
 * reference audit-reader (logstore) and edge-reader (endpoint). "billing": DMS billing-workers
 * (literal, queue billing) and by reference refunds-workers (queue.name).
 */
export function synthReferencedApp(
  endpoint: string,
  context: Record<string, string> = {},
): { dir: string; outdir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cgac-check-refs-"));
  const outdir = path.join(dir, "cdktf.out");
  const app = new App({ outdir, context });
  const consumers = new TerraformStack(app, "consumers");
  new LocalBackend(consumers, { path: "terraform.tfstate" });
  const sls = { region: "cn-hangzhou", endpoint, project: PROJECT, timeout: 60 };
  new SlsConsumerGroup(consumers, "OrdersReader", {
    ...sls,
    logstore: "orders",
    name: "orders-reader",
  });
  new SlsConsumerGroup(consumers, "AuditReader", {
    ...sls,
    logstore: referenceTo(consumers, "AuditLogstore", "payments"),
    key: "audit-reader",
    name: "audit-reader",
  });
  const host = new URL(endpoint);
  new SlsConsumerGroup(consumers, "EdgeReader", {
    endpoint: `http://${referenceTo(consumers, "EdgeHost", host.hostname)}:${host.port}`,
    allowInsecureHttp: true,
    project: PROJECT,
    logstore: "orders",
    name: "edge-reader",
    timeout: 60,
  });
  const billing = new TerraformStack(app, "billing");
  new LocalBackend(billing, { path: "terraform.tfstate" });
  const dms = { region: "cn-north-4", endpoint, projectId: DMS_PROJECT };
  new DmsQueueConsumerGroup(billing, "Billing", {
    ...dms,
    queue: { name: BILLING_QUEUE },
    name: "billing-workers",
  });
  new DmsQueueConsumerGroup(billing, "Refunds", {
    ...dms,
    queue: { name: referenceTo(billing, "RefundsQueue", BILLING_QUEUE) },
    key: "refunds-workers",
    name: "refunds-workers",
  });
  app.synth();
  return { dir, outdir };
}
