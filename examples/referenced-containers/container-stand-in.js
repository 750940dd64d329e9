// A stand-in for a logstore or queue resource of the app's own stack (what alicloud_log_store
// would be), run by a terraform_data's local-exec in examples/referenced-containers and the e2e
// tests. It makes and deletes the container the way a provider does: signed calls to the cloud's own API
// (SLS CreateLogStore and DeleteLogStore, DMS create and delete queue), with the keys the
// Terraform run has in its environment and the library's signers (dist/lib, built by
// `npm run build`). It serves the emulator only: against a real cloud, use its provider.
//
//   node container-stand-in.js create  <url> sls <project> <logstore>
//   node container-stand-in.js create  <url> dms <project id> <queue name>
//     creates the container (an existing one is kept: "already exists" is success)
//   node container-stand-in.js destroy <url> sls|dms <project> <logstore or queue name>
//     counts the container's groups, then deletes the container (the cloud deletes its groups)
//   node container-stand-in.js expect-group <url> sls|dms <project> <container> <group>
//     fails unless the group exists (a resource of the app that must come after the group)
//
// Each run prints one line.

"use strict";

const path = require("node:path");
// undici's request, not fetch: fetch drops a Host header, which carries the SLS project.
const { request } = require("undici");

const LIB = path.join(__dirname, "..", "..", "dist", "lib", "clouds");
const { slsAuthorization, slsContentMd5 } = require(
  path.join(LIB, "alibaba", "sls", "client", "sls-signer.js"),
);
const { apigAuthorization, apigSdkDate } = require(
  path.join(LIB, "huawei", "shared", "apig-signer.js"),
);

const [command, url, service, project, container, group] = process.argv.slice(2);

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set in the environment of the Terraform run`);
  return value;
}

/** One signed SLS call on `project`, as the SLS SDKs and the alicloud provider send it. */
async function sls(method, resource, body) {
  const base = new URL(url);
  const bytes = body === undefined ? undefined : Buffer.from(JSON.stringify(body), "utf8");
  const headers = {
    date: new Date().toUTCString(),
    "x-log-apiversion": "0.6.0",
    "x-log-signaturemethod": "hmac-sha1",
    "x-log-bodyrawsize": String(bytes?.length ?? 0),
    ...(bytes ? { "content-type": "application/json", "content-md5": slsContentMd5(bytes) } : {}),
  };
  headers.authorization = slsAuthorization({
    method,
    path: resource,
    headers,
    accessKeyId: env("ALIBABA_CLOUD_ACCESS_KEY_ID"),
    accessKeySecret: env("ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
  });
  headers.host = `${project}.${base.host}`;
  return send(method, `${base.origin}${resource}`, headers, bytes);
}

/** One signed DMS call (SDK-HMAC-SHA256), as the Huawei SDKs and the huaweicloud provider. */
async function dms(method, resource, body) {
  const base = new URL(url);
  const text = body === undefined ? undefined : JSON.stringify(body);
  const headers = {
    "content-type": "application/json",
    host: base.host,
    "x-project-id": project,
    "x-sdk-date": apigSdkDate(Date.now()),
  };
  headers.authorization = apigAuthorization({
    method,
    path: resource,
    headers: { ...headers },
    ...(text === undefined ? {} : { body: text }),
    accessKey: env("HW_ACCESS_KEY"),
    secretKey: env("HW_SECRET_KEY"),
  });
  return send(method, `${base.origin}${resource}`, headers, text);
}

async function send(method, target, headers, body) {
  const response = await request(target, { method, headers, ...(body ? { body } : {}) });
  const text = await response.body.text();
  return { status: response.statusCode, json: text ? JSON.parse(text) : undefined, text };
}

function ok(answer, what, ...accepted) {
  if (answer.status < 300 || accepted.includes(answer.json?.errorCode ?? answer.json?.error_code))
    return answer;
  throw new Error(`${what}: ${answer.status} ${answer.text}`);
}

const queuePath = `/v1.0/${project}/queues`;

/** The queue named `container`, or undefined. */
async function findQueue() {
  const list = ok(await dms("GET", queuePath), "list queues");
  return list.json.queues.find((q) => q.name === container);
}

/** The names of the container's groups (none when it does not exist). */
async function groupsOf() {
  if (service === "sls") {
    const list = await sls("GET", `/logstores/${container}/consumergroups`);
    return list.status === 404 ? [] : ok(list, "list groups").json.map((g) => g.name);
  }
  const queue = await findQueue();
  if (!queue) return [];
  const list = ok(await dms("GET", `${queuePath}/${queue.id}/groups`), "list groups");
  return list.json.groups.map((g) => g.name);
}

async function create() {
  if (service === "sls") {
    ok(
      await sls("POST", "/logstores", { logstoreName: container, ttl: 30, shardCount: 2 }),
      "CreateLogStore",
      "LogStoreAlreadyExist",
    );
  } else if (!(await findQueue())) {
    ok(await dms("POST", queuePath, { name: container, queue_mode: "NORMAL" }), "create queue");
  }
  console.log(`stand-in: ${service} container created`);
}

async function destroy() {
  const names = await groupsOf();
  if (service === "sls") {
    ok(await sls("DELETE", `/logstores/${container}`), "DeleteLogStore", "LogStoreNotExist");
  } else {
    const queue = await findQueue();
    if (queue) ok(await dms("DELETE", `${queuePath}/${queue.id}`), "delete queue");
  }
  console.log(
    `stand-in: ${service} container ${container} destroyed with ${names.length} group(s)`,
  );
}

/** Fails unless `group` exists: a resource that must come after it. */
async function expectGroup() {
  if (!(await groupsOf()).includes(group)) {
    throw new Error(`group ${project}/${container}/${group} does not exist yet`);
  }
  console.log(`stand-in: found ${service} group ${group}`);
}

const commands = { create, destroy, "expect-group": expectGroup };
commands[command]().catch((e) => {
  console.error(`stand-in ${command} failed: ${e.message}`);
  process.exit(1);
});
