// Two declarations of one cloud group are refused at synth however the endpoint or region
// is spelled. A group's identity is what the cloud tells groups apart by (SLS
// project/logstore/name, DMS projectId/queue/name); region and endpoint only say how to reach it,
// so the destroy of one alias would delete the group the other still uses.
//
// | case                                   | first declaration            | second declaration           |
// |----------------------------------------|------------------------------|------------------------------|
// | SLS loopback spellings                 | endpoint http://127.0.0.1:P  | endpoint http://localhost:P  |
// | SLS region + endpoint vs endpoint only | region + http://127.0.0.1:P  | endpoint http://127.0.0.1:P  |
// | SLS region vs another endpoint         | region cn-hangzhou           | https://log-global.aliyuncs… |
// | SLS region vs trailing-dot endpoint    | region cn-hangzhou           | https://cn-hangzhou.log….com.|
// | SLS across two stacks                  | stack one, 127.0.0.1         | stack two, localhost         |
// | DMS loopback spellings                 | endpoint http://127.0.0.1:P  | endpoint http://localhost:P  |
// | DMS region + endpoint vs endpoint only | region + http://localhost:P  | endpoint http://localhost:P  |
// | DMS region vs public endpoint + dot    | region cn-north-4            | https://dms.cn-north-4….com. |

import { App } from "cdktf";
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import type { DmsQueueConsumerGroupProps, SlsConsumerGroupProps } from "../../lib";
import { BASE, newStack } from "./synth-helpers";

const DMS: DmsQueueConsumerGroupProps = {
  projectId: "0a1b2c3d4e5f40718293a4b5c6d7e8f9",
  queue: { name: "billing" },
  name: "billing-workers",
};

type Where = { region?: string; endpoint?: string };
type Service = "sls" | "dms";

let outdir: string;
beforeEach(() => (outdir = mkdtempSync(path.join(os.tmpdir(), "cgac-aliases-"))));
afterEach(() => rmSync(outdir, { recursive: true, force: true }));

describe("aliases of one consumer group", () => {
  it.each<[string, Service, Where, Where, { otherStack?: boolean }]>([
    [
      "SLS endpoints 127.0.0.1 and localhost",
      "sls",
      { endpoint: "http://127.0.0.1:8080" },
      { endpoint: "http://localhost:8080" },
      {},
    ],
    [
      "SLS region + endpoint and the endpoint alone",
      "sls",
      { region: "cn-hangzhou", endpoint: "http://127.0.0.1:8080" },
      { endpoint: "http://127.0.0.1:8080" },
      {},
    ],
    [
      "SLS region and an endpoint-only declaration on another endpoint",
      "sls",
      { region: "cn-hangzhou" },
      { endpoint: "https://log-global.aliyuncs.com" },
      {},
    ],
    [
      "SLS region and the trailing-dot public endpoint",
      "sls",
      { region: "cn-hangzhou" },
      { endpoint: "https://cn-hangzhou.log.aliyuncs.com." },
      {},
    ],
    [
      "SLS endpoints 127.0.0.1 and localhost in two stacks",
      "sls",
      { endpoint: "http://127.0.0.1:8080" },
      { endpoint: "http://localhost:8080" },
      { otherStack: true },
    ],
    [
      "DMS endpoints 127.0.0.1 and localhost",
      "dms",
      { endpoint: "http://127.0.0.1:8080" },
      { endpoint: "http://localhost:8080" },
      {},
    ],
    [
      "DMS region + endpoint and the endpoint alone",
      "dms",
      { region: "cn-north-4", endpoint: "http://localhost:8080" },
      { endpoint: "http://localhost:8080" },
      {},
    ],
    [
      "DMS region and the trailing-dot public endpoint",
      "dms",
      { region: "cn-north-4" },
      { endpoint: "https://dms.cn-north-4.myhuaweicloud.com." },
      {},
    ],
  ])("rejects %s, naming both construct paths", (_case, service, first, second, opts) => {
    const app = new App({ outdir });
    const one = newStack(app, "one");
    const two = opts.otherStack ? newStack(app, "two") : one;
    declare(service, one, "First", first);
    declare(service, two, "Second", second);

    const message = synthError(app);

    expect(message).toMatch(/consumer group .* is declared 2 times: /);
    expect(message).toContain("one/First");
    expect(message).toContain(`${opts.otherStack ? "two" : "one"}/Second`);
  });
});

// ---------------------------------------------------------------------------------------

function declare(service: Service, scope: ReturnType<typeof newStack>, id: string, where: Where) {
  // Spread `where` last and drop BASE's region, so an endpoint-only declaration has no region.
  if (service === "sls") {
    const { region: _region, ...rest } = BASE;
    new SlsConsumerGroup(scope, id, { ...rest, ...where } as SlsConsumerGroupProps);
  } else {
    new DmsQueueConsumerGroup(scope, id, { ...DMS, ...where });
  }
}

function synthError(app: App): string {
  try {
    app.synth();
  } catch (e) {
    return (e as Error).message;
  }
  return "(app.synth() did not fail)";
}
