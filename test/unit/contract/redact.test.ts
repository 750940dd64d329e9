import {
  looksLikeKey,
  maskUrlUserinfo,
  maskUrlValue,
  redactMessage,
} from "../../../lib/contract/redact";

// Every message that repeats an endpoint masks its user info, whatever the scheme.
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

// The password may hold any character a URL parser stops at, and the value may be long: masking
// runs on the raw text, before it is parsed, escaped or cut.
describe("maskUrlUserinfo with any character in the password", () => {
  it.each([
    ["a slash", "https://user:pa/ss-s3cr3tPW@host.example"],
    ["a hash", "https://user:pa#ss-s3cr3tPW@host.example"],
    ["a question mark", "https://user:pa?ss-s3cr3tPW@host.example"],
    ["a double quote", 'https://user:pa"ss-s3cr3tPW@host.example'],
    ["a space", "https://user:pa ss-s3cr3tPW@host.example"],
    ["an @", "https://user:pa@ss-s3cr3tPW@host.example"],
    ["every one of them", 'https://user:/#?" @s3cr3tPW@host.example'],
  ])("masks a password with %s", (_case, url) => {
    const text = `endpoint ${JSON.stringify(url)} must be a URL without credentials`;
    const masked = maskUrlUserinfo(text);
    expect(masked).not.toContain("s3cr3tPW");
    expect(masked).toContain("https://***@host.example");
    expect(masked).toContain("must be a URL without credentials");
  });

  it("masks each URL of a line on its own, and leaves the one without user info alone", () => {
    const line =
      "could not talk to https://dms.example.com through the proxy HTTPS_PROXY http://corp:s3cr3tPW@proxy:3128: ECONNREFUSED";
    expect(maskUrlUserinfo(line)).toBe(
      "could not talk to https://dms.example.com through the proxy HTTPS_PROXY http://***@proxy:3128: ECONNREFUSED",
    );
  });
});

describe("maskUrlValue", () => {
  it.each([
    ["https://user:p a/s#s?@host.example", "https://***@host.example"],
    ["user:p a/ss@host.example", "user:***@host.example"],
    [`https://u:${"x".repeat(300)}s3cr3tPW@host.example`, "https://***@host.example"],
    ["s3cr3tPW@host.example", "***@host.example"],
    ["https://host.example", "https://host.example"],
  ])("shows %j as %j", (value, shown) => {
    expect(maskUrlValue(value)).toBe(shown);
  });
});

describe("redactMessage", () => {
  it("masks user info, a quoted signature and every given secret in one pass", () => {
    const text =
      "401 SignatureNotMatch: signature VSmodkAUQEdsRTSSTf2eJExiSyE= not match; key KEY-s3cr3t via http://u:pw-s3cr3t@proxy:1";
    expect(redactMessage(text, ["KEY-s3cr3t", undefined])).toBe(
      "401 SignatureNotMatch: signature *** not match; key *** via http://***@proxy:1",
    );
  });
});

describe("looksLikeKey", () => {
  it.each([
    ["an AccessKey id", "LTAI5tQ2dS8kR9xVbN3mWz7P"],
    ["a short AccessKey id", "LTAI4Fk9mQ2x"],
    ["an STS AccessKey id", "STS.NUgYrLnoC8Ca2aVjaQr3dpXGz"],
    ["an SLS-style secret", "q8Rk3mZ0wLxT5vBn2YcH7dJf9GsA1e"],
    ["a Huawei-style secret key", "Zk3Jq9Lm2Xw8Rt5Vb1Nc7Hd4Fs6Gp0Ae2Uy9Io3"],
    ["a key with a trailing newline", "q8Rk3mZ0wLxT5vBn2YcH7dJf9GsA1e\n"],
  ])("is true for %s", (_case, value) => {
    expect(looksLikeKey(value)).toBe(true);
  });

  it.each([
    ["a variable name", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"],
    ["a short mixed name", "ProdSk1"],
    ["a long name with underscores", "Prod_Shop_Orders_Reader_Secret_2"],
    ["a long lower-case name without digits", "prodshopordersreadersecretkey"],
    ["not a string", 42],
  ])("is false for %s", (_case, value) => {
    expect(looksLikeKey(value)).toBe(false);
  });
});
