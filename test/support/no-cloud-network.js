// The one place that keeps every test, the demo and the bench off the network: whatever the
// hook, `check`, `repair` or Terraform run with, the credential chain must not reach a cloud
// address. Plain CommonJS so that scripts/ (demo, bench, explore) use it as the tests do.
//
// - Alibaba Cloud's ECS metadata service (100.100.100.200) is skipped, and its test override
//   points at a loopback port where nothing listens, in case a test turns the probe back on;
// - Huawei Cloud's metadata service (169.254.169.254) is asked only at that loopback port;
// - STS and Huawei IAM are reached only there unless a test points them at its emulator;
// - the runner's own cloud variables (ALIBABA_CLOUD_*, ALICLOUD_*, HW_*, HUAWEICLOUD_*) are
//   dropped from an inherited environment, so a role ARN in the runner's shell is never assumed.
"use strict";

/** Loopback, port 9 (discard): refused at once on a machine where nothing serves it. */
const NOWHERE = "http://127.0.0.1:9";

const NO_CLOUD_NETWORK = Object.freeze({
  ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
  CGAC_TEST_ALIBABA_METADATA_URL: NOWHERE,
  ALIBABA_CLOUD_STS_ENDPOINT: NOWHERE,
  CGAC_TEST_HUAWEI_METADATA_URL: NOWHERE,
  HUAWEICLOUD_SDK_IAM_ENDPOINT: NOWHERE,
});

const CLOUD_VARIABLE = /^(ALIBABA_CLOUD_|ALICLOUD_|HW_|HUAWEICLOUD_)/;

/** `base` without the cloud variables, then the overrides above, then `extra` (which wins). */
function noCloudNetworkEnv(base = {}, extra = {}) {
  const env = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !CLOUD_VARIABLE.test(name)) env[name] = value;
  }
  return { ...env, ...NO_CLOUD_NETWORK, ...extra };
}

module.exports = { NOWHERE, NO_CLOUD_NETWORK, noCloudNetworkEnv };
