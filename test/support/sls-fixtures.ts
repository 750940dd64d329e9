import {
  DEFAULT_SLS_CREDENTIAL_SOURCES,
  slsIdentity,
  type SlsDeletePayload,
  type SlsEnsurePayload,
} from "../../lib/clouds/alibaba/sls/sls-contract";
// Fixtures for SLS hook tests: keys the emulator knows, and payloads as the constructs write them.

/** emulator-only: made-up keys. The secret doubles as a canary that must never be printed. */
export const SLS_KEY = {
  accessKeyId: "LTAI-test-key-id",
  accessKeySecret: "canary-sls-secret-7f3a9c",
} as const;
export const SLS_STS_KEY = {
  accessKeyId: "STS.test-sts-key-id",
  accessKeySecret: "canary-sts-secret-41b2d8",
  securityToken: "canary-sts-token-CAIS9e0f",
} as const;

export const PROJECT = "shop-prod";
export const LOGSTORE = "orders";

/** Props of an SLS group on shop-prod/orders reached at the emulator, timeout 60 s. */
export function emulatorGroupProps(endpoint: string, name: string) {
  return {
    region: "cn-hangzhou",
    endpoint,
    project: PROJECT,
    logstore: LOGSTORE,
    name,
    timeout: 60,
  };
}

export function slsEmulatorConfig(logstores: string[] = [LOGSTORE, "payments"]) {
  return {
    accessKeys: [SLS_KEY, SLS_STS_KEY],
    projects: { [PROJECT]: { logstores } },
  };
}

export function slsEnv(
  key: { accessKeyId: string; accessKeySecret: string; securityToken?: string } = SLS_KEY,
): Record<string, string> {
  return {
    ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret,
    ...(key.securityToken ? { ALIBABA_CLOUD_SECURITY_TOKEN: key.securityToken } : {}),
  };
}

interface GroupArgs {
  readonly endpoint: string;
  readonly name: string;
  readonly logstore?: string;
  readonly timeout?: number;
  readonly order?: boolean;
  /** copyCheckpointsFrom: the group whose checkpoints a new group starts from. */
  readonly copyCheckpointsFrom?: string;
  readonly deadlineMs?: number;
  readonly requestTimeoutMs?: number;
}

function common(args: GroupArgs) {
  return {
    v: 1,
    identity: slsIdentity({
      project: PROJECT,
      logstore: args.logstore ?? LOGSTORE,
      name: args.name,
    }),
    transport: {
      endpoint: args.endpoint,
      region: "cn-hangzhou",
      allowInsecureHttp: false,
      requestTimeoutMs: args.requestTimeoutMs ?? 5000,
      deadlineMs: args.deadlineMs ?? 20000,
    },
    credentials: DEFAULT_SLS_CREDENTIAL_SOURCES,
  };
}

export function ensurePayload(args: GroupArgs): SlsEnsurePayload {
  return {
    ...common(args),
    command: "ensure",
    settings: { timeout: args.timeout ?? 300, order: args.order ?? false },
    ...(args.copyCheckpointsFrom === undefined
      ? {}
      : { copyCheckpointsFrom: args.copyCheckpointsFrom }),
  };
}

export function deletePayload(
  args: GroupArgs & {
    removalPolicy?: "DESTROY" | "RETAIN";
    deletionProtection?: "WHEN_IN_USE" | "ALWAYS" | "OFF";
    inUseWindowSeconds?: number;
  },
): SlsDeletePayload {
  return {
    ...common(args),
    command: "delete",
    removalPolicy: args.removalPolicy ?? "DESTROY",
    deletionProtection: args.deletionProtection ?? "WHEN_IN_USE",
    inUseWindowSeconds: args.inUseWindowSeconds ?? 600,
  };
}
