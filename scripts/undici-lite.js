// What the hook needs of undici, and nothing else: the request API and EnvHttpProxyAgent.
// undici's index loads fetch, WebSocket, caches, mocks and more at start-up; a hook process
// per group would pay for all of it on every run. scripts/bundle-hook.js resolves the hook's
// `import … from "undici"` here. These are undici's internal paths, which a minor release may
// move: package.json therefore pins the exact undici version this is tested with.
"use strict";
const Dispatcher = require("undici/lib/dispatcher/dispatcher");
const api = require("undici/lib/api");

Object.assign(Dispatcher.prototype, api); // as undici's index does: dispatcher.request()

module.exports = {
  Dispatcher,
  EnvHttpProxyAgent: require("undici/lib/dispatcher/env-http-proxy-agent"),
};
