// Typed DMS queue consumer-group calls. One HTTP attempt per call:
// retries are composed outside (withRetry), and each call builds a fresh X-Sdk-Date and
// signature. Every failure leaves as a CloudApiError; no raw undici error escapes.

import type { Dispatcher } from "undici";
import { ErrorKind, type CloudApiError } from "../../../../clients/cloud-api-error";
import {
  CloudHttp,
  HEADER_SAFE,
  USER_AGENT,
  header,
  parseBaseUrl,
  snippet,
  type Answer,
} from "../../../../clients/http-exchange";
import { isRecord } from "../../../../contract/fields";
import { parseJson } from "../../../../clients/json";
import { classifyDmsError, parseDmsErrorBody } from "./dms-errors";
import { MAX_CLOCK_SKEW_MS } from "../../../../contract/rules";
import { readArray, readIdName, readListedGroup } from "./dms-response-body";
import { apigAuthorization, apigPercentEncode, apigSdkDate } from "../../shared/apig-signer";
import type {
  DmsAuth,
  DmsGroup,
  DmsGroupList,
  DmsQueue,
  DmsResponse,
  ListGroupsOptions,
} from "./dms-types";
import { DMS_GROUP_NAME, DMS_PATH_ID } from "../dms-rules";
import { dmsContract } from "../dms-contract";

export interface DmsClientOptions {
  /** Base URL without path, e.g. https://dms.cn-north-4.myhuaweicloud.com or http://127.0.0.1:8080 */
  readonly endpoint: string;
  readonly projectId: string;
  readonly auth: DmsAuth;
  readonly dispatcher: Dispatcher;
  /** ms clock for X-Sdk-Date. @default Date.now */
  readonly now?: () => number;
}

type Method = "GET" | "POST" | "DELETE";

const API_VERSION = "v1.0";

export class DmsClient {
  /** Added to now() when building X-Sdk-Date, to correct a skewed local clock. */
  clockOffsetMs = 0;

  readonly #http: CloudHttp;
  readonly #host: string;
  readonly #projectId: string;
  readonly #auth: DmsAuth;
  readonly #now: () => number;

  constructor(options: DmsClientOptions) {
    const { projectId, auth } = options;
    if (!DMS_PATH_ID.test(projectId)) {
      throw new Error(badId("project id", projectId, "a Huawei Cloud project id is 32 hex digits"));
    }
    // Never quote the values: they are secrets, or sit next to one.
    if (auth.kind === "aksk") {
      if (!HEADER_SAFE.test(auth.accessKey) || auth.secretKey === "") {
        throw new Error(
          "DMS access key (AK) or secret key (SK) is empty or has spaces; check the credential variables",
        );
      }
      if (auth.securityToken !== undefined && !HEADER_SAFE.test(auth.securityToken)) {
        throw new Error(
          "DMS security token is empty or has spaces or control characters; check the token variable",
        );
      }
    } else if (!HEADER_SAFE.test(auth.token)) {
      throw new Error(
        "DMS IAM token is empty or has spaces or control characters; check the token variable",
      );
    }
    const url = parseEndpoint(options.endpoint);
    this.#http = new CloudHttp({
      cloud: dmsContract,
      dispatcher: options.dispatcher,
      origin: url.origin,
      requestIdHeader: "x-request-id",
      ok: isSuccess,
      // Errors leave with the secret key and tokens removed from their text.
      secrets: auth.kind === "token" ? [auth.token] : [auth.secretKey, auth.securityToken],
    });
    this.#host = url.host;
    this.#projectId = projectId;
    this.#auth = auth;
    this.#now = options.now ?? Date.now;
  }

  /** GET /v1.0/{project_id}/queues: every queue of the project (no filter, no paging). */
  async listQueues(): Promise<DmsResponse & { queues: DmsQueue[] }> {
    const path = this.#queuesPath();
    const answer = await this.#send("GET", path);
    const queues = readArray(parseJson(answer.text), "queues", readIdName);
    if (queues) return { requestId: answer.requestId, queues };
    throw this.#unexpected("GET", path, answer, "a JSON object with a queues array");
  }

  /** GET /v1.0/{project_id}/queues/{queue_id} */
  async getQueue(queueId: string): Promise<DmsResponse & { queue: DmsQueue }> {
    const path = this.#queuePath("GET", queueId);
    const answer = await this.#send("GET", path);
    const queue = readIdName(parseJson(answer.text));
    if (queue) return { requestId: answer.requestId, queue };
    throw this.#unexpected("GET", path, answer, "a JSON queue with id and name");
  }

  /**
   * POST /v1.0/{project_id}/queues/{queue_id}/groups → 201 with the new IDs. Send one name per
   * call: the service only promises that more than three names fail as a whole.
   */
  async createGroups(
    queueId: string,
    names: readonly string[],
  ): Promise<DmsResponse & { groups: DmsGroup[] }> {
    const path = `${this.#queuePath("POST", queueId)}/groups`;
    if (names.length === 0) {
      throw this.#invalid("POST", path, "createGroups needs at least one consumer group name");
    }
    for (const name of names) {
      if (!DMS_GROUP_NAME.test(name)) {
        throw this.#invalid(
          "POST",
          path,
          `DMS consumer group name ${JSON.stringify(name)} must be ${DMS_GROUP_NAME.text}`,
        );
      }
    }
    const body = { groups: names.map((name) => ({ name })) };
    const answer = await this.#send("POST", path, undefined, body);
    const groups = readArray(parseJson(answer.text), "groups", readIdName);
    if (groups) return { requestId: answer.requestId, groups };
    throw this.#unexpected("POST", path, answer, "a JSON object with a groups array");
  }

  /**
   * GET /v1.0/{project_id}/queues/{queue_id}/groups. There is no name filter: callers match
   * `name` exactly. Never paginates (at most 3 groups per queue).
   */
  async listGroups(queueId: string, options: ListGroupsOptions = {}): Promise<DmsGroupList> {
    const path = `${this.#queuePath("GET", queueId)}/groups`;
    const query = {
      include_deadletter: String(options.includeDeadletter ?? false),
      include_messages_num: String(options.includeMessagesNum ?? false),
    };
    const answer = await this.#send("GET", path, query);
    const body = parseJson(answer.text);
    const groups = readArray(body, "groups", readListedGroup);
    if (groups && isRecord(body)) {
      const redrivePolicy = body["redrive_policy"];
      return {
        requestId: answer.requestId,
        queueId: typeof body["queue_id"] === "string" ? body["queue_id"] : queueId,
        queueName: typeof body["queue_name"] === "string" ? body["queue_name"] : "",
        groups,
        ...(typeof redrivePolicy === "string" ? { redrivePolicy } : {}),
      };
    }
    throw this.#unexpected("GET", path, answer, "a JSON object with a groups array");
  }

  /** DELETE /v1.0/{project_id}/queues/{queue_id}/groups/{group_id} → 204. */
  async deleteGroup(queueId: string, groupId: string): Promise<DmsResponse> {
    const groups = `${this.#queuePath("DELETE", queueId)}/groups`;
    if (!DMS_PATH_ID.test(groupId)) {
      throw this.#invalid("DELETE", groups, badId("consumer group id", groupId, "g-<uuid>"));
    }
    const { requestId } = await this.#send("DELETE", `${groups}/${groupId}`);
    return { requestId };
  }

  #queuesPath(): string {
    return `/${API_VERSION}/${this.#projectId}/queues`;
  }

  #queuePath(method: Method, queueId: string): string {
    if (!DMS_PATH_ID.test(queueId)) {
      throw this.#invalid(method, this.#queuesPath(), badId("queue id", queueId, "a UUID"));
    }
    return `${this.#queuesPath()}/${queueId}`;
  }

  async #send(
    method: Method,
    path: string,
    query?: Readonly<Record<string, string>>,
    json?: object,
  ): Promise<Answer> {
    // Serialized once: these exact bytes are hashed and sent.
    const body = json === undefined ? undefined : JSON.stringify(json);
    const signedAt = this.#now() + this.clockOffsetMs;
    const headers = this.#headers(method, path, query, body, signedAt);
    const search = Object.entries(query ?? {})
      .map(([k, v]) => `${apigPercentEncode(k)}=${apigPercentEncode(v)}`)
      .join("&");
    const answer = await this.#http.send({ method, path, query: search, headers, body });
    const { status, text } = answer;
    if (isSuccess(status)) return answer;
    const parsed = parseDmsErrorBody(text);
    const serverDate = header(answer.headers, "date");
    let kind = classifyDmsError(status, parsed?.code ?? "");
    if (kind === ErrorKind.AUTH && this.#auth.kind === "aksk" && serverDate) {
      // The gateway answers a stale X-Sdk-Date with the same APIGW.0301 as a wrong key; only
      // the server's clock tells them apart.
      const serverMs = Date.parse(serverDate);
      if (Math.abs(serverMs - signedAt) > MAX_CLOCK_SKEW_MS) kind = ErrorKind.CLOCK_SKEW;
    }
    const requestId = answer.requestId || (parsed?.requestId ?? "");
    throw this.#http.answerError(answer, { kind, parsed, requestId, method, path });
  }

  #headers(
    method: Method,
    path: string,
    query: Readonly<Record<string, string>> | undefined,
    body: string | undefined,
    signedAt: number,
  ): Record<string, string> {
    // The official SDK sends (and signs) Content-Type on every call, bodiless ones included.
    const headers: Record<string, string> = {
      "content-type": "application/json",
      host: this.#host,
      "x-project-id": this.#projectId,
    };
    const auth = this.#auth;
    if (auth.kind === "token") {
      headers["x-auth-token"] = auth.token;
    } else {
      headers["x-sdk-date"] = apigSdkDate(signedAt);
      if (auth.securityToken !== undefined) headers["x-security-token"] = auth.securityToken;
      headers["authorization"] = apigAuthorization({
        method,
        path,
        ...(query ? { query } : {}),
        headers: { ...headers },
        ...(body === undefined ? {} : { body }),
        accessKey: auth.accessKey,
        secretKey: auth.secretKey,
      });
    }
    // Added after signing: never signed.
    headers["user-agent"] = USER_AGENT;
    return headers;
  }

  #invalid(method: Method, path: string, message: string): CloudApiError {
    return this.#http.error({
      kind: ErrorKind.VALIDATION,
      status: 0,
      cloudCode: "InvalidArgument",
      cloudMessage: `${message}; nothing was sent`,
      requestId: "",
      method,
      path,
    });
  }

  /** A success answer whose body is not `expected`. */
  #unexpected(method: Method, path: string, answer: Answer, expected: string): CloudApiError {
    return this.#http.error({
      kind: ErrorKind.SERVER,
      status: answer.status,
      cloudCode: "UnexpectedResponse",
      cloudMessage: `the answer is not ${expected}: ${snippet(answer.text)}`,
      requestId: answer.requestId,
      method,
      path,
    });
  }
}

/** Any 2xx: creates answer 201, deletes 204. */
function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function parseEndpoint(endpoint: string): URL {
  const url = parseBaseUrl(endpoint);
  if (!url || url.hash) {
    throw new Error(
      `DMS endpoint ${JSON.stringify(endpoint)} must be a base URL without path or query ` +
        "(no /v1.0/{project_id}), e.g. https://dms.cn-north-4.myhuaweicloud.com",
    );
  }
  return url;
}

function badId(what: string, value: string, example: string): string {
  return `DMS ${what} ${JSON.stringify(value)} must be ${DMS_PATH_ID.text} (${example})`;
}
