// The transport part of a payload: where and how the hook calls. A literal of the current
// configuration, never a trigger, so changing it replaces nothing.
//
// A group whose region or endpoint is a reference (a cdktf token) has no `endpoint` and
// `region` in its payloads: `location` holds what the app gave, `given` (placeholders filled
// from the refs table, refs.ts, or, in a delete hook, the Group's stored `input`), and the
// construct's path `at`; the hook resolves it with the cloud's rules (location-rules.ts).

import { filePath, nonEmptyString, positiveInteger, record } from "./fields";
import type { GroupIdentity } from "./group-identity";
import { LocationError, resolveGivenLocation, type EndpointRules } from "./location-rules";
import { PayloadError } from "./payload-error";
import { maskUrlValue } from "./redact";

/** A location given by reference, as payloads and the manifest carry it. */
export interface LocationByReference {
  /** The construct's path, for messages. */
  readonly at: string;
  /** The props as given: placeholders or values for references, literals as they are. */
  readonly given: { readonly region?: string; readonly endpoint?: string } | null;
}

/** A transport as the constructs write it: resolved, or with its location by reference. */
export type TransportSpec =
  Transport | (Omit<Transport, "endpoint" | "region"> & { readonly location: LocationByReference });

/** The region of a transport for words (a log line, a plan), when known at synth. */
export function transportRegion(transport: TransportSpec): string | undefined {
  return "region" in transport ? transport.region : undefined;
}

/** What to do about a referenced location the rules refuse. */
const LOCATION_HINT =
  "The value comes from a reference the app gave this group: fix the resource it references, " +
  "or give the group a literal value, and apply again.";

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
export function compactTransport(t: TransportSpec): Partial<TransportSpec> {
  return {
    ...("location" in t ? { location: t.location } : { endpoint: t.endpoint, region: t.region }),
    ...(t.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
    ...(t.requestTimeoutMs === DEFAULT_REQUEST_TIMEOUT_MS
      ? {}
      : { requestTimeoutMs: t.requestTimeoutMs }),
    ...(t.deadlineMs === DEFAULT_DEADLINE_MS ? {} : { deadlineMs: t.deadlineMs }),
    ...(t.caFile === undefined ? {} : { caFile: t.caFile }),
  };
}

/**
 * Reads a payload's transport. A location by reference is resolved with `locate`: the group's
 * identity (checked) and its cloud's endpoint rules.
 */
export function readTransport(
  value: unknown,
  locate?: { readonly identity: GroupIdentity; readonly rules: EndpointRules | undefined },
): Transport {
  const o = record(value, "transport");
  const allowInsecureHttp = o["allowInsecureHttp"] === true;
  const { endpoint, region } =
    o["location"] === undefined
      ? {
          endpoint: readEndpoint(o["endpoint"]),
          region: nonEmptyString(o["region"], "transport.region"),
        }
      : readLocation(o["location"], allowInsecureHttp, locate);
  return {
    endpoint,
    region,
    allowInsecureHttp,
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

/** A location by reference, resolved with the rules synth applies to literals. */
function readLocation(
  value: unknown,
  allowInsecureHttp: boolean,
  locate: Parameters<typeof readTransport>[1],
): { endpoint: string; region: string } {
  const o = record(value, "transport.location");
  const at = nonEmptyString(o["at"], "transport.location.at");
  if (o["given"] === null) {
    throw new PayloadError(
      `${at}: Terraform state holds no location for this group (its Group resource was ` +
        "imported with `terraform import`), and its region or endpoint is a reference, which a " +
        "destroy hook cannot read",
      "Nothing was deleted. Run `terraform state rm` on the group's Group resource and apply: " +
        "the apply creates it again, with the location, and adopts the group.",
    );
  }
  const given = record(o["given"], "transport.location.given");
  if (!locate?.rules) {
    throw new PayloadError(
      "transport.location (a region or endpoint given by reference) needs the cloud's endpoint " +
        "rules, which this reader was not given",
    );
  }
  let location: { endpoint: string; region: string };
  try {
    location = resolveGivenLocation(
      {
        ...(given["region"] === undefined ? {} : { region: given["region"] }),
        ...(given["endpoint"] === undefined ? {} : { endpoint: given["endpoint"] }),
        allowInsecureHttp,
        identity: locate.identity,
      },
      locate.rules,
    );
  } catch (e) {
    if (!(e instanceof LocationError)) throw e;
    throw new PayloadError(`${at}: ${e.message}`, LOCATION_HINT);
  }
  return { endpoint: readEndpoint(location.endpoint), region: location.region };
}
