// The location rules (lib/contract/location-rules.ts), which synth applies to literal `region`
// and `endpoint` props and the hook to values given by reference: the same results and the
// same messages on both sides.
//
// | given                                          | result                                         |
// |------------------------------------------------|------------------------------------------------|
// | region only                                    | the region's public endpoint                   |
// | an SLS endpoint with the group's project label | the label stripped, the region it serves       |
// | a private endpoint, no region                  | the origin, as the region too                  |
// | plain http to a host that is not loopback      | refused, unless allowInsecureHttp              |
// | an endpoint with a path, credentials, a bad URL | refused, user info masked                     |
// | a region the endpoint contradicts              | refused, both named                            |
// | a bad region id                                | refused                                        |
// each refused case: synth's ValidationError and the hook's HOOK_BAD_PAYLOAD say the same words,
// after the construct's path.

import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../../lib";
import { HookCommand } from "../../../lib/contract/names";
import { parseHookPayload } from "../../../lib/contract/payload";
import { PayloadError } from "../../../lib/contract/payload-error";
import {
  explainRefError,
  refPlaceholder,
  splitRefs,
  substituteRefs,
} from "../../../lib/contract/refs";
import { groupKey } from "../../../lib/contract/group-identity";
import { resolveGivenLocation, LocationError } from "../../../lib/contract/location-rules";
import { slsEndpoints } from "../../../lib/clouds/alibaba/sls/sls-endpoints";
import { dmsEndpoints } from "../../../lib/clouds/huawei/dms/dms-endpoints";
import {
  DEFAULT_SLS_CREDENTIAL_SOURCES,
  slsIdentity,
} from "../../../lib/clouds/alibaba/sls/sls-contract";
import { dmsIdentity } from "../../../lib/clouds/huawei/dms/dms-contract";
import { CLOUDS } from "../../support/clouds";
import { newApp, newStack } from "../../synth/synth-helpers";

const SLS_GROUP = { project: "shop-prod", logstore: "orders", name: "orders-reader" };
const SLS_ID = slsIdentity(SLS_GROUP);
const DMS_GROUP = {
  projectId: "0a1b2c3d4e5f40718293a4b5c6d7e8f9",
  queue: { name: "billing" },
  name: "billing-workers",
};
const DMS_ID = dmsIdentity(DMS_GROUP);

interface Given {
  readonly region?: string;
  readonly endpoint?: string;
  readonly allowInsecureHttp?: boolean;
}

/** Synth's answer for literal props: the construct's location, or its error message. */
function synth(cloud: "sls" | "dms", given: Given): { region: string; endpoint: string } | string {
  const stack = newStack(newApp());
  try {
    const group =
      cloud === "sls"
        ? new SlsConsumerGroup(stack, "Reader", { ...SLS_GROUP, timeout: 60, ...given })
        : new DmsQueueConsumerGroup(stack, "Reader", { ...DMS_GROUP, ...given });
    return { region: group.region, endpoint: group.endpoint };
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * The hook's answer for the same props given by reference: an ensure payload whose region and
 * endpoint are placeholders, with the table of their values; the transport it reads, or its
 * error as the hook prints it (HOOK_BAD_PAYLOAD).
 */
function hook(cloud: "sls" | "dms", given: Given): { region: string; endpoint: string } | string {
  const identity = cloud === "sls" ? SLS_ID : DMS_ID;
  const key = groupKey(identity);
  const table: Record<string, unknown> = {};
  const wire: Record<string, string> = {};
  for (const prop of ["region", "endpoint"] as const) {
    const value = given[prop];
    if (value === undefined) continue;
    const id = refPlaceholder(key, prop);
    table[id] = { v: value, at: "stack/Reader", prop };
    wire[prop] = id;
  }
  const payload = {
    v: 2,
    command: "ensure",
    identity,
    ...(cloud === "sls" ? { settings: { timeout: 60, order: false } } : { readyTimeoutMs: 30000 }),
    transport: {
      location: { at: "stack/Reader", given: wire },
      allowInsecureHttp: given.allowInsecureHttp ?? false,
      requestTimeoutMs: 10000,
      deadlineMs: 120000,
    },
    credentials:
      cloud === "sls"
        ? DEFAULT_SLS_CREDENTIAL_SOURCES
        : [{ accessKey: "HW_AK", secretKey: "HW_SK" }],
  };
  const split = splitRefs(`refs:${JSON.stringify(table)}\n${JSON.stringify(payload)}`);
  try {
    const read = parseHookPayload(
      HookCommand.ENSURE,
      substituteRefs(split.payload, split.refs!),
      CLOUDS,
    );
    return { region: read.transport.region, endpoint: read.transport.endpoint };
  } catch (caught) {
    const e = explainRefError(caught, split.refs);
    expect(e).toBeInstanceOf(PayloadError);
    return (e as Error).message;
  }
}

const ACCEPTED: [string, "sls" | "dms", Given, { region: string; endpoint: string }][] = [
  [
    "a region only: its public endpoint",
    "sls",
    { region: "cn-shanghai" },
    { region: "cn-shanghai", endpoint: "https://cn-shanghai.log.aliyuncs.com" },
  ],
  [
    "an SLS endpoint with the group's project label: stripped, its region told",
    "sls",
    { endpoint: "https://shop-prod.cn-hangzhou-intranet.log.aliyuncs.com/" },
    { region: "cn-hangzhou", endpoint: "https://cn-hangzhou-intranet.log.aliyuncs.com" },
  ],
  [
    "a region and the endpoint that serves it",
    "dms",
    { region: "cn-north-4", endpoint: "https://dms.cn-north-4.myhuaweicloud.com" },
    { region: "cn-north-4", endpoint: "https://dms.cn-north-4.myhuaweicloud.com" },
  ],
  [
    "a private endpoint without a region: the origin for both",
    "dms",
    { endpoint: "https://dms.example-cloud.internal:8443" },
    {
      region: "https://dms.example-cloud.internal:8443",
      endpoint: "https://dms.example-cloud.internal:8443",
    },
  ],
  [
    "plain http to a private host with allowInsecureHttp",
    "sls",
    { endpoint: "http://sls.internal", allowInsecureHttp: true },
    { region: "http://sls.internal", endpoint: "http://sls.internal" },
  ],
];

const REFUSED: [string, "sls" | "dms", Given, RegExp][] = [
  [
    "a bad region id",
    "sls",
    { region: "Hangzhou 1" },
    /^stack\/Reader: region "Hangzhou 1" must be a region id/,
  ],
  [
    "plain http to a host that is not loopback",
    "dms",
    { endpoint: "http://dms.example-cloud.internal" },
    /^stack\/Reader: endpoint "http:\/\/dms.example-cloud.internal" must be an https:\/\/ URL \(plain http/,
  ],
  [
    "credentials in the URL, masked",
    "sls",
    { endpoint: "https://LTAIkey:s3cret@cn-hangzhou.log.aliyuncs.com" },
    /^stack\/Reader: endpoint "https:\/\/\*\*\*@cn-hangzhou.log.aliyuncs.com" must be a URL without credentials/,
  ],
  [
    "a path",
    "sls",
    { endpoint: "https://cn-hangzhou.log.aliyuncs.com/logstores" },
    /^stack\/Reader: endpoint ".*\/logstores" must be a URL without path, query or fragment/,
  ],
  [
    "not a URL",
    "dms",
    { endpoint: "dms.example" },
    /^stack\/Reader: endpoint "dms.example" must be an absolute URL/,
  ],
  [
    "another project's label",
    "sls",
    { endpoint: "https://other.cn-hangzhou.log.aliyuncs.com" },
    /^stack\/Reader: endpoint "https:\/\/other.cn-hangzhou.log.aliyuncs.com\/" must be the service endpoint, optionally with this group's project label/,
  ],
  [
    "a region the endpoint contradicts",
    "sls",
    { region: "cn-shanghai", endpoint: "https://cn-hangzhou.log.aliyuncs.com" },
    /^stack\/Reader: region "cn-shanghai" contradicts endpoint "https:\/\/cn-hangzhou.log.aliyuncs.com", which serves cn-hangzhou/,
  ],
];

describe("a location resolved at synth and by the hook", () => {
  it.each(ACCEPTED)("%s", (_what, cloud, given, expected) => {
    expect(synth(cloud, given)).toEqual(expected);
    expect(hook(cloud, given)).toEqual(expected);
  });

  it.each(REFUSED)("refuses %s in the same words on both sides", (_what, cloud, given, words) => {
    const atSynth = synth(cloud, given);
    const byHook = hook(cloud, given);

    expect(atSynth).toMatch(words);
    expect(byHook).toBe(atSynth);
    expect(byHook).not.toContain("s3cret");
  });
});

describe("resolveGivenLocation", () => {
  it("refuses neither region nor endpoint, with the cloud's example", () => {
    expect(() =>
      resolveGivenLocation({ allowInsecureHttp: false, identity: DMS_ID }, dmsEndpoints),
    ).toThrow(new LocationError(`region or endpoint must be given, e.g. ${dmsEndpoints.example}`));
  });

  it("refuses a value that is not a string, as a Terraform null would arrive", () => {
    expect(() =>
      resolveGivenLocation(
        { endpoint: null, allowInsecureHttp: false, identity: SLS_ID },
        slsEndpoints,
      ),
    ).toThrow(/^endpoint null must be a URL string$/);
  });
});

describe("a delete whose location the Group's state does not hold", () => {
  it("refuses it with the construct's path and how to recover, deleting nothing", () => {
    const payload = {
      v: 2,
      command: "delete",
      identity: SLS_ID,
      removalPolicy: "DESTROY",
      transport: {
        location: { at: "stack/Reader", given: null },
        allowInsecureHttp: false,
        requestTimeoutMs: 10000,
        deadlineMs: 120000,
      },
      credentials: DEFAULT_SLS_CREDENTIAL_SOURCES,
    };

    expect(() => parseHookPayload(HookCommand.DELETE, JSON.stringify(payload), CLOUDS)).toThrow(
      /^stack\/Reader: Terraform state holds no location for this group/,
    );
  });
});
