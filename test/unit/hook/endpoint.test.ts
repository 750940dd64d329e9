import { dmsPublicEndpoint, resolveEndpoint, slsPublicEndpoint } from "../../../lib/hook/endpoint";
import type { Transport } from "../../../lib/spec/payload";

const resolveSlsEndpoint = (region: string, t: Transport) =>
  resolveEndpoint(region, t, slsPublicEndpoint);

const transport = (endpoint: string, region: string, allowInsecureHttp = false) => ({
  endpoint,
  region,
  allowInsecureHttp,
  requestTimeoutMs: 1000,
  deadlineMs: 1000,
});

// | identity region | configured for  | endpoint used                          |
// |-----------------|-----------------|----------------------------------------|
// | same            | cn-hangzhou     | the configured one (intranet, emulator) |
// | cn-shanghai     | cn-hangzhou     | cn-shanghai's public endpoint          |
// | an origin       | another region  | that origin                            |
describe("resolveEndpoint for DMS", () => {
  it("builds Huawei Cloud's public DMS endpoint for a group of another region", () => {
    expect(
      resolveEndpoint(
        "cn-north-4",
        transport("http://127.0.0.1:9", "cn-east-2"),
        dmsPublicEndpoint,
      ),
    ).toBe("https://dms.cn-north-4.myhuaweicloud.com");
  });
});

describe("resolveEndpoint for SLS", () => {
  it("uses the configured endpoint for a group of the configured region", () => {
    expect(
      resolveSlsEndpoint(
        "cn-hangzhou",
        transport("https://cn-hangzhou-intranet.log.aliyuncs.com", "cn-hangzhou"),
      ),
    ).toBe("https://cn-hangzhou-intranet.log.aliyuncs.com");
  });

  it("derives the public endpoint for a group left in a previous region", () => {
    expect(resolveSlsEndpoint("cn-shanghai", transport("http://127.0.0.1:9", "cn-hangzhou"))).toBe(
      "https://cn-shanghai.log.aliyuncs.com",
    );
  });

  it("uses the stored origin of an endpoint-only group", () => {
    expect(
      resolveSlsEndpoint("http://127.0.0.1:4580", transport("https://x.example", "cn-hangzhou")),
    ).toBe("http://127.0.0.1:4580");
  });

  it("allows plain http to loopback", () => {
    expect(resolveSlsEndpoint("r-1", transport("http://localhost:4580", "r-1"))).toBe(
      "http://localhost:4580",
    );
  });

  it("rejects plain http to another host unless opted in", () => {
    expect(() =>
      resolveSlsEndpoint("cn-hangzhou", transport("http://sls.internal", "cn-hangzhou")),
    ).toThrow("endpoint http://sls.internal is not https");
    expect(
      resolveSlsEndpoint("cn-hangzhou", transport("http://sls.internal", "cn-hangzhou", true)),
    ).toBe("http://sls.internal");
  });

  it("fails for a region it cannot map to an endpoint", () => {
    expect(() => resolveSlsEndpoint("???", transport("https://x.example", "cn-hangzhou"))).toThrow(
      'cannot tell which endpoint serves region "???"',
    );
  });
});
