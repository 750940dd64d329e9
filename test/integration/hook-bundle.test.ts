// The built hook bundle (dist/hook, made by scripts/bundle-hook.js) holds no Terraform CDK code:
// Terraform runs it with only `node`, and the hook never needs cdktf, cdktn or constructs
// (the construct and its runtime are coupled only through constants). Two independent checks:
// esbuild's list of the bundle's inputs (dist/hook-meta.json), and markers in the bundle text that
// those packages and lib/constructs leave behind even minified. A control bundle that does import
// lib/constructs shows both checks would notice.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as esbuild from "esbuild";

const ROOT = path.resolve(__dirname, "../..");
const BUNDLE = path.join(ROOT, "dist/hook/hook-bundle.js");
const METAFILE = path.join(ROOT, "dist/hook-meta.json");

/** Inputs the hook bundle must not contain. */
const FORBIDDEN_INPUT =
  /(^|\/)node_modules\/(cdktf|cdktn|constructs|@cdktf\/[^/]+)\/|^lib\/(constructs|emulator|check)\/|^lib\/clouds\/.*\/(construct|emulator)\/|^lib\/(index|cli)\.ts$/;

/** Text that code of cdktf, cdktn, constructs (jsii packages) or lib/constructs leaves in a bundle. */
const FORBIDDEN_MARKERS: ReadonlyArray<readonly [string, RegExp]> = [
  ["jsii type information (cdktf, cdktn, constructs, @cdktf/*)", /jsii\.rtti/],
  ["a cdktf or cdktn brand or type name", /["'](cdktf|cdktn)[/.][A-Z]\w+["']/],
  ["a constructs brand or type name", /["']constructs\.(Construct|Node|RootConstruct)["']/],
  [
    "a brand of this library's constructs",
    /cdktf-consumer-groups\.(SlsConsumerGroup|DmsQueueConsumerGroup|declaration|app-checks)/,
  ],
  ["lib/constructs/framework.ts", /neither cdktf nor cdktn can be loaded/],
];

describe("the built hook bundle", () => {
  it("has no cdktf, cdktn, constructs, lib/constructs, lib/emulator, lib/check or a cloud's construct or emulator folder among its inputs", () => {
    const inputs = readInputs(METAFILE);
    // The bundle's own sources are listed, so an empty or wrong metafile does not pass.
    expect(inputs).toContain("lib/hook/bin.ts");
    expect(inputs.filter((input) => FORBIDDEN_INPUT.test(input))).toEqual([]);
  });

  it("contains none of the markers those packages leave in a bundle", () => {
    const text = readBuilt(BUNDLE);
    expect(text).toContain("cdktf-consumer-groups.HookError");
    expect(markersIn(text)).toEqual([]);
  });
});

describe("the checks themselves", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hook-bundle-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("report a hook that imports lib/constructs", async () => {
    // GIVEN a hook entry that pulls in a construct, bundled with the hook's own options
    const entry = path.join(dir, "planted-entry.ts");
    const construct = path.join(ROOT, "lib/clouds/alibaba/sls/construct/sls-consumer-group");
    fs.writeFileSync(
      entry,
      `import { SlsConsumerGroup } from ${JSON.stringify(construct)};\n` +
        "console.log(SlsConsumerGroup);\n",
    );
    const outfile = path.join(dir, "planted-bundle.js");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { hookBuildOptions } = require("../../scripts/bundle-hook.js") as {
      hookBuildOptions(args: { entry: string; outfile: string }): esbuild.BuildOptions;
    };
    const { metafile } = await esbuild.build({
      ...hookBuildOptions({ entry, outfile }),
      absWorkingDir: ROOT,
      logLevel: "silent",
    });

    // THEN both checks report it
    const inputs = Object.keys(metafile?.inputs ?? {});
    expect(inputs.filter((input) => FORBIDDEN_INPUT.test(input))).toEqual(
      expect.arrayContaining([
        "lib/clouds/alibaba/sls/construct/sls-consumer-group.ts",
        "node_modules/constructs/lib/construct.js",
      ]),
    );
    expect(markersIn(fs.readFileSync(outfile, "utf8"))).toEqual(
      expect.arrayContaining([
        "jsii type information (cdktf, cdktn, constructs, @cdktf/*)",
        "a constructs brand or type name",
        "a brand of this library's constructs",
      ]),
    );
  });
});

// ---------------------------------------------------------------------------------------------

function markersIn(text: string): string[] {
  return FORBIDDEN_MARKERS.filter(([, marker]) => marker.test(text)).map(([what]) => what);
}

function readBuilt(file: string): string {
  if (!fs.existsSync(file)) {
    throw new Error(`${path.relative(ROOT, file)} is missing: run \`npm run build\` first`);
  }
  return fs.readFileSync(file, "utf8");
}

function readInputs(file: string): string[] {
  return Object.keys((JSON.parse(readBuilt(file)) as esbuild.Metafile).inputs);
}
