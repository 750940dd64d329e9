// Deletion protection in the wire format: delete payloads and the manifest carry it; what
// an older release wrote (no field) reads as WHEN_IN_USE, and a stack that keeps the defaults
// stores its manifest byte for byte as before, so an upgrade replaces nothing.

import { planPrune, prunePayload } from "../../../lib/contract/manifest";
import { decodeManifest, type ManagedGroup } from "../../../lib/contract/stored-manifest";
import { PAYLOAD_VERSION } from "../../../lib/contract/names";
import {
  asPrevious,
  listManifest,
  previousManifest,
  storedManifest,
} from "../../support/manifests";
import { manifestEntries } from "../../../lib/contract/stored-manifest";
import { readHookPayload } from "../../../lib/contract/payload";
import { readDeletionGuard } from "../../../lib/contract/protection";
import {
  DEFAULT_SLS_CREDENTIAL_SOURCES,
  slsIdentity,
} from "../../../lib/clouds/alibaba/sls/sls-contract";
import { PayloadError } from "../../../lib/contract/payload-error";
import { CLOUDS } from "../../support/clouds";

const GROUP: ManagedGroup = {
  identity: slsIdentity({ project: "shop-prod", logstore: "orders", name: "orders-reader" }),
  removalPolicy: "DESTROY",
  transport: {
    endpoint: "https://cn-hangzhou.log.aliyuncs.com",
    region: "cn-hangzhou",
    allowInsecureHttp: false,
    requestTimeoutMs: 10_000,
    deadlineMs: 120_000,
  },
  credentials: DEFAULT_SLS_CREDENTIAL_SOURCES,
};

describe("readDeletionGuard", () => {
  it("reads a payload without the fields (an older release) as WHEN_IN_USE, 600 s", () => {
    expect(readDeletionGuard({})).toEqual({
      deletionProtection: "WHEN_IN_USE",
      inUseWindowSeconds: 600,
    });
  });

  it("reads the given values", () => {
    expect(readDeletionGuard({ deletionProtection: "OFF", inUseWindowSeconds: 60 })).toEqual({
      deletionProtection: "OFF",
      inUseWindowSeconds: 60,
    });
  });

  it.each([
    [{ deletionProtection: "off" }, /deletionProtection "off" must be one of "WHEN_IN_USE"/],
    [{ inUseWindowSeconds: 0 }, /inUseWindowSeconds 0 must be a whole number of seconds/],
    [{ inUseWindowSeconds: 86_401 }, /from 1 to 86400/],
    [{ inUseWindowSeconds: "600" }, /inUseWindowSeconds "600"/],
  ])("rejects %j", (fields, message) => {
    expect(() => readDeletionGuard(fields)).toThrow(PayloadError);
    expect(() => readDeletionGuard(fields)).toThrow(message);
  });

  it("finds its fields in every delete payload the hook reads", () => {
    const payload = readHookPayload(
      "delete",
      {
        v: PAYLOAD_VERSION,
        command: "delete",
        identity: GROUP.identity,
        removalPolicy: "DESTROY",
        deletionProtection: "ALWAYS",
        transport: GROUP.transport,
        credentials: GROUP.credentials,
      },
      CLOUDS,
    );
    expect(payload).toMatchObject({ deletionProtection: "ALWAYS", inUseWindowSeconds: 600 });
  });
});

describe("the manifest", () => {
  it("stores a group with the default protection exactly as before this feature", () => {
    const withDefaults = { ...GROUP, deletionProtection: "WHEN_IN_USE", inUseWindowSeconds: 600 };
    expect(storedManifest([withDefaults as ManagedGroup])).toEqual(storedManifest([GROUP]));
  });

  it("stores a protection other than the default, and gives it back", () => {
    const off = { ...GROUP, deletionProtection: "OFF", inUseWindowSeconds: 60 } as ManagedGroup;
    expect(storedManifest([off])).not.toEqual(storedManifest([GROUP]));
    expect(decodeManifest(storedManifest([off]))[0]).toMatchObject({
      deletionProtection: "OFF",
      inUseWindowSeconds: 60,
    });
  });

  it("prunes with the protection as last deployed: stored, or WHEN_IN_USE when none is", () => {
    const always = { ...GROUP, deletionProtection: "ALWAYS" } as ManagedGroup;
    const plan = (g: ManagedGroup) =>
      planPrune(JSON.stringify(prunePayload(previousManifest([g]), [])), CLOUDS).candidates[0];
    expect(plan(always)).toMatchObject({ deletionProtection: "ALWAYS", inUseWindowSeconds: 600 });
    expect(plan(GROUP)).toMatchObject({
      deletionProtection: "WHEN_IN_USE",
      inUseWindowSeconds: 600,
    });
  });

  it("prunes a list manifest of 0.2.0 with its protection, from state or as that release spliced it", () => {
    const always = { ...GROUP, deletionProtection: "ALWAYS" } as ManagedGroup;
    const plan = (previous: unknown) =>
      planPrune(JSON.stringify(prunePayload(previous as string, [])), CLOUDS).candidates;
    for (const previous of [asPrevious(listManifest([always])), listManifest([always])]) {
      expect(plan(previous)).toMatchObject([
        { identity: GROUP.identity, deletionProtection: "ALWAYS", inUseWindowSeconds: 600 },
      ]);
    }
  });

  it("stores one trigger per group under the key it is given, naming the group in words", () => {
    const entries = manifestEntries("0123456789abcdef", GROUP);
    expect(entries["0123456789abcdef"]).toMatch(/^sls \S+ \["[0-9a-f]{12}",\["/);
    expect(Object.keys(entries).sort()).toEqual([
      "0123456789abcdef",
      expect.stringMatching(/^profile:[0-9a-f]{12}$/) as unknown as string,
    ]);
  });
});
