// A stand-in for a logstore or queue resource of the app's own stack (what alicloud_log_store
// would be), run by a terraform_data's local-exec in the e2e tests. The emulator cannot create or
// delete a logstore or queue yet, so a container counts as absent while a fault rule answers
// every call of its service with the service's "no such container" error (404 LogStoreNotExist,
// 404 DMS.10240401), as the cloud does before it is created and after it is deleted:
//
//   node container-stand-in.js create  <emulator url> sls|dms
//     removes that rule (other rules stay): the container exists
//   node container-stand-in.js destroy <emulator url> sls|dms <project> <logstore or queue name>
//     deletes the container's groups (deleting a container deletes its groups), then adds the rule
//   node container-stand-in.js expect-group <emulator url> sls|dms <project> <container> <group>
//     fails unless the group exists (a resource of the app that must come after the group)
//
// Only the emulator's admin API (/_emulator/...) is used; each run prints one line.

"use strict";

const [command, url, service, project, container] = process.argv.slice(2);

const ABSENT = {
  sls: { status: 404, code: "LogStoreNotExist", message: "logstore does not exist" },
  dms: { status: 404, code: "DMS.10240401", message: "The queue is not found" },
};

async function call(method, path, body) {
  const response = await fetch(`${url}/_emulator/${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** The rule that makes `service`'s container absent. */
function absentRule(svc) {
  return { service: svc, times: "always", fault: { kind: "error", ...ABSENT[svc] } };
}

async function create() {
  const rules = await call("GET", "faults");
  await call("DELETE", "faults");
  const kept = rules
    .filter((r) => r.service !== service)
    .map(({ matched: _matched, ...rule }) => rule);
  if (kept.length) await call("POST", "faults", kept);
  console.log(`stand-in: ${service} container created`);
}

async function destroy() {
  const state = await call("GET", "state");
  const names =
    service === "sls"
      ? (state.sls?.projects?.[project]?.logstores?.[container]?.groups ?? []).map((g) => g.name)
      : (
          (state.dms?.projects?.[project]?.queues ?? []).find((q) => q.name === container)
            ?.groups ?? []
        ).map((g) => g.name);
  for (const name of names) {
    await call("DELETE", `${service}/groups/${project}/${container}/${name}`);
  }
  await call("POST", "faults", absentRule(service));
  console.log(
    `stand-in: ${service} container ${container} destroyed with ${names.length} group(s)`,
  );
}

/** Fails unless group `name` (the fifth argument) exists: a resource that must come after it. */
async function expectGroup() {
  const name = process.argv[7];
  const state = await call("GET", "state");
  const groups =
    service === "sls"
      ? (state.sls?.projects?.[project]?.logstores?.[container]?.groups ?? [])
      : ((state.dms?.projects?.[project]?.queues ?? []).find((q) => q.name === container)?.groups ??
        []);
  if (!groups.some((g) => g.name === name)) {
    throw new Error(`group ${project}/${container}/${name} does not exist yet`);
  }
  console.log(`stand-in: found ${service} group ${name}`);
}

const commands = { create, destroy, "expect-group": expectGroup };
commands[command]().catch((e) => {
  console.error(`stand-in ${command} failed: ${e.message}`);
  process.exit(1);
});
