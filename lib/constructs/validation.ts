// Synth-time checks of construct props. Every message reads
// "<construct path>: <prop> <bad value> must be <rule>", so a user can find and fix it.

import type { IConstruct } from "constructs";
import { isLoopbackHost, type Rule } from "../spec/rules";

/** A prop value a construct cannot synthesize; the message starts with the construct path. */
export class ValidationError extends Error {
  constructor(scope: IConstruct, message: string) {
    super(`${scope.node.path}: ${message}`);
    this.name = "ValidationError";
  }
}

export function checkRule(scope: IConstruct, prop: string, value: unknown, rule: Rule): string {
  if (typeof value !== "string" || !rule.test(value)) {
    throw new ValidationError(scope, `${prop} ${JSON.stringify(value)} must be ${rule.text}`);
  }
  return value;
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
    throw new ValidationError(scope, `${prop} ${JSON.stringify(value)} must be ${range}`);
  }
  return value;
}

export const ENV_NAME: Rule = {
  test: (v) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(v),
  text: "an environment variable name (letters, digits and _, not starting with a digit)",
};

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
  const bad = (rule: string): never => {
    throw new ValidationError(scope, `${prop} ${JSON.stringify(value)} must be ${rule}`);
  };
  if (typeof value !== "string") return bad("a URL string");
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
  return url;
}
