#!/usr/bin/env node
// The official @alicloud/log SDK creating one consumer group, as a process of its own: the
// comparison point for the hook's cold start. The SDK has no consumer-group method, so its
// generic _request sends the call (its own signature and HTTP stack); only the TCP target is
// redirected to the emulator. Usage: node sdk-create.js <emulator url> <group name>
"use strict";
const Client = require("@alicloud/log");

const [url, name] = process.argv.slice(2);
const { hostname, port } = new URL(url);
const client = new Client({
  accessKeyId: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID,
  accessKeySecret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
  endpoint: "http://cn-hangzhou.log.aliyuncs.com",
});
const body = Buffer.from(JSON.stringify({ consumerGroup: name, timeout: 300, order: false }));
client
  ._request(
    "POST",
    "shop-prod",
    "/logstores/orders/consumergroups",
    {},
    body,
    {
      "x-log-bodyrawsize": body.length,
    },
    {
      beforeRequest: (o) => ({
        ...o,
        headers: { ...o.headers, host: o.host },
        host: hostname,
        port,
      }),
    },
  )
  .then(
    () => process.stdout.write(`created ${name}\n`),
    (e) => {
      process.stderr.write(`${e.code}: ${e.message}\n`);
      process.exitCode = 1;
    },
  );
