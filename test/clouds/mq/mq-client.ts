// The MQ client: four calls over the shared HTTP exchange, a bearer token in the Authorization
// header, errors as JSON `{ "error": { "code", "message" } }` with the request id in
// `x-mq-request-id`. One HTTP attempt per call: retries are the call policy's.

import type { Dispatcher } from "undici";
import { ErrorKind, type CloudApiError } from "../../../lib/clients/cloud-api-error";
import {
  CloudHttp,
  HEADER_SAFE,
  USER_AGENT,
  parseBaseUrl,
  type Answer,
} from "../../../lib/clients/http-exchange";
import { parseJson } from "../../../lib/clients/json";
import { isRecord } from "../../../lib/contract/fields";
import { mqContract } from "./mq-contract";

export interface MqGroup {
  readonly id: string;
  readonly name: string;
  readonly maxInFlight: number;
}

type Method = "GET" | "POST" | "PUT" | "DELETE";

const KIND_BY_CODE: Readonly<Record<string, ErrorKind>> = {
  Unauthorized: ErrorKind.AUTH,
  TopicNotFound: ErrorKind.NOT_FOUND,
  GroupNotFound: ErrorKind.NOT_FOUND,
  GroupAlreadyExists: ErrorKind.ALREADY_EXISTS,
  QuotaExceeded: ErrorKind.QUOTA_EXCEEDED,
  InvalidParameter: ErrorKind.VALIDATION,
  Throttled: ErrorKind.THROTTLED,
};

export class MqClient {
  /** The bearer token is not time-bound; kept for the call policy's skew correction. */
  clockOffsetMs = 0;
  readonly #http: CloudHttp;
  readonly #token: string;

  constructor(options: { endpoint: string; token: string; dispatcher: Dispatcher }) {
    if (!HEADER_SAFE.test(options.token)) {
      throw new Error("MQ token is empty or has spaces or control characters; check its variable");
    }
    const url = parseBaseUrl(options.endpoint);
    if (!url) throw new Error(`MQ endpoint ${options.endpoint} must be an http(s) base URL`);
    this.#token = options.token;
    this.#http = new CloudHttp({
      cloud: mqContract,
      dispatcher: options.dispatcher,
      origin: url.origin,
      requestIdHeader: "x-mq-request-id",
      ok: (status) => status >= 200 && status < 300,
      secrets: [options.token],
    });
  }

  async listGroups(namespace: string, topic: string): Promise<MqGroup[]> {
    const path = groupsPath(namespace, topic);
    const answer = await this.#send("GET", path);
    const body = parseJson(answer.text);
    const groups = isRecord(body) && Array.isArray(body["groups"]) ? body["groups"] : undefined;
    const read = groups?.map(readGroup);
    if (read && read.every((g) => g !== undefined)) return read as MqGroup[];
    throw this.#unexpected("GET", path, answer);
  }

  async createGroup(
    namespace: string,
    topic: string,
    group: { name: string; maxInFlight: number },
  ): Promise<{ requestId: string; group: MqGroup }> {
    const path = groupsPath(namespace, topic);
    const answer = await this.#send("POST", path, group);
    const created = readGroup(parseJson(answer.text));
    if (created) return { requestId: answer.requestId, group: created };
    throw this.#unexpected("POST", path, answer);
  }

  async updateGroup(
    namespace: string,
    topic: string,
    name: string,
    maxInFlight: number,
  ): Promise<{ requestId: string }> {
    const answer = await this.#send("PUT", groupPath(namespace, topic, name), { maxInFlight });
    return { requestId: answer.requestId };
  }

  async deleteGroup(
    namespace: string,
    topic: string,
    name: string,
  ): Promise<{ requestId: string }> {
    const answer = await this.#send("DELETE", groupPath(namespace, topic, name));
    return { requestId: answer.requestId };
  }

  async #send(method: Method, path: string, body?: object): Promise<Answer> {
    const answer = await this.#http.send({
      method,
      path,
      headers: {
        authorization: `Bearer ${this.#token}`,
        "user-agent": USER_AGENT,
        ...(body ? { "content-type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (answer.status >= 200 && answer.status < 300) return answer;
    const parsed = parseError(answer.text);
    return Promise.reject(
      this.#http.answerError(answer, {
        kind: classify(answer.status, parsed?.code),
        parsed,
        requestId: answer.requestId,
        method,
        path,
      }),
    );
  }

  #unexpected(method: Method, path: string, answer: Answer): CloudApiError {
    return this.#http.answerError(answer, {
      kind: ErrorKind.SERVER,
      parsed: undefined,
      requestId: answer.requestId,
      method,
      path,
    });
  }
}

function groupsPath(namespace: string, topic: string): string {
  return `/v1/namespaces/${encodeURIComponent(namespace)}/topics/${encodeURIComponent(topic)}/groups`;
}

function groupPath(namespace: string, topic: string, name: string): string {
  return `${groupsPath(namespace, topic)}/${encodeURIComponent(name)}`;
}

function readGroup(value: unknown): MqGroup | undefined {
  if (!isRecord(value)) return undefined;
  const { id, name, maxInFlight } = value;
  return typeof id === "string" && typeof name === "string" && typeof maxInFlight === "number"
    ? { id, name, maxInFlight }
    : undefined;
}

function parseError(text: string): { code: string; message: string } | undefined {
  const body = parseJson(text);
  const error = isRecord(body) ? body["error"] : undefined;
  if (!isRecord(error)) return undefined;
  const { code, message } = error;
  return typeof code === "string" && typeof message === "string" ? { code, message } : undefined;
}

function classify(status: number, code: string | undefined): ErrorKind {
  const known = code === undefined ? undefined : KIND_BY_CODE[code];
  if (known) return known;
  if (status === 401 || status === 403) return ErrorKind.AUTH;
  if (status === 404) return ErrorKind.NOT_FOUND;
  if (status === 429) return ErrorKind.THROTTLED;
  if (status >= 500) return ErrorKind.SERVER;
  return ErrorKind.VALIDATION;
}
