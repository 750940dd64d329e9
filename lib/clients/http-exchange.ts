// What both clouds' clients do the same way: send one request and read its answer to the end,
// report a failure without an answer, describe an error answer, and keep secrets out of the
// error's text. Signing, paths and reading the error bodies stay with each client.

import type { Dispatcher } from "undici";
import { CloudApiError, ErrorKind, type CloudApiErrorInit } from "./cloud-api-error";
import { classifyTransportError } from "./transport-error";
import { redactMessage } from "../contract/redact";
import { proxyFor } from "../http/proxy";

/** A CloudApiError's fields before the client adds its cloud; "" = no request id. */
export type Failure = Omit<CloudApiErrorInit, "cloud" | "requestId"> & {
  readonly requestId: string;
};

export const USER_AGENT = "cdktf-consumer-groups";
/** Visible ASCII only: what a credential may hold to travel in a header. */
export const HEADER_SAFE = /^[\x21-\x7e]+$/;
const RAW_TEXT_LIMIT = 200;

export interface CloudHttpOptions {
  readonly cloud: CloudApiErrorInit["cloud"];
  readonly dispatcher: Dispatcher;
  readonly origin: string;
  /** The answer header that carries the request id, lower-case. */
  readonly requestIdHeader: string;
  /** Statuses that carry the answer asked for; a body that breaks off after one is a failure. */
  readonly ok: (status: number) => boolean;
  /**
   * Replaced by *** wherever they appear in an error's text (which also loses URL user info and
   * quoted signatures: contract/redact.ts).
   */
  readonly secrets: readonly (string | undefined)[];
  /** Removes anything else secret from an error's text, before the secrets are. */
  readonly scrub?: (message: string) => string;
}

export interface ExchangeRequest {
  readonly method: Dispatcher.HttpMethod;
  /** The path without the query string; errors name this one. */
  readonly path: string;
  /** The encoded query string without "?"; "" or undefined = none. */
  readonly query?: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer | string | undefined;
}

export interface Answer {
  readonly status: number;
  /** From the requestIdHeader; "" if the server sent none. */
  readonly requestId: string;
  readonly headers: Dispatcher.ResponseData["headers"];
  readonly text: string;
}

export interface ErrorAnswer {
  readonly kind: ErrorKind;
  /** The cloud's code and message from the body; undefined when the body had none. */
  readonly parsed: { readonly code: string; readonly message: string } | undefined;
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
}

/** One client's side of the HTTP exchange: every failure leaves as its CloudApiError. */
export class CloudHttp {
  readonly #options: CloudHttpOptions;

  constructor(options: CloudHttpOptions) {
    this.#options = options;
  }

  /**
   * Sends one request and reads the answer to the end, whatever its status. A failure
   * without an answer throws a CloudApiError, never a raw undici error.
   */
  async send(request: ExchangeRequest): Promise<Answer> {
    const { dispatcher, origin, requestIdHeader, ok } = this.#options;
    const { method, path, query } = request;
    let response: Dispatcher.ResponseData;
    let text: string;
    try {
      response = await dispatcher.request({
        origin,
        path: query ? `${path}?${query}` : path,
        method,
        headers: request.headers,
        body: request.body ?? null,
      });
    } catch (e) {
      throw this.#transportError(e, method, path);
    }
    const status = response.statusCode;
    try {
      // Always read to the end, so the keep-alive socket goes back to the pool.
      text = await response.body.text();
    } catch (e) {
      // A success whose body broke off may be a lost answer; an error status still says enough.
      if (ok(status)) throw this.#transportError(e, method, path);
      text = "";
    }
    const requestId = header(response.headers, requestIdHeader) ?? "";
    return { status, requestId, headers: response.headers, text };
  }

  /** The error an answer with an error status makes, with its Date and Retry-After. */
  answerError(answer: Answer, error: ErrorAnswer): CloudApiError {
    const { cloud, origin } = this.#options;
    const { parsed } = error;
    const what = `${articleFor(cloud.label)} ${cloud.label}`;
    const serverDate = header(answer.headers, "date");
    const retryAfter = header(answer.headers, "retry-after");
    return this.error({
      kind: error.kind,
      status: answer.status,
      cloudCode: parsed?.code ?? "UnexpectedResponse",
      cloudMessage: parsed
        ? parsed.message
        : `the answer is not ${what} error (is ${origin} ${what} endpoint, or is a proxy answering?): ${snippet(answer.text)}`,
      requestId: error.requestId,
      method: error.method,
      path: error.path,
      ...(serverDate ? { serverDate } : {}),
      // Only the delay-seconds form; neither cloud sends an HTTP-date Retry-After.
      ...(retryAfter && /^\d+$/.test(retryAfter) ? { retryAfterSeconds: Number(retryAfter) } : {}),
    });
  }

  /** Builds the error with what scrub removes, the secrets, URL user info and quoted signatures out of its text. */
  error(failure: Failure): CloudApiError {
    const { cloud, secrets, scrub } = this.#options;
    const { requestId, cloudMessage, ...rest } = failure;
    const message = redactMessage(scrub ? scrub(cloudMessage) : cloudMessage, secrets);
    return new CloudApiError({
      cloud,
      ...rest,
      cloudMessage: message,
      ...(requestId ? { requestId } : {}),
    });
  }

  #transportError(e: unknown, method: string, path: string): CloudApiError {
    const { kind, code, message } = classifyTransportError(e);
    const what = kind === ErrorKind.TIMEOUT ? "no answer in time from" : "could not talk to";
    const { origin } = this.#options;
    // Every connection to the origin goes through the proxy, so a failure without an answer is
    // the proxy's as much as the endpoint's: name it (its user info masked).
    const via = proxyFor(origin, process.env);
    const proxy = via ? `${via.variable} ${via.url}` : undefined;
    return this.error({
      kind,
      status: 0,
      cloudCode: code,
      cloudMessage: `${what} ${origin}${proxy ? ` through the proxy ${proxy}` : ""}: ${message}`,
      requestId: "",
      method,
      path,
      ...(proxy ? { proxy } : {}),
    });
  }
}

/** The endpoint as a URL when it is an http(s) base URL: no path, query or user info. */
export function parseBaseUrl(endpoint: string): URL | undefined {
  const url = URL.canParse(endpoint) ? new URL(endpoint) : undefined;
  const base = url && /^https?:$/.test(url.protocol) && url.pathname === "/" && !url.search;
  return url && base && !url.username && !url.password ? url : undefined;
}

/** A header's (first) value. */
export function header(
  headers: Dispatcher.ResponseData["headers"],
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body on one line, cut to a readable length, for an error message. */
export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat === "") return "(empty body)";
  return flat.length > RAW_TEXT_LIMIT ? `${flat.slice(0, RAW_TEXT_LIMIT)}…` : flat;
}

/** "a" or "an" before a cloud's name: by how an initialism is spoken ("an SLS", "a DMS"). */
function articleFor(label: string): string {
  const spokenVowel = /^[A-Z]{2,}/.test(label) ? /^[AEFHILMNORSX]/ : /^[aeiouAEIOU]/;
  return spokenVowel.test(label) ? "an" : "a";
}
