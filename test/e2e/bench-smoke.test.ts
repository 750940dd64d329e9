// The benchmark script runs end to end on a tiny size (`--quick`). It measures nothing worth
// keeping here; the numbers in the README come from `npm run bench` on the full sizes.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { assertHookBundleBuilt } from "../support/hook-process";
import { requireTerraform } from "../support/terraform-workspace";

jest.setTimeout(180_000);

it("npm run bench -- --quick measures every pair and writes its JSON", async () => {
  requireTerraform();
  assertHookBundleBuilt();
  const dir = mkdtempSync(path.join(os.tmpdir(), "cgac-bench-smoke-"));
  const out = path.join(dir, "bench.json");
  try {
    const { code, output } = await new Promise<{ code: number | null; output: string }>(
      (resolve) => {
        const child = spawn(
          process.execPath,
          [path.resolve(__dirname, "../../scripts/bench/index.js"), "--quick", "--out", out],
          { env: { ...process.env, TF_CLI_CONFIG_FILE: "" }, stdio: ["ignore", "pipe", "pipe"] },
        );
        let text = "";
        child.stdout.on("data", (d: Buffer) => (text += d.toString()));
        child.stderr.on("data", (d: Buffer) => (text += d.toString()));
        child.on("close", (c) => resolve({ code: c, output: text }));
      },
    );
    expect({ code, tail: output.slice(-1500) }).toMatchObject({ code: 0 });

    const results = JSON.parse(readFileSync(out, "utf8")) as {
      hookBundleBytes: number;
      defaultExecutor: { executor: string; resources: number };
      measurements: { id: string; name: string; a: number; b: number; ratio: number }[];
      calls: { event: string; count: number; calls: string[]; met?: boolean }[];
      growth: { executor: string; groups: number }[];
    };
    // The default executor's rows (no context) against bare terraform_data, then the
    // per-group executor's (context "per-group") against its floors.
    expect(results.measurements.map((m) => m.id)).toEqual([
      "hook-cold-start",
      "hook-vs-sdk",
      "cold-start-assume-role-vs-key",
      "cold-start-oidc-vs-key",
      "cold-start-ecs-role-vs-key",
      "cold-start-credentials-uri-vs-key",
      "apply-default-vs-bare",
      "apply-large-default-vs-bare",
      "synth-default-vs-bare",
      "synth-plain-vs-bare",
      "config-bytes-per-group",
      "plan-deployed-default-vs-bare",
      "settings-change-default-vs-per-group",
      "destroy-default-vs-bare",
      "destroy-default-vs-node",
      "apply-per-group-vs-node",
      "apply-per-group-vs-true",
    ]);
    for (const m of results.measurements) expect(m.a > 0 && m.b > 0).toBe(true);
    expect(results.hookBundleBytes).toBe(
      statSync(path.resolve(__dirname, "../../dist/hook/hook-bundle.js")).size,
    );
    expect(results.calls.find((c) => c.event === "SLS new group")?.count).toBe(1);
    expect(results.calls.find((c) => c.event === "SLS settings change")?.count).toBe(2);
    // Deletion protection reads the checkpoints first; OFF deletes with one call, as before.
    const slsDelete = results.calls.find((c) => c.event.startsWith("SLS delete (WHEN_IN_USE"));
    expect(slsDelete?.count).toBe(2);
    expect(slsDelete?.calls).toEqual(["GetCheckPoint:200", "DeleteConsumerGroup:200"]);
    expect(results.calls.find((c) => c.event.startsWith("SLS delete, protection OFF"))?.count).toBe(
      1,
    );
    expect(results.calls.find((c) => c.event === "DMS delete, queue by id")?.count).toBe(2);
    // One group's settings changed in a deployed stack (4 groups, one logstore): the per-group
    // executor's ensure posts, then puts; the reconciler lists the logstore, then puts.
    const change = (executor: string) =>
      results.calls.find((c) => c.event.endsWith(`terraform apply, ${executor} executor`));
    expect(change("per-group")?.calls).toEqual([
      "CreateConsumerGroup:400",
      "UpdateConsumerGroup:200",
    ]);
    expect(change("default")?.calls).toEqual(
      results.defaultExecutor.executor === "batched"
        ? ["ListConsumerGroup:200", "UpdateConsumerGroup:200"]
        : ["CreateConsumerGroup:400", "UpdateConsumerGroup:200"],
    );
    expect(results.growth.map((g) => g.executor)).toEqual(["default", "per-group"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
