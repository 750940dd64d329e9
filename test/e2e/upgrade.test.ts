// Upgrading is a no-op in the cloud (new identities, the one-resource default executor): from
// release 0.1.0 and from main before that default (tag pre-15). Each scenario replays a real
// deployment made by one of those builds (test/fixtures/deployments/<label>/<scenario>/, recorded
// by scripts/record-deployment.js; which scenarios each build recorded is RECORDED_RELEASES in
// apps.ts): its Terraform state and the emulator's groups, with the emulator at the origin it was
// recorded at. The SAME app (test/fixtures/deployments/apps.ts) is then synthesized with this
// checkout's code and applied.
//
// | step                      | expected                                                          |
// |---------------------------|-------------------------------------------------------------------|
// | plan of the upgrade       | no Group resource (`*_group`) deleted, created or replaced         |
// | apply of that plan        | no DELETE, no successful POST; no Group destroyed, no delete hook; |
// |                           | the emulator's groups are the same objects with the same settings |
// |                           | (and the same SLS generations, DMS ids and creation times)        |
// | plan again                | no changes (exit code 0)                                          |
// | destroy                   | one DELETE per DESTROY group (the identity the recorded build     |
// |                           | stored, read back by this code's delete hook), none for RETAIN    |
//
// Only Group resources are asserted on in Terraform: a Settings resource (`*_settings`) of a
// per-group deployment may leave the configuration when the default shape changes; it has
// no destroy hook, so its destroy touches nothing in the cloud, which the emulator checks show.

import { copyFileSync, readFileSync, readdirSync } from "node:fs";
import { get } from "node:http";
import * as path from "node:path";
import * as library from "../../lib";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import {
  RECORDED_HOST,
  RECORDED_ORIGIN,
  RECORDED_PORT,
  RECORDED_RELEASES,
  declareScenario,
  emulatorConfig,
  emulatorTarget,
  hookCredentials,
  scenariosRecordedAs,
  type DeploymentScenario,
  type RecordedRelease,
} from "../fixtures/deployments/apps";
import { assertHookBundleBuilt } from "../support/hook-process";
import {
  TerraformWorkspace,
  expectSuccess,
  requireTerraform,
  type TerraformRun,
} from "../support/terraform-workspace";
import type { EmulatorCall } from "../../lib/emulator/emulated-service";

const RECORDINGS = path.join(__dirname, "../fixtures/deployments");
const RECORDED_FILES = ["cdk.tf.json", "emulator-state.json", "terraform.tfstate"];
const PLAN_FILE = "upgrade.tfplan";
jest.setTimeout(120_000);

/** Every recorded build × the scenarios it recorded. */
const UPGRADES = RECORDED_RELEASES.flatMap((release) =>
  scenariosRecordedAs(release.label).map((scenario) => ({
    release,
    scenario,
    label: release.label,
    name: scenario.name,
  })),
);

describe("the recorded deployments", () => {
  it.each(RECORDED_RELEASES)(
    "$label holds the deployments of its scenarios, no more",
    (release) => {
      // A scenario missing from a recording would otherwise never be replayed.
      expect(readdirSync(path.join(RECORDINGS, release.label)).sort()).toEqual(
        [...release.scenarios].sort(),
      );
      for (const scenario of release.scenarios) {
        expect(readdirSync(path.join(RECORDINGS, release.label, scenario)).sort()).toEqual(
          RECORDED_FILES,
        );
      }
    },
  );
});

describe.each(UPGRADES)(
  "upgrade of the $name deployment made by $label",
  ({ release, scenario }) => {
    const replay = useRecordedDeployment(release, scenario);

    it("plans no deletion, creation or replacement of a Group resource", async () => {
      expectSuccess(
        await replay.terraform(["plan", "-input=false", "-no-color", `-out=${PLAN_FILE}`]),
        "plan of the upgrade",
      );
      const changes = groupChanges(await replay.terraform(["show", "-json", PLAN_FILE]));
      const readable = await replay.terraform(["show", "-no-color", PLAN_FILE]);

      // Every Group resource the recorded build left in state is still there (same or moved
      // address) ...
      expect(changes.map((c) => c.previous_address ?? c.address).sort()).toEqual(
        replay.recordedGroupAddresses(),
      );
      // ... and is neither deleted nor created: a replacement would run its delete hook.
      expect(changes.filter((c) => !keepsObject(c.change.actions))).toEqual([]);
      expect(readable.output).not.toMatch(/# \S+_group\b.*(must be replaced|will be destroyed)/);
    });

    it("applies with no DELETE and no create: the emulator keeps the same groups", async () => {
      const before = await replay.emulatorState();
      replay.emulator.resetCalls();

      const apply = await replay.terraform(["apply", "-input=false", "-no-color", PLAN_FILE]);

      expectSuccess(apply, "apply of the upgrade");
      const calls = replay.emulator.calls();
      expect(calls.filter((c) => c.method === "DELETE")).toEqual([]);
      expect(calls.filter((c) => c.method === "POST" && succeeded(c))).toEqual([]);
      expect(apply.output).not.toMatch(/_group: Destroy/);
      // A Group resource has only its delete hook: any local-exec line of one means it ran.
      expect(apply.output).not.toMatch(/_group \(local-exec\):/);
      expect(await replay.emulatorState()).toEqual(before);
      // The same Terraform objects, holding the identities the recorded build stored (which the
      // destroy hook reads).
      expect(await replay.groupObjects()).toEqual(replay.recordedGroupObjects());
    });

    it("plans no changes after the upgrade", async () => {
      const plan = await replay.terraform([
        "plan",
        "-input=false",
        "-no-color",
        "-detailed-exitcode",
      ]);

      expect({ code: plan.code, output: plan.output }).toEqual({
        code: 0,
        output: expect.stringContaining("No changes") as unknown,
      });
    });

    it("destroy deletes each DESTROY group once, from the identity the recorded build stored, and keeps RETAIN", async () => {
      replay.emulator.resetCalls();

      expectSuccess(
        await replay.terraform(["destroy", "-input=false", "-auto-approve", "-no-color"]),
        "destroy",
      );

      const deletes = replay.emulator.calls().filter((c) => c.method === "DELETE");
      expect(
        deletes.map((c) => `${succeeded(c) ? "ok" : c.status} ${c.target ?? ""}`).sort(),
      ).toEqual(
        scenario.groups
          .filter((g) => g.policy === "DESTROY")
          .map((g) => `ok ${emulatorTarget(g)}`)
          .sort(),
      );
      expect(liveTargets(await replay.emulatorState())).toEqual(
        scenario.groups
          .filter((g) => g.policy === "RETAIN")
          .map(emulatorTarget)
          .sort(),
      );
    });
  },
);

// The harshest upgrade: the first apply of this code also replaces every Group resource
// (`-replace=`). Each replaced group's delete hook reads the identity the recorded build stored,
// and the reconciler (or a Settings resource), `replace_triggered_by` its Group, creates it again
// in the same apply. A refusal (deletion protection ALWAYS) fails that apply; the next apply then
// converges. Afterwards every declared group is live and the plan says "No changes".
describe.each(UPGRADES)(
  "upgrade of the $name deployment made by $label, applied with -replace of every Group",
  ({ release, scenario }) => {
    const replay = useRecordedDeployment(release, scenario);

    it("keeps every declared group live, and then plans no changes", async () => {
      expectSuccess(
        await replay.terraform(["plan", "-input=false", "-no-color", `-out=${PLAN_FILE}`]),
        "plan of the upgrade",
      );
      const groups = groupChanges(await replay.terraform(["show", "-json", PLAN_FILE])).map(
        (c) => c.address,
      );
      expect(groups).toHaveLength(scenario.groups.length);

      const replace = await replay.terraform([
        "apply",
        "-input=false",
        "-auto-approve",
        "-no-color",
        ...groups.map((address) => `-replace=${address}`),
      ]);
      expect(replace.output).toMatch(/_group: Destroying/);
      if (replace.code !== 0) {
        // Only deletion protection may refuse; the next apply converges.
        expect(replace.output).toContain("HOOK_DELETE_PROTECTED");
        expectSuccess(
          await replay.terraform(["apply", "-input=false", "-auto-approve", "-no-color"]),
          "apply after a refused -replace",
        );
      }

      expect(liveTargets(await replay.emulatorState())).toEqual(
        scenario.groups.map(emulatorTarget).sort(),
      );
      const plan = await replay.terraform([
        "plan",
        "-input=false",
        "-no-color",
        "-detailed-exitcode",
      ]);
      expect({ code: plan.code, output: plan.output }).toEqual({
        code: 0,
        output: expect.stringContaining("No changes") as unknown,
      });
    });
  },
);

// ---------------------------------------------------------------------------------------------

interface Replay {
  readonly emulator: RunningEmulator;
  terraform(args: string[]): Promise<TerraformRun>;
  /** What GET /_emulator/state answers: every service's groups (and DMS queues). */
  emulatorState(): Promise<EmulatorState>;
  /** Addresses of the Group resources in the recorded state, sorted. */
  recordedGroupAddresses(): string[];
  /** Id and stored identity of each Group resource in the workspace's state, sorted. */
  groupObjects(): Promise<string[]>;
  /** The same of the recorded state. */
  recordedGroupObjects(): string[];
}

/**
 * Before the scenario's tests: the recorded emulator state loaded by an emulator at the
 * recorded origin, the app synthesized with this checkout's code, the recorded Terraform
 * state in the stack's directory, `terraform init` run.
 */
function useRecordedDeployment(release: RecordedRelease, scenario: DeploymentScenario): Replay {
  const recording = path.join(RECORDINGS, release.label, scenario.name);
  let emulator: RunningEmulator | undefined;
  let workspace: TerraformWorkspace | undefined;

  beforeAll(async () => {
    requireTerraform();
    assertHookBundleBuilt();
    workspace = new TerraformWorkspace(hookCredentials());
    const statePath = path.join(workspace.dir, "emulator-state.json");
    copyFileSync(path.join(recording, "emulator-state.json"), statePath);
    emulator = await startRecordedEmulator(statePath);
    // The recorded groups were loaded (extra fields a newer emulator adds are allowed).
    expect(await readState(emulator)).toMatchObject(readJson(recording, "emulator-state.json"));

    // ... and the recorded Terraform state has one Group resource per declared group.
    expect(recordedGroups(recording)).toHaveLength(scenario.groups.length);

    const stackDir = workspace.synth(
      scenario.name,
      (stack) => declareScenario(stack, scenario, library),
      scenario.context,
    );
    copyFileSync(
      path.join(recording, "terraform.tfstate"),
      path.join(stackDir, "terraform.tfstate"),
    );
    expectSuccess(await workspace.init(scenario.name), "terraform init");
  });
  afterAll(async () => {
    await emulator?.close();
    workspace?.cleanup();
  });

  const started = () => {
    if (!emulator || !workspace) throw new Error("the replay did not start (beforeAll failed)");
    return { emulator, workspace };
  };
  return {
    get emulator() {
      return started().emulator;
    },
    terraform: (args) => started().workspace.terraform(scenario.name, args),
    emulatorState: () => readState(started().emulator),
    recordedGroupAddresses: () => recordedGroups(recording).map((r) => `${r.type}.${r.name}`),
    groupObjects: async () => {
      const show = await started().workspace.terraform(scenario.name, ["show", "-json"]);
      expectSuccess(show, "terraform show -json");
      const state = JSON.parse(show.output) as {
        values?: { root_module?: { resources?: { name: string; values: StoredGroup }[] } };
      };
      return (state.values?.root_module?.resources ?? [])
        .filter((r) => r.name.endsWith("_group"))
        .map((r) => describeObject(r.values))
        .sort();
    },
    recordedGroupObjects: () =>
      recordedGroups(recording)
        .map(({ instances: [instance] }) => {
          const { id, triggers_replace, triggers } = instance?.attributes ?? {};
          return describeObject({
            id,
            // terraform_data keeps a dynamic value as { value, type } in the state file.
            triggers_replace: (triggers_replace as { value?: unknown } | undefined)?.value,
            triggers,
          });
        })
        .sort(),
  };
}

interface StoredGroup {
  id?: unknown;
  triggers_replace?: unknown;
  triggers?: unknown;
}

function describeObject(values: StoredGroup): string {
  return JSON.stringify({ id: values.id, identity: values.triggers_replace ?? values.triggers });
}

interface RecordedResource {
  type: string;
  name: string;
  instances: { attributes?: StoredGroup }[];
}

/** The Group resources (`*_group`) of a recorded Terraform state, by address. */
function recordedGroups(recording: string): RecordedResource[] {
  return readJson<{ resources: RecordedResource[] }>(recording, "terraform.tfstate")
    .resources.filter((r) => r.name.endsWith("_group"))
    .sort((a, b) => `${a.type}.${a.name}`.localeCompare(`${b.type}.${b.name}`));
}

async function startRecordedEmulator(statePath: string): Promise<RunningEmulator> {
  try {
    return await startEmulator({
      host: RECORDED_HOST,
      port: RECORDED_PORT,
      statePath,
      ...emulatorConfig(),
    });
  } catch (e) {
    throw new Error(
      `the recorded deployments need the emulator at ${RECORDED_ORIGIN}, the origin the ` +
        `recorded builds stored in their identities and addresses; it could not listen there ` +
        `(${String(e)}). Stop whatever holds that port.`,
    );
  }
}

type EmulatorState = {
  sls?: { projects: Record<string, { logstores: Record<string, { groups: { name: string }[] }> }> };
  dms?: {
    projects: Record<string, { queues: { name: string; groups: { name: string }[] }[] }>;
  };
};

/** GET /_emulator/state on a fresh connection: an earlier scenario's emulator had this origin too. */
function readState(emulator: RunningEmulator): Promise<EmulatorState> {
  return new Promise((resolve, reject) => {
    get(`${emulator.url}/_emulator/state`, { agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve(JSON.parse(body) as EmulatorState));
    }).on("error", reject);
  });
}

/** Live groups as call-log targets (SLS project/logstore/name, DMS projectId/queue/name), sorted. */
function liveTargets(state: EmulatorState): string[] {
  const sls = Object.entries(state.sls?.projects ?? {}).flatMap(([project, { logstores }]) =>
    Object.entries(logstores).flatMap(([logstore, { groups }]) =>
      groups.map((g) => `${project}/${logstore}/${g.name}`),
    ),
  );
  const dms = Object.entries(state.dms?.projects ?? {}).flatMap(([projectId, { queues }]) =>
    queues.flatMap((q) => q.groups.map((g) => `${projectId}/${q.name}/${g.name}`)),
  );
  return [...sls, ...dms].sort();
}

interface ResourceChange {
  address: string;
  previous_address?: string;
  change: { actions: string[] };
}

/** The plan's changes of Group resources (`*_group`), from `terraform show -json`. */
function groupChanges(show: TerraformRun): ResourceChange[] {
  expectSuccess(show, "terraform show -json");
  const plan = JSON.parse(show.output) as { resource_changes?: ResourceChange[] };
  return (plan.resource_changes ?? []).filter(
    (c) => c.address.endsWith("_group") || (c.previous_address ?? "").endsWith("_group"),
  );
}

/** A no-op, or an in-place update: the object (and the cloud group behind it) stays. */
function keepsObject(actions: string[]): boolean {
  return actions.every((a) => a === "no-op" || a === "update" || a === "read");
}

function succeeded(call: EmulatorCall): boolean {
  return call.status >= 200 && call.status < 300;
}

function readJson<T = Record<string, unknown>>(dir: string, file: string): T {
  return JSON.parse(readFileSync(path.join(dir, file), "utf8")) as T;
}
