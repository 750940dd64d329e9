// Which proxy, if any, the hook's connections to an origin go through: the decision undici's
// EnvHttpProxyAgent (lib/http/dispatcher.ts) makes from the same variables, so that a failure
// can say it was the proxy, and which one.

import { maskUrlValue } from "../contract/redact";

export interface ProxyInUse {
  /** The variable it came from, as set: HTTPS_PROXY, https_proxy, HTTP_PROXY or http_proxy. */
  readonly variable: string;
  /** Its URL with user info masked: a proxy password is never printed. */
  readonly url: string;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { "http:": 80, "https:": 443 };

/** The proxy for `origin` under `env`, or undefined when the connection is direct. */
export function proxyFor(origin: string, env: NodeJS.ProcessEnv): ProxyInUse | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return undefined;
  }
  const http = first(env, ["http_proxy", "HTTP_PROXY"]);
  const https = first(env, ["https_proxy", "HTTPS_PROXY"]) ?? http;
  const proxy = url.protocol === "https:" ? https : http;
  if (!proxy) return undefined;
  const hostname = url.host.replace(/:\d*$/, "").toLowerCase();
  const port = Number.parseInt(url.port, 10) || DEFAULT_PORTS[url.protocol] || 0;
  if (bypassed(env["no_proxy"] ?? env["NO_PROXY"] ?? "", hostname, port)) return undefined;
  return { variable: proxy.variable, url: maskUrlValue(proxy.value) };
}

function first(
  env: NodeJS.ProcessEnv,
  names: readonly string[],
): { variable: string; value: string } | undefined {
  for (const variable of names) {
    const value = env[variable];
    if (value) return { variable, value };
  }
  return undefined;
}

/** NO_PROXY as undici reads it: `*`, or host names (and their subdomains), each with an optional port. */
function bypassed(noProxy: string, hostname: string, port: number): boolean {
  const entries = noProxy.split(/[,\s]/).filter((e) => e !== "");
  if (entries.length === 0) return false;
  if (noProxy === "*") return true;
  return entries.some((entry) => {
    const parsed = /^(.+):(\d+)$/.exec(entry);
    const host = (parsed ? parsed[1]! : entry).replace(/^\*?\./, "").toLowerCase();
    const entryPort = parsed ? Number.parseInt(parsed[2]!, 10) : 0;
    if (entryPort && entryPort !== port) return false;
    return hostname === host || hostname.endsWith(`.${host}`);
  });
}

/** The proxy variables undici reads, in the order it reads them. */
export const PROXY_VARIABLES = ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"] as const;

/**
 * The first proxy variable whose value is not a URL (undici would throw a bare "Invalid URL"
 * when the connection pool is made), with its value masked; undefined when all parse.
 */
export function unparsableProxy(
  env: NodeJS.ProcessEnv,
): { variable: string; shown: string } | undefined {
  for (const variable of PROXY_VARIABLES) {
    const value = env[variable];
    if (value && !URL.canParse(value)) return { variable, shown: maskUrlValue(value) };
  }
  return undefined;
}
