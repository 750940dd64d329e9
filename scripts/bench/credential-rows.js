// The hook's cold start with each Alibaba Cloud credential source: one `ensure` of a new SLS group
// per hook process, with an AccessKey and with each role source pointed at the emulator's STS,
// metadata and credentials-URI routes (the emulator must run with its `sts` section:
// stsConfig()). All sources run in turn, round by round, so every ratio to the AccessKey is fair.
// Also the size of the hook bundle, which the credential chain is part of.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { hookEnsure } = require("./hook-rows");
const { alternate, pair } = require("./stats");

const ROLE = "acs:ram::1234567890123456:role/bench-deployer";
const OIDC_PROVIDER = "acs:ram::1234567890123456:oidc-provider/bench-rrsa";
const OIDC_TOKEN = "bench-oidc-token";
const ECS_ROLE = "BenchEcsRole";
const BUNDLE = path.resolve(__dirname, "../../dist/hook/hook-bundle.js");

/** The emulator's STS section: one role (also assumable with OIDC), an ECS role, a URI. */
function stsConfig() {
  return {
    roles: [{ arn: ROLE, oidc: [{ providerArn: OIDC_PROVIDER, token: OIDC_TOKEN }] }],
    ecsRoleName: ECS_ROLE,
    credentialsUri: true,
  };
}

/**
 * The environment of a hook using one source. `env` is the bench's (loopback only, with the
 * AccessKey variables); every role source but AssumeRole drops the AccessKey so that the chain
 * goes on to it, and STS and the metadata service are the emulator (a loopback URL).
 */
function sourceEnvs({ env, emulator, work }) {
  const { ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, ...noKey } = env;
  const sts = { ...noKey, ALIBABA_CLOUD_STS_ENDPOINT: emulator.url };
  const tokenFile = path.join(work, "oidc-token");
  fs.writeFileSync(tokenFile, `${OIDC_TOKEN}\n`);
  return {
    AccessKey: env,
    AssumeRole: {
      ...sts,
      ALIBABA_CLOUD_ACCESS_KEY_ID,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET,
      ALIBABA_CLOUD_ROLE_ARN: ROLE,
    },
    OIDC: {
      ...sts,
      ALIBABA_CLOUD_ROLE_ARN: ROLE,
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: OIDC_PROVIDER,
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
    },
    "ECS RAM role": {
      ...sts,
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: "false",
      CGAC_TEST_ALIBABA_METADATA_URL: emulator.url,
    },
    "credentials URI": { ...sts, ALIBABA_CLOUD_CREDENTIALS_URI: `${emulator.url}/credentials` },
  };
}

const ROW_IDS = {
  AssumeRole: "cold-start-assume-role-vs-key",
  OIDC: "cold-start-oidc-vs-key",
  "ECS RAM role": "cold-start-ecs-role-vs-key",
  "credentials URI": "cold-start-credentials-uri-vs-key",
};

/**
 * Each role source's cold start against the AccessKey's. Checks that each source really fetched
 * its key (the emulator issued one per role-source run), so a source that silently fell back to
 * another cannot pass for fast.
 */
async function coldStartBySource(ctx) {
  const envs = sourceEnvs(ctx);
  const issuedBefore = ctx.emulator.sts.issued.length;
  const variants = Object.fromEntries(
    Object.entries(envs).map(([source, env]) => [
      source,
      () => hookEnsure({ ...ctx, env }, `cred-${source.replace(/\W+/g, "-").toLowerCase()}`),
    ]),
  );
  const times = await alternate(ctx.sizes.rounds, variants, 1);
  const roleRuns = (ctx.sizes.rounds + 1) * Object.keys(ROW_IDS).length;
  const issued = ctx.emulator.sts.issued.length - issuedBefore;
  if (issued !== roleRuns) {
    throw new Error(
      `the role sources' ${roleRuns} hook runs made the emulator issue ${issued} keys: some source did not fetch its own`,
    );
  }
  return Object.entries(ROW_IDS).map(([source, id]) => ({
    id,
    name: `hook cold start: ${source} vs AccessKey`,
    goal: "-",
    unit: "ms",
    ...pair(times[source], times.AccessKey, ctx.sizes.rounds),
  }));
}

/** The bytes of dist/hook/hook-bundle.js, the program every hook process loads. */
function bundleBytes() {
  return fs.statSync(BUNDLE).size;
}

module.exports = { stsConfig, coldStartBySource, bundleBytes, CREDENTIAL_ROW_IDS: ROW_IDS };
