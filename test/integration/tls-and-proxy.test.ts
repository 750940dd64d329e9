// The bundled hook over TLS and through a proxy, as Terraform runs it, against the emulator
// behind a TLS-terminating front that serves the self-signed localhost test certificate.
//
// | case                                         | expected exit | expected                                         |
// |----------------------------------------------|---------------|--------------------------------------------------|
// | https, certificate not trusted (SLS, DMS)    | 1             | HOOK_TLS_CERTIFICATE, names caCertificateFile, 1 try |
// | https, caFile absolute / relative            | 0             | group created                                    |
// | https, NODE_EXTRA_CA_CERTS                   | 0             | group created (Node's standard variable)         |
// | https, caFile with an unrelated CA           | 1             | HOOK_TLS_CERTIFICATE, names the file             |
// | caFile missing / not PEM                     | 1             | HOOK_CA_FILE, no call                            |
// | HTTPS_PROXY (and https_proxy)                | 0             | CONNECTs to the endpoint's host:port only        |
// | HTTPS_PROXY + NO_PROXY covering the host     | 0             | no CONNECT                                       |
// | HTTPS_PROXY, untrusted certificate           | 1             | the same clear TLS error through the tunnel      |
// | HTTPS_PROXY with a password, proxy down      | 1             | the password is not printed                      |

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { rootCertificates } from "node:tls";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import {
  BILLING_QUEUE_ID,
  DMS_KEY,
  DMS_PROJECT,
  dmsEmulatorConfig,
  dmsEnsurePayload,
  dmsEnv,
} from "../support/dms-fixtures";
import { hookEnv, runHookProcess, type HookRun } from "../support/hook-process";
import { startConnectProxy, type ConnectProxy } from "../support/proxy-server";
import {
  LOGSTORE,
  PROJECT,
  SLS_KEY,
  ensurePayload,
  slsEmulatorConfig,
  slsEnv,
} from "../support/sls-fixtures";
import { TEST_CA_FILE, startTlsFront, type TlsFront } from "../support/tls-front";

let emulator: RunningEmulator;
let front: TlsFront;
let proxy: ConnectProxy | undefined;
let tmp: string;

beforeEach(async () => {
  emulator = await startEmulator({ sls: slsEmulatorConfig(), dms: dmsEmulatorConfig() });
  front = await startTlsFront(emulator.url);
  tmp = mkdtempSync(path.join(os.tmpdir(), "cgac-tls-"));
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await front.close();
  await emulator.close();
  rmSync(tmp, { recursive: true, force: true });
});

const SLS_TARGET = `sls cn-hangzhou/${PROJECT}/${LOGSTORE}/orders-reader`;
const DMS_TARGET = `dms cn-north-4/${DMS_PROJECT}/${BILLING_QUEUE_ID}/billing-workers`;

/** `payload` with `transport.caFile` when given. */
function withCa<P extends { transport: object }>(payload: P, caFile: string | undefined): P {
  return caFile === undefined
    ? payload
    : { ...payload, transport: { ...payload.transport, caFile } };
}

function runSls(caFile: string | undefined, env: Record<string, string> = {}): Promise<HookRun> {
  const payload = ensurePayload({ endpoint: front.url, name: "orders-reader" });
  return runHookProcess("ensure", withCa(payload, caFile), hookEnv({ ...slsEnv(SLS_KEY), ...env }));
}

// DMS clients connect to the endpoint as given, so the localhost certificate matches; the
// positive TLS cases use DMS (see the SLS limitation case below).
function runDms(
  caFile: string | undefined,
  env: Record<string, string> = {},
  deadlineMs = 20_000,
): Promise<HookRun> {
  const payload = dmsEnsurePayload({ endpoint: front.url, name: "billing-workers", deadlineMs });
  return runHookProcess("ensure", withCa(payload, caFile), hookEnv({ ...dmsEnv(DMS_KEY), ...env }));
}

function dmsGroups(): string[] {
  return emulator.dms.listGroups(DMS_PROJECT, BILLING_QUEUE_ID).map((g) => g.name);
}

function slsGroups(): string[] {
  return emulator.sls.listGroups(PROJECT, LOGSTORE).map((g) => g.name);
}

/** At least one CONNECT, every one to the endpoint (a new connection is a new tunnel). */
function expectTunnelsToFront(p: ConnectProxy): void {
  expect(p.tunnels.length).toBeGreaterThan(0);
  expect(new Set(p.tunnels)).toEqual(new Set([`127.0.0.1:${front.port}`]));
}

function expectUntrusted(run: HookRun): void {
  expect(run.code).toBe(1);
  expect(run.stderr).toContain("HOOK_TLS_CERTIFICATE");
  expect(run.stderr).toContain("TLS certificate is not trusted");
  expect(run.stderr).toMatch(/DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN/);
  expect(run.stderr).toContain("set caCertificateFile on the construct");
  expect(run.stderr).toContain("NODE_EXTRA_CA_CERTS");
}

describe("TLS certificate verification", () => {
  it("fails a DMS hook at once, with what to do, when the certificate is not trusted", async () => {
    const started = Date.now();

    const run = await runDms(undefined);

    expectUntrusted(run);
    expect(run.stderr).toContain(`ensure ${DMS_TARGET} failed: HOOK_TLS_CERTIFICATE`);
    // Not retried until the 20 s deadline: a certificate does not become trusted by waiting.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(run.stderr).not.toContain("attempt");
    expect(front.handshakes()).toBe(0);
    expect(emulator.calls()).toEqual([]);
    expect(dmsGroups()).toEqual([]);
  });

  it("trusts the endpoint with caFile (an absolute path) and creates the group", async () => {
    const run = await runDms(TEST_CA_FILE);

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${DMS_TARGET}: created`);
    expect(front.handshakes()).toBeGreaterThan(0);
    expect(dmsGroups()).toEqual(["billing-workers"]);
  });

  it("resolves a relative caFile against the working directory (the stack directory under Terraform)", async () => {
    const relative = path.relative(process.cwd(), TEST_CA_FILE);
    expect(path.isAbsolute(relative)).toBe(false);

    const run = await runDms(relative);

    expect(run.code).toBe(0);
    expect(dmsGroups()).toEqual(["billing-workers"]);
  });

  it("trusts a CA given by NODE_EXTRA_CA_CERTS, Node's standard variable", async () => {
    const run = await runDms(undefined, { NODE_EXTRA_CA_CERTS: TEST_CA_FILE });

    expect(run.code).toBe(0);
    expect(dmsGroups()).toEqual(["billing-workers"]);
  });

  it("still trusts NODE_EXTRA_CA_CERTS when caFile names another CA", async () => {
    const other = path.join(tmp, "public-root.pem");
    writeFileSync(other, rootCertificates[0]!);

    const run = await runDms(other, { NODE_EXTRA_CA_CERTS: TEST_CA_FILE });

    expect(run.code).toBe(0);
  });

  it("fails clearly when caFile holds a CA that did not sign the certificate", async () => {
    const other = path.join(tmp, "public-root.pem");
    writeFileSync(other, rootCertificates[0]!);

    const run = await runDms(other);

    expectUntrusted(run);
    expect(run.stderr).toContain(`nor by caCertificateFile ${JSON.stringify(other)}`);
    expect(dmsGroups()).toEqual([]);
  });

  it("fails with HOOK_CA_FILE, before any call, when caFile does not exist", async () => {
    const missing = path.join(tmp, "no-such-ca.pem");

    const run = await runDms(missing);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `ensure ${DMS_TARGET} failed: HOOK_CA_FILE: cannot read the CA certificate file ${JSON.stringify(missing)}`,
    );
    expect(run.stderr).toContain("ENOENT");
    expect(run.stderr).toContain("relative to the directory Terraform runs in");
    expect(emulator.calls()).toEqual([]);
    expect(front.handshakes()).toBe(0);
  });

  it("fails with HOOK_CA_FILE when caFile is no PEM certificate", async () => {
    const notPem = path.join(tmp, "ca.pem");
    writeFileSync(notPem, "not a certificate\n");

    const run = await runDms(notPem);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HOOK_CA_FILE");
    expect(run.stderr).toContain("holds no PEM certificate");
    expect(emulator.calls()).toEqual([]);
  });

  it("rejects a caFile with a control character in the payload (exit 2)", async () => {
    const payload = dmsEnsurePayload({ endpoint: front.url, name: "billing-workers" });

    const run = await runHookProcess(
      "ensure",
      withCa(payload, `${TEST_CA_FILE}\n`),
      hookEnv(dmsEnv(DMS_KEY)),
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("transport.caFile");
    expect(run.stderr).toContain("without control characters");
  });

  it("fails an SLS hook at once, with the same advice, when the certificate is not trusted", async () => {
    const run = await runSls(undefined);

    expectUntrusted(run);
    expect(run.stderr).toContain(`ensure ${SLS_TARGET} failed: HOOK_TLS_CERTIFICATE`);
    expect(slsGroups()).toEqual([]);
  });

  // Known limitation, pinned so that a fix shows up here: for an IP or localhost endpoint the SLS
  // client sends `Host: <project>.<ip>` (the project cannot be in the URL), and undici checks
  // the certificate against that Host header. Real SLS endpoints are DNS names, which the
  // client connects to as `<project>.<host>`, so the certificate is checked against that name.
  it("cannot verify TLS to an IP-address SLS endpoint: the certificate is checked against <project>.<ip>", async () => {
    const run = await runSls(TEST_CA_FILE);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HOOK_TLS_CERTIFICATE");
    expect(run.stderr).toContain("ERR_TLS_CERT_ALTNAME_INVALID");
    expect(run.stderr).toContain(`Host: ${PROJECT}.127.0.0.1.`);
    expect(run.stderr).toContain("use the endpoint host name the certificate names");
    expect(slsGroups()).toEqual([]);
  });

  it("reaches an IP-address SLS endpoint through HTTPS_PROXY, where the TLS name is the endpoint's", async () => {
    proxy = await startConnectProxy();

    const run = await runSls(TEST_CA_FILE, { HTTPS_PROXY: proxy.url });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${SLS_TARGET}: created`);
    expectTunnelsToFront(proxy);
  });
});

describe("proxy settings", () => {
  beforeEach(async () => {
    proxy = await startConnectProxy();
  });

  it("tunnels through HTTPS_PROXY with one CONNECT to the endpoint, and verifies TLS end to end", async () => {
    const run = await runDms(TEST_CA_FILE, { HTTPS_PROXY: proxy!.url });

    expect(run.code).toBe(0);
    expectTunnelsToFront(proxy!);
    expect(dmsGroups()).toEqual(["billing-workers"]);
  });

  it("honours lower-case https_proxy too", async () => {
    const run = await runDms(TEST_CA_FILE, { https_proxy: proxy!.url });

    expect(run.code).toBe(0);
    expectTunnelsToFront(proxy!);
  });

  it.each([
    ["the host", "127.0.0.1"],
    ["host and port", `127.0.0.1:PORT`],
    ["a list with the host", "example.com, 127.0.0.1"],
    ["*", "*"],
  ])("goes direct when NO_PROXY names %s", async (_case, noProxy) => {
    const run = await runDms(TEST_CA_FILE, {
      HTTPS_PROXY: proxy!.url,
      NO_PROXY: noProxy.replace("PORT", String(front.port)),
    });

    expect(run.code).toBe(0);
    expect(proxy!.tunnels).toEqual([]);
    expect(dmsGroups()).toEqual(["billing-workers"]);
  });

  it("still tunnels when NO_PROXY names another host or port", async () => {
    const run = await runDms(TEST_CA_FILE, {
      HTTPS_PROXY: proxy!.url,
      NO_PROXY: `localhost,127.0.0.1:${front.port + 1}`,
    });

    expect(run.code).toBe(0);
    expectTunnelsToFront(proxy!);
  });

  it("reports an untrusted certificate through the tunnel as the same clear TLS error", async () => {
    const run = await runDms(undefined, { HTTPS_PROXY: proxy!.url });

    expectUntrusted(run);
    expectTunnelsToFront(proxy!);
  });

  it("does not print the password of an HTTPS_PROXY URL when the proxy is down", async () => {
    const down = proxy!.url;
    await proxy!.close();
    proxy = undefined;
    const password = "canary-proxy-pass-6d1e";

    const run = await runDms(
      TEST_CA_FILE,
      {
        HTTPS_PROXY: down.replace("http://", `http://proxyuser:${password}@`),
        CGAC_DEBUG: "1",
      },
      2_000,
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`ensure ${DMS_TARGET} failed`);
    expect(`${run.stdout}${run.stderr}`).not.toContain(password);
  });

  it("fails at once, saying the proxy wants credentials, when HTTPS_PROXY answers 407", async () => {
    await proxy!.close();
    proxy = await startConnectProxy({ requireAuth: true });
    const started = Date.now();

    // A deadline of 20 s: retrying the 407 would use it up.
    const run = await runDms(TEST_CA_FILE, { HTTPS_PROXY: proxy.url }, 20_000);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`ensure ${DMS_TARGET} failed`);
    expect(run.stderr).toContain("PROXY_AUTHENTICATION_REQUIRED");
    expect(run.stderr).toContain("The HTTP proxy (HTTPS_PROXY / HTTP_PROXY) asks for credentials");
    expect(proxy.tunnels).toHaveLength(1); // one attempt, no retry
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
