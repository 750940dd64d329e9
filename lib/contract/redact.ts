// The one place that masks what may be a credential before text is printed: every synth error,
// every line the hook, `check` and `repair` print, and every cloud error's text pass through
// `redactMessage`. Masking comes first, before a value is parsed, escaped or cut, so no length
// or character in a password can move the `@` out of reach.

/** The mask that replaces a secret. */
export const MASK = "***";

// `scheme://…@`: from the `//` up to the last `@` of the line that comes before another
// `scheme://`, whatever the characters in between (`/ # ? "` and spaces included).
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)((?:(?![a-z][a-z0-9+.-]*:\/\/)[^\n])*)@/gi;
// What follows `//` when an `@` further on is not user info: a host, maybe a port, then a path,
// query or fragment (as in `https://host:8443/a?b=c@d`).
const PLAIN_AUTHORITY = /^[^@:/?#\s"\\]+(:\d+)?[/?#\s"\\]/;
// `user:password@host` without `//` (a URL parser reads "user:" as the scheme).
const BARE_USERINFO = /\b([a-z][a-z0-9+.-]*:)(?!\/\/)[^\s/?#@"]*@/gi;
// An SLS SignatureNotMatch message quotes the signature the server expected.
const QUOTED_SIGNATURE = /(signature\s+)\S+(\s+not match)/gi;

/**
 * `scheme://user:password@host…` -> `scheme://***@host…` in any text, whatever the scheme and
 * whatever the password holds; also where the `//` is missing (`user:password@host`).
 */
export function maskUrlUserinfo(text: string): string {
  return text
    .replace(URL_USERINFO, (match: string, scheme: string, rest: string) =>
      PLAIN_AUTHORITY.test(rest) ? match : `${scheme}${MASK}@`,
    )
    .replace(BARE_USERINFO, (match: string, scheme: string) =>
      match.startsWith(`${scheme}${MASK}`) ? match : `${scheme}${MASK}@`,
    );
}

/**
 * A value meant as a URL, as a message may show it: when it holds an `@`, everything between
 * its scheme (if any) and its last `@` is masked. Stricter than `maskUrlUserinfo`, which must
 * leave ordinary text alone: here the whole value is known to be a URL.
 */
export function maskUrlValue(value: string): string {
  const at = value.lastIndexOf("@");
  if (at < 0) return maskUrlUserinfo(value);
  const scheme = /^[a-z][a-z0-9+.-]*:(\/\/)?/i.exec(value)?.[0] ?? "";
  return `${scheme}${MASK}${value.slice(at)}`;
}

/**
 * The text as it may be printed: URL user info and quoted signatures masked, and every given
 * secret (keys, tokens read from the environment) replaced by ***.
 */
export function redactMessage(text: string, secrets: readonly (string | undefined)[] = []): string {
  let s = maskUrlUserinfo(text).replace(QUOTED_SIGNATURE, `$1${MASK}$2`);
  for (const secret of secrets) {
    if (secret) s = s.split(secret).join(MASK);
  }
  return s;
}

/**
 * Whether a value given where an environment variable's *name* belongs looks like a key
 * itself: an Alibaba Cloud AccessKey id (`LTAI…`) or STS id (`STS.…`), or 24 or more
 * characters without an underscore that mix lower case, upper case and digits (as secrets do;
 * variable names are upper case words joined by `_`). Such a value is never echoed.
 */
export function looksLikeKey(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const v = value.trim();
  if (/^LTAI[A-Za-z0-9]{8,}$/.test(v) || /^STS\.\S{8,}$/.test(v)) return true;
  return (
    v.length >= 24 && !v.includes("_") && /[a-z]/.test(v) && /[A-Z]/.test(v) && /[0-9]/.test(v)
  );
}
