// Every synth-time prop check: "<construct path>: <prop> <bad value> must be <rule>".

import {
  DmsQueueConsumerGroup,
  SlsConsumerGroup,
  type DmsQueueConsumerGroupProps,
  type SlsConsumerGroupProps,
} from "../../lib";
import { BASE, newStack } from "./synth-helpers";

function declare(props: Partial<SlsConsumerGroupProps> | Record<string, unknown>): () => void {
  return () =>
    new SlsConsumerGroup(newStack(), "Reader", { ...BASE, ...props } as SlsConsumerGroupProps);
}

describe("prop validation", () => {
  it.each([
    // [case, props, message]
    [
      "a project with upper case",
      { project: "Shop" },
      'stack/Reader: project "Shop" must be 3-63 characters of a-z, 0-9 or -, starting and ending with a letter or digit',
    ],
    [
      "a logstore with a dot",
      { logstore: "or.ders" },
      'stack/Reader: logstore "or.ders" must be 3-63 characters of a-z, 0-9, _ or -, starting and ending with a letter or digit',
    ],
    [
      "a group name with !",
      { name: "reader!" },
      'stack/Reader: name "reader!" must be 1-128 characters of A-Z, a-z, 0-9, _ or -',
    ],
    [
      "a group name of 129 characters",
      { name: "a".repeat(129) },
      `stack/Reader: name "${"a".repeat(129)}" must be 1-128`,
    ],
    [
      "a timeout of 0",
      { timeout: 0 },
      "stack/Reader: timeout 0 must be a whole number of seconds from 1 to 86400",
    ],
    [
      "a timeout above a day",
      { timeout: 86_401 },
      "stack/Reader: timeout 86401 must be a whole number of seconds from 1 to 86400",
    ],
    [
      "a fractional timeout",
      { timeout: 1.5 },
      "stack/Reader: timeout 1.5 must be a whole number of seconds from 1 to 86400",
    ],
    [
      "a region that is no region id",
      { region: "Hangzhou" },
      'stack/Reader: region "Hangzhou" must be a region id such as cn-hangzhou',
    ],
    [
      "neither region nor endpoint",
      { region: undefined },
      "stack/Reader: region or endpoint must be given",
    ],
    [
      "an endpoint that is no URL",
      { endpoint: "cn-hangzhou.log.aliyuncs.com" },
      'stack/Reader: endpoint "cn-hangzhou.log.aliyuncs.com" must be an absolute URL',
    ],
    [
      "an ftp endpoint",
      { endpoint: "ftp://cn-hangzhou.log.aliyuncs.com" },
      'stack/Reader: endpoint "ftp://cn-hangzhou.log.aliyuncs.com" must be an https:// URL',
    ],
    [
      "plain http to a remote host",
      { endpoint: "http://cn-hangzhou.log.aliyuncs.com" },
      'stack/Reader: endpoint "http://cn-hangzhou.log.aliyuncs.com" must be an https:// URL (plain http:// only for loopback hosts, or set allowInsecureHttp: true)',
    ],
    [
      "credentials in the endpoint",
      { endpoint: "https://ak:sk@cn-hangzhou.log.aliyuncs.com" },
      'stack/Reader: endpoint "https://***@cn-hangzhou.log.aliyuncs.com" must be a URL without credentials',
    ],
    [
      "an endpoint with a path",
      { endpoint: "https://cn-hangzhou.log.aliyuncs.com/logstores" },
      "must be a URL without path, query or fragment",
    ],
    [
      "an endpoint with a query",
      { endpoint: "https://cn-hangzhou.log.aliyuncs.com?x=1" },
      "must be a URL without path, query or fragment",
    ],
    [
      "an endpoint with another project's label",
      { endpoint: "https://other.cn-hangzhou.log.aliyuncs.com" },
      'stack/Reader: endpoint "https://other.cn-hangzhou.log.aliyuncs.com/" must be the service endpoint, optionally with this group\'s project label ("shop-prod.")',
    ],
    [
      "a credential variable with a dash",
      { credentials: { accessKeyIdVariable: "MY-AK", accessKeySecretVariable: "MY_SK" } },
      'stack/Reader: credentials.accessKeyIdVariable "MY-AK" must be an environment variable name',
    ],
    [
      "a secret variable with ${",
      { credentials: { accessKeyIdVariable: "MY_AK", accessKeySecretVariable: "${var.sk}" } },
      'stack/Reader: credentials.accessKeySecretVariable "${var.sk}" must be an environment variable name',
    ],
    [
      "a token variable starting with a digit",
      {
        credentials: {
          accessKeyIdVariable: "MY_AK",
          accessKeySecretVariable: "MY_SK",
          securityTokenVariable: "1TOKEN",
        },
      },
      'stack/Reader: credentials.securityTokenVariable "1TOKEN" must be an environment variable name',
    ],
    [
      "a request timeout of 0",
      { requestTimeoutSeconds: 0 },
      "stack/Reader: requestTimeoutSeconds 0 must be a whole number of seconds from 1 to 86400",
    ],
    [
      "a fractional deadline",
      { deadlineSeconds: 2.5 },
      "stack/Reader: deadlineSeconds 2.5 must be a whole number of seconds from 1 to 86400",
    ],
    [
      "an unknown removal policy",
      { removalPolicy: "KEEP" },
      'stack/Reader: removalPolicy "KEEP" must be one of "DESTROY", "RETAIN"',
    ],
    [
      "an unknown hook resource",
      { hookResource: "local_exec" },
      'stack/Reader: hookResource "local_exec" must be one of "terraform_data", "null_resource"',
    ],
    ["a non-boolean order", { order: "yes" }, 'stack/Reader: order "yes" must be true or false'],
    [
      "a copyCheckpointsFrom that is no group name",
      { copyCheckpointsFrom: "old reader" },
      'stack/Reader: copyCheckpointsFrom "old reader" must be 1-128 characters of A-Z, a-z, 0-9, _ or -',
    ],
    [
      "a copyCheckpointsFrom naming the group itself",
      { copyCheckpointsFrom: "orders-reader" },
      'stack/Reader: copyCheckpointsFrom "orders-reader" must name another group of the same logstore, not this group itself; remove it or name the group to copy from',
    ],
  ])("rejects %s", (_case, props, message) => {
    expect(declare(props)).toThrow(message);
  });

  it.each([
    ["http to localhost", { endpoint: "http://localhost:8080" }],
    ["http to 127.0.0.1", { endpoint: "http://127.0.0.1:9" }],
    ["http to [::1]", { endpoint: "http://[::1]:9" }],
    [
      "http to a remote host with allowInsecureHttp",
      { endpoint: "http://sls.internal:80", allowInsecureHttp: true },
    ],
    ["the longest timeout", { timeout: 86_400 }],
    ["a 128-character name", { name: "a".repeat(128) }],
  ])("accepts %s", (_case, props) => {
    expect(declare(props)).not.toThrow();
  });
});

it("never repeats credentials found in an endpoint URL", () => {
  let message = "";
  try {
    declare({ endpoint: "https://LTAIcanary:canary-secret-0c1d@cn-hangzhou.log.aliyuncs.com" })();
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toContain("must be a URL without credentials");
  expect(message).not.toMatch(/LTAIcanary|canary-secret-0c1d/);
});

// Locations are resolved once per distinct props (lib/constructs/location.ts): a group whose
// props differ in anything that matters is still checked, with its own path in the message.
describe("endpoint checks after an earlier group resolved the same endpoint", () => {
  const declareIn = (stack: ReturnType<typeof newStack>, id: string, props: object) => () =>
    new SlsConsumerGroup(stack, id, { ...BASE, name: id, ...props } as SlsConsumerGroupProps);

  it("refuses plain http without allowInsecureHttp", () => {
    const stack = newStack();
    const endpoint = "http://sls.internal:80";
    expect(declareIn(stack, "A", { endpoint, allowInsecureHttp: true })).not.toThrow();
    expect(declareIn(stack, "B", { endpoint })).toThrow(
      'stack/B: endpoint "http://sls.internal:80" must be an https:// URL (plain http:// only for loopback hosts',
    );
  });

  it("refuses another project's label", () => {
    const stack = newStack();
    const endpoint = "https://shop-prod.cn-hangzhou.log.aliyuncs.com";
    expect(declareIn(stack, "A", { endpoint })).not.toThrow();
    expect(declareIn(stack, "B", { endpoint, project: "other-prod" })).toThrow(
      'stack/B: endpoint "https://shop-prod.cn-hangzhou.log.aliyuncs.com/" must be the service endpoint',
    );
  });

  it("refuses a region that is not a string", () => {
    const stack = newStack();
    const endpoint = "https://cn-hangzhou.log.aliyuncs.com";
    expect(declareIn(stack, "A", { endpoint, region: undefined })).not.toThrow();
    expect(declareIn(stack, "B", { endpoint, region: null })).toThrow(
      "stack/B: region null must be a region id",
    );
  });

  it("gives each group the same location as resolving it alone", () => {
    const stack = newStack();
    const props = {
      endpoint: "https://shop-prod.cn-shanghai.log.aliyuncs.com:8443",
      region: undefined,
    };
    const a = declareIn(stack, "A", props)();
    const b = declareIn(stack, "B", props)();
    const alone = declareIn(newStack(), "C", props)();
    for (const group of [a, b]) {
      expect([group.region, group.endpoint]).toEqual([alone.region, alone.endpoint]);
    }
    expect([alone.region, alone.endpoint]).toEqual([
      "cn-shanghai",
      "https://cn-shanghai.log.aliyuncs.com:8443",
    ]);
  });
});

// The https:// check once quoted the endpoint as written, credentials included, while the
// credential check itself masked them. Every message that repeats an endpoint masks userinfo.
//
// | construct | endpoint                             | first rule it breaks      |
// |-----------|--------------------------------------|---------------------------|
// | SLS       | http://user:s3cr3tPW@host.example    | https:// (remote http)    |
// | SLS       | ftp://user:s3cr3tPW@host.example     | https:// (scheme)         |
// | DMS       | http://user:s3cr3tPW@host.example    | https:// (remote http)    |
// | DMS       | ftp://user:s3cr3tPW@host.example     | https:// (scheme)         |
// | SLS       | http://user:s3cr3tPW@host .example   | no spaces (before parsing) |
// | SLS       | user:s3cr3tPW@host.example           | https:// (scheme "user:")  |
describe("endpoint credentials in any synth error", () => {
  it.each([
    ["SLS", "http://user:s3cr3tPW@host.example"],
    ["SLS", "ftp://user:s3cr3tPW@host.example"],
    ["DMS", "http://user:s3cr3tPW@host.example"],
    ["DMS", "ftp://user:s3cr3tPW@host.example"],
    ["SLS", "http://user:s3cr3tPW@host .example"],
    ["SLS", "user:s3cr3tPW@host.example"],
  ])("masks the password of %s endpoint %s", (service, endpoint) => {
    const build =
      service === "SLS"
        ? () =>
            new SlsConsumerGroup(newStack(), "Reader", {
              ...BASE,
              endpoint,
            } as SlsConsumerGroupProps)
        : () =>
            new DmsQueueConsumerGroup(newStack(), "Billing", {
              region: "cn-north-4",
              endpoint,
              projectId: "0a1b2c3d4e5f40718293a4b5c6d7e8f9",
              queue: { name: "billing" },
              name: "billing-workers",
            });

    const message = errorOf(build);

    expect(message).toContain("endpoint ");
    expect(message).not.toContain("s3cr3tPW");
    expect(message).toContain("***@");
  });
});

// The user info is masked in the raw value, before it is parsed, escaped or cut to 200
// characters: no character of the password and no length of the value moves the `@` out of the
// masked part.
//
// | endpoint                                          | first rule it breaks           |
// |---------------------------------------------------|--------------------------------|
// | https://user:pa/ss@host (a slash)                 | no path (parsed host "user")   |
// | https://user:pa#ss@host, pa?ss, pa"ss             | no fragment / query / a URL    |
// | https://user:pa ss@host (a space)                 | no spaces (before parsing)     |
// | https://user:<300 characters>@host               | no credentials (cut at 200)    |
// | user:pa ss@host (no //, a space)                  | no spaces                      |
describe("endpoint credentials with any character, of any length", () => {
  it.each([
    ["a slash", "https://user:Qx/ss-s3cr3tPW@cn-hangzhou.log.aliyuncs.com"],
    ["a hash", "https://user:Qx#ss-s3cr3tPW@cn-hangzhou.log.aliyuncs.com"],
    ["a question mark", "https://user:Qx?ss-s3cr3tPW@cn-hangzhou.log.aliyuncs.com"],
    ["a double quote", 'https://user:Qx"ss-s3cr3tPW@cn-hangzhou.log.aliyuncs.com'],
    ["a space", "https://user:Qx ss-s3cr3tPW@cn-hangzhou.log.aliyuncs.com"],
    ["no // and a space", "user:Qx ss-s3cr3tPW@cn-hangzhou.log.aliyuncs.com"],
    ["300 characters", `https://user:${"Q".repeat(300)}-s3cr3tPW@cn-hangzhou.log.aliyuncs.com`],
    ["300 characters then a slash", `https://user:${"Q".repeat(300)}/s3cr3tPW@host.example`],
  ])("masks a password with %s in the synth error", (_case, endpoint) => {
    const message = errorOf(declare({ region: undefined, endpoint }));

    expect(message).toMatch(/^stack\/Reader: endpoint /);
    expect(message).not.toContain("s3cr3tPW");
    expect(message).not.toContain("Qx");
    expect(message).toContain("***@");
  });
});

// A key pasted where a variable name belongs is refused, and the message never repeats it:
// the key never reaches cdk.tf.json, state, or the synth output.
describe("a key given as a credential variable name", () => {
  const KEYS = [
    ["an AccessKey id", "LTAI5tQ2dS8kR9xVbN3mWz7P"],
    ["an STS AccessKey id", "STS.NUgYrLnoC8Ca2aVjaQr3dpXGz"],
    ["an AccessKey secret", "q8Rk3mZ0wLxT5vBn2YcH7dJf9GsA1e"],
  ] as const;

  it.each(KEYS)("rejects %s as accessKeySecretVariable without echoing it", (_case, key) => {
    const message = errorOf(
      declare({ credentials: { accessKeyIdVariable: "PROD_AK", accessKeySecretVariable: key } }),
    );

    expect(message).toContain(
      "stack/Reader: credentials.accessKeySecretVariable looks like a key itself",
    );
    expect(message).toContain('e.g. credentials.accessKeySecretVariable: "PROD_ACCESS_KEY_SECRET"');
    expect(message).not.toContain(key);
    expect(message).not.toContain(key.slice(4, 16));
  });

  it.each(KEYS)("rejects %s as a DMS secretKeyVariable without echoing it", (_case, key) => {
    const message = errorOf(
      () =>
        new DmsQueueConsumerGroup(newStack(), "Billing", {
          region: "cn-north-4",
          projectId: "0a1b2c3d4e5f40718293a4b5c6d7e8f9",
          queue: { name: "billing" },
          name: "billing-workers",
          credentials: { accessKeyVariable: "PROD_AK", secretKeyVariable: key },
        }),
    );

    expect(message).toContain(
      "stack/Billing: credentials.secretKeyVariable looks like a key itself",
    );
    expect(message).not.toContain(key);
  });

  it("accepts ordinary variable names, long ones and mixed-case ones included", () => {
    expect(
      errorOf(
        declare({
          credentials: {
            accessKeyIdVariable: "Prod_Shop_Orders_Reader_AccessKeyId_2",
            accessKeySecretVariable: "PROD_SHOP_ORDERS_READER_ACCESS_KEY_SECRET",
            securityTokenVariable: "ProdToken",
          },
        }),
      ),
    ).toBe("(no error)");
  });
});

// Props that contradict each other are refused, naming the prop and the fix; each would
// otherwise synthesize and do something other than what was written.
//
// | props                                                       | refused because                     |
// |-------------------------------------------------------------|-------------------------------------|
// | region cn-hangzhou, endpoint of cn-beijing (SLS, DMS)       | the endpoint decides; region lies   |
// | SLS-only props on a DMS group, from JavaScript              | silently ignored                    |
// | DMS-only props on an SLS group, from JavaScript             | silently ignored                    |
// | deadlineSeconds 5 < requestTimeoutSeconds 10                | no whole request fits the deadline  |
describe("contradictions", () => {
  const DMS_BASE = {
    projectId: "0a1b2c3d4e5f40718293a4b5c6d7e8f9",
    queue: { name: "billing" },
    name: "billing-workers",
  };

  it("rejects an SLS region the endpoint does not serve", () => {
    expect(
      errorOf(
        declare({
          region: "cn-hangzhou",
          endpoint: "https://cn-beijing-intranet.log.aliyuncs.com",
        }),
      ),
    ).toBe(
      'stack/Reader: region "cn-hangzhou" contradicts endpoint "https://cn-beijing-intranet.log.aliyuncs.com", ' +
        'which serves cn-beijing: give only one of them, or make both name the same region (region: "cn-beijing", ' +
        "or the endpoint of cn-hangzhou)",
    );
  });

  it("rejects a DMS region the public endpoint does not serve", () => {
    const message = errorOf(
      () =>
        new DmsQueueConsumerGroup(newStack(), "Billing", {
          ...DMS_BASE,
          region: "cn-north-4",
          endpoint: "https://dms.cn-south-1.myhuaweicloud.com",
        }),
    );
    expect(message).toContain('stack/Billing: region "cn-north-4" contradicts endpoint');
    expect(message).toContain("which serves cn-south-1");
  });

  it("accepts a region with the endpoint of that region, and with an endpoint of no known region", () => {
    expect(
      errorOf(
        declare({
          region: "cn-hangzhou",
          endpoint: "https://cn-hangzhou-intranet.log.aliyuncs.com",
        }),
      ),
    ).toBe("(no error)");
    expect(
      errorOf(declare({ region: "cn-hangzhou", endpoint: "https://sls.private-cloud.example" })),
    ).toBe("(no error)");
  });

  it.each(["project", "logstore", "timeout", "order", "copyCheckpointsFrom", "inUseWindowSeconds"])(
    "rejects the SLS prop %s on a DMS group passed from JavaScript",
    (prop) => {
      const props = { ...DMS_BASE, region: "cn-north-4", [prop]: prop === "order" ? true : "x" };
      const message = errorOf(
        () =>
          new DmsQueueConsumerGroup(
            newStack(),
            "Billing",
            props as unknown as DmsQueueConsumerGroupProps,
          ),
      );
      expect(message).toBe(
        `stack/Billing: ${prop} is a prop of SlsConsumerGroup, not of DmsQueueConsumerGroup, which ` +
          "would ignore it: remove it, or declare the group with SlsConsumerGroup if it belongs to that service",
      );
    },
  );

  it.each(["projectId", "queue", "readyTimeoutSeconds"])(
    "rejects the DMS prop %s on an SLS group passed from JavaScript",
    (prop) => {
      expect(errorOf(declare({ [prop]: 1 }))).toContain(
        `stack/Reader: ${prop} is a prop of DmsQueueConsumerGroup, not of SlsConsumerGroup`,
      );
    },
  );

  it("rejects a deadline shorter than one request's timeout", () => {
    expect(errorOf(declare({ deadlineSeconds: 5 }))).toBe(
      "stack/Reader: deadlineSeconds 5 must be at least requestTimeoutSeconds 10 (one hook run must " +
        "have time for one whole request): raise deadlineSeconds or lower requestTimeoutSeconds",
    );
    expect(errorOf(declare({ deadlineSeconds: 30, requestTimeoutSeconds: 60 }))).toContain(
      "deadlineSeconds 30 must be at least requestTimeoutSeconds 60",
    );
    expect(errorOf(declare({ deadlineSeconds: 10, requestTimeoutSeconds: 10 }))).toBe("(no error)");
  });
});

// ---------------------------------------------------------------------------------------

function errorOf(build: () => unknown): string {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  return "(no error)";
}
