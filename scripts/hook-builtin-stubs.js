// Stand-ins for Node built-ins that undici loads at start-up but the hook does not need, each
// a few ms (http, http2: ~10-15 ms) of every hook process. Used by scripts/bundle-hook.js for
// undici's files only.
"use strict";

module.exports = {
  // client-h2.js: undici handles a missing http2 module (`{ constants: {} }`) itself; HTTP/2 is
  // only negotiated with allowH2, which the hook never sets.
  http2: { constants: {} },
  // client.js reads maxHeaderSize; util.js compares stream prototypes with IncomingMessage
  // (the hook sends only strings and Buffers). 16 KiB is Node's default --max-http-header-size.
  http: { maxHeaderSize: 16 * 1024, IncomingMessage: class IncomingMessage {} },
  // undici calls only assert(value[, message]), for its own invariants; node:assert would load
  // its diff and colour machinery (and stderr) on every run. A broken invariant still throws.
  assert: function assert(value, message) {
    if (value) return;
    const error = new Error(message ?? "undici: internal assertion failed");
    error.code = "ERR_ASSERTION";
    throw error;
  },
};
