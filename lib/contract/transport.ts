// The transport part of a payload: where and how the hook calls. A literal of the current
// configuration, never a trigger, so changing it replaces nothing.

import { filePath, nonEmptyString, positiveInteger, record } from "./fields";
import { PayloadError } from "./payload-error";
import { maskUrlValue } from "./redact";

export interface Transport {
  /** Base URL of the service endpoint, without the project label, e.g. https://cn-hangzhou.log.aliyuncs.com */
  readonly endpoint: string;
  /** The region this endpoint serves (its origin when no region can be told), for log lines. */
  readonly region: string;
  /** Plain http:// to a host that is not loopback; off unless the user opted in. */
  readonly allowInsecureHttp: boolean;
  readonly requestTimeoutMs: number;
  /** Total time one hook run may spend, retries included. */
  readonly deadlineMs: number;
  /**
   * Path of a PEM file of extra CA certificates the hook trusts for this endpoint (a private
   * CA). The hook reads it at apply time; a relative path is resolved against the directory
   * Terraform runs in (the stack directory). Absent: Node's bundled roots (and
   * NODE_EXTRA_CA_CERTS) only.
   */
  readonly caFile?: string;
}

/** A group's timeouts unless its props say otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_DEADLINE_MS = 120_000;

/**
 * The transport with the fields that hold their defaults left out, for the payloads of the
 * configuration (the hook that reads them is the one synthesized with them, so it fills in the
 * same defaults). The manifest stores every field: a later release reads it.
 */
export function compactTransport(t: Transport): Partial<Transport> {
  return {
    endpoint: t.endpoint,
    region: t.region,
    ...(t.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
    ...(t.requestTimeoutMs === DEFAULT_REQUEST_TIMEOUT_MS
      ? {}
      : { requestTimeoutMs: t.requestTimeoutMs }),
    ...(t.deadlineMs === DEFAULT_DEADLINE_MS ? {} : { deadlineMs: t.deadlineMs }),
    ...(t.caFile === undefined ? {} : { caFile: t.caFile }),
  };
}

export function readTransport(value: unknown): Transport {
  const o = record(value, "transport");
  return {
    endpoint: readEndpoint(o["endpoint"]),
    region: nonEmptyString(o["region"], "transport.region"),
    allowInsecureHttp: o["allowInsecureHttp"] === true,
    requestTimeoutMs: positiveInteger(
      o["requestTimeoutMs"] ?? DEFAULT_REQUEST_TIMEOUT_MS,
      "transport.requestTimeoutMs",
    ),
    deadlineMs: positiveInteger(o["deadlineMs"] ?? DEFAULT_DEADLINE_MS, "transport.deadlineMs"),
    ...(o["caFile"] === undefined ? {} : { caFile: filePath(o["caFile"], "transport.caFile") }),
  };
}

/** An http(s) origin without credentials, path, query or fragment, as the constructs write it. */
function readEndpoint(value: unknown): string {
  const endpoint = nonEmptyString(value, "transport.endpoint");
  const shown = JSON.stringify(maskUrlValue(endpoint));
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new PayloadError(`transport.endpoint ${shown} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new PayloadError(`transport.endpoint ${shown} must be an http:// or https:// URL`);
  }
  if (url.username || url.password) {
    throw new PayloadError(`transport.endpoint ${shown} must not carry credentials`);
  }
  if (url.origin !== endpoint.replace(/\/$/, "")) {
    throw new PayloadError(`transport.endpoint ${shown} must be an origin such as ${url.origin}`);
  }
  return endpoint;
}
