// What every real-Terraform suite sets up: Terraform present (or a loud failure), the hook
// built, one emulator serving SLS and DMS, and a Terraform workspace whose environment holds
// the emulator's keys. Registers beforeAll/afterAll; the fields are valid inside tests.

import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../../lib/emulator/server";
import { DMS_KEY, dmsEmulatorConfig, dmsEnv } from "./dms-fixtures";
import { assertHookBundleBuilt } from "./hook-process";
import { SLS_KEY, slsEmulatorConfig, slsEnv } from "./sls-fixtures";
import { TerraformWorkspace, requireTerraform } from "./terraform-workspace";

export interface E2eSetup {
  readonly emulator: RunningEmulator;
  readonly workspace: TerraformWorkspace;
}

export function useEmulatorAndTerraform(
  emulatorOptions: EmulatorOptions = { sls: slsEmulatorConfig(), dms: dmsEmulatorConfig() },
): E2eSetup {
  let emulator: RunningEmulator | undefined;
  let workspace: TerraformWorkspace | undefined;
  beforeAll(async () => {
    requireTerraform();
    assertHookBundleBuilt();
    emulator = await startEmulator(emulatorOptions);
    workspace = new TerraformWorkspace({ ...slsEnv(SLS_KEY), ...dmsEnv(DMS_KEY) });
  });
  afterAll(async () => {
    await emulator?.close();
    workspace?.cleanup();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the e2e ${what} is not started (beforeAll failed)`);
    return value;
  };
  return {
    get emulator() {
      return ready(emulator, "emulator");
    },
    get workspace() {
      return ready(workspace, "workspace");
    },
  };
}
