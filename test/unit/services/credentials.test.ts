import {
  describeDmsSource,
  resolveDmsCredentials,
} from "../../../lib/clouds/huawei/dms/dms-credentials";
import { resolveSlsCredentials } from "../../../lib/clouds/alibaba/sls/sls-credentials";
import { DEFAULT_DMS_CREDENTIAL_SOURCES } from "../../../lib/clouds/huawei/dms/dms-contract";
import { DEFAULT_SLS_CREDENTIAL_SOURCES } from "../../../lib/clouds/alibaba/sls/sls-contract";

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

describe("resolveDmsCredentials", () => {
  const withToken = [...DEFAULT_DMS_CREDENTIAL_SOURCES, { iamToken: "HW_AUTH_TOKEN" }];

  it("prefers HW_ACCESS_KEY / HW_SECRET_KEY, with the security token of temporary keys", () => {
    const c = resolveDmsCredentials(withToken, {
      HW_ACCESS_KEY: "ak1",
      HW_SECRET_KEY: "sk1",
      HW_SECURITY_TOKEN: "t1",
      HUAWEICLOUD_SDK_AK: "ak2",
      HUAWEICLOUD_SDK_SK: "sk2",
      HW_AUTH_TOKEN: "iam",
    });
    expect(c.auth).toEqual({
      kind: "aksk",
      accessKey: "ak1",
      secretKey: "sk1",
      securityToken: "t1",
    });
  });

  it("falls back to the SDK's HUAWEICLOUD_SDK_AK / _SK", () => {
    const c = resolveDmsCredentials(withToken, {
      HUAWEICLOUD_SDK_AK: "ak2",
      HUAWEICLOUD_SDK_SK: "sk2",
    });
    expect(c.auth).toEqual({ kind: "aksk", accessKey: "ak2", secretKey: "sk2" });
  });

  it("uses an IAM token when no AK is set", () => {
    const c = resolveDmsCredentials(withToken, { HW_AUTH_TOKEN: "iam-token" });
    expect(c.auth).toEqual({ kind: "token", token: "iam-token" });
    expect(describeDmsSource(c.source)).toBe("HW_AUTH_TOKEN (an IAM token)");
  });

  it("fails with no credentials, naming every source it tried", () => {
    expect(() => resolveDmsCredentials(withToken, {})).toThrow("no DMS credentials");
    try {
      resolveDmsCredentials(withToken, {});
    } catch (e) {
      expect((e as { hint: string }).hint).toContain(
        "HW_ACCESS_KEY and HW_SECRET_KEY (and HW_SECURITY_TOKEN for temporary keys), or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or HW_AUTH_TOKEN (an IAM token)",
      );
    }
  });
});
