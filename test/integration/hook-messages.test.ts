// What the hook prints when the environment or the state is not what it needs: each message
// has its code, names what was wrong and where, says how to fix it, and prints no secret.
//
// | case                                              | exit | says                                          |
// |---------------------------------------------------|------|-----------------------------------------------|
// | SLS secret with a trailing newline                | 1    | HOOK_MALFORMED_CREDENTIALS, the variable; no call |
// | DMS access key with spaces around it              | 1    | HOOK_MALFORMED_CREDENTIALS, the variable; no call |
// | HTTPS_PROXY with a password, proxy down           | 1    | the proxy, its variable, its URL masked        |
// | HTTPS_PROXY not a URL (unencoded / ? # in it)     | 1    | HOOK_BAD_PROXY, the variable, masked; no call  |
// | a state manifest written by a newer release       | 2    | that release; no "synth again"; no call        |

import * as net from "node:net";
import { prunePayload } from "../../lib/contract/manifest";
import { type ManagedGroup } from "../../lib/contract/stored-manifest";
import { asPrevious, storedManifest } from "../support/manifests";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import {
  DMS_KEY,
  DMS_PROJECT,
  BILLING_QUEUE_ID,
  dmsEmulatorConfig,
  dmsEnsurePayload,
  dmsEnv,
} from "../support/dms-fixtures";
import { hookEnv, runHookProcess } from "../support/hook-process";
import {
  LOGSTORE,
  PROJECT,
  SLS_KEY,
  ensurePayload,
  slsEmulatorConfig,
  slsEnv,
} from "../support/sls-fixtures";
import {
  DEFAULT_SLS_CREDENTIAL_SOURCES,
  slsIdentity,
} from "../../lib/clouds/alibaba/sls/sls-contract";

let emulator: RunningEmulator;
beforeEach(async () => {
  emulator = await startEmulator({ sls: slsEmulatorConfig(), dms: dmsEmulatorConfig() });
});
afterEach(() => emulator.close());

const SLS_TARGET = `sls cn-hangzhou/${PROJECT}/${LOGSTORE}/orders-reader`;
const DMS_TARGET = `dms cn-north-4/${DMS_PROJECT}/${BILLING_QUEUE_ID}/billing-workers`;

describe("a key with whitespace around it", () => {
  it("fails an SLS hook with HOOK_MALFORMED_CREDENTIALS naming the variable, before any call", async () => {
    const env = {
      ...slsEnv(SLS_KEY),
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: `${SLS_KEY.accessKeySecret}\n`,
    };

    const run = await runHookProcess(
      "ensure",
      ensurePayload({ endpoint: emulator.url, name: "orders-reader" }),
      hookEnv(env),
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `ensure ${SLS_TARGET} failed: HOOK_MALFORMED_CREDENTIALS: ALIBABA_CLOUD_ACCESS_KEY_SECRET ` +
        "has whitespace before or after the key (a space, tab or newline; the value is not shown). " +
        "Set ALIBABA_CLOUD_ACCESS_KEY_SECRET to the key alone, without the whitespace, in the " +
        "environment of the terraform run (cdktf deploy passes its environment on).\n",
    );
    expect(emulator.calls()).toEqual([]);
  });

  it("fails a DMS hook the same way for a padded access key (no 'unexpected error')", async () => {
    const env = { ...dmsEnv(DMS_KEY), HW_ACCESS_KEY: ` ${DMS_KEY.accessKey} ` };

    const run = await runHookProcess(
      "ensure",
      dmsEnsurePayload({ endpoint: emulator.url, name: "billing-workers" }),
      hookEnv(env),
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `ensure ${DMS_TARGET} failed: HOOK_MALFORMED_CREDENTIALS: HW_ACCESS_KEY has whitespace`,
    );
    expect(run.stderr).toContain("Set HW_ACCESS_KEY to the key alone");
    expect(run.stderr).not.toContain("unexpected");
    expect(run.stderr).not.toContain(DMS_KEY.accessKey);
    expect(emulator.calls()).toEqual([]);
  });
});

describe("a proxy that fails", () => {
  it("says it was the proxy, which variable named it and its URL, without its password", async () => {
    const port = await closedPort();
    const password = "canary-proxy-pass-9c1e";
    const run = await runHookProcess(
      "ensure",
      dmsEnsurePayload({
        endpoint: "https://dms.cn-north-4.myhuaweicloud.com",
        name: "billing-workers",
        deadlineMs: 2_000,
      }),
      hookEnv({ ...dmsEnv(DMS_KEY), HTTPS_PROXY: `http://corp:${password}@127.0.0.1:${port}` }),
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `could not talk to https://dms.cn-north-4.myhuaweicloud.com through the proxy HTTPS_PROXY http://***@127.0.0.1:${port}: `,
    );
    expect(run.stderr).toContain(
      `DMS_NETWORK: The proxy HTTPS_PROXY http://***@127.0.0.1:${port} gave no answer from the endpoint`,
    );
    expect(run.stderr).toContain("or set NO_PROXY for this endpoint");
    expect(run.stderr).not.toContain("canary-proxy-pass");
  });

  it("fails with HOOK_BAD_PROXY naming the variable when HTTPS_PROXY is not a URL", async () => {
    // A password with an unencoded / ? # makes the URL unparsable.
    const run = await runHookProcess(
      "ensure",
      dmsEnsurePayload({ endpoint: emulator.url, name: "billing-workers" }),
      hookEnv({ ...dmsEnv(DMS_KEY), HTTPS_PROXY: "http://corp:canary/pa?ss#word@proxy:3128" }),
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `ensure ${DMS_TARGET} failed: HOOK_BAD_PROXY: the proxy HTTPS_PROXY "http://***@proxy:3128" is not a URL`,
    );
    expect(run.stderr).toContain(
      "Fix HTTPS_PROXY (http://host:port, with the user name and password in it percent-encoded: / as %2F, : as %3A",
    );
    expect(run.stderr).not.toContain("canary");
    expect(emulator.calls()).toEqual([]);
  });
});

describe("a state written by a newer release", () => {
  it("names the release that deployed the manifest, and deletes nothing", async () => {
    emulator.sls.createGroup(PROJECT, LOGSTORE, { name: "gone", timeout: 60, order: false });
    const previous = {
      ...storedManifest([managed("gone")]),
      v: "4",
      by: "0.9.1",
    };

    const run = await runHookProcess(
      "prune",
      prunePayload(asPrevious(previous), []),
      hookEnv(slsEnv(SLS_KEY)),
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'HOOK_BAD_PAYLOAD: the manifest in Terraform state is format "4", deployed by cdktf-consumer-groups 0.9.1;',
    );
    expect(run.stderr).toContain(
      "Deploy this stack with cdktf-consumer-groups 0.9.1 or later (set that version in the app's package.json and synthesize again); nothing was deleted.",
    );
    expect(run.stderr).not.toContain("synth again.");
    expect(emulator.calls()).toEqual([]);
    expect(emulator.sls.listGroups(PROJECT, LOGSTORE).map((g) => g.name)).toEqual(["gone"]);
  });

  it("says a newer release wrote it when the state does not name one", async () => {
    const previous = { ...storedManifest([managed("gone")]), v: "7" };

    const run = await runHookProcess(
      "prune",
      prunePayload(asPrevious(previous), []),
      hookEnv(slsEnv(SLS_KEY)),
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /deployed by a release of cdktf-consumer-groups newer than \d+\.\d+\.\d+; .*Deploy this stack with the release of cdktf-consumer-groups newer than/,
    );
  });
});

// ---------------------------------------------------------------------------------------------

function managed(name: string): ManagedGroup {
  return {
    identity: slsIdentity({ project: PROJECT, logstore: LOGSTORE, name }),
    removalPolicy: "DESTROY",
    transport: {
      endpoint: emulator.url,
      region: "cn-hangzhou",
      allowInsecureHttp: false,
      requestTimeoutMs: 5000,
      deadlineMs: 20000,
    },
    credentials: DEFAULT_SLS_CREDENTIAL_SOURCES,
  };
}

/** A loopback port nothing listens on (a server opened and closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
