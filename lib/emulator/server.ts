// The emulator's HTTP server (node:http): reads each request whole, hands /_emulator/* to the
// admin routes and everything else to the first service that claims it, records cloud calls,
// and persists state after each mutation. Services (sls/, dms/) know nothing of sockets.
// Injected faults (faults.ts) are picked here, before a request runs, from the action the
// service reads off the request (EmulatedService.describe); this file does what needs sockets,
// timers or the clock (reset, hang, commit-then-drop, skew) and lets the service build
// throttling and error answers in its own shape.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ADMIN_PREFIX, handleAdminRequest } from "./admin";
import {
  FaultPlan,
  type Fault,
  type FaultKind,
  type FaultRule,
  type FaultRuleStatus,
  type FaultService,
} from "./faults";
import { readStateFile, writeStateFile } from "./persistence";
import {
  jsonAnswer,
  type EmulatedService,
  type EmulatorAnswer,
  type EmulatorCall,
  type EmulatorRequest,
} from "./service";
import { createDmsService, type DmsEmulatorConfig } from "./dms/service";
import { createSlsService, type SlsEmulatorConfig } from "./sls/service";

export type { EmulatorCall } from "./service";
export type { Fault, FaultKind, FaultRule, FaultRuleStatus } from "./faults";
export { FaultRuleError, parseFaultRules } from "./faults";
export type { SlsEmulatorConfig } from "./sls/service";
export type { DmsEmulatorConfig } from "./dms/service";

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
  /** ms clock for Date headers, skew checks and the call log. @default Date.now */
  now?: () => number;
  /** Fault rules active from the start (faults.ts); invalid ones throw FaultRuleError. */
  faults?: FaultRule[];
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
  sls: {
    /** In creation order. Throws for an unknown project or logstore. */
    listGroups(
      project: string,
      logstore: string,
    ): { name: string; timeout: number; order: boolean }[];
    /** Creates a group with the service's rules (quota, duplicates, names), no HTTP. */
    createGroup(
      project: string,
      logstore: string,
      group: { name: string; timeout: number; order: boolean },
    ): void;
  };
  dms: {
    /** In creation order. Throws for an unknown project. */
    listQueues(projectId: string): { id: string; name: string }[];
    /** Ready and still initialising groups, in creation order. */
    listGroups(projectId: string, queueIdOrName: string): { id: string; name: string }[];
    /** Creates a group with the service's rules (quota, duplicates, names), no HTTP; its id. */
    createGroup(projectId: string, queueIdOrName: string, name: string): string;
    /** Creates a queue with the service's rules, no HTTP; its id. */
    createQueue(projectId: string, name: string): string;
  };
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

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  const faults = new FaultPlan(options.faults ?? []);
  // The services' clock: shifted while a request with a skew fault runs (handle is synchronous).
  let skewMs = 0;
  const serviceNow = () => now() + skewMs;
  const sls = createSlsService(options.sls ?? { accessKeys: [], projects: {} }, serviceNow);
  const dms = createDmsService(options.dms ?? { projects: {} }, serviceNow);
  const services: EmulatedService[] = options.dms ? [sls, dms] : [sls];
  const calls: EmulatorCall[] = [];
  const { statePath } = options;

  const state = () => Object.fromEntries(services.map((s) => [s.name, s.snapshot()]));
  const persist = () => {
    if (statePath !== undefined) writeStateFile(statePath, state());
  };
  if (statePath !== undefined) {
    const saved = readStateFile(statePath);
    for (const service of services) {
      if (saved?.[service.name] !== undefined) service.restore(saved[service.name]);
    }
  }

  const admin = {
    state,
    calls: () => calls.map((c) => ({ ...c })),
    resetCalls: () => void calls.splice(0),
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

  /** Runs the request for real: state, persistence and the call record. */
  const run = (service: EmulatedService, request: EmulatorRequest, fault?: FaultKind) => {
    const result = service.handle(request);
    if (fault !== undefined) result.call.fault = fault;
    calls.push(result.call);
    if (result.mutated) persist();
    return result;
  };

  // Hang timers, cleared by close() so no request runs after the emulator stopped.
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, action: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      try {
        action();
      } catch (e) {
        // e.g. the state file could not be written: never an uncaught exception in a timer.
        process.stderr.write(`emulator: a delayed (hang) request failed: ${String(e)}\n`);
      }
    }, ms);
    timers.add(timer);
  };

  const serve = (request: EmulatorRequest, res: ServerResponse): void => {
    if (request.path.startsWith(ADMIN_PREFIX)) {
      send(res, handleAdminRequest(request, admin));
      return;
    }
    const service = services.find((s) => s.matches(request));
    if (!service) {
      send(
        res,
        jsonAnswer(
          404,
          {},
          {
            errorCode: "NotEmulated",
            errorMessage: `no emulated service answers ${request.method} ${request.path}`,
          },
        ),
      );
      return;
    }
    const described = service.describe(request);
    const fault = faults.take(service.name as FaultService, described?.action ?? "Unknown");
    if (fault === undefined) {
      send(res, run(service, request).answer);
      return;
    }
    injectFault(service, request, described, fault, res);
  };

  const injectFault = (
    service: EmulatedService,
    request: EmulatorRequest,
    described: { action: string; target?: string } | undefined,
    fault: Fault,
    res: ServerResponse,
  ): void => {
    // A call that did not run: no answer, no request id.
    const unanswered = (): EmulatorCall => ({
      service: service.name as FaultService,
      action: described?.action ?? "Unknown",
      method: request.method,
      path: request.path,
      status: 0,
      requestId: "",
      ...(described?.target === undefined ? {} : { target: described.target }),
      at: now(),
      fault: fault.kind,
    });
    switch (fault.kind) {
      case "throttle":
      case "error": {
        const result = service.faultAnswer(request, fault);
        calls.push(result.call);
        send(res, result.answer);
        return;
      }
      case "reset":
        calls.push(unanswered());
        drop(res);
        return;
      case "hang":
        if (fault.then === "answer") {
          later(fault.ms, () => send(res, run(service, request, "hang").answer));
        } else {
          calls.push(unanswered());
          later(fault.ms, () => drop(res));
        }
        return;
      case "commit-then-drop":
        run(service, request, "commit-then-drop");
        drop(res);
        return;
      case "skew": {
        skewMs = fault.ms;
        let result;
        try {
          result = run(service, request, "skew");
        } finally {
          skewMs = 0;
        }
        result.call.at = now();
        send(res, result.answer);
        return;
      }
    }
  };

  const server = createServer((req, res) => {
    readRequest(req)
      .then((request) => serve(request, res))
      .catch((e: unknown) =>
        send(
          res,
          jsonAnswer(500, {}, { errorCode: "InternalServerError", errorMessage: String(e) }),
        ),
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    calls: admin.calls,
    resetCalls: admin.resetCalls,
    reset: admin.reset,
    faults: {
      add: (rule) => faults.add(rule),
      clear: () => faults.clear(),
      list: () => faults.list(),
    },
    sls: {
      listGroups: (project, logstore) => sls.state.list(project, logstore),
      createGroup: (project, logstore, group) => {
        sls.state.create(project, logstore, group);
        persist();
      },
    },
    dms: {
      listQueues: (projectId) =>
        dms.state.queuesOf(projectId).map((q) => ({ id: q.id, name: q.name })),
      listGroups: (projectId, queue) =>
        dms.state.queueByIdOrName(projectId, queue).groups.map((g) => ({ id: g.id, name: g.name })),
      createGroup: (projectId, queue, name) => {
        const { id } = dms.state.queueByIdOrName(projectId, queue);
        const [group] = dms.state.createGroups(projectId, id, [name]);
        persist();
        return group?.id ?? "";
      },
      createQueue: (projectId, name) => {
        const { id } = dms.state.createQueue(projectId, { name });
        persist();
        return id;
      },
    },
    // Idempotent: tests may close in a test and again in afterEach.
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      })),
  };
}

function readRequest(req: IncomingMessage): Promise<EmulatorRequest> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", reject);
    req.on("end", () => {
      const url = req.url ?? "/";
      // Absolute-form targets (through a proxy) carry the origin; keep only path and query.
      const target = /^https?:\/\//i.test(url) ? url.replace(/^https?:\/\/[^/]*/i, "") || "/" : url;
      const q = target.indexOf("?");
      resolve({
        method: req.method ?? "GET",
        path: q < 0 ? target : target.slice(0, q),
        rawQuery: q < 0 ? "" : target.slice(q + 1),
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
    });
  });
}

/** Closes the connection without an answer (the client sees a reset or "other side closed"). */
function drop(res: ServerResponse): void {
  res.socket?.destroy();
}

function send(res: ServerResponse, answer: EmulatorAnswer): void {
  // The client may have gone (a hang it timed out on): nothing to answer.
  if (res.headersSent || res.destroyed || res.socket?.destroyed === true) return;
  res.writeHead(answer.status, {
    ...answer.headers,
    "content-length": String(answer.body.length),
  });
  res.end(answer.body);
}
