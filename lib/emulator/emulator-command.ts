// `cdktf-consumer-groups emulator [options]`: runs the emulator of both cloud APIs until it is
// stopped, printing one line per request. `emulator list` (list-command.ts) reads what it holds.

import { readFileSync } from "node:fs";
import { UsageError, readStringOptions } from "./command-line";
import type { DmsEmulatorConfig } from "../clouds/huawei/dms/emulator/dms-emulator-service";
import type { FaultRule } from "./faults";
import { formatRequestLogLine, parseFaultRules, startEmulator } from "./server";
import type { HuaweiIdentityEmulatorConfig } from "../clouds/huawei/shared/emulator/huawei-identity-emulator";
import type { SlsEmulatorConfig } from "../clouds/alibaba/sls/emulator/sls-emulator-service";
import type { StsEmulatorConfig } from "../clouds/alibaba/shared/emulator/sts-emulator-context";
import { isRecord } from "../contract/fields";

interface EmulatorConfigFile {
  sls?: SlsEmulatorConfig;
  dms?: DmsEmulatorConfig;
  sts?: StsEmulatorConfig;
  huawei?: HuaweiIdentityEmulatorConfig;
}

/** Keys and names anyone may use against a local emulator; never valid in a cloud. */
export const DEMO_EMULATOR_CONFIG: { sls: SlsEmulatorConfig; dms: DmsEmulatorConfig } = {
  sls: {
    accessKeys: [{ accessKeyId: "demo-access-key-id", accessKeySecret: "demo-access-key-secret" }],
    projects: { "shop-prod": { logstores: ["orders", "payments", "audit"] } },
  },
  dms: {
    projects: {
      "0a1b2c3d4e5f40718293a4b5c6d7e8f9": {
        queues: [
          { name: "billing", id: "3f9c2a7e-5b1d-4c8e-9a6f-0d2b4e6c8a10" },
          { name: "shipping", id: "7a1e4c9b-2d6f-4b3a-8e5c-1f0a9d7b3c62" },
        ],
      },
    },
    accessKeys: [{ accessKey: "demo-access-key-id", secretKey: "demo-access-key-secret" }],
    tokens: ["demo-iam-token"],
    groupInitDelayMs: 1000,
  },
};

export const EMULATOR_SUMMARY =
  "run the local cloud API emulator (SLS and DMS consumer groups) until Ctrl-C";

export const EMULATOR_USAGE =
  "emulator [--host H] [--port N] [--config file.json] [--state file.json] " +
  "[--faults file.json]\n" +
  "    --host    address to listen on (default 127.0.0.1)\n" +
  "    --port    port to listen on (default 0: any free port)\n" +
  '    --config  JSON {"sls": {accessKeys, projects, ...}, "dms": {projects, accessKeys,\n' +
  '              tokens, ...}, "sts": {roles: [{arn, oidc?: [{providerArn, token}]}],\n' +
  '              ecsRoleName?, credentialsUri?, keyLifetimeSeconds?}, "huawei":\n' +
  "              {identityProviders?: [{id, idToken}], ecsAgency?, keyLifetimeSeconds?}}\n" +
  "              (sts: Alibaba Cloud STS, ECS metadata and credentials URI; huawei: IAM\n" +
  "              federation and the ECS agency) (default: demo keys demo-access-key-id /\n" +
  "              demo-access-key-secret; SLS project shop-prod with logstores orders,\n" +
  "              payments, audit; DMS project 0a1b2c3d4e5f40718293a4b5c6d7e8f9 with\n" +
  "              queues billing, shipping, IAM token demo-iam-token)\n" +
  "    --state   state file, loaded if present and rewritten after each change\n" +
  "    --faults  JSON array of fault rules, active from the start (more can be added\n" +
  "              and removed at run time: GET|POST|DELETE /_emulator/faults). A rule:\n" +
  '              {"service"?: "sls"|"dms", "action"?: "CreateConsumerGroup" or a list of\n' +
  '              actions (one count across them), "after"?: N,\n' +
  '              "times"?: N|"always", "fault": F} where F is one of\n' +
  '              {"kind": "throttle", "variant"?: "quota"|"server-busy"|"gateway"|"dms-404"}\n' +
  '              {"kind": "error", "status": 500, "code": "InternalServerError", "message"?}\n' +
  '              {"kind": "reset"}  {"kind": "commit-then-drop"}  {"kind": "skew", "ms": N}\n' +
  '              {"kind": "hang", "ms": N, "then"?: "close"|"answer"}\n' +
  "              after skips the first N matching calls (default 0); times is how many\n" +
  "              then fail (default 1)\n" +
  '    Prints "emulator listening on <url>", then one line per request: time, method, path,\n' +
  "    status (or dropped), request id. Set each construct's endpoint prop to <url> (one\n" +
  "    URL serves SLS and DMS) and put the keys in the deploy's environment;\n" +
  "    `emulator list --url <url>` prints the groups it holds.\n" +
  "    Admin routes (unsigned): GET /_emulator/state, GET|DELETE /_emulator/calls (DELETE\n" +
  "    empties the call log only), POST /_emulator/reset (deletes EVERY group), DELETE\n" +
  "    /_emulator/sls/groups/{project}/{logstore}/{group}, DELETE\n" +
  "    /_emulator/dms/groups/{projectId}/{queue}/{group}, GET|PUT\n" +
  "    /_emulator/sls/checkpoints/..., PUT /_emulator/dms/messages/...; see docs/emulator.md";

/** Starts the emulator and keeps the process running until SIGINT or SIGTERM. */
export async function runEmulator(args: readonly string[]): Promise<"running"> {
  const flags = readStringOptions(args, ["host", "port", "config", "state", "faults"]);
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be an integer from 0 to 65535, got ${flags.port}`);
  }
  const config: EmulatorConfigFile =
    flags.config === undefined ? DEMO_EMULATOR_CONFIG : readConfig(flags.config);
  const faults = flags.faults === undefined ? undefined : readFaults(flags.faults);
  const emulator = await startEmulator({
    port,
    ...(flags.host === undefined ? {} : { host: flags.host }),
    ...(flags.state === undefined ? {} : { statePath: flags.state }),
    ...(config.sls === undefined ? {} : { sls: config.sls }),
    ...(config.dms === undefined ? {} : { dms: config.dms }),
    ...(config.sts === undefined ? {} : { sts: config.sts }),
    ...(config.huawei === undefined ? {} : { huawei: config.huawei }),
    ...(faults === undefined ? {} : { faults }),
    onRequest: (entry) => process.stdout.write(`${formatRequestLogLine(entry)}\n`),
  });
  process.stdout.write(`emulator listening on ${emulator.url}\n`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return "running";
}
function readConfig(file: string): EmulatorConfigFile {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`--config ${file} cannot be read as JSON: ${(e as Error).message}`);
  }
  const { sls, dms, sts, huawei } = (value ?? {}) as {
    sls?: Partial<SlsEmulatorConfig>;
    dms?: Partial<DmsEmulatorConfig>;
    sts?: Partial<StsEmulatorConfig>;
    huawei?: Partial<HuaweiIdentityEmulatorConfig>;
  };
  const slsOk = sls === undefined || (Array.isArray(sls.accessKeys) && isRecord(sls.projects));
  const dmsOk =
    dms === undefined ||
    (isRecord(dms.projects) &&
      Object.values(dms.projects).every((p) => Array.isArray(p?.queues)) &&
      (dms.accessKeys === undefined || Array.isArray(dms.accessKeys)) &&
      (dms.tokens === undefined || Array.isArray(dms.tokens)));
  const stsOk =
    sts === undefined ||
    (Array.isArray(sts.roles) &&
      sts.roles.every(
        (r) =>
          typeof r?.arn === "string" &&
          (r.oidc === undefined ||
            (Array.isArray(r.oidc) &&
              r.oidc.every(
                (o) => typeof o?.providerArn === "string" && typeof o.token === "string",
              ))),
      ) &&
      (sts.ecsRoleName === undefined || typeof sts.ecsRoleName === "string"));
  const huaweiOk =
    huawei === undefined ||
    (isRecord(huawei) &&
      (huawei.identityProviders === undefined ||
        (Array.isArray(huawei.identityProviders) &&
          huawei.identityProviders.every(
            (p) => typeof p?.id === "string" && typeof p.idToken === "string",
          ))));
  if (!stsOk || !huaweiOk) {
    throw new UsageError(
      `--config ${file}: "sts" must look like {"roles": [{"arn": "acs:ram::<account>:role/<name>", ` +
        `"oidc"?: [{"providerArn", "token"}]}], "ecsRoleName"?, "credentialsUri"?: true} and ` +
        `"huawei" like {"identityProviders"?: [{"id", "idToken"}], "ecsAgency"?: true}`,
    );
  }
  if ((sls === undefined && dms === undefined) || !slsOk || !dmsOk) {
    throw new UsageError(
      `--config ${file} must look like {"sls": {"accessKeys": [{"accessKeyId", "accessKeySecret"}], ` +
        `"projects": {"<project>": {"logstores": ["<logstore>"]}}}, "dms": {"projects": ` +
        `{"<project id>": {"queues": [{"name", "id"?}]}}, "accessKeys": [{"accessKey", ` +
        `"secretKey"}], "tokens": ["<IAM token>"]}} with sls, dms or both`,
    );
  }
  return {
    ...(sls === undefined ? {} : { sls: sls as SlsEmulatorConfig }),
    ...(dms === undefined ? {} : { dms: dms as DmsEmulatorConfig }),
    ...(sts === undefined ? {} : { sts: sts as StsEmulatorConfig }),
    ...(huawei === undefined ? {} : { huawei: huawei as HuaweiIdentityEmulatorConfig }),
  };
}

function readFaults(file: string): FaultRule[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`--faults ${file} cannot be read as JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(value)) {
    throw new UsageError(`--faults ${file} must hold a JSON array of fault rules`);
  }
  try {
    return parseFaultRules(value);
  } catch (e) {
    throw new UsageError(`--faults ${file}: ${(e as Error).message}`);
  }
}
