// The emulator's HTTP server (node:http), assembled from small parts: http-exchange.ts reads
// each request whole and answers it (and logs it when asked), request-router.ts hands
// /_emulator/* to the admin routes and everything else to the first service that claims it,
// fault-injection.ts answers calls that drew an injected fault, call-runner.ts records cloud
// calls and persists state after each mutation. Services (sls/, dms/) know nothing of sockets.

import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AdminTarget } from "./admin";
import { CallRunner } from "./call-runner";
import {
  createDmsService,
  type DmsEmulatorConfig,
} from "../clouds/huawei/dms/emulator/dms-emulator-service";
import { FaultPlan, type FaultRule, type FaultRuleStatus } from "./faults";
import {
  readRequest,
  Responder,
  type RequestLine,
  type RequestLogger,
} from "./emulator-http-exchange";
import { restoreServices, snapshotServices, writeStateFile } from "./persistence";
import { routeRequest } from "./request-router";
import {
  jsonAnswer,
  type EmulatedService,
  type EmulatorAnswer,
  type EmulatorCall,
} from "./emulated-service";
import {
  createSlsService,
  type SlsEmulatorConfig,
} from "../clouds/alibaba/sls/emulator/sls-emulator-service";
import type { StsEmulatorConfig } from "../clouds/alibaba/shared/emulator/sts-emulator-context";
import { createStsService } from "../clouds/alibaba/shared/emulator/sts-emulator";
import {
  createHuaweiIdentityService,
  type HuaweiIdentityEmulatorConfig,
} from "../clouds/huawei/shared/emulator/huawei-identity-emulator";
import type { SlsAccessKey } from "../clouds/alibaba/sls/emulator/sls-emulator-authenticate";
import type { DmsAccessKey } from "../clouds/huawei/dms/emulator/dms-emulator-authenticate";
import {
  dmsStateAccessor,
  slsStateAccessor,
  type DmsStateAccessor,
  type SlsStateAccessor,
} from "./state-accessors";

export type { EmulatorCall } from "./emulated-service";
export type { Fault, FaultKind, FaultRule, FaultRuleStatus } from "./faults";
export { FaultRuleError, parseFaultRules } from "./faults";
export type { SlsEmulatorConfig } from "../clouds/alibaba/sls/emulator/sls-emulator-service";
export type { DmsEmulatorConfig } from "../clouds/huawei/dms/emulator/dms-emulator-service";
export type {
  StsEmulatorConfig,
  StsRole,
} from "../clouds/alibaba/shared/emulator/sts-emulator-context";
export type { HuaweiIdentityEmulatorConfig } from "../clouds/huawei/shared/emulator/huawei-identity-emulator";
export type { EmulatorRequestLogEntry, RequestLogger } from "./emulator-http-exchange";
export { formatRequestLogLine } from "./emulator-http-exchange";

export interface EmulatorOptions {
  /** @default "127.0.0.1" (loopback only) */
  host?: string;
  /** @default 0 - a free port chosen by the OS */
  port?: number;
  /** Loaded at start when it exists; rewritten (tmp file + rename) after each mutation. */
  statePath?: string;
  /** @default - an SLS service with no keys and no projects, so every call is rejected */
  sls?: SlsEmulatorConfig;
  /**
   * @default - no DMS service: /v1.0/ paths answer 404 NotEmulated and the state has no "dms"
   * key (so SLS-only state files and state answers stay as they were)
   */
  dms?: DmsEmulatorConfig;
  /**
   * Alibaba Cloud's temporary keys: STS AssumeRole and AssumeRoleWithOIDC, the ECS metadata
   * routes and a credentials URI (sts/service.ts). Keys it issues sign SLS requests until they
   * expire.
   * @default - not mounted: those routes answer as SLS does, and the state has no "sts" key
   */
  sts?: StsEmulatorConfig;
  /**
   * Huawei Cloud's temporary keys: IAM identity-provider federation and the ECS metadata
   * service's agency key (huawei-identity/service.ts). Keys it issues sign DMS requests until
   * they expire.
   * @default - not mounted: those paths answer as DMS does, and the state has no "iam" key
   */
  huawei?: HuaweiIdentityEmulatorConfig;
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

export interface RunningEmulator {
  /** "http://127.0.0.1:PORT" */
  url: string;
  port: number;
  /** Cloud API calls only, never admin routes. */
  calls(): EmulatorCall[];
  resetCalls(): void;
  /** Drops every group (and queue) created at run time; the configuration stays. */
  reset(): void;
  sls: SlsStateAccessor;
  dms: DmsStateAccessor;
  /** The temporary keys the STS, metadata and URI routes issued (none when not mounted). */
  sts: { readonly issued: readonly Required<SlsAccessKey>[] };
  /** The temporary keys the Huawei IAM and metadata routes issued (none when not mounted). */
  huawei: { readonly issued: readonly Required<DmsAccessKey>[] };
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
  const slsConfig = options.sls ?? { accessKeys: [], projects: {} };
  const sls = createSlsService(slsConfig, runner.serviceNow);
  // A copy with a key list of its own: the Huawei identity routes append the keys they issue.
  const dmsConfig = {
    ...(options.dms ?? { projects: {} }),
    accessKeys: [...(options.dms?.accessKeys ?? [])],
  };
  const dms = createDmsService(dmsConfig, runner.serviceNow);
  // STS first: its RPC calls share the path "/" with SLS.
  const sts = options.sts
    ? [createStsService(options.sts, slsConfig.accessKeys, runner.serviceNow)]
    : [];
  const huawei = options.huawei
    ? [createHuaweiIdentityService(options.huawei, dmsConfig.accessKeys, runner.serviceNow)]
    : [];
  services = [...sts, ...huawei, sls, ...(options.dms ? [dms] : [])];
  const issued = sts[0]?.issued ?? [];
  if (statePath !== undefined) restoreServices(services, statePath);

  const faults = new FaultPlan(options.faults ?? []);
  const accessors = {
    sls: slsStateAccessor(sls, persist, runner.serviceNow),
    dms: dmsStateAccessor(dms, persist),
  };
  const admin = adminTarget(services, runner, faults, persist, {
    sls: accessors.sls,
    ...(options.dms ? { dms: accessors.dms } : {}),
  });
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
    sls: accessors.sls,
    dms: accessors.dms,
    sts: { issued },
    huawei: { issued: huawei[0]?.issued ?? [] },
    // Idempotent: tests may close in a test and again in afterEach.
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        runner.cancelDelayed();
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      })),
  };
}

/** What the admin routes act on (admin.ts). */
function adminTarget(
  services: readonly EmulatedService[],
  runner: CallRunner,
  faults: FaultPlan,
  persist: () => void,
  groups: Pick<AdminTarget, "sls" | "dms">,
): AdminTarget {
  return {
    ...groups,
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
