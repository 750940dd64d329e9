// The reconcile executor's pieces that need no service: the parallelism bound, the grouping by
// transport, and failures raised before any call (credentials, CA file, endpoint).

import { HookErrorCode, isHookError } from "../../../lib/runtime/errors";
import type { FailureContext } from "../../../lib/runtime/failure";
import { groupByTransport, reconcileGroups } from "../../../lib/hook/reconcile-command";
import { createReporter } from "../../../lib/runtime/report";
import { dmsEnsurePayload } from "../../support/dms-fixtures";
import { noCloudNetworkEnv } from "../../support/no-cloud-network";
import { ensurePayload } from "../../support/sls-fixtures";
import type { EnsurePayload } from "../../../lib/contract/payload-types";
import { CLOUDS } from "../../support/clouds";
import { createLimiter } from "../../../lib/runtime/reconcile-run";

// Nothing listens here: a test that reached the network would fail, not pass.
const NOWHERE = "http://127.0.0.1:9";

describe("createLimiter", () => {
  it("never runs more than its bound at once, and runs every task", async () => {
    const limit = createLimiter(3);
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        limit(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 5 + (i % 3)));
          active--;
          done.push(i);
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("frees the slot of a failed task and passes its error on", async () => {
    const limit = createLimiter(1);
    const failing = limit(() => Promise.reject(new Error("boom")));
    const next = limit(async () => "ran");
    await expect(failing).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ran");
  });

  it("refuses a bound below one", () => {
    expect(() => createLimiter(0)).toThrow(">= 1");
  });
});

describe("groupByTransport", () => {
  it("puts groups with the same transport together, in order of appearance", () => {
    const a = ensurePayload({ endpoint: "https://a.example.com", name: "a1" });
    const b = ensurePayload({ endpoint: "https://b.example.com", name: "b1" });
    const a2 = ensurePayload({ endpoint: "https://a.example.com", name: "a2" });
    const slow = ensurePayload({ endpoint: "https://a.example.com", name: "a3", deadlineMs: 1 });

    const groups = [...groupByTransport([a, b, a2, slow]).values()];

    expect(groups.map((g) => g.payloads.map((p) => p.identity.name))).toEqual([
      ["a1", "a2"],
      ["b1"],
      ["a3"],
    ]);
    expect(groups[0]!.transport).toBe(a.transport);
  });
});

describe("reconcileGroups", () => {
  // In process, so the environment is the harness's: the credential chain asks only loopback.
  const run = async (payloads: EnsurePayload[], given: Record<string, string>) => {
    const env = noCloudNetworkEnv({}, given);
    const out: string[] = [];
    const reporter = createReporter({
      debug: false,
      out: (l) => out.push(l),
      err: (l) => out.push(l),
    });
    const failures: { name: string; error: unknown; context: FailureContext }[] = [];
    const summary = await reconcileGroups(
      payloads,
      env,
      reporter,
      CLOUDS,
      (payload, error, context) => failures.push({ name: payload.identity.name, error, context }),
    );
    return { summary, failures, out };
  };

  it("fails each group whose credentials are missing, naming the variables, and calls nothing", async () => {
    const { summary, failures } = await run(
      [
        ensurePayload({ endpoint: NOWHERE, name: "sls-group" }),
        dmsEnsurePayload({ endpoint: NOWHERE, name: "dms-group" }),
      ],
      {},
    );

    expect(summary).toEqual({ groups: 2, changed: 0, inSync: 0, failed: 2 });
    expect(failures.map((f) => f.name).sort()).toEqual(["dms-group", "sls-group"]);
    for (const f of failures) {
      expect(isHookError(f.error) && f.error.code).toBe(HookErrorCode.MISSING_CREDENTIALS);
    }
  });

  it("fails every group of a transport whose CA file cannot be read, once each", async () => {
    const payload = ensurePayload({ endpoint: NOWHERE, name: "g1" });
    const withCa = { ...payload, transport: { ...payload.transport, caFile: "/no/such/ca.pem" } };
    const other = { ...withCa, identity: { ...withCa.identity, name: "g2" } };

    const { summary, failures } = await run([withCa, other], {
      ALIBABA_CLOUD_ACCESS_KEY_ID: "id",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "secret",
    });

    expect(summary.failed).toBe(2);
    expect(failures.map((f) => f.name)).toEqual(["g1", "g2"]);
    for (const f of failures)
      expect(isHookError(f.error) && f.error.code).toBe(HookErrorCode.CA_FILE);
  });

  it("keeps the credential variables of a failed group for the error hint", async () => {
    const payload = ensurePayload({ endpoint: "http://sls.example.com", name: "g1" });

    const { failures } = await run([payload], {
      ALIBABA_CLOUD_ACCESS_KEY_ID: "id",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "secret",
    });

    expect(failures).toHaveLength(1);
    expect(isHookError(failures[0]!.error) && failures[0]!.error.code).toBe(
      HookErrorCode.INSECURE_ENDPOINT,
    );
    expect(failures[0]!.context.credentialVariables).toMatch(
      /^ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET/,
    );
  });
});
