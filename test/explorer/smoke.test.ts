import { runSequence } from "./sequence-runner";
jest.setTimeout(300_000);
const add = {
  kind: "add",
  service: "sls",
  name: 0,
  container: 0,
  stack: 0,
  form: "region+ip",
  policy: "DESTROY",
  timeout: 60,
  order: false,
  queueBy: "id",
} as const;
it("smoke", async () => {
  const r = await runSequence([
    { ...add, deploy: { order: "forward" } },
    { ...add, service: "dms", queueBy: "name", deploy: { order: "forward" } },
    { ...add, name: 1, stack: 1, deploy: { order: "forward" } },
    { kind: "settings", pick: 0, timeout: 90, order: true, deploy: { order: "forward" } },
    { ...add, name: 2, deploy: { order: "forward", killAt: 1 } },
    { kind: "deploy", deploy: { order: "forward" } },
    { ...add, name: 3, deploy: { order: "forward", fault: "creates-fail" } },
    { kind: "remove", pick: 0, deploy: { order: "reverse", fault: "deletes-fail" } },
    { kind: "deploy", deploy: { order: "forward" } },
    { kind: "switch-executor", deploy: { order: "forward" } },
    { kind: "destroy-stack", stack: 1, fault: "deletes-fail" },
    { kind: "destroy-stack", stack: 1 },
  ]);
  console.log(r.transcript.join("\n"));
});
