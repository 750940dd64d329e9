import {
  DEFAULT_DMS_CREDENTIAL_SOURCES,
  type DmsCredentialSource,
  dmsIdentity,
  type DmsDeletePayload,
  type DmsEnsurePayload,
} from "../../lib/clouds/huawei/dms/dms-contract";
// Fixtures for DMS hook tests: keys and queues the emulator knows, and payloads as the
// DmsQueueConsumerGroup construct writes them.

/** emulator-only: made-up keys. The secrets double as canaries that must never be printed. */
export const DMS_KEY = {
  accessKey: "HWTESTAK0000000000",
  secretKey: "canary-dms-secret-9c4e1f",
} as const;
export const DMS_TEMP_KEY = {
  accessKey: "HWTEMPAK0000000000",
  secretKey: "canary-dms-temp-secret-2a7b",
  securityToken: "canary-dms-sectoken-77d0",
} as const;
export const DMS_IAM_TOKEN = "canary-dms-iam-token-5e3c";

export const DMS_PROJECT = "0a1b2c3d4e5f40718293a4b5c6d7e8f9";
export const BILLING_QUEUE_ID = "0611d466-a327-4b7b-8034-f84a0f6a6f42";
export const BILLING_QUEUE = "billing";

export function dmsEmulatorConfig(extra: Record<string, unknown> = {}) {
  return {
    projects: {
      [DMS_PROJECT]: {
        queues: [
          { name: BILLING_QUEUE, id: BILLING_QUEUE_ID },
          { name: "shipping", id: "7f3c2a10-5b6d-4e8f-9a1b-2c3d4e5f6a7b" },
        ],
      },
    },
    accessKeys: [DMS_KEY, DMS_TEMP_KEY],
    tokens: [DMS_IAM_TOKEN],
    ...extra,
  };
}

export function dmsEnv(
  key: { accessKey: string; secretKey: string; securityToken?: string } = DMS_KEY,
): Record<string, string> {
  return {
    HW_ACCESS_KEY: key.accessKey,
    HW_SECRET_KEY: key.secretKey,
    ...(key.securityToken ? { HW_SECURITY_TOKEN: key.securityToken } : {}),
  };
}

interface GroupArgs {
  readonly endpoint: string;
  readonly name: string;
  readonly queue?: { id: string } | { name: string };
  readonly credentials?: readonly DmsCredentialSource[];
  readonly readyTimeoutMs?: number;
  readonly deadlineMs?: number;
}

function common(args: GroupArgs) {
  return {
    v: 1,
    identity: dmsIdentity({
      projectId: DMS_PROJECT,
      queue: args.queue ?? { id: BILLING_QUEUE_ID },
      name: args.name,
    }),
    transport: {
      endpoint: args.endpoint,
      region: "cn-north-4",
      allowInsecureHttp: false,
      requestTimeoutMs: 5000,
      deadlineMs: args.deadlineMs ?? 20000,
    },
    credentials: args.credentials ?? DEFAULT_DMS_CREDENTIAL_SOURCES,
  };
}

export function dmsEnsurePayload(args: GroupArgs): DmsEnsurePayload {
  return { ...common(args), command: "ensure", readyTimeoutMs: args.readyTimeoutMs ?? 10000 };
}

export function dmsDeletePayload(
  args: GroupArgs & {
    removalPolicy?: "DESTROY" | "RETAIN";
    deletionProtection?: "WHEN_IN_USE" | "ALWAYS" | "OFF";
    inUseWindowSeconds?: number;
  },
): DmsDeletePayload {
  return {
    ...common(args),
    command: "delete",
    removalPolicy: args.removalPolicy ?? "DESTROY",
    deletionProtection: args.deletionProtection ?? "WHEN_IN_USE",
    inUseWindowSeconds: args.inUseWindowSeconds ?? 600,
  };
}
