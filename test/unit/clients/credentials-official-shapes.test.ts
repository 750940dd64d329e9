// The hook's own STS and metadata requests against the official credentials package's
// (@alicloud/credentials, a devDependency here): the package is run with its HTTP call replaced
// by a recorder, and the request it would send is compared, field by field, with ours. The
// shapes (names, never values) are kept in test/fixtures/credentials/official-requests.json, so
// a package upgrade that changes them fails here.

import { readFileSync } from "node:fs";
import * as path from "node:path";
import { rpcSignature } from "../../../lib/clouds/alibaba/shared/rpc-signature";
import { stsRequest } from "../../../lib/clouds/alibaba/shared/sts-client";

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const OidcProvider = require("@alicloud/credentials/dist/src/providers/oidc_role_arn").default;
const RamRoleProvider = require("@alicloud/credentials/dist/src/providers/ram_role_arn").default;
const StaticAk = require("@alicloud/credentials/dist/src/providers/static_ak").default;
const EcsProvider = require("@alicloud/credentials/dist/src/providers/ecs_ram_role").default;

interface Recorded {
  method: string;
  host?: string;
  path?: string;
  queries?: Record<string, string>;
  headers?: Record<string, string>;
  bodyForm?: Record<string, string>;
}

const FIXTURE = path.resolve(__dirname, "../../fixtures/credentials/official-requests.json");
const fixture = JSON.parse(readFileSync(FIXTURE, "utf8")) as Record<string, unknown>;

const OK = {
  statusCode: 200,
  headers: {},
  body: Buffer.from(
    JSON.stringify({
      Credentials: {
        AccessKeyId: "STS.x",
        AccessKeySecret: "s",
        SecurityToken: "t",
        Expiration: "2099-01-01T00:00:00Z",
      },
    }),
  ),
};

async function record(provider: any, answers: (r: Recorded) => unknown = () => OK) {
  const seen: Recorded[] = [];
  provider.doRequest = async (r: Recorded) => {
    seen.push(r);
    return answers(r);
  };
  await provider.getCredentials();
  return seen;
}

function shape(r: Recorded) {
  return {
    method: r.method,
    ...(r.path ? { path: r.path } : {}),
    queries: Object.keys(r.queries ?? {}).sort(),
    headers: Object.keys(r.headers ?? {})
      .map((h) => h.toLowerCase())
      .sort(),
    form: Object.keys(r.bodyForm ?? {}).sort(),
  };
}

const ROLE = {
  roleArn: "acs:ram::1234567890123456:role/r",
  sessionName: "s",
  durationSeconds: 3600,
};

describe("the official package's requests, and ours", () => {
  it("AssumeRoleWithOIDC: the same query and form parameters, POST, form content type", async () => {
    const provider = OidcProvider.builder()
      .withRoleArn(ROLE.roleArn)
      .withOIDCProviderArn("acs:ram::1:oidc-provider/p")
      .withOIDCTokenFilePath(__filename)
      .withStsEndpoint("sts.example")
      .build();
    const [official] = await record(provider);
    expect(shape(official!)).toEqual(fixture["AssumeRoleWithOIDC"]);

    const ours = stsRequest(
      "AssumeRoleWithOIDC",
      {
        OIDCProviderArn: "p",
        OIDCToken: "t",
        RoleArn: ROLE.roleArn,
        RoleSessionName: "s",
        DurationSeconds: "3600",
      },
      undefined,
      Date.now(),
    );
    expect(Object.keys(ours.query).sort()).toEqual(shape(official!).queries);
    expect(ours.query["Version"]).toBe(official!.queries!["Version"]);
    expect(Object.keys(Object.fromEntries(new URLSearchParams(ours.body))).sort()).toEqual(
      shape(official!).form,
    );
  });

  it("AssumeRole: the same parameters, and the package's signature is the one ours computes", async () => {
    const previous = StaticAk.builder()
      .withAccessKeyId("LTAI-id")
      .withAccessKeySecret("secret")
      .build();
    const provider = RamRoleProvider.builder()
      .withCredentialsProvider(previous)
      .withRoleArn(ROLE.roleArn)
      .withRoleSessionName("s")
      .withStsEndpoint("sts.example")
      .build();
    const [official] = await record(provider);
    expect(shape(official!)).toEqual(fixture["AssumeRole"]);

    const { Signature, ...unsigned } = official!.queries!;
    expect(rpcSignature("POST", { ...unsigned, ...official!.bodyForm }, "secret")).toBe(Signature);

    const ours = stsRequest(
      "AssumeRole",
      { RoleArn: ROLE.roleArn, RoleSessionName: "s", DurationSeconds: "3600" },
      { accessKeyId: "LTAI-id", accessKeySecret: "secret" },
      Date.now(),
    );
    expect(Object.keys(ours.query).sort()).toEqual(shape(official!).queries);
    for (const name of ["Version", "Action", "Format", "SignatureMethod", "SignatureVersion"]) {
      expect(ours.query[name]).toBe(official!.queries![name]);
    }
  });

  it("ECS RAM role: the token PUT with its TTL header, then the role name and key with the token", async () => {
    const provider = EcsProvider.builder().build();
    const seen = await record(provider, (r) => {
      if (r.method === "PUT") return { statusCode: 200, headers: {}, body: Buffer.from("tok") };
      if (r.path!.endsWith("/")) return { statusCode: 200, headers: {}, body: Buffer.from("role") };
      return {
        statusCode: 200,
        headers: {},
        body: Buffer.from(
          JSON.stringify({
            Code: "Success",
            AccessKeyId: "a",
            AccessKeySecret: "b",
            SecurityToken: "c",
            Expiration: "2099-01-01T00:00:00Z",
          }),
        ),
      };
    });
    expect(seen.map(shape)).toEqual(fixture["EcsRamRole"]);
    expect(seen[0]!.headers!["x-aliyun-ecs-metadata-token-ttl-seconds"]).toBe("21600");
  });
});
