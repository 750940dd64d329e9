import { resolveEndpoint } from "../../../lib/runtime/endpoint";

const transport = (endpoint: string, region: string, allowInsecureHttp = false) => ({
  endpoint,
  region,
  allowInsecureHttp,
  requestTimeoutMs: 1000,
  deadlineMs: 1000,
});

// Region and endpoint are how a group is reached, not who it is: the hook always calls
// the endpoint of the current configuration, also for an identity read back from state.
describe("resolveEndpoint", () => {
  it("uses the configured endpoint (intranet, emulator) as it is", () => {
    expect(
      resolveEndpoint(transport("https://cn-hangzhou-intranet.log.aliyuncs.com", "cn-hangzhou")),
    ).toBe("https://cn-hangzhou-intranet.log.aliyuncs.com");
  });

  it("never derives another region's endpoint: the configured one is where the group is", () => {
    expect(resolveEndpoint(transport("http://127.0.0.1:9", "cn-east-2"))).toBe(
      "http://127.0.0.1:9",
    );
  });

  it("allows plain http to loopback", () => {
    expect(resolveEndpoint(transport("http://localhost:4580", "r-1"))).toBe(
      "http://localhost:4580",
    );
  });

  it("rejects plain http to another host unless opted in", () => {
    expect(() => resolveEndpoint(transport("http://sls.internal", "cn-hangzhou"))).toThrow(
      "endpoint http://sls.internal is not https",
    );
    expect(resolveEndpoint(transport("http://sls.internal", "cn-hangzhou", true))).toBe(
      "http://sls.internal",
    );
  });
});
