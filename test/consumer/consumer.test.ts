// The packed library in users' apps: `npm pack` of a clean copy of the repository (the
// `prepare` script builds it), installed into the apps under test/consumer/apps, each pinned by
// its committed lockfile, and deployed with real Terraform against the emulator.
//
// | app        | framework     | constructs        | TypeScript | first deploy with          |
// |------------|---------------|-------------------|------------|----------------------------|
// | cdktf-0.21 | cdktf 0.21.0  | 10.8.1 (newest)   | 7.0.2      | `cdktf deploy` (cdktf-cli) |
// | cdktf-0.20 | cdktf 0.20.12 | 10.3.0            | 5.4.5      | terraform                  |
// | cdktn-0.24 | cdktn 0.24.0  | 10.7.2 (its peer) | 5.9.3      | terraform                  |
//
// Each app, in order: installs (one framework, one constructs), type-checks with its own tsc
// (the library's resources must carry the framework's real types), synthesizes with node,
// deploys an SLS and a DMS group, deploys a changed SLS timeout (an update: no delete call),
// and destroys both groups. install-matrix.test.ts installs the apps the other ways users do, each
// with its own CLI (cdktn-cli on Node >= 22.19).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as publicApi from "../../lib";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import type { EmulatorCall } from "../../lib/emulator/emulated-service";
import {
  REPO_ROOT,
  expectExit0,
  installApp,
  installedVersions,
  layOutApp,
  packLibrary,
  runCommand,
  type PackedLibrary,
} from "../support/consumer-app";
import { DMS_KEY, DMS_PROJECT, dmsEmulatorConfig, dmsEnv } from "../support/dms-fixtures";
import { noCloudNetworkEnv } from "../support/no-cloud-network";
import { SLS_KEY, slsEmulatorConfig, slsEnv } from "../support/sls-fixtures";
import { requireTerraform } from "../support/terraform-workspace";

interface ConsumerApp {
  readonly dir: string;
  readonly framework: "cdktf" | "cdktn";
  readonly version: string;
  readonly constructs: string;
  /** Deploy first through the framework's CLI (the repository's cdktf-cli devDependency). */
  readonly cli: boolean;
}

const APPS: readonly ConsumerApp[] = [
  { dir: "cdktf-0.21", framework: "cdktf", version: "0.21.0", constructs: "10.8.1", cli: true },
  { dir: "cdktf-0.20", framework: "cdktf", version: "0.20.12", constructs: "10.3.0", cli: false },
  { dir: "cdktn-0.24", framework: "cdktn", version: "0.24.0", constructs: "10.7.2", cli: false },
];
/** CGAC_CONSUMER_APPS=<dir>[,<dir>…] runs only those apps (CI's other Node lanes). */
const SELECTED = process.env.CGAC_CONSUMER_APPS?.split(",").filter(Boolean);
const RUN = APPS.filter((a) => !SELECTED || SELECTED.includes(a.dir));
const STACK = "consumers";
const SLS_PROJECT = "shop-prod";
const LOGSTORE = "orders";
const QUEUE = "billing";

jest.setTimeout(240_000);

let workDir = "";
let library: PackedLibrary | undefined;
let emulator: RunningEmulator | undefined;

beforeAll(async () => {
  requireTerraform();
  if (RUN.length === 0) throw new Error(`CGAC_CONSUMER_APPS names no app: ${SELECTED}`);
  workDir = mkdtempSync(path.join(os.tmpdir(), "cgac-consumer-"));
  writeFileSync(path.join(workDir, "terraformrc"), "");
  emulator = await startEmulator({
    sls: slsEmulatorConfig([LOGSTORE]),
    dms: dmsEmulatorConfig(),
  });
  library = await packLibrary(workDir);
});

afterAll(async () => {
  await emulator?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("npm pack of a clean copy", () => {
  it("holds the built library, the hook, LICENSE, CHANGELOG, the docs and the example, and no sources or tests", () => {
    const files = packed().files;

    expect(files).toEqual(
      expect.arrayContaining([
        "LICENSE",
        "CHANGELOG.md",
        "README.md",
        "package.json",
        "dist/lib/index.js",
        "dist/lib/index.d.ts",
        "dist/lib/cli.js",
        "dist/lib/constructs/framework-types.d.ts",
        "dist/hook/hook.js",
        "dist/hook/hook-bundle.js",
        "docs/errors.md",
        "examples/main.ts",
        "examples/referenced-containers/main.ts",
      ]),
    );
    expect(
      files.filter(
        (f) =>
          !/^(dist\/(lib|hook)\/|[A-Z]+(\.md)?$|package\.json$|docs\/[^/]+\.md$|docs\/bench\/[^/]+\.json$|examples\/([a-z-]+\/)?[a-z-]+\.(ts|js)$)/.test(
            f,
          ),
      ),
    ).toEqual([]);
    expect(files.filter((f) => /^(lib|test|scripts)\//.test(f))).toEqual([]);
  });

  it("resolves every relative link of the README and the docs to a file in the package", () => {
    const files = new Set(packed().files);
    const markdown = [...files].filter((f) => f.endsWith(".md"));
    const links = markdown.flatMap((file) =>
      [...readFileSync(path.join(REPO_ROOT, file), "utf8").matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)]
        .map((m) => m[1]!)
        .filter((target) => !/^[a-z]+:/.test(target))
        .map((target) => ({
          file,
          target: path.posix.normalize(path.posix.join(path.posix.dirname(file), target)),
        })),
    );

    expect(links.length).toBeGreaterThan(20);
    expect(links.filter(({ target }) => !files.has(target))).toEqual([]);
  });
});

describe.each(RUN)("the $dir app", (app) => {
  let dir = "";

  it(`installs with one ${app.framework} and one constructs`, async () => {
    dir = layOutApp(app.dir, workDir);
    await installApp(dir, packed().tarball);

    const { versions, text } = await installedVersions(dir, ["cdktf", "cdktn", "constructs"]);

    const other = app.framework === "cdktf" ? "cdktn" : "cdktf";
    expect({ versions, text }).toMatchObject({
      versions: { [app.framework]: [app.version], [other]: [], constructs: [app.constructs] },
    });
  });

  it("exposes the public API, the hook and the command, and keeps internals private", async () => {
    const env = { PATH: process.env.PATH ?? "", HOME: os.tmpdir() };
    const probe = [
      'const lib = require("cdktf-consumer-groups");',
      "console.log(Object.keys(lib).sort().join(','));",
      'console.log(require.resolve("cdktf-consumer-groups/hook"));',
      'try { require("cdktf-consumer-groups/dist/lib/contract/payload"); console.log("internal: loaded"); }',
      "catch (e) { console.log(`internal: ${e.code}`); }",
    ].join("\n");

    const node = expectExit0(await runCommand("node", ["-e", probe], { cwd: dir, env }), "node -e");
    const cli = await runCommand(
      path.join(dir, "node_modules/.bin/cdktf-consumer-groups"),
      ["--help"],
      {
        cwd: dir,
        env,
      },
    );

    const [exported, hook, internal] = node.trim().split("\n");
    // The same names as lib/index.ts, from the package's own build.
    expect(exported).toBe(Object.keys(publicApi).sort().join(","));
    expect(exported).toContain("SlsConsumerGroup");
    expect(hook).toBe(path.join(dir, "node_modules/cdktf-consumer-groups/dist/hook/hook.js"));
    expect(internal).toBe("internal: ERR_PACKAGE_PATH_NOT_EXPORTED");
    expect(cli.code).toBe(0);
    expect(cli.output).toContain("cdktf-consumer-groups emulator");
  });

  it("type-checks with tsc", async () => {
    const tsc = await runCommand(path.join(dir, "node_modules/.bin/tsc"), [], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "" },
    });

    expectExit0(tsc, "tsc");
  });

  it("synthesizes with node", async () => {
    const synth = await synthesize(dir, 300);

    expectExit0(synth, "node main.js");
    expect(Object.keys(terraformResources(dir))).toEqual(["terraform_data"]);
  });

  it("deploys an SLS group and a DMS group", async () => {
    if (app.cli) {
      // GIVEN the framework's CLI, which synthesizes (node main.js), inits and applies itself
      const cdktf = path.join(REPO_ROOT, "node_modules/.bin/cdktf");
      expectExit0(
        await runCommand(cdktf, ["deploy", "--auto-approve"], {
          cwd: dir,
          env: { ...terraformEnv(), ...synthEnv(300), HOME: workDir },
        }),
        "cdktf deploy",
      );
    } else {
      expectExit0(await terraform(dir, ["init", "-input=false"]), "terraform init");
      expectExit0(await terraform(dir, ["apply", "-input=false", "-auto-approve"]), "apply");
    }

    expect(emu().sls.listGroups(SLS_PROJECT, LOGSTORE)).toEqual([
      { name: "orders-reader", timeout: 300, order: true },
    ]);
    expect(dmsGroupNames()).toEqual(["billing-workers"]);
  });

  it("updates the SLS timeout in place without deleting a group", async () => {
    // GIVEN the same app with timeout 600 instead of 300
    expectExit0(await synthesize(dir, 600), "node main.js");
    await emulatorAdmin("DELETE", "/_emulator/calls");

    // WHEN
    const apply = await terraform(dir, ["apply", "-input=false", "-auto-approve"]);

    // THEN one SLS update, no delete anywhere, and the DMS group untouched
    expectExit0(apply, "apply of the timeout change");
    const calls = (await emulatorAdmin("GET", "/_emulator/calls")) as EmulatorCall[];
    expect(calls.map((c) => `${c.service} ${c.action}`)).toContain("sls UpdateConsumerGroup");
    expect(calls.filter((c) => c.method === "DELETE" || /Delete/.test(c.action))).toEqual([]);
    expect(emu().sls.listGroups(SLS_PROJECT, LOGSTORE)).toEqual([
      { name: "orders-reader", timeout: 600, order: true },
    ]);
    expect(dmsGroupNames()).toEqual(["billing-workers"]);
  });

  it("destroys both groups", async () => {
    const destroy = await terraform(dir, ["destroy", "-input=false", "-auto-approve"]);

    expectExit0(destroy, "terraform destroy");
    expect(emu().sls.listGroups(SLS_PROJECT, LOGSTORE)).toEqual([]);
    expect(dmsGroupNames()).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

function packed(): PackedLibrary {
  if (!library) throw new Error("the library was not packed (beforeAll failed)");
  return library;
}

function emu(): RunningEmulator {
  if (!emulator) throw new Error("the emulator is not running (beforeAll failed)");
  return emulator;
}

function dmsGroupNames(): string[] {
  return emu()
    .dms.listGroups(DMS_PROJECT, QUEUE)
    .map((g) => g.name);
}

function synthEnv(timeout: number): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    CGAC_SLS_ENDPOINT: emu().url,
    CGAC_DMS_ENDPOINT: emu().url,
    ORDERS_READER_TIMEOUT: String(timeout),
  };
}

function synthesize(dir: string, timeout: number) {
  return runCommand("node", ["main.js"], { cwd: dir, env: synthEnv(timeout) });
}

function terraformResources(dir: string): Record<string, unknown> {
  const stackDir = path.join(dir, "cdktf.out/stacks", STACK);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(path.join(stackDir, "cdk.tf.json")) as { resource: Record<string, unknown> })
    .resource;
}

/** The emulator's keys and nothing else of the runner's environment. */
function terraformEnv(): Record<string, string> {
  return noCloudNetworkEnv(
    {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? os.tmpdir(),
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      TF_CLI_CONFIG_FILE: path.join(workDir, "terraformrc"),
    },
    { ...slsEnv(SLS_KEY), ...dmsEnv(DMS_KEY) },
  );
}

function terraform(dir: string, args: string[]) {
  return runCommand("terraform", [...args, "-no-color"], {
    cwd: path.join(dir, "cdktf.out/stacks", STACK),
    env: terraformEnv(),
  });
}

async function emulatorAdmin(method: "GET" | "DELETE", route: string): Promise<unknown> {
  const response = await fetch(`${emu().url}${route}`, { method });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status}`);
  return response.json();
}
