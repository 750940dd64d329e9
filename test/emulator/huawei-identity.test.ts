// The emulator's Huawei Cloud identity routes against the official Node SDK
// (@huaweicloud/huaweicloud-sdk-core 3.1.211, BaseCredentials.updateFederalAuthTokenByIdToken),
// and the hook's own federation client against the SDK's requests: the same paths, the same
// headers that matter and the same bodies, recorded by one listener.

import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { federatedKey } from "../../lib/clouds/huawei/shared/huawei-token-client";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import { DMS_PROJECT, dmsEmulatorConfig } from "../support/dms-fixtures";

const sdkRequire = createRequire(__filename);
interface SdkCredentials {
  withIdpId(id: string): SdkCredentials;
  withIdTokenFile(file: string): SdkCredentials;
  withIamEndpoint(url: string): SdkCredentials;
  updateFederalAuthTokenByIdToken(client: unknown): Promise<void>;
  getAk(): string;
  getSk(): string;
  getSecurityToken(): string;
  getExpiredAt(): number;
}
const { BasicCredentials } = sdkRequire("@huaweicloud/huaweicloud-sdk-core") as {
  BasicCredentials: new () => SdkCredentials;
};
const { HcClient } = sdkRequire("@huaweicloud/huaweicloud-sdk-core/HcClient") as {
  HcClient: new (client: unknown, options: object) => unknown;
};
const { DefaultHttpClient } = sdkRequire(
  "@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient",
) as { DefaultHttpClient: new (options: object, endpoints: string[]) => unknown };

const IDP = "github-actions";
const ID_TOKEN = "canary-sdk-id-token";
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cgac-hw-sdk-"));
  writeFileSync(path.join(dir, "id-token"), `${ID_TOKEN}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The official SDK's federation against `iam`: the key it ends up with. */
async function sdkFederation(iam: string): Promise<SdkCredentials> {
  const credentials = new BasicCredentials()
    .withIdpId(IDP)
    .withIdTokenFile(path.join(dir, "id-token"))
    .withIamEndpoint(iam);
  await credentials.updateFederalAuthTokenByIdToken(
    new HcClient(new DefaultHttpClient({}, [iam]), {}),
  );
  return credentials;
}

describe("the emulator's IAM federation routes", () => {
  let emulator: RunningEmulator;
  beforeEach(async () => {
    emulator = await startEmulator({
      dms: dmsEmulatorConfig(),
      huawei: { identityProviders: [{ id: IDP, idToken: ID_TOKEN }] },
    });
  });
  afterEach(() => emulator.close());

  it("serve the official SDK: a temporary key that signs DMS calls, expiring in 6 hours", async () => {
    const credentials = await sdkFederation(emulator.url.replace(/\/$/, ""));

    const [issued] = emulator.huawei.issued;
    expect(credentials.getAk()).toBe(issued!.accessKey);
    expect(credentials.getSk()).toBe(issued!.secretKey);
    expect(credentials.getSecurityToken()).toBe(issued!.securityToken);
    expect(credentials.getExpiredAt()).toBe(issued!.expiresAt);
    expect(issued!.expiresAt - Date.now()).toBeGreaterThan(6 * 3600 * 1000 - 60_000);
    expect(emulator.calls().map((c) => `${c.action}:${c.status}`)).toEqual([
      "CreateUnscopedTokenWithIdToken:201",
      "CreateTemporaryAccessKeyByToken:201",
    ]);

    const { DmsClient } = await import("../../lib/clouds/huawei/dms/client/dms-client");
    const { createDispatcher } = await import("../../lib/http/dispatcher");
    const dispatcher = createDispatcher({ requestTimeoutMs: 5000 });
    try {
      const client = new DmsClient({
        endpoint: emulator.url,
        projectId: DMS_PROJECT,
        auth: { kind: "aksk", ...issued! },
        dispatcher,
      });
      await expect(client.listQueues()).resolves.toMatchObject({ queues: expect.any(Array) });
    } finally {
      await dispatcher.close();
    }
  });

  it("refuse the SDK a wrong id token with IAM's 401", async () => {
    writeFileSync(path.join(dir, "id-token"), "canary-wrong-id-token\n");
    try {
      await expect(sdkFederation(emulator.url.replace(/\/$/, ""))).rejects.toThrow(
        /Failed to update federal auth token/,
      );
      expect(emulator.calls().map((c) => `${c.action}:${c.status}`)).toEqual([
        "CreateUnscopedTokenWithIdToken:401",
      ]);
    } finally {
      writeFileSync(path.join(dir, "id-token"), `${ID_TOKEN}\n`);
    }
  });
});

describe("the hook's federation client sends what the official SDK sends", () => {
  interface Seen {
    method: string;
    path: string;
    authorization?: string;
    xAuthToken?: string;
    contentType?: string;
    body: unknown;
  }
  let server: Server;
  let url: string;
  let seen: Seen[] = [];
  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let text = "";
      req.on("data", (d: Buffer) => (text += d.toString()));
      req.on("end", () => {
        seen.push({
          method: req.method!,
          path: req.url!,
          authorization: req.headers["authorization"],
          xAuthToken: req.headers["x-auth-token"] as string | undefined,
          contentType: req.headers["content-type"]?.split(";")[0],
          body: text ? (JSON.parse(text) as unknown) : undefined,
        });
        res.statusCode = 201;
        res.setHeader("content-type", "application/json");
        if (req.url!.includes("OS-FEDERATION")) res.setHeader("x-subject-token", "unscoped-1");
        res.end(
          JSON.stringify({
            credential: {
              access: "AK1",
              secret: "SK1",
              securitytoken: "ST1",
              expires_at: "2030-01-01T00:00:00.000000Z",
            },
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it("the same two requests: paths, methods, bearer id token, unscoped token, bodies", async () => {
    seen = [];
    const sdk = await sdkFederation(url);
    const sdkSeen = seen;
    seen = [];
    const ours = await federatedKey(new URL(url), IDP, ID_TOKEN);

    expect(sdkSeen).toHaveLength(2);
    expect(seen).toEqual(sdkSeen);
    expect(seen[0]).toMatchObject({
      method: "POST",
      path: `/v3/OS-FEDERATION/identity_providers/${IDP}/protocols/oidc/auth`,
      authorization: `Bearer ${ID_TOKEN}`,
    });
    expect(seen[1]).toMatchObject({
      path: "/v3.0/OS-CREDENTIAL/securitytokens",
      xAuthToken: "unscoped-1",
      body: { auth: { identity: { methods: ["token"], token: { duration_seconds: 21600 } } } },
    });
    // Both read the answer alike.
    expect(ours).toEqual({
      accessKey: sdk.getAk(),
      secretKey: sdk.getSk(),
      securityToken: sdk.getSecurityToken(),
      expiresAt: sdk.getExpiredAt(),
    });
  });
});
