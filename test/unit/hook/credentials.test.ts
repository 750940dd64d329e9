import { resolveSlsCredentials } from "../../../lib/hook/credentials";
import { DEFAULT_SLS_CREDENTIAL_SOURCES } from "../../../lib/spec/names";

describe("resolveSlsCredentials", () => {
  it("prefers the ALIBABA_CLOUD_* variables", () => {
    const c = resolveSlsCredentials(DEFAULT_SLS_CREDENTIAL_SOURCES, {
      ALIBABA_CLOUD_ACCESS_KEY_ID: "id1",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "s1",
      ALICLOUD_ACCESS_KEY: "id2",
      ALICLOUD_SECRET_KEY: "s2",
    });
    expect(c).toMatchObject({ accessKeyId: "id1", accessKeySecret: "s1" });
    expect(c.securityToken).toBeUndefined();
  });

  it("falls back to ALICLOUD_* with its own token, never mixing pairs", () => {
    const c = resolveSlsCredentials(DEFAULT_SLS_CREDENTIAL_SOURCES, {
      ALIBABA_CLOUD_SECURITY_TOKEN: "wrong-token",
      ALICLOUD_ACCESS_KEY: "id2",
      ALICLOUD_SECRET_KEY: "s2",
      ALICLOUD_SECURITY_TOKEN: "t2",
    });
    expect(c).toMatchObject({ accessKeyId: "id2", accessKeySecret: "s2", securityToken: "t2" });
  });

  it("fails when the id is set but the secret is not, naming the missing variable", () => {
    expect(() =>
      resolveSlsCredentials(DEFAULT_SLS_CREDENTIAL_SOURCES, { ALIBABA_CLOUD_ACCESS_KEY_ID: "id1" }),
    ).toThrow(
      "ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is empty or unset",
    );
  });

  it("fails with no credentials, and the hint names every pair it tried", () => {
    try {
      resolveSlsCredentials(DEFAULT_SLS_CREDENTIAL_SOURCES, {});
      throw new Error("expected a failure");
    } catch (e) {
      expect((e as { hint: string }).hint).toContain(
        "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY",
      );
    }
  });
});
