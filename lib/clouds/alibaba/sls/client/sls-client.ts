// Typed SLS consumer-group calls. One HTTP attempt per call: retries are
// composed outside (withRetry), and each call builds a fresh Date and signature.
// Every failure leaves as a CloudApiError; no raw undici error escapes.

import { isIP } from "node:net";
import type { Dispatcher } from "undici";
import { ErrorKind } from "../../../../clients/cloud-api-error";
import {
  CloudHttp,
  HEADER_SAFE,
  USER_AGENT,
  parseBaseUrl,
  snippet,
} from "../../../../clients/http-exchange";
import { parseJson } from "../../../../clients/json";
import {
  FORCED_CHECKPOINT_QUERY,
  getCheckpointQuery,
  parseSlsCheckpoints,
  type SlsCheckpoint,
  type SlsCheckpointUpdate,
} from "./sls-checkpoints";
import { classifySlsError, parseSlsErrorBody } from "./sls-errors";
import { slsAuthorization, slsContentMd5 } from "./sls-signer";
import { SLS_PROJECT_NAME } from "../sls-rules";
import { slsContract } from "../sls-contract";

export interface SlsCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

export interface SlsClientOptions {
  /** Base URL WITHOUT the project, e.g. https://cn-hangzhou.log.aliyuncs.com or http://127.0.0.1:8080 */
  readonly endpoint: string;
  readonly project: string;
  /** A fixed key, or where to get the key for each request (a temporary key renewed in time). */
  readonly credentials: SlsCredentials | (() => Promise<SlsCredentials>);
  readonly dispatcher: Dispatcher;
  /** ms clock for the Date header. @default Date.now */
  readonly now?: () => number;
}

export interface SlsGroup {
  readonly name: string;
  /** Consumer heartbeat timeout, seconds. */
  readonly timeout: number;
  readonly order: boolean;
}

export interface SlsResponse {
  /** The x-log-requestid header; empty if the server sent none. */
  readonly requestId: string;
}

type Method = "GET" | "POST" | "PUT" | "DELETE";

export class SlsClient {
  /** Added to now() when building the Date header, to correct a skewed local clock. */
  clockOffsetMs = 0;

  readonly #http: CloudHttp;
  /** Set only for IP and localhost endpoints, where the URL cannot carry the project. */
  readonly #host: string | undefined;
  readonly #credentials: () => Promise<SlsCredentials>;
  /** Every secret this client signed with, taken out of its errors' text. */
  readonly #secrets: (string | undefined)[] = [];
  readonly #now: () => number;

  constructor(options: SlsClientOptions) {
    const { project, credentials } = options;
    if (!SLS_PROJECT_NAME.test(project)) {
      throw new Error(`SLS project ${JSON.stringify(project)} must be ${SLS_PROJECT_NAME.text}`);
    }
    if (typeof credentials === "function") {
      this.#credentials = async () => this.#usable(await credentials());
    } else {
      const key = this.#usable(credentials);
      this.#credentials = () => Promise.resolve(key);
    }
    const url = parseEndpoint(options.endpoint);
    let origin: string;
    if (isIP(url.hostname.replace(/^\[|\]$/g, "")) !== 0 || url.hostname === "localhost") {
      origin = url.origin;
      this.#host = `${project}.${url.host}`;
    } else {
      // TLS SNI and the certificate must match the project host, so connect to it directly.
      origin = `${url.protocol}//${project}.${url.host}`;
      this.#host = undefined;
    }
    this.#http = new CloudHttp({
      cloud: slsContract,
      dispatcher: options.dispatcher,
      origin,
      requestIdHeader: "x-log-requestid",
      // Only a 200 is a success: a 200 whose body broke off may be a lost answer.
      ok: (status) => status === 200,
      // Errors leave with the secret, the token and any quoted signature removed from their text.
      secrets: this.#secrets,
    });
    this.#now = options.now ?? Date.now;
  }

  /** POST /logstores/{ls}/consumergroups */
  async createConsumerGroup(logstore: string, group: SlsGroup): Promise<SlsResponse> {
    const body = {
      consumerGroup: group.name,
      timeout: group.timeout,
      order: group.order,
    };
    const { requestId } = await this.#send("POST", groupsPath(logstore), body);
    return { requestId };
  }

  /** PUT /logstores/{ls}/consumergroups/{name}, body {order, timeout} only: the service refuses one with consumerGroup. */
  async updateConsumerGroup(
    logstore: string,
    name: string,
    settings: { timeout: number; order: boolean },
  ): Promise<SlsResponse> {
    const body = { order: settings.order, timeout: settings.timeout };
    const { requestId } = await this.#send("PUT", groupPath(logstore, name), body);
    return { requestId };
  }

  /** DELETE /logstores/{ls}/consumergroups/{name} */
  async deleteConsumerGroup(logstore: string, name: string): Promise<SlsResponse> {
    const { requestId } = await this.#send("DELETE", groupPath(logstore, name));
    return { requestId };
  }

  /** GET /logstores/{ls}/consumergroups */
  async listConsumerGroups(logstore: string): Promise<SlsResponse & { groups: SlsGroup[] }> {
    const path = groupsPath(logstore);
    const { requestId, text } = await this.#send("GET", path);
    const groups = parseSlsGroups(text);
    if (groups) return { requestId, groups };
    throw this.#http.error({
      kind: ErrorKind.SERVER,
      status: 200,
      cloudCode: "UnexpectedResponse",
      cloudMessage: `the list answer is not a JSON array of consumer groups: ${snippet(text)}`,
      requestId,
      method: "GET",
      path,
    });
  }

  /**
   * GetCheckPoint: GET /logstores/{ls}/consumergroups/{group}[?shard=N], every shard's
   * checkpoint (or one shard's), in the service's order. 404 ConsumerGroupNotExist when the
   * group is missing.
   */
  async getCheckPoint(logstore: string, group: string, shard?: number): Promise<SlsCheckpoint[]> {
    const path = groupPath(logstore, group);
    const { requestId, text } = await this.#send("GET", path, undefined, getCheckpointQuery(shard));
    const checkpoints = parseSlsCheckpoints(parseJson(text));
    if (checkpoints) return checkpoints;
    throw this.#http.error({
      kind: ErrorKind.SERVER,
      status: 200,
      cloudCode: "UnexpectedResponse",
      cloudMessage: `the checkpoint answer is not a JSON array of shard checkpoints: ${snippet(text)}`,
      requestId,
      method: "GET",
      path,
    });
  }

  /**
   * UpdateCheckPoint without a consumer: POST /logstores/{ls}/consumergroups/{group}
   * ?type=checkpoint&forceSuccess=true, body {shard, checkpoint}. Sets the value, so sending it
   * again is harmless.
   */
  async updateCheckPoint(
    logstore: string,
    group: string,
    update: SlsCheckpointUpdate,
    // Only the forced form exists here: the hook is no consumer (and sends no heartbeat).
    _options: { readonly forceSuccess: true },
  ): Promise<SlsResponse> {
    const body = { shard: update.shard, checkpoint: update.checkpoint };
    const path = groupPath(logstore, group);
    const { requestId } = await this.#send("POST", path, body, FORCED_CHECKPOINT_QUERY);
    return { requestId };
  }

  async #send(
    method: Method,
    path: string,
    json?: object,
    query: Readonly<Record<string, string>> = {},
  ): Promise<{ requestId: string; text: string }> {
    const body = json === undefined ? undefined : Buffer.from(JSON.stringify(json), "utf8");
    const credentials = await this.#credentials();
    const headers = this.#signedHeaders(credentials, method, path, query, body);
    const search = new URLSearchParams(query).toString();
    const answer = await this.#http.send({ method, path, query: search, headers, body });
    const { status, requestId, text } = answer;
    if (status === 200) return { requestId, text };
    const parsed = parseSlsErrorBody(text);
    const kind = classifySlsError(status, parsed?.code ?? "");
    throw this.#http.answerError(answer, { kind, parsed, requestId, method, path });
  }

  /** Checks a key before its first use and remembers its secrets for scrubbing. */
  #usable(credentials: SlsCredentials): SlsCredentials {
    // Never quote the values: they are secrets, or sit next to one.
    const { accessKeyId, accessKeySecret, securityToken } = credentials;
    if (!HEADER_SAFE.test(accessKeyId) || accessKeySecret === "") {
      throw new Error(
        "SLS AccessKey id or secret is empty or has spaces; check the credential variables",
      );
    }
    if (securityToken && !HEADER_SAFE.test(securityToken)) {
      throw new Error(
        "SLS security token has spaces or control characters; check the token variable",
      );
    }
    if (!this.#secrets.includes(accessKeySecret))
      this.#secrets.push(accessKeySecret, securityToken);
    return credentials;
  }

  #signedHeaders(
    credentials: SlsCredentials,
    method: Method,
    path: string,
    query: Readonly<Record<string, string>>,
    body: Buffer | undefined,
  ): Record<string, string> {
    const { accessKeyId, accessKeySecret, securityToken } = credentials;
    const headers: Record<string, string> = {
      date: new Date(this.#now() + this.clockOffsetMs).toUTCString(),
      "x-log-apiversion": "0.6.0",
      "x-log-signaturemethod": "hmac-sha1",
      "x-log-bodyrawsize": String(body?.length ?? 0),
      "user-agent": USER_AGENT,
    };
    if (body !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-md5"] = slsContentMd5(body);
    }
    if (securityToken) headers["x-acs-security-token"] = securityToken;
    if (this.#host !== undefined) headers["host"] = this.#host;
    headers["authorization"] = slsAuthorization({
      method,
      path,
      query,
      headers,
      accessKeyId,
      accessKeySecret,
    });
    return headers;
  }
}

function parseEndpoint(endpoint: string): URL {
  const url = parseBaseUrl(endpoint);
  if (!url) {
    throw new Error(
      `SLS endpoint ${JSON.stringify(endpoint)} must be a base URL without project, path or query, ` +
        "e.g. https://cn-hangzhou.log.aliyuncs.com",
    );
  }
  return url;
}

function groupsPath(logstore: string): string {
  return `/logstores/${encodeURIComponent(logstore)}/consumergroups`;
}

function groupPath(logstore: string, name: string): string {
  return `${groupsPath(logstore)}/${encodeURIComponent(name)}`;
}

/**
 * The list answer is a bare array of {name, timeout, order}. The old API page shows
 * {count, consumerGroups: [...]}, which no SDK reads; it is accepted too. undefined = unreadable.
 */
function parseSlsGroups(text: string): SlsGroup[] | undefined {
  const body = parseJson(text);
  const legacy = (body as { consumerGroups?: unknown } | null)?.consumerGroups;
  const items: unknown = Array.isArray(body) ? body : legacy;
  if (!Array.isArray(items)) return undefined;
  const groups: SlsGroup[] = [];
  for (const item of items as unknown[]) {
    const { name, timeout, order } = (item ?? {}) as Record<string, unknown>;
    if (typeof name !== "string" || !Number.isInteger(timeout)) return undefined;
    // Groups made by old clients may lack order; the service's default is false.
    if (order !== undefined && typeof order !== "boolean") return undefined;
    groups.push({ name, timeout: timeout as number, order: order ?? false });
  }
  return groups;
}
