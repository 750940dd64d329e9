// Region and endpoint only say how to reach a group; changing their form is not a new
// group. Each step re-synthesizes one stack holding one SLS and one DMS group, applies, and
// checks that the emulator saw no DELETE and no successful create, that the DMS group kept its
// id (a re-created one gets a new id), and that the stack then plans "No changes".
// The steps build on each other, in order (P: the emulator's port):
//
// | step | SLS group                          | DMS group                                  |
// |------|------------------------------------|--------------------------------------------|
// | 0    | region + http://127.0.0.1:P        | region + http://127.0.0.1:P, queue {id}    |
// | 1    | endpoint http://127.0.0.1:P only   | endpoint http://127.0.0.1:P only, {id}     |
// | 2    | endpoint http://localhost:P only   | endpoint http://localhost:P only, {id}     |
// | 3    | region + http://localhost:P        | region + http://localhost:P, {id}          |
// | 4    | (unchanged)                        | queue {name} of the same queue             |
// | 5    | (unchanged)                        | queue {id} again                           |
//
// A trailing-dot host (http://localhost.:P) cannot be applied here: it does not resolve on
// these machines. test/synth/aliases.test.ts covers that spelling at synth.

import type { TerraformStack } from "cdktf";
import { DmsQueueConsumerGroup, SlsConsumerGroup } from "../../lib";
import { BILLING_QUEUE, BILLING_QUEUE_ID, DMS_PROJECT } from "../support/dms-fixtures";
import { useEmulatorAndTerraform } from "../support/e2e-setup";
import { groupCreates, groupDeletes } from "../support/group-calls";
import { LOGSTORE, PROJECT } from "../support/sls-fixtures";
import { expectSuccess } from "../support/terraform-workspace";

const STACK = "endpoint-forms";
const SLS_GROUP = "form-reader";
const DMS_GROUP = "form-workers";
jest.setTimeout(120_000);

const e2e = useEmulatorAndTerraform();

interface Form {
  /** Declare `region` too. */
  readonly region: boolean;
  /** The emulator's URL with this host. */
  readonly host: "127.0.0.1" | "localhost";
  readonly queue: "id" | "name";
}

let dmsIdAtStart: string | undefined;

describe("a change of endpoint or region form", () => {
  it("creates both groups (step 0)", async () => {
    synth({ region: true, host: "127.0.0.1", queue: "id" });
    expectSuccess(await e2e.workspace.init(STACK), "terraform init");

    expectSuccess(await e2e.workspace.apply(STACK), "first apply");

    expect(slsLive()).toBe(true);
    dmsIdAtStart = dmsGroupId();
    expect(dmsIdAtStart).toBeDefined();
  });

  it.each<[string, Form]>([
    ["region + 127.0.0.1 -> endpoint only", { region: false, host: "127.0.0.1", queue: "id" }],
    ["127.0.0.1 -> localhost, endpoint only", { region: false, host: "localhost", queue: "id" }],
    ["endpoint only -> region added back", { region: true, host: "localhost", queue: "id" }],
    [
      "DMS queue {id} -> {name} of the same queue",
      { region: true, host: "localhost", queue: "name" },
    ],
    ["DMS queue {name} -> {id} again", { region: true, host: "localhost", queue: "id" }],
  ])("neither deletes nor re-creates a group on %s", async (_step, form) => {
    synth(form);
    e2e.emulator.resetCalls();

    expectSuccess(await e2e.workspace.apply(STACK), "apply of the new form");
    const calls = e2e.emulator.calls();
    const plan = (await e2e.workspace.plan(STACK)).code;

    expect({
      deleted: groupDeletes(calls, SLS_GROUP, DMS_GROUP),
      created: groupCreates(calls, SLS_GROUP, DMS_GROUP),
      planAfterApply: plan,
      slsLive: slsLive(),
      dmsId: dmsGroupId(),
    }).toEqual({
      deleted: [],
      created: [],
      planAfterApply: 0,
      slsLive: true,
      dmsId: dmsIdAtStart,
    });
  });
});

// ---------------------------------------------------------------------------------------

function synth(form: Form): void {
  const endpoint = e2e.emulator.url.replace("127.0.0.1", form.host);
  e2e.workspace.synth(STACK, (stack: TerraformStack) => {
    new SlsConsumerGroup(stack, "Reader", {
      ...(form.region ? { region: "cn-hangzhou" } : {}),
      endpoint,
      project: PROJECT,
      logstore: LOGSTORE,
      name: SLS_GROUP,
      timeout: 60,
    });
    new DmsQueueConsumerGroup(stack, "Workers", {
      ...(form.region ? { region: "cn-north-4" } : {}),
      endpoint,
      projectId: DMS_PROJECT,
      queue: form.queue === "id" ? { id: BILLING_QUEUE_ID } : { name: BILLING_QUEUE },
      name: DMS_GROUP,
    });
  });
}

function slsLive(): boolean {
  return e2e.emulator.sls.listGroups(PROJECT, LOGSTORE).some((g) => g.name === SLS_GROUP);
}

/** The live DMS group's id; a re-created group has a new one. */
function dmsGroupId(): string | undefined {
  return e2e.emulator.dms.listGroups(DMS_PROJECT, BILLING_QUEUE).find((g) => g.name === DMS_GROUP)
    ?.id;
}
