// The socket side of one request: read it whole, answer it, or drop the connection. Each
// answer or drop is reported once to an optional request logger (the CLI's one line per
// request); library callers that pass no logger hear nothing.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorAnswer, EmulatorRequest } from "./emulated-service";

export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** What the request log says about one request, answered or dropped. */
export interface EmulatorRequestLogEntry {
  /** ms since the epoch, from the emulator's clock. */
  at: number;
  method: string;
  /** Path and, when present, "?" and the raw query string. */
  path: string;
  /** 0 when the connection was closed without an answer (an injected fault). */
  status: number;
  /** The answer's x-log-requestid or X-Request-Id; "" for admin routes and dropped requests. */
  requestId: string;
}

export type RequestLogger = (entry: EmulatorRequestLogEntry) => void;

/** One line: `2024-01-02T03:04:05.678Z POST /logstores/orders/consumergroups 200 5AEC…`. */
export function formatRequestLogLine(entry: EmulatorRequestLogEntry): string {
  const status = entry.status === 0 ? "dropped" : String(entry.status);
  const id = entry.requestId === "" ? "-" : entry.requestId;
  return `${new Date(entry.at).toISOString()} ${entry.method} ${entry.path} ${status} ${id}`;
}

export function readRequest(req: IncomingMessage): Promise<EmulatorRequest> {
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

/** Answers and drops for one server, each reported to the logger when there is one. */
export class Responder {
  constructor(
    private readonly now: () => number,
    private readonly logger?: RequestLogger,
  ) {}

  send(request: RequestLine, res: ServerResponse, answer: EmulatorAnswer): void {
    // The client may have gone (a hang it timed out on): nothing to answer.
    if (res.headersSent || res.destroyed || res.socket?.destroyed === true) return;
    res.writeHead(answer.status, {
      ...answer.headers,
      "content-length": String(answer.body.length),
    });
    res.end(answer.body);
    const requestId = answer.headers["x-log-requestid"] ?? answer.headers["x-request-id"] ?? "";
    this.log(request, answer.status, requestId);
  }

  /** Closes the connection without an answer (the client sees a reset or "other side closed"). */
  drop(request: RequestLine, res: ServerResponse): void {
    res.socket?.destroy();
    this.log(request, 0, "");
  }

  private log(request: RequestLine, status: number, requestId: string): void {
    if (!this.logger) return;
    const path = request.rawQuery === "" ? request.path : `${request.path}?${request.rawQuery}`;
    this.logger({ at: this.now(), method: request.method, path, status, requestId });
  }
}

/** The parts of a request the log needs; a request that could not be read has no body. */
export type RequestLine = Pick<EmulatorRequest, "method" | "path" | "rawQuery">;
