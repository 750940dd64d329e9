// A tiny MQ service on 127.0.0.1 for the tests: the groups of each topic, a bearer token check,
// the per-topic quota, and error answers shaped like a real service's
// (`{ "error": { "code", "message" } }`, a request id header). Every call is recorded.

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MQ_MAX_GROUPS_PER_TOPIC } from "./mq-contract";

export interface MqEmulatedGroup {
  readonly id: string;
  readonly name: string;
  maxInFlight: number;
}

export interface MqCall {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

export interface RunningMqEmulator {
  readonly url: string;
  /** The groups of a topic, by name order. */
  groups(namespace: string, topic: string): MqEmulatedGroup[];
  /** Removes a group behind the app's back (drift). */
  dropGroup(namespace: string, topic: string, name: string): void;
  calls(): MqCall[];
  resetCalls(): void;
  close(): Promise<void>;
}

const GROUPS_PATH = /^\/v1\/namespaces\/([^/]+)\/topics\/([^/]+)\/groups(?:\/([^/]+))?$/;

export async function startMqEmulator(options: {
  readonly token: string;
  /** "namespace/topic" of every topic that exists. */
  readonly topics: readonly string[];
  readonly limit?: number;
}): Promise<RunningMqEmulator> {
  const limit = options.limit ?? MQ_MAX_GROUPS_PER_TOPIC;
  const topics = new Map(options.topics.map((t) => [t, new Map<string, MqEmulatedGroup>()]));
  let calls: MqCall[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    const answer = (status: number, body: unknown) => {
      calls.push({ method, path: url.pathname, status });
      res.writeHead(status, {
        "content-type": "application/json",
        "x-mq-request-id": randomUUID(),
        date: new Date().toUTCString(),
      });
      res.end(body === undefined ? "" : JSON.stringify(body));
    };
    const fail = (status: number, code: string, message: string) =>
      answer(status, { error: { code, message } });

    if (req.headers.authorization !== `Bearer ${options.token}`) {
      return fail(401, "Unauthorized", "the bearer token is missing or not valid");
    }
    const match = GROUPS_PATH.exec(url.pathname);
    if (!match) return fail(404, "NotFound", `no route ${method} ${url.pathname}`);
    const [, ns, tp, groupName] = match.map((m) => (m === undefined ? m : decodeURIComponent(m)));
    const topic = topics.get(`${ns}/${tp}`);
    if (!topic) return fail(404, "TopicNotFound", `topic ${ns}/${tp} does not exist`);
    let body: Record<string, unknown> = {};
    if (chunks.length > 0) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      } catch {
        return fail(400, "InvalidParameter", "the body is not JSON");
      }
    }
    const maxInFlight = body["maxInFlight"];
    const validMax =
      typeof maxInFlight === "number" && Number.isInteger(maxInFlight) && maxInFlight > 0;

    if (groupName === undefined && method === "GET") {
      const groups = [...topic.values()].sort((a, b) => a.name.localeCompare(b.name));
      return answer(200, { groups });
    }
    if (groupName === undefined && method === "POST") {
      const name = body["name"];
      if (typeof name !== "string" || name === "" || !validMax) {
        return fail(
          400,
          "InvalidParameter",
          "name (string) and maxInFlight (integer > 0) are required",
        );
      }
      if (topic.has(name)) {
        return fail(409, "GroupAlreadyExists", `group ${name} already exists in topic ${ns}/${tp}`);
      }
      if (topic.size >= limit) {
        return fail(
          403,
          "QuotaExceeded",
          `topic ${ns}/${tp} holds ${limit} groups, the most it may`,
        );
      }
      const group: MqEmulatedGroup = {
        id: `g-${randomUUID().slice(0, 8)}`,
        name,
        maxInFlight: maxInFlight as number,
      };
      topic.set(name, group);
      return answer(201, group);
    }
    if (groupName !== undefined) {
      const group = topic.get(groupName);
      if (!group)
        return fail(404, "GroupNotFound", `group ${groupName} does not exist in topic ${ns}/${tp}`);
      if (method === "PUT") {
        if (!validMax) return fail(400, "InvalidParameter", "maxInFlight must be an integer > 0");
        group.maxInFlight = maxInFlight as number;
        return answer(200, group);
      }
      if (method === "DELETE") {
        topic.delete(groupName);
        return answer(204, undefined);
      }
    }
    return fail(405, "MethodNotAllowed", `${method} is not allowed on ${url.pathname}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "InternalError", message: String(e) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const groupsOf = (namespace: string, topic: string) => {
    const groups = topics.get(`${namespace}/${topic}`);
    if (!groups) throw new Error(`the MQ emulator has no topic ${namespace}/${topic}`);
    return groups;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    groups: (namespace, topic) =>
      [...groupsOf(namespace, topic).values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((g) => ({ ...g })),
    dropGroup: (namespace, topic, name) => {
      groupsOf(namespace, topic).delete(name);
    },
    calls: () => [...calls],
    resetCalls: () => {
      calls = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
