// Masks what may be a credential before a value is repeated in a message.

/**
 * `scheme://user:password@host…` -> `scheme://***@host…`, whatever the scheme, also where the
 * `//` is missing (`user:password@host` parses as a URL of scheme "user:").
 */
export function maskUrlUserinfo(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:(?:\/\/)?)[^\s/?#@"]*@/gi, "$1***@");
}
