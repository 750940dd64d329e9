import {
  slsAuthorization,
  slsContentMd5,
  slsSignature,
  slsStringToSign,
} from "../../../../lib/clouds/alibaba/sls/client/sls-signer";
import { sdkAuthorization } from "./sdk-oracle";

// vector: every fixture below comes from the SLS API documentation and the files it cites.
const DOC_KEY = {
  accessKeyId: "bq2sjzesjmo86kq35behupbq",
  accessKeySecret: "4fdO2fTDDnZPU/L7CHNdemB2Nsk=",
};
const RUST_KEY = {
  accessKeyId: "test-access-key-id",
  accessKeySecret: "test-access-key",
};
const RUST_DATE = "Thu, 01 Jan 1970 00:00:00 GMT";
const RUST_BODY = Buffer.from('\n            {"key": "value"}\n        ', "utf8");
// NODE test/unit.test.js (aliyun/aliyun-log-nodejs-sdk @ 58e9164); not shipped in the npm package.
const NODE_STS = {
  accessKeyId: "STS.NSNYgJ2KUoYaEuDrNazRLg2a6",
  accessKeySecret: "56Xqw2THF5vTHTNkGWR6uGRKXToKWMi2eLFjppPNV8RR",
  securityToken:
    "CAISiwJ1q6Ft5B2yfSjIr5D7Et3+35R02JuKR1P1lk40dt1giPfK1Dz2IHhLdXNrAuEXs/w0mmBQ7v8TlqZdVplOWU3Da+B364xK7Q75jHw5B0zwv9I+k5SANTW5KXyShb3/AYjQSNfaZY3eCTTtnTNyxr3XbCirW0ffX7SClZ9gaKZ8PGD6F00kYu1bPQx/ssQXGGLMPPK2SH7Qj3HXEVBjt3gX6wo9y9zmnZHNukGH3QOqkbVM9t6rGPX+MZkwZqUYesyuwel7epDG1CNt8BVQ/M909vccpmad5YrMUgQJuEvWa7KNo8caKgJmI7M3AbBFp/WlyKMn5raOydSrkE8cePtSVynP+g0hR0dZ+YgagAEFdb+5rO1e+OZ3kcmPKF5Zh2Sni+vF1qzKA/SElND5koQQV6uvVCweKnfzCPMKjY0OXWmfgtcwOTyJ4ABGsTGnILzBNRD/+Gdqe7wclZrj0aDUkTdFf8k7SudZuO9KOPBe8mS3pJoMs1p67mWA/J4Wn0dottbprb5EQOBRxUC6bw==",
};
const DOC_POST_HEADERS = {
  date: "Mon, 09 Nov 2015 06:03:03 GMT",
  "content-md5": "1DD45FA4A70A9300CC9FE7305AF2C494",
  "content-length": "52",
  "content-type": "application/x-protobuf",
  "x-log-apiversion": "0.6.0",
  "x-log-bodyrawsize": "50",
  "x-log-compresstype": "lz4",
  "x-log-signaturemethod": "hmac-sha1",
};
const CG_HEADERS = {
  "x-log-apiversion": "0.6.0",
  "x-log-signaturemethod": "hmac-sha1",
};

describe("official vectors (the SLS signing documentation's examples)", () => {
  it("(A) signs the documented GET with a query, empty value included", () => {
    const input = {
      method: "GET",
      path: "/logstores",
      query: { logstoreName: "", offset: "0", size: "1000" },
      headers: { date: "Mon, 09 Nov 2015 06:11:16 GMT", ...CG_HEADERS },
    };
    expect(slsStringToSign(input)).toBe(
      "GET\n\n\nMon, 09 Nov 2015 06:11:16 GMT\nx-log-apiversion:0.6.0\nx-log-signaturemethod:hmac-sha1\n" +
        "/logstores?logstoreName=&offset=0&size=1000",
    );
    expect(slsAuthorization({ ...input, ...DOC_KEY })).toBe(
      "LOG bq2sjzesjmo86kq35behupbq:jEYOTCJs2e88o+y5F4/S5IsnBJQ=",
    );
  });

  it("(B) signs the documented compressed POST", () => {
    const input = {
      method: "POST",
      path: "/logstores/test-logstore",
      headers: DOC_POST_HEADERS,
      ...DOC_KEY,
    };
    expect(slsSignature(input)).toBe("XWLGYHGg2F2hcfxWxMLiNkGki6g=");
  });

  it("(B+STS) signs the same POST with the 540-character STS token in the canonical headers", () => {
    expect(NODE_STS.securityToken).toHaveLength(540);
    const headers = {
      ...DOC_POST_HEADERS,
      "x-acs-security-token": NODE_STS.securityToken,
    };
    const auth = slsAuthorization({
      method: "POST",
      path: "/logstores/test-logstore",
      headers,
      ...NODE_STS,
    });
    expect(auth).toBe("LOG STS.NSNYgJ2KUoYaEuDrNazRLg2a6:G3R03b6PwVI+zUaLtqezsBDL/j8=");
  });

  it("(C) signs CreateConsumerGroup over the exact 63-byte body", () => {
    const body = Buffer.from('{"consumerGroup":"consumer-group-1","timeout":300,"order":true}');
    expect(body).toHaveLength(63);
    expect(slsContentMd5(body)).toBe("E6D9EBD7C2EAB2C77649AD08C4C7BDB5");
    const input = {
      method: "POST",
      path: "/logstores/my-logstore/consumergroups",
      headers: {
        "content-md5": slsContentMd5(body),
        "content-type": "application/json",
        date: "Fri, 04 May 2018 08:02:22 GMT",
        ...CG_HEADERS,
        "x-log-bodyrawsize": "63",
      },
    };
    expect(slsStringToSign(input)).toBe(
      "POST\nE6D9EBD7C2EAB2C77649AD08C4C7BDB5\napplication/json\nFri, 04 May 2018 08:02:22 GMT\n" +
        "x-log-apiversion:0.6.0\nx-log-bodyrawsize:63\nx-log-signaturemethod:hmac-sha1\n" +
        "/logstores/my-logstore/consumergroups",
    );
    expect(slsAuthorization({ ...input, ...DOC_KEY })).toBe(
      "LOG bq2sjzesjmo86kq35behupbq:VSmodkAUQEdsRTSSTf2eJExiSyE=",
    );
  });

  it("(D) signs ListConsumerGroup with empty MD5 and type lines", () => {
    const input = {
      method: "GET",
      path: "/logstores/my-logstore/consumergroups",
      headers: {
        date: "Fri, 04 May 2018 08:47:30 GMT",
        ...CG_HEADERS,
        "x-log-bodyrawsize": "0",
      },
    };
    expect(slsStringToSign(input)).toBe(
      "GET\n\n\nFri, 04 May 2018 08:47:30 GMT\nx-log-apiversion:0.6.0\nx-log-bodyrawsize:0\n" +
        "x-log-signaturemethod:hmac-sha1\n/logstores/my-logstore/consumergroups",
    );
    expect(slsSignature({ ...input, ...DOC_KEY })).toBe("Fe3cG0PSHoE0MPBbKfZSH9lwVh4=");
  });

  it("(E) signs DeleteConsumerGroup", () => {
    const input = {
      method: "DELETE",
      path: "/logstores/my-logstore/consumergroups/consumer-group-1",
      headers: {
        date: "Fri, 04 May 2018 08:02:22 GMT",
        ...CG_HEADERS,
        "x-log-bodyrawsize": "0",
      },
      ...DOC_KEY,
    };
    expect(slsSignature(input)).toBe("67JwN90ilzYECsSfypIcO7JOfR8=");
  });

  it("(F) signs UpdateConsumerGroup with STS, the token sorting first", () => {
    const body = Buffer.from('{"order":false,"timeout":100}');
    expect(body).toHaveLength(29);
    expect(slsContentMd5(body)).toBe("61E6AABA775AB45C38D435729D2262E8");
    const input = {
      method: "PUT",
      path: "/logstores/my-logstore/consumergroups/consumer-group-1",
      headers: {
        "content-md5": slsContentMd5(body),
        "content-type": "application/json",
        date: "Fri, 04 May 2018 08:02:22 GMT",
        "x-acs-security-token": "CAIS-example-token",
        ...CG_HEADERS,
        "x-log-bodyrawsize": "29",
      },
    };
    expect(slsStringToSign(input)).toContain(
      "Fri, 04 May 2018 08:02:22 GMT\nx-acs-security-token:CAIS-example-token\nx-log-apiversion:0.6.0\n",
    );
    expect(slsSignature({ ...input, ...DOC_KEY })).toBe("f/PVMbeMujTqscAp/Zj9JISQxiM=");
  });

  describe("(G) RUST sign.rs vectors", () => {
    const rustHeaders = (extra: Record<string, string> = {}) => ({
      "content-type": "application/json",
      ...CG_HEADERS,
      "content-md5": slsContentMd5(RUST_BODY),
      "content-length": String(RUST_BODY.length),
      date: RUST_DATE,
      ...extra,
    });
    const logQuery = { type: "log", offset: "0", line: "100" };

    it("case 1: signs an empty GET / with an empty key", () => {
      const headers = { ...CG_HEADERS, "content-length": "0", date: RUST_DATE };
      const auth = slsAuthorization({
        method: "GET",
        path: "/",
        headers,
        accessKeyId: "",
        accessKeySecret: "",
      });
      expect(auth).toBe("LOG :SApFTtfTFKHmzdEdaMe5TjNn+RQ=");
    });

    it("case 2: signs a POST with a query string and a whitespace-padded 38-byte body", () => {
      expect(RUST_BODY).toHaveLength(38);
      expect(slsContentMd5(RUST_BODY)).toBe("CE688F8D1AC3ED309BA9BE0A5ABAFCE5");
      const input = {
        method: "POST",
        path: "/logstores/test-logstore",
        query: logQuery,
        headers: rustHeaders(),
      };
      expect(slsStringToSign(input)).toMatch(
        /\n\/logstores\/test-logstore\?line=100&offset=0&type=log$/,
      );
      expect(slsAuthorization({ ...input, ...RUST_KEY })).toBe(
        "LOG test-access-key-id:4pL2xZJERC3tPKtRiHh9+nMG3tI=",
      );
    });

    it("case 3: signs the same POST with an STS token", () => {
      const headers = rustHeaders({
        "x-acs-security-token": "test-security-token",
      });
      const input = {
        method: "POST",
        path: "/logstores/test-logstore",
        query: logQuery,
        headers,
        ...RUST_KEY,
      };
      expect(slsSignature(input)).toBe("ZQt+0wIvpd+O9yIJKeKxZTJ2hv0=");
    });

    it("case 4: signs a query value with '=' padding verbatim (decoded, not percent-encoded)", () => {
      const headers = rustHeaders({
        "x-acs-security-token": "test-security-token",
      });
      const query = {
        type: "log",
        count: "1000",
        cursor: "MTczNzY2OTAzNjAxNzIxODQ1NA==",
      };
      const input = {
        method: "POST",
        path: "/logstores/test/shards/2",
        query,
        headers,
      };
      expect(slsStringToSign(input)).toMatch(
        /\?count=1000&cursor=MTczNzY2OTAzNjAxNzIxODQ1NA==&type=log$/,
      );
      expect(slsSignature({ ...input, ...RUST_KEY })).toBe("K3rw5WXRe77aZ/meSyEa8NNUYFc=");
    });
  });

  describe("GO signature_test.go vectors", () => {
    const GO_SECRET = {
      accessKeyId: "mockAccessKeyID",
      accessKeySecret: "mockAccessKeySecret",
    };

    it("signs GET /logstores, header names given in mixed case", () => {
      const headers = {
        ...CG_HEADERS,
        "x-log-bodyrawsize": "0",
        Date: "Mon, 3 Jan 2010 08:33:47 GMT",
      };
      expect(
        slsSignature({
          method: "GET",
          path: "/logstores",
          headers,
          ...GO_SECRET,
        }),
      ).toBe("Rwm6cTKzoti4HWoe+GKcb6Kv07E=");
    });

    it("signs the 50-byte protobuf body vector (TestSignV1Case2)", () => {
      // prettier-ignore
      const body = Buffer.from([10, 50, 10, 30, 8, 248, 178, 147, 158, 5, 18, 22, 10, 7, 84, 101, 115, 116, 75,
        101, 121, 18, 11, 84, 101, 115, 116, 67, 111, 110, 116, 101, 110, 116, 26, 0, 34, 14, 49,
        48, 46, 50, 51, 48, 46, 50, 48, 49, 46, 49, 49, 55]);
      const headers = {
        ...CG_HEADERS,
        "x-log-bodyrawsize": "50",
        "Content-MD5": slsContentMd5(body),
        "Content-Type": "application/x-protobuf",
        "Content-Length": "50",
        Date: "Mon, 3 Jan 2010 08:33:47 GMT",
      };
      expect(
        slsSignature({
          method: "GET",
          path: "/logstores/app_log",
          headers,
          ...GO_SECRET,
        }),
      ).toBe("87xQWqFaOSewqRIma8kPjGYlXHc=");
    });
  });
});

describe("string to sign rules", () => {
  const base = { method: "GET", path: "/logstores/ls/consumergroups" };

  it("uses x-log-date in place of date and leaves it out of the canonical headers", () => {
    const headers = {
      date: "Fri, 04 May 2018 08:02:22 GMT",
      "x-log-date": "Sat, 05 May 2018 09:00:00 GMT",
      ...CG_HEADERS,
    };
    expect(slsStringToSign({ ...base, headers })).toBe(
      "GET\n\n\nSat, 05 May 2018 09:00:00 GMT\nx-log-apiversion:0.6.0\nx-log-signaturemethod:hmac-sha1\n" +
        "/logstores/ls/consumergroups",
    );
  });

  it("signs only x-log-* and x-acs-* headers, sorted, and ignores host, user-agent and content-length", () => {
    const headers = {
      date: "D",
      "x-log-signaturemethod": "hmac-sha1",
      host: "p.example",
      "user-agent": "ua",
      "content-length": "0",
      "x-acs-security-token": "T",
      "x-log-apiversion": "0.6.0",
      "x-logx-not-signed": "n",
    };
    expect(slsStringToSign({ ...base, headers })).toBe(
      "GET\n\n\nD\nx-acs-security-token:T\nx-log-apiversion:0.6.0\nx-log-signaturemethod:hmac-sha1\n" +
        "/logstores/ls/consumergroups",
    );
  });

  it("puts decoded query values in the resource, spaces and all", () => {
    const s = slsStringToSign({
      ...base,
      query: { query: "sls query string", from: "1" },
      headers: { date: "D" },
    });
    expect(s).toBe("GET\n\n\nD\n/logstores/ls/consumergroups?from=1&query=sls query string");
  });

  it("trims signed header values, as the server sees them", () => {
    const padded = slsStringToSign({
      ...base,
      headers: { date: "D", "x-log-apiversion": " 0.6.0 " },
    });
    expect(padded).toContain("\nx-log-apiversion:0.6.0\n");
  });

  it("rejects a request with neither date nor x-log-date", () => {
    expect(() => slsStringToSign({ ...base, headers: { "x-log-apiversion": "0.6.0" } })).toThrow(
      /cannot sign GET \/logstores\/ls\/consumergroups: .*neither a date nor an x-log-date header/,
    );
  });
});

describe("slsContentMd5", () => {
  it("returns upper-case hex, not base64", () => {
    expect(slsContentMd5(Buffer.from("abc"))).toBe("900150983CD24FB0D6963F7D28E17F72");
  });
});

/*
 * Oracle: for each consumer-group request, with and without STS, the signature equals what
 * the official SDK's Client.prototype._sign computes over the same method, path and headers.
 *
 * | op     | method | path                                   | body                               |
 * |--------|--------|----------------------------------------|------------------------------------|
 * | create | POST   | /logstores/{ls}/consumergroups         | {"consumerGroup","timeout","order"} |
 * | update | PUT    | /logstores/{ls}/consumergroups/{name}  | {"order","timeout"}                |
 * | delete | DELETE | /logstores/{ls}/consumergroups/{name}  | none                               |
 * | list   | GET    | /logstores/{ls}/consumergroups         | none                               |
 */
describe("agreement with the official SDK (@alicloud/log _sign)", () => {
  const ops = [
    [
      "create",
      "POST",
      "/logstores/orders/consumergroups",
      '{"consumerGroup":"billing","timeout":300,"order":true}',
    ],
    ["update", "PUT", "/logstores/orders/consumergroups/billing", '{"order":false,"timeout":60}'],
    ["delete", "DELETE", "/logstores/orders/consumergroups/billing", undefined],
    ["list", "GET", "/logstores/orders/consumergroups", undefined],
  ] as const;
  const keys = [
    [
      "an AccessKey",
      {
        accessKeyId: "LTAI5tExampleKeyId",
        accessKeySecret: "ExampleSecret0123456789abcdefghij",
      },
    ],
    ["STS credentials", { ...NODE_STS }],
  ] as const;
  const cases = ops.flatMap(([op, method, path, json]) =>
    keys.map(([label, key]) => [op, method, path, label, json, key] as const),
  );

  it.each(cases)(
    "%s (%s %s) with %s signs as the SDK does",
    (_op, method, path, _label, json, key) => {
      const headers: Record<string, string> = {
        date: "Tue, 03 Jun 2025 10:20:30 GMT",
        ...CG_HEADERS,
        "x-log-bodyrawsize": String(json === undefined ? 0 : Buffer.byteLength(json)),
        "user-agent": "cdktf-consumer-groups",
      };
      if (json !== undefined) {
        headers["content-type"] = "application/json";
        headers["content-md5"] = slsContentMd5(Buffer.from(json));
      }
      if ("securityToken" in key) headers["x-acs-security-token"] = key.securityToken;
      const ours = slsAuthorization({ method, path, headers, ...key });
      expect(ours).toBe(sdkAuthorization(method, path, {}, headers, key));
      expect(ours).toMatch(new RegExp(`^LOG ${key.accessKeyId}:[A-Za-z0-9+/]{27}=$`));
    },
  );

  it("signs 200 generated requests (queries, odd header values) as the SDK does", () => {
    let seed = 42;
    const rnd = (n: number) => (seed = (seed * 48_271) % 2_147_483_647) % n;
    const word = () =>
      Array.from({ length: 1 + rnd(12) }, () => "abcXYZ019-_=+/ .:~"[rnd(18)]).join("");
    for (let i = 0; i < 200; i++) {
      const headers: Record<string, string> = {
        date: `Mon, 0${1 + rnd(9)} Jan 2024 00:00:00 GMT`,
      };
      for (const name of [
        "x-log-apiversion",
        "x-log-bodyrawsize",
        "x-acs-security-token",
        "x-log-topic",
        "content-type",
      ]) {
        if (rnd(2)) headers[name] = word().trim() || "v";
      }
      // No name prefixes another: the SDK sorts whole "k=v" pairs, the spec sorts names, and
      // the two orders differ only for such names (e.g. "a" and "a-b").
      const query: Record<string, string> = {};
      for (const name of ["type", "offset", "line", "cursor"]) if (rnd(2)) query[name] = word();
      const key = { accessKeyId: `id${i}`, accessKeySecret: word() };
      const path = `/logstores/${word().replace(/[^a-z0-9-]/gi, "") || "ls"}`;
      expect(slsAuthorization({ method: "POST", path, query, headers, ...key })).toBe(
        sdkAuthorization("POST", path, query, headers, key),
      );
    }
  });
});
