import { readFileSync } from "node:fs";
import * as path from "node:path";
import { CloudApiError, ErrorKind } from "../../../lib/clients/cloud-api-error";
import { LIBRARY_RELEASE } from "../../../lib/contract/names";
import { Phase, formatFailure, rerun } from "../../../lib/runtime/failure";
import { dmsContract } from "../../../lib/clouds/huawei/dms/dms-contract";

// The next step a failure names, in the words of the command the user ran.
describe("rerun", () => {
  it.each([
    [Phase.CHECK, "run `npx cdktf-consumer-groups check cdktf.out` again"],
    [Phase.REPAIR, "run `npx cdktf-consumer-groups repair cdktf.out` again"],
    [Phase.APPLY, "re-run the apply"],
    [Phase.APPLY_OR_DESTROY, "re-run the apply or destroy that failed"],
  ])("names the command to run again for %s", (phase, text) => {
    expect(rerun(phase)).toBe(text);
  });

  it("names the repair command, not the check, when a repair's call runs out of retries", () => {
    const text = formatFailure("repair sls x", networkError(), {}, Phase.REPAIR);
    expect(text).toContain(
      "DMS_NETWORK: Retries ran out before the deadline; run `npx cdktf-consumer-groups repair cdktf.out` again (the hook is idempotent), or raise deadlineSeconds.",
    );
    expect(text).not.toContain("check again");
  });
});

describe("a failure through a proxy", () => {
  it("says the proxy failed and names it", () => {
    const text = formatFailure(
      "ensure dms x",
      networkError("HTTPS_PROXY http://***@proxy.corp:3128"),
      {},
      Phase.APPLY,
    );
    expect(text).toContain(
      "DMS_NETWORK: The proxy HTTPS_PROXY http://***@proxy.corp:3128 gave no answer from the endpoint",
    );
    expect(text).toContain("then re-run the apply.");
  });

  it("names the proxy that asks for credentials", () => {
    const e = new CloudApiError({
      cloud: dmsContract,
      kind: ErrorKind.AUTH,
      status: 0,
      cloudCode: "PROXY_AUTHENTICATION_REQUIRED",
      cloudMessage: "Proxy response (407) !== 200",
      method: "GET",
      path: "/",
      proxy: "HTTPS_PROXY http://proxy.corp:3128",
    });
    expect(formatFailure("ensure dms x", e, {}, Phase.APPLY)).toContain(
      "The HTTP proxy (HTTPS_PROXY / HTTP_PROXY) asks for credentials (HTTPS_PROXY http://proxy.corp:3128)",
    );
  });
});

it("gives an error it does not classify a code and the next step", () => {
  const text = formatFailure("ensure sls x", new TypeError("boom"), {}, Phase.APPLY);
  expect(text).toBe(
    "ensure sls x failed: HOOK_UNEXPECTED: unexpected error: boom. This is a gap in " +
      "cdktf-consumer-groups: re-run the apply with CGAC_DEBUG=1 and report the output.",
  );
});

it("LIBRARY_RELEASE is the package version, which messages about newer states compare with", () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, "../../../package.json"), "utf8")) as {
    version: string;
  };
  expect(LIBRARY_RELEASE).toBe(pkg.version);
});

// ---------------------------------------------------------------------------------------------

function networkError(proxy?: string): CloudApiError {
  return new CloudApiError({
    cloud: dmsContract,
    kind: ErrorKind.NETWORK,
    status: 0,
    cloudCode: "ECONNREFUSED",
    cloudMessage: "could not talk to https://dms.example.com",
    method: "GET",
    path: "/",
    ...(proxy ? { proxy } : {}),
  });
}
