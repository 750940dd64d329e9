// The emulator's HTTP server (node:http): reads each request whole, hands /_emulator/* to the
// admin routes and everything else to the first service that claims it, records cloud calls,
// and persists state after each mutation. Services (sls/, later dms/) know nothing of sockets.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ADMIN_PREFIX, handleAdminRequest } from "./admin";
import { readStateFile, writeStateFile } from "./persistence";
import {
  jsonAnswer,
  type EmulatedService,
  type EmulatorAnswer,
  type EmulatorCall,
  type EmulatorRequest,
} from "./service";
import { createSlsService, type SlsEmulatorConfig } from "./sls/service";

export type { EmulatorCall } from "./service";
export type { SlsEmulatorConfig } from "./sls/service";

export interface EmulatorOptions {
  /** @default "127.0.0.1" (loopback only) */
  host?: string;
  /** @default 0 - a free port chosen by the OS */
  port?: number;
  /** Loaded at start when it exists; rewritten (tmp file + rename) after each mutation. */
  statePath?: string;
  /** @default - an SLS service with no keys and no projects, so every call is rejected */
  sls?: SlsEmulatorConfig;
  /** ms clock for Date headers, skew checks and the call log. @default Date.now */
  now?: () => number;
}

export interface RunningEmulator {
  /** "http://127.0.0.1:PORT" */
  url: string;
  port: number;
  /** Cloud API calls only, never admin routes. */
  calls(): EmulatorCall[];
  resetCalls(): void;
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
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  const sls = createSlsService(options.sls ?? { accessKeys: [], projects: {} }, now);
  const services: EmulatedService[] = [sls];
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
  };

  const answer = (request: EmulatorRequest): EmulatorAnswer => {
    if (request.path.startsWith(ADMIN_PREFIX)) return handleAdminRequest(request, admin);
    const service = services.find((s) => s.matches(request));
    if (!service) {
      return jsonAnswer(
        404,
        {},
        {
          errorCode: "NotEmulated",
          errorMessage: `no emulated service answers ${request.method} ${request.path}`,
        },
      );
    }
    const result = service.handle(request);
    calls.push(result.call);
    if (result.mutated) persist();
    return result.answer;
  };

  const server = createServer((req, res) => {
    readRequest(req)
      .then((request) => send(res, answer(request)))
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

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    calls: admin.calls,
    resetCalls: admin.resetCalls,
    sls: {
      listGroups: (project, logstore) => sls.state.list(project, logstore),
      createGroup: (project, logstore, group) => {
        sls.state.create(project, logstore, group);
        persist();
      },
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
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

function send(res: ServerResponse, answer: EmulatorAnswer): void {
  if (res.headersSent) return;
  res.writeHead(answer.status, {
    ...answer.headers,
    "content-length": String(answer.body.length),
  });
  res.end(answer.body);
}
