import { compact, expand } from "../../../lib/contract/compact";
import { asPrevious, listManifest, storedManifest } from "../../support/manifests";
import { planPrune, prunePayload } from "../../../lib/contract/manifest";
import { type ManagedGroup } from "../../../lib/contract/stored-manifest";
import { identityKey } from "../../../lib/contract/group-identity";
import {
  DEFAULT_SLS_CREDENTIAL_SOURCES,
  slsIdentity,
} from "../../../lib/clouds/alibaba/sls/sls-contract";
import { CLOUDS } from "../../support/clouds";

it("keeps small JSON plain and round-trips large JSON through deflate", () => {
  expect(compact('{"a":1}')).toBe('{"a":1}');
  const big = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ name: `group-${i}` })));
  const packed = compact(big);
  expect(packed.startsWith("deflate:")).toBe(true);
  expect(packed.length).toBeLessThan(big.length / 4);
  expect(expand(packed)).toBe(big);
});

it("lets a manifest of 1,000 groups travel in one environment variable, and prune still reads it, in either stored form", () => {
  const groups: ManagedGroup[] = Array.from({ length: 1000 }, (_, i) => ({
    identity: slsIdentity({
      project: "shop-prod",
      logstore: `bench-${Math.floor(i / 25)}`,
      name: `bench-${i}`,
    }),
    removalPolicy: "DESTROY",
    transport: {
      endpoint: "https://cn-hangzhou.log.aliyuncs.com",
      region: "cn-hangzhou",
      allowInsecureHttp: false,
      requestTimeoutMs: 10000,
      deadlineMs: 120000,
    },
    credentials: DEFAULT_SLS_CREDENTIAL_SOURCES,
  }));
  const keep = groups.slice(1).map((g) => identityKey(g.identity));
  for (const stored of [storedManifest(groups), listManifest(groups)]) {
    const previous = asPrevious(stored);
    expect(previous.length).toBeLessThan(64 * 1024);

    const pruned = planPrune(JSON.stringify(prunePayload(previous, keep)), CLOUDS).candidates;
    expect(pruned.map((p) => p.identity.name)).toEqual(["bench-0"]);
  }
});
