import { maskUrlUserinfo } from "../../../lib/contract/redact";

// #11: every message that repeats an endpoint masks its user info, whatever the scheme.
describe("maskUrlUserinfo", () => {
  it.each([
    [
      "https://key:s3cr3tPW@cn-hangzhou.log.aliyuncs.com",
      "https://***@cn-hangzhou.log.aliyuncs.com",
    ],
    ["http://user:s3cr3tPW@host.example", "http://***@host.example"],
    ["ftp://user:s3cr3tPW@host.example/x", "ftp://***@host.example/x"],
    ['endpoint "user:s3cr3tPW@host.example" must be', 'endpoint "user:***@host.example" must be'],
    ["https://s3cr3tPW@host.example", "https://***@host.example"],
  ])("masks %s", (text, masked) => {
    expect(maskUrlUserinfo(text)).toBe(masked);
    expect(maskUrlUserinfo(text)).not.toContain("s3cr3tPW");
  });

  it("leaves URLs without user info alone", () => {
    expect(maskUrlUserinfo("https://host.example:8443/a?b=c@d")).toBe(
      "https://host.example:8443/a?b=c@d",
    );
  });
});
