// The packed library installed the ways users install it: into apps that have their framework's
// CLI as a local devDependency, in either order, by a fresh `npm install` of a package.json
// without a lockfile, and by `npm ci` from the lockfile that install wrote (what a pipeline
// runs). All of it with npm's defaults: no --legacy-peer-deps, --force or `overrides`. The
// lockfile app then deploys and destroys an SLS and a DMS group with its own CLI
// (`cdktf deploy` / `cdktn deploy`) against the emulator. The matrix (one row per cell, with its
// Node, npm and commands) is printed and written to test-results/install-matrix.md.
//
// CGAC_INSTALL_MATRIX=<fixture>[,<fixture>…] runs only those frameworks (CI's other Node lanes).

import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/server";
import {
  APPS_DIR,
  expectExit0,
  installedVersions,
  npmEnv,
  packLibrary,
  runCommand,
  type CommandRun,
  type PackedLibrary,
} from "../support/consumer-app";
import { DMS_KEY, DMS_PROJECT, dmsEmulatorConfig, dmsEnv } from "../support/dms-fixtures";
import { noCloudNetworkEnv } from "../support/no-cloud-network";
import { SLS_KEY, slsEmulatorConfig, slsEnv } from "../support/sls-fixtures";
import { requireTerraform } from "../support/terraform-workspace";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { nodeBinDir } = require("../../scripts/node-binary.js") as {
  nodeBinDir(major: number): string;
};

interface Framework {
  /** The app fixture under test/consumer/apps whose main.ts, tsconfig.json and cdktf.json are used. */
  readonly fixture: string;
  readonly name: "cdktf" | "cdktn";
  readonly version: string;
  readonly constructs: string;
  readonly cli: string;
  readonly typescript: string;
  readonly typesNode: string;
  /** The lowest Node its CLI runs on: an older test process runs the cell on that major's pinned release. */
  readonly minNode?: { readonly major: number; readonly minor: number };
}

const FRAMEWORKS: readonly Framework[] = [
  {
    fixture: "cdktf-0.20",
    name: "cdktf",
    version: "0.20.12",
    constructs: "10.3.0",
    cli: "cdktf-cli",
    typescript: "5.9.3",
    typesNode: "20.19.25",
  },
  {
    fixture: "cdktf-0.21",
    name: "cdktf",
    version: "0.21.0",
    constructs: "10.8.1",
    cli: "cdktf-cli",
    typescript: "7.0.2",
    typesNode: "20.19.25",
  },
  {
    fixture: "cdktn-0.24",
    name: "cdktn",
    version: "0.24.0",
    constructs: "10.7.2",
    cli: "cdktn-cli",
    typescript: "5.9.3",
    typesNode: "22.20.1",
    // cdktn-cli 0.24 needs Node >= 22.19 (on 20 it crashes with markAsUncloneable).
    minNode: { major: 22, minor: 19 },
  },
];

const SELECTED = process.env.CGAC_INSTALL_MATRIX?.split(",").filter(Boolean);
const RUN = FRAMEWORKS.filter((f) => !SELECTED || SELECTED.includes(f.fixture));
const NPM_FLAGS = ["--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];
const REPORT = path.resolve(__dirname, "../../test-results/install-matrix.md");

jest.setTimeout(300_000);

interface Row {
  readonly app: string;
  readonly cell: string;
  readonly node: string;
  readonly npm: string;
  readonly commands: string;
  readonly result: string;
}

let workDir = "";
let library: PackedLibrary | undefined;
let emulator: RunningEmulator | undefined;
const rows: Row[] = [];

beforeAll(async () => {
  requireTerraform();
  if (RUN.length === 0) throw new Error(`CGAC_INSTALL_MATRIX names no fixture: ${SELECTED}`);
  workDir = mkdtempSync(path.join(os.tmpdir(), "cgac-install-"));
  writeFileSync(path.join(workDir, "terraformrc"), "");
  emulator = await startEmulator({ sls: slsEmulatorConfig(["orders"]), dms: dmsEmulatorConfig() });
  library = await packLibrary(workDir);
});

afterAll(async () => {
  await emulator?.close();
  if (rows.length > 0) {
    const table = renderRows(rows);
    mkdirSync(path.dirname(REPORT), { recursive: true });
    writeFileSync(REPORT, table);
    console.log(table);
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe.each(RUN)("a $name $version app with $cli as a local devDependency", (fw) => {
  const deps = [`${fw.name}@${fw.version}`, `constructs@${fw.constructs}`];
  const devDeps = [
    `${fw.cli}@${fw.version}`,
    `typescript@${fw.typescript}`,
    `@types/node@${fw.typesNode}`,
  ];
  let env: NodeJS.ProcessEnv = {};
  let freshDir = "";

  beforeAll(() => {
    env = npmEnv({ PATH: cellPath(fw) });
  });

  it("installs the library after the CLI", async () => {
    const dir = emptyApp(fw, "cli-first");

    await cell(fw, "CLI first", dir, [
      ["install", ...deps],
      ["install", "-D", ...devDeps],
      ["install", packed().tarball],
    ]);

    await expectOneFrameworkAndConstructs(fw, dir);
    await discardModules(dir);
  });

  it("installs the CLI after the library", async () => {
    const dir = emptyApp(fw, "library-first");

    await cell(fw, "library first", dir, [
      ["install", ...deps],
      ["install", packed().tarball],
      ["install", "-D", ...devDeps],
    ]);

    await expectOneFrameworkAndConstructs(fw, dir);
    await discardModules(dir);
  });

  it("installs everything from a package.json without a lockfile", async () => {
    freshDir = emptyApp(fw, "fresh", {
      dependencies: {
        [fw.name]: fw.version,
        constructs: fw.constructs,
        "cdktf-consumer-groups": `file:${packed().tarball}`,
      },
      devDependencies: Object.fromEntries(devDeps.map(splitSpec)),
    });

    await cell(fw, "fresh, no lockfile", freshDir, [["install"]]);

    await expectOneFrameworkAndConstructs(fw, freshDir);
  });

  it(`installs from that lockfile with npm ci, then deploys and destroys with ${fw.name}`, async () => {
    // GIVEN the app and lockfile the fresh install wrote, as a pipeline checks them out
    const dir = emptyApp(fw, "lockfile");
    for (const file of ["package.json", "package-lock.json"]) {
      copyFileSync(path.join(freshDir, file), path.join(dir, file));
    }
    await discardModules(freshDir);
    await cell(fw, "npm ci from that lockfile", dir, [["ci"]]);
    await expectOneFrameworkAndConstructs(fw, dir);

    // WHEN the app's own CLI deploys it, then destroys it
    const cli = path.join(dir, "node_modules/.bin", fw.name);
    const appEnv = { ...deployEnv(), PATH: cellPath(fw) };
    expectExit0(await run(path.join(dir, "node_modules/.bin/tsc"), [], dir, appEnv), "tsc");
    const deploy = await run(cli, ["deploy", "--auto-approve"], dir, appEnv);
    expectExit0(deploy, `${fw.name} deploy`);
    const deployed = {
      sls: emu().sls.listGroups("shop-prod", "orders"),
      dms: emu()
        .dms.listGroups(DMS_PROJECT, "billing")
        .map((g) => g.name),
    };
    const destroy = await run(cli, ["destroy", "--auto-approve"], dir, appEnv);
    expectExit0(destroy, `${fw.name} destroy`);

    // THEN both groups existed after the deploy and are gone after the destroy
    expect(deployed).toEqual({
      sls: [{ name: "orders-reader", timeout: 300, order: true }],
      dms: ["billing-workers"],
    });
    expect(emu().sls.listGroups("shop-prod", "orders")).toEqual([]);
    expect(emu().dms.listGroups(DMS_PROJECT, "billing")).toEqual([]);
    await discardModules(dir);
    rows.push(
      await row(fw, `${fw.name} deploy, ${fw.name} destroy`, dir, [
        `${fw.name} deploy --auto-approve`,
        `${fw.name} destroy --auto-approve`,
      ]),
    );
  });

  /** Runs npm's steps in order; each must exit 0 (npm's own error is the failure message). */
  async function cell(f: Framework, name: string, dir: string, steps: string[][]): Promise<void> {
    for (const args of steps) {
      const step = await run("npm", [...args, ...NPM_FLAGS], dir, env);
      expectExit0(step, `${f.fixture} (${name}): npm ${args.join(" ")}`);
    }
    rows.push(
      await row(
        f,
        name,
        dir,
        steps.map((args) => `npm ${args.join(" ").replace(packed().tarball, "<tarball>")}`),
      ),
    );
  }

  async function row(f: Framework, name: string, dir: string, commands: string[]): Promise<Row> {
    const version = async (cmd: string) => (await run(cmd, ["--version"], dir, env)).stdout.trim();
    return {
      app: `${f.name} ${f.version} + ${f.cli}`,
      cell: name,
      node: await version("node"),
      npm: await version("npm"),
      commands: commands.join("; "),
      result: "passed",
    };
  }
});

// ---------------------------------------------------------------------------------------------

/** The framework's own package once, no other framework, and one constructs for app and library. */
async function expectOneFrameworkAndConstructs(fw: Framework, dir: string): Promise<void> {
  const other = fw.name === "cdktf" ? "cdktn" : "cdktf";
  const { versions, text } = await installedVersions(dir, [fw.name, other]);
  // The copy the app loads is the copy the library loads (two copies break synth).
  const probe = [
    "const path = require('node:path');",
    "const lib = path.dirname(require.resolve('cdktf-consumer-groups/package.json'));",
    "const fromLib = require.resolve('constructs', { paths: [lib] });",
    "console.log(require.resolve('constructs') === fromLib ? 'one constructs' : `two: ${fromLib}`);",
    "console.log(require('constructs/package.json').version);",
  ].join("\n");
  const seen = expectExit0(await run("node", ["-e", probe], dir, { PATH: cellPath(fw) }), "probe");

  expect({ versions, text }).toMatchObject({ versions: { [fw.name]: [fw.version], [other]: [] } });
  expect(seen.trim().split("\n")).toEqual(["one constructs", fw.constructs]);
}

function emptyApp(fw: Framework, cellName: string, pkg: Record<string, unknown> = {}): string {
  const dir = path.join(workDir, `${fw.fixture}-${cellName}`);
  mkdirSync(dir);
  for (const file of ["main.ts", "tsconfig.json", "cdktf.json"]) {
    copyFileSync(path.join(APPS_DIR, fw.fixture, file), path.join(dir, file));
  }
  const manifest = { name: `app-${cellName}`, version: "1.0.0", private: true, ...pkg };
  writeFileSync(path.join(dir, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  return dir;
}

/** Each app's node_modules is some 400 MB: gone once its cell is checked, not all at the end. */
function discardModules(dir: string): Promise<void> {
  return rm(path.join(dir, "node_modules"), { recursive: true, force: true });
}

/** "name@1.2.3" (or "@scope/name@1.2.3") → ["name", "1.2.3"]. */
function splitSpec(spec: string): [string, string] {
  const at = spec.lastIndexOf("@");
  return [spec.slice(0, at), spec.slice(at + 1)];
}

/** PATH with the cell's Node first: the test's own, or the pinned release its CLI needs. */
function cellPath(fw: Framework): string {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const min = fw.minNode;
  const tooOld =
    min !== undefined && (major < min.major || (major === min.major && minor < min.minor));
  const nodeDir = tooOld ? nodeBinDir(min.major) : path.dirname(process.execPath);
  return `${nodeDir}${path.delimiter}${process.env.PATH ?? ""}`;
}

function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<CommandRun> {
  return runCommand(cmd, args, { cwd, env });
}

/** The emulator's endpoints and keys, and Terraform quiet and offline: nothing else of the runner's. */
function deployEnv(): NodeJS.ProcessEnv {
  return noCloudNetworkEnv(
    {
      HOME: workDir,
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      TF_CLI_CONFIG_FILE: path.join(workDir, "terraformrc"),
      CI: "true",
      CGAC_SLS_ENDPOINT: emu().url,
      CGAC_DMS_ENDPOINT: emu().url,
    },
    { ...slsEnv(SLS_KEY), ...dmsEnv(DMS_KEY) },
  );
}

function renderRows(all: readonly Row[]): string {
  const lines = [
    "| app | cell | Node | npm | commands | result |",
    "| --- | --- | --- | --- | --- | --- |",
    ...all.map(
      (r) => `| ${r.app} | ${r.cell} | ${r.node} | ${r.npm} | \`${r.commands}\` | ${r.result} |`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}

function packed(): PackedLibrary {
  if (!library) throw new Error("the library was not packed (beforeAll failed)");
  return library;
}

function emu(): RunningEmulator {
  if (!emulator) throw new Error("the emulator is not running (beforeAll failed)");
  return emulator;
}
