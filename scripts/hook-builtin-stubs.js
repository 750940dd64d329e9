// Stand-ins for two Node built-ins that undici loads at start-up but the hook never uses, each
// ~10-15 ms of every hook process. Used by scripts/bundle-hook.js for undici's files only.
"use strict";

module.exports = {
  // client-h2.js: undici handles a missing http2 module (`{ constants: {} }`) itself; HTTP/2 is
  // only negotiated with allowH2, which the hook never sets.
  http2: { constants: {} },
  // client.js reads maxHeaderSize; util.js compares stream prototypes with IncomingMessage
  // (the hook sends only strings and Buffers). 16 KiB is Node's default --max-http-header-size.
  http: { maxHeaderSize: 16 * 1024, IncomingMessage: class IncomingMessage {} },
};
