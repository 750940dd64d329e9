// The harness keeps the credential chain off the network: a hook, `check` or Terraform run that
// a test starts with no credentials at all must never try the ECS metadata service's real
// address (100.100.100.200) nor a real STS host. Every harness builds its environment with
// test/support/no-cloud-network.js; these tests prove what that environment does to the hook.

import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isLoopbackHost } from "../../lib/contract/rules";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { runCli, synthCheckApp, removeDir } from "../support/check-app";
import { hookEnv, runHookProcess } from "../support/hook-process";
import { NO_CLOUD_NETWORK, noCloudNetworkEnv } from "../support/no-cloud-network";
import { ensurePayload, slsEmulatorConfig } from "../support/sls-fixtures";
import { quietEnv } from "../support/terraform-workspace";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ sls: slsEmulatorConfig() });
});
afterAll(() => emulator.close());

function ensureWith(env: NodeJS.ProcessEnv) {
  return runHookProcess(
    "ensure",
    ensurePayload({ endpoint: emulator.url, name: "orders-reader" }),
    env,
  );
}

describe("the harness's environment", () => {
  it("points every address the chain could reach at loopback, in every harness", () => {
    const envs = {
      hook: hookEnv({}),
      terraform: quietEnv({}),
      inherited: noCloudNetworkEnv({
        ALIBABA_CLOUD_ROLE_ARN: "acs:ram::1:role/x",
        HW_ACCESS_KEY: "k",
      }),
    };
    for (const env of Object.values(envs)) {
      expect(env["ALIBABA_CLOUD_ECS_METADATA_DISABLED"]).toBe("true");
      for (const name of [
        "CGAC_TEST_ALIBABA_METADATA_URL",
        "ALIBABA_CLOUD_STS_ENDPOINT",
        "CGAC_TEST_HUAWEI_METADATA_URL",
        "HUAWEICLOUD_SDK_IAM_ENDPOINT",
      ]) {
        expect(isLoopbackHost(new URL(env[name]!).hostname)).toBe(true);
      }
    }
    // A role ARN or key in the runner's own shell is dropped, never assumed.
    expect(envs.inherited["ALIBABA_CLOUD_ROLE_ARN"]).toBeUndefined();
    expect(envs.inherited["HW_ACCESS_KEY"]).toBeUndefined();
    expect(Object.keys(NO_CLOUD_NETWORK).sort()).toEqual(
      Object.keys(envs.hook)
        .filter((k) => k !== "PATH")
        .sort(),
    );
  });

  it("a hook with no credentials reports the metadata service as skipped and asks nobody", async () => {
    const run = await ensureWith(hookEnv({}));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HOOK_MISSING_CREDENTIALS");
    expect(run.stderr).toContain("ECS RAM role: ALIBABA_CLOUD_ECS_METADATA_DISABLED=true");
    expect(emulator.calls()).toEqual([]);
  });

  it("with the probe turned back on, the hook asks the harness's loopback address and nothing else", async () => {
    const run = await ensureWith(hookEnv({ ALIBABA_CLOUD_ECS_METADATA_DISABLED: "false" }));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HOOK_MISSING_CREDENTIALS");
    expect(run.stderr).toContain(
      `ECS RAM role: no metadata service answered at ${NO_CLOUD_NETWORK["CGAC_TEST_ALIBABA_METADATA_URL"]}`,
    );
    expect(run.stderr).not.toContain("100.100.100.200");
  });

  it("the metadata override is the one asked: a local listener gets the session-token PUT", async () => {
    const asked: string[] = [];
    const server: Server = createServer((req: IncomingMessage, res) => {
      asked.push(`${req.method} ${req.url}`);
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      const run = await ensureWith(
        hookEnv({
          ALIBABA_CLOUD_ECS_METADATA_DISABLED: "false",
          CGAC_TEST_ALIBABA_METADATA_URL: `http://127.0.0.1:${port}`,
        }),
      );

      expect(run.code).toBe(1);
      expect(asked[0]).toBe("PUT /latest/api/token");
      expect(asked).toContain("GET /latest/meta-data/ram/security-credentials/");
      expect(run.stderr).toContain(`the instance at http://127.0.0.1:${port} has no RAM role`);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("the hook refuses a metadata override that is not loopback, before any request", async () => {
    const run = await ensureWith(
      hookEnv({
        ALIBABA_CLOUD_ECS_METADATA_DISABLED: "false",
        CGAC_TEST_ALIBABA_METADATA_URL: "http://100.100.100.200",
      }),
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HOOK_CREDENTIALS_FAILED");
    expect(run.stderr).toContain("is not an http(s) URL on a loopback host");
    expect(run.stderr).toContain("CGAC_TEST_ALIBABA_METADATA_URL is for tests only");
  });

  it("`check` with no SLS credentials reports the metadata service as skipped", async () => {
    const { dir, outdir } = synthCheckApp(emulator.url);
    try {
      const run = await runCli(["check", outdir], {});

      expect(run.stdout).toContain("HOOK_MISSING_CREDENTIALS");
      expect(run.stdout + run.stderr).toContain(
        "ECS RAM role: ALIBABA_CLOUD_ECS_METADATA_DISABLED=true",
      );
    } finally {
      removeDir(dir);
    }
  });
});
