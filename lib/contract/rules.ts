// Naming and range rules, checked at synth time by the constructs and again by the hook
// (the hook's input can come from an old state file, so it trusts nothing).

export interface Rule {
  readonly test: (value: string) => boolean;
  /** Human-readable rule, used in error messages: "must be …". */
  readonly text: string;
}

export const pattern = (re: RegExp, text: string): Rule => ({ test: (v) => re.test(v), text });

/** Region ids as the clouds spell them, e.g. cn-hangzhou, ap-southeast-1, cn-north-4. */
export const REGION_ID = pattern(/^[a-z]{2,}(-[a-z0-9]+){1,4}$/, "a region id such as cn-hangzhou");

/** The names the payloads give credential variables by. */
export const ENV_NAME = pattern(
  /^[A-Za-z_][A-Za-z0-9_]{0,254}$/,
  "an environment variable name (1-255 letters, digits and _, not starting with a digit)",
);

/**
 * A file the hook reads (caCertificateFile, a credentials file): a newline or NUL in a path is
 * a mistake or an attack; 4096 is Linux's PATH_MAX. Whether the file exists is for the hook to
 * say, at apply time, on the machine that runs Terraform.
 */
export const FILE_PATH = pattern(
  // eslint-disable-next-line no-control-regex
  /^[^\x00-\x1f\x7f]{1,4096}$/,
  "a file path: 1-4096 characters, without control characters (newline, NUL, …)",
);

/**
 * How far the date of a signed request may be from the cloud's clock: SLS (RequestTimeTooSkewed),
 * the DMS API gateway (X-Sdk-Date) and STS all refuse a request beyond 15 minutes.
 */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
/** Hosts for which plain http:// is allowed without an explicit opt-in. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
