// Synth-time checks of construct props. Every message reads
// "<construct path>: <prop> <bad value> must be <rule>", so a user can find and fix it.

import type { IConstruct } from "constructs";
import { ENV_NAME, FILE_PATH, isLoopbackHost, type Rule } from "../contract/rules";
import { looksLikeKey, maskUrlValue, redactMessage } from "../contract/redact";

/**
 * A prop value a construct cannot synthesize; the message starts with the construct path, and
 * URL user info in it is masked (contract/redact.ts).
 */
export class ValidationError extends Error {
  constructor(scope: IConstruct, message: string) {
    super(redactMessage(`${scope.node.path}: ${message}`));
    this.name = "ValidationError";
  }
}

/** Longest value a message quotes in full; a longer one is cut (a 10 kB prop is not a message). */
const MAX_SHOWN = 200;

/**
 * A prop value as an error message quotes it: JSON, with URL user info masked first, every
 * character outside printable ASCII escaped (no raw newline, NUL, ANSI escape or bidi override
 * reaches the terminal), and cut after MAX_SHOWN characters.
 */
export function showValue(value: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    json = String(value);
  }
  const ascii = redactMessage(json).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  if (ascii.length <= MAX_SHOWN) return ascii;
  const length =
    typeof value === "string" ? `${value.length} characters` : `${ascii.length} characters of JSON`;
  return `${ascii.slice(0, MAX_SHOWN)}… (${length})`;
}

export function checkRule(scope: IConstruct, prop: string, value: unknown, rule: Rule): string {
  if (typeof value !== "string" || !rule.test(value)) {
    throw new ValidationError(scope, `${prop} ${showValue(value)} must be ${rule.text}`);
  }
  return value;
}

/**
 * Checks a prop that names an environment variable (`accessKeySecretVariable`, …). A value
 * shaped like a key itself (see `looksLikeKey`) is refused without being repeated, so a key
 * pasted there never reaches `cdk.tf.json`, state or a log.
 */
export function checkVariableName(scope: IConstruct, prop: string, value: unknown): string {
  if (looksLikeKey(value)) {
    throw new ValidationError(
      scope,
      `${prop} looks like a key itself (an AccessKey id or secret), not the name of an ` +
        "environment variable; the value is not shown. Give the name of the variable that " +
        `holds the key, e.g. ${prop}: "PROD_ACCESS_KEY_SECRET", set that variable in the ` +
        "environment of the deploy, and rotate the key if it was committed anywhere",
    );
  }
  return checkRule(scope, prop, value, ENV_NAME);
}

/** Checks a file path prop (the contract's FILE_PATH rule). */
export function checkFilePath(scope: IConstruct, prop: string, value: unknown): string {
  return checkRule(scope, prop, value, FILE_PATH);
}

export function checkInteger(
  scope: IConstruct,
  prop: string,
  value: unknown,
  min: number,
  max: number,
  unit: string,
): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER
        ? `a whole number of ${unit} from ${min}`
        : `a whole number of ${unit} from ${min} to ${max}`;
    throw new ValidationError(scope, `${prop} ${showValue(value)} must be ${range}`);
  }
  return value;
}

/** A host as the URL parser leaves it: lower-case DNS labels (IDN as punycode), IPv4, [IPv6]. */
const HOST =
  /^(\[[0-9a-f:.]+\]|[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?)$/;

/**
 * Checks an endpoint URL and returns its origin (the form the hook uses): https, or http for
 * loopback hosts or with `allowInsecureHttp`; no user info, path, query or fragment.
 */
export function checkEndpoint(
  scope: IConstruct,
  prop: string,
  value: unknown,
  allowInsecureHttp: boolean,
): URL {
  // Never repeat what may be a key: user info is masked before the value is escaped or cut.
  const bad = (rule: string): never => {
    const shown = showValue(typeof value === "string" ? maskUrlValue(value) : value);
    throw new ValidationError(scope, `${prop} ${shown} must be ${rule}`);
  };
  if (typeof value !== "string") return bad("a URL string");
  // The URL parser silently drops tabs and newlines and trims spaces: refuse them instead.
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f]/.test(value)) return bad("a URL without spaces or control characters");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return bad("an absolute URL such as https://service.example.com");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return bad("an https:// URL");
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    bad("an https:// URL (plain http:// only for loopback hosts, or set allowInsecureHttp: true)");
  }
  if (url.username || url.password) {
    bad("a URL without credentials (the hook reads keys from environment variables)");
  }
  if (url.pathname !== "/" || url.search || url.hash || /[?#]$/.test(value)) {
    bad(`a URL without path, query or fragment, e.g. ${url.origin}`);
  }
  // The origin becomes the identity region of an endpoint-only group, a Terraform trigger that
  // is not template-escaped: only DNS names and IP addresses, so `${…}` can never be a host.
  if (
    !HOST.test(url.hostname) ||
    url.hostname.length > 255 ||
    url.hostname.split(".").some((label) => label.length > 63)
  ) {
    bad("a URL whose host is a DNS name (labels of 1-63 letters, digits, - or _) or an IP address");
  }
  return url;
}
