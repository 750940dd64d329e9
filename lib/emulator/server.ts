// The emulator's HTTP server (node:http), assembled from small parts: emulator-http-exchange.ts
// reads each request whole and answers it (and logs it when asked), request-router.ts hands
// /_emulator/* to the admin routes and everything else to the first service that claims it,
// fault-injection.ts answers calls that drew an injected fault, call-runner.ts records cloud
// calls and persists state after each mutation. The clouds (emulated-clouds.ts) know nothing
// of sockets.

import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AdminTarget } from "./admin";
import type { AdminCloud } from "./admin-cloud-routes";
import { CallRunner } from "./call-runner";
import type { CloudStartContext, EmulatedCloud, SharedSlot, StartedCloud } from "./emulated-cloud";
import {
  EMULATED_CLOUDS,
  type EmulatedCloudAccessors,
  type EmulatedCloudOptions,
} from "./emulated-clouds";
import {
  jsonAnswer,
  type EmulatedService,
  type EmulatorAnswer,
  type EmulatorCall,
} from "./emulated-service";
import {
  readRequest,
  Responder,
  type RequestLine,
  type RequestLogger,
} from "./emulator-http-exchange";
import { FaultPlan, type FaultRule, type FaultRuleStatus } from "./faults";
import { restoreServices, snapshotServices, writeStateFile } from "./persistence";
import { routeRequest } from "./request-router";

/** Each cloud's options (EmulatedCloudOptions, emulated-clouds.ts) and the server's own. */
export interface EmulatorOptions extends EmulatedCloudOptions {
  /** @default "127.0.0.1" (loopback only) */
  host?: string;
  /** @default 0 - a free port chosen by the OS */
  port?: number;
  /** Loaded at start when it exists; rewritten (tmp file + rename) after each mutation. */
  statePath?: string;
  /** ms clock for Date headers, skew checks and the call log. @default Date.now */
  now?: () => number;
  /** Fault rules active from the start (faults.ts); invalid ones throw FaultRuleError. */
  faults?: FaultRule[];
  /**
   * Called once per request (admin routes included) when it is answered or dropped; the
   * `emulator` command prints each entry with formatRequestLogLine.
   * @default - nothing is logged
   */
  onRequest?: RequestLogger;
}

/** Each cloud's accessor under its option key (EmulatedCloudAccessors) and the server's own. */
export interface RunningEmulator extends EmulatedCloudAccessors {
  /** "http://127.0.0.1:PORT" */
  url: string;
  port: number;
  /** Cloud API calls only, never admin routes. */
  calls(): EmulatorCall[];
  resetCalls(): void;
  /** Drops every group (and container) created at run time; the configuration stays. */
  reset(): void;
  /** Injected faults, also under /_emulator/faults. */
  faults: {
    /** Appends a rule with a fresh call count; throws FaultRuleError when it is invalid. */
    add(rule: FaultRule): void;
    clear(): void;
    /** In the order added, with the calls each matched so far; Infinity shown as "always". */
    list(): FaultRuleStatus[];
  };
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { statePath } = options;
  let services: EmulatedService[] = [];
  const persist = () => {
    if (statePath !== undefined) writeStateFile(statePath, snapshotServices(services));
  };
  const runner = new CallRunner(options.now ?? Date.now, persist);
  const clouds = startClouds(options, runner.serviceNow, persist);
  services = clouds.filter((c) => c.started.mounted).map((c) => c.started.service);
  if (statePath !== undefined) restoreServices(services, statePath);
  const accessors = Object.fromEntries(
    clouds.map((c) => [c.key, c.started.accessor]),
  ) as unknown as EmulatedCloudAccessors;

  const faults = new FaultPlan(options.faults ?? []);
  const admin = adminTarget(services, runner, faults, persist, adminClouds(clouds));
  const responder = new Responder(runner.now, options.onRequest);
  const context = { services, faults, admin, runner, responder };
  const server = createServer((req, res) => {
    readRequest(req)
      .then((request) => routeRequest(context, request, res))
      .catch((e: unknown) => responder.send(unreadable(req), res, internalError(e)));
  });
  const url = await listen(server, options.host ?? "127.0.0.1", options.port ?? 0);

  let closing: Promise<void> | undefined;
  return {
    ...accessors,
    url: url.href,
    port: url.port,
    calls: admin.calls,
    resetCalls: admin.resetCalls,
    reset: admin.reset,
    faults: {
      add: (rule) => faults.add(rule),
      clear: () => faults.clear(),
      list: () => faults.list(),
    },
    // Idempotent: tests may close in a test and again in afterEach.
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        runner.cancelDelayed();
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      })),
  };
}

interface RunningCloud {
  /** The cloud's key in EmulatorOptions and RunningEmulator. */
  readonly key: string;
  readonly cloud: EmulatedCloud<unknown, unknown>;
  readonly started: StartedCloud<unknown>;
}

/** Every cloud of the registry, in its order, each with its options. */
function startClouds(
  options: EmulatorOptions,
  now: () => number,
  persist: () => void,
): RunningCloud[] {
  const shared = new Map<SharedSlot<unknown>, unknown>();
  const context: CloudStartContext = {
    now,
    persist,
    share: <T>(slot: SharedSlot<T>): T => {
      if (!shared.has(slot)) shared.set(slot, slot.create());
      return shared.get(slot) as T;
    },
  };
  return Object.entries(EMULATED_CLOUDS).map(([key, entry]) => {
    const cloud = entry as EmulatedCloud<unknown, unknown>;
    const cloudOptions = options[key as keyof EmulatedCloudOptions];
    return { key, cloud, started: cloud.start(cloudOptions, context) };
  });
}

/** The clouds with admin routes, mounted or not (an unmounted one answers NotEmulated). */
function adminClouds(clouds: readonly RunningCloud[]): AdminCloud[] {
  return clouds.flatMap(({ cloud, started }) =>
    cloud.admin && started.adminRoutes
      ? [
          {
            serviceName: cloud.serviceName,
            title: cloud.title,
            mounted: started.mounted,
            help: cloud.admin.help,
            routes: started.adminRoutes,
          },
        ]
      : [],
  );
}

/** What the admin routes act on (admin.ts). */
function adminTarget(
  services: readonly EmulatedService[],
  runner: CallRunner,
  faults: FaultPlan,
  persist: () => void,
  clouds: readonly AdminCloud[],
): AdminTarget {
  return {
    clouds,
    state: () => snapshotServices(services),
    calls: () => runner.calls.map((c) => ({ ...c })),
    resetCalls: () => void runner.calls.splice(0),
    reset: () => {
      for (const service of services) service.reset();
      persist();
    },
    faults: {
      add: (rules: unknown[]) => rules.forEach((rule) => faults.add(rule)),
      clear: () => faults.clear(),
      list: () => faults.list(),
    },
  };
}

/** Listens on host:port (0 = any free port); the URL with the port actually bound. */
async function listen(
  server: Server,
  host: string,
  port: number,
): Promise<{ href: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return { href: `http://${shown}:${address.port}`, port: address.port };
}

/** The request line of a request whose body could not be read, for the answer and the log. */
function unreadable(req: IncomingMessage): RequestLine {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  return {
    method: req.method ?? "GET",
    path: q < 0 ? url : url.slice(0, q),
    rawQuery: q < 0 ? "" : url.slice(q + 1),
  };
}

function internalError(e: unknown): EmulatorAnswer {
  return jsonAnswer(500, {}, { errorCode: "InternalServerError", errorMessage: String(e) });
}
