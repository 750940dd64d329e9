// The lint rules that keep the architecture (eslint.config.mjs) report what they should: each
// case lints a few lines of in-memory code under a made-up path with the repository's own config.
// The real lib/ tree, linted with the same config, has no error.
// ESLint loads its flat config with a dynamic import(), which jest's module sandbox refuses, so
// the cases run in one child `node` process.
import { execFileSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");
const RESTRICTED = "layers/imports";

const TYPED_FILE = "lib/runtime/session.ts"; // must exist: type-aware rules need a file in the project

interface LintCase {
  /** Where the code pretends to live. */
  readonly filePath: string;
  readonly code: string;
  /** Type-aware: linted with the full config, as `npm run lint` does. */
  readonly typed?: boolean;
}

const CASES = {
  cdktfInHook: {
    filePath: "lib/hook/planted.ts",
    code: 'import { App } from "cdktf";\nexport const a = App;\n',
  },
  cdktnInClients: {
    filePath: "lib/clouds/alibaba/sls/client/planted.ts",
    code: 'import type { App } from "cdktn";\nexport type A = App;\n',
  },
  constructsInHttp: {
    filePath: "lib/http/planted.ts",
    code: 'import { Construct } from "constructs";\nexport const a = Construct;\n',
  },
  providerInCheck: {
    filePath: "lib/check/planted.ts",
    code: 'import { provider } from "@cdktf/provider-null";\nexport const a = provider;\n',
  },
  requireCdktfInEmulator: {
    filePath: "lib/emulator/planted.ts",
    code: '// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const a: unknown = require("cdktf");\n',
  },
  cdktfInConstructsFramework: {
    filePath: "lib/constructs/framework.ts",
    code: 'import { App } from "cdktf";\nexport const a = App;\n',
  },
  constructsInConstructs: {
    filePath: "lib/constructs/planted.ts",
    code: 'import { Construct } from "constructs";\nexport const a = Construct;\n',
  },
  cdktfInConstructsOutsideFramework: {
    filePath: "lib/constructs/planted.ts",
    code: 'import { App } from "cdktf";\nexport const a = App;\n',
  },
  cdktfInTest: {
    filePath: "test/synth/planted.test.ts",
    code: 'import { App } from "cdktf";\nexport const a = App;\n',
  },
  constructsFromHook: {
    filePath: "lib/hook/planted.ts",
    code: 'import { escapeTerraform } from "../constructs/escape";\nexport const a = escapeTerraform;\n',
  },
  emulatorFromServices: {
    filePath: "lib/clouds/alibaba/sls/planted.ts",
    code: 'import { startEmulator } from "../../../emulator/server";\nexport const a = startEmulator;\n',
  },
  checkFromClients: {
    filePath: "lib/clouds/huawei/dms/client/planted.ts",
    code: 'import { runCheck } from "../../../../check/command";\nexport const a = runCheck;\n',
  },
  libRootFromHook: {
    filePath: "lib/hook/planted.ts",
    code: 'import { SlsConsumerGroup } from "../index";\nexport const a = SlsConsumerGroup;\n',
  },
  clientsFromHook: {
    filePath: "lib/hook/planted.ts",
    code: 'import { CloudHttp } from "../clients/http-exchange";\nexport const a = CloudHttp;\n',
  },
  constructsFromCheck: {
    filePath: "lib/check/planted.ts",
    code: 'import { escapeTerraform } from "../constructs/escape";\nexport const a = escapeTerraform;\n',
  },
  hookFromContract: {
    filePath: "lib/contract/planted.ts",
    code: 'import { HookError } from "../runtime/errors";\nexport const a = HookError;\n',
  },
  packageInContract: {
    filePath: "lib/contract/planted.ts",
    code: 'import { Agent } from "undici";\nexport const a = Agent;\n',
  },
  ownFilesInContract: {
    filePath: "lib/contract/planted.ts",
    code: 'import { createHash } from "node:crypto";\nimport * as names from "./names";\nexport const a = [createHash, names];\n',
  },
  servicesFromRuntime: {
    filePath: "lib/runtime/planted.ts",
    code: 'import { HOOK_CLOUDS } from "../clouds/hook-clouds";\nexport const a = HOOK_CLOUDS;\n',
  },
  hookFromServices: {
    filePath: "lib/clouds/alibaba/sls/planted.ts",
    code: 'import { main } from "../../../hook/main";\nexport const a = main;\n',
  },
  clientsFromHttp: {
    filePath: "lib/http/planted.ts",
    code: 'import { HEADER_SAFE } from "../clients/http-exchange";\nexport const a = HEADER_SAFE;\n',
  },
  checkFromConstructs: {
    filePath: "lib/constructs/planted.ts",
    code: 'import { runCheck } from "../check/command";\nexport const a = runCheck;\n',
  },
  runtimeFromServices: {
    filePath: "lib/clouds/huawei/dms/planted.ts",
    code: 'import { HookError } from "../../../runtime/errors";\nexport const a = HookError;\n',
  },
  servicesFromHook: {
    filePath: "lib/hook/planted.ts",
    code: 'import { HOOK_CLOUDS } from "../clouds/hook-clouds";\nexport const a = HOOK_CLOUDS;\n',
  },
  cloudFromCloud: {
    filePath: "lib/clouds/huawei/dms/planted.ts",
    code: 'import { SLS } from "../../alibaba/sls/sls-contract";\nexport const a = SLS;\n',
  },
  otherVendorFromShared: {
    filePath: "lib/clouds/huawei/shared/planted.ts",
    code: 'import { rpcSignature } from "../../alibaba/shared/rpc-signature";\nexport const a = rpcSignature;\n',
  },
  cloudFromSharedLayer: {
    filePath: "lib/check/planted.ts",
    code: 'import { DMS } from "../clouds/huawei/dms/dms-contract";\nexport const a = DMS;\n',
  },
  cloudFromConstructs: {
    filePath: "lib/constructs/planted.ts",
    code: 'import { SLS } from "../clouds/alibaba/sls/sls-contract";\nexport const a = SLS;\n',
  },
  vendorSharedFromCloud: {
    filePath: "lib/clouds/huawei/dms/client/planted.ts",
    code: 'import { apigAuthorization } from "../../shared/apig-signer";\nexport const a = apigAuthorization;\n',
  },
  cloudConstructFromItsCloud: {
    filePath: "lib/clouds/alibaba/sls/construct/planted.ts",
    code: 'import { Construct } from "constructs";\nimport { SLS } from "../sls-contract";\nexport const a = [Construct, SLS];\n',
  },
  cdktfInCloudConstruct: {
    filePath: "lib/clouds/alibaba/sls/construct/planted.ts",
    code: 'import { App } from "cdktf";\nexport const a = App;\n',
  },
  cloudEmulatorFromCloudHook: {
    filePath: "lib/clouds/alibaba/sls/planted.ts",
    code: 'import { x } from "./emulator/sls-emulated-cloud";\nexport const a = x;\n',
  },
  floatingPromiseInLib: {
    filePath: TYPED_FILE,
    typed: true,
    code: "async function save(): Promise<void> {}\nexport function run(): void {\n  save();\n}\n",
  },
  awaitedPromiseInLib: {
    filePath: TYPED_FILE,
    typed: true,
    code: "async function save(): Promise<void> {}\nexport async function run(): Promise<void> {\n  await save();\n}\n",
  },
  explicitAnyInLib: {
    filePath: TYPED_FILE,
    typed: true,
    code: "export const parsed: any = JSON.parse('{}');\n",
  },
} satisfies Record<string, LintCase>;

type CaseName = keyof typeof CASES;
let results: Record<CaseName, Array<{ ruleId: string | null; message: string }>>;

beforeAll(() => {
  results = lintCases(CASES);
}, 120_000);

describe("the Terraform CDK stays in construct files", () => {
  it.each<CaseName>(["cdktfInHook", "cdktnInClients", "constructsInHttp", "providerInCheck"])(
    "rejects a framework import outside lib/constructs (%s)",
    (name) => {
      expect(rulesOf(name)).toContain(RESTRICTED);
      expect(messagesOf(name).join("\n")).toMatch(/imported only by construct files/);
    },
  );

  it('rejects require("cdktf") outside lib/constructs', () => {
    expect(rulesOf("requireCdktfInEmulator")).toContain(RESTRICTED);
  });

  it("accepts cdktf in lib/constructs/framework.ts and constructs anywhere in lib/constructs", () => {
    expect(results.cdktfInConstructsFramework).toEqual([]);
    expect(results.constructsInConstructs).toEqual([]);
  });

  it("rejects cdktf in lib/constructs outside framework.ts", () => {
    expect(rulesOf("cdktfInConstructsOutsideFramework")).toEqual([RESTRICTED]);
    expect(messagesOf("cdktfInConstructsOutsideFramework")[0]).toMatch(
      /from lib\/constructs\/framework/,
    );
  });

  it("accepts cdktf in tests", () => {
    expect(results.cdktfInTest).toEqual([]);
  });
});

describe("the runtime layers never reach the synth side", () => {
  it.each<CaseName>([
    "constructsFromHook",
    "emulatorFromServices",
    "checkFromClients",
    "libRootFromHook",
  ])("rejects %s", (name) => {
    expect(rulesOf(name)).toEqual([RESTRICTED]);
    expect(messagesOf(name)[0]).toMatch(/never import a construct, the emulator, lib\/check/);
  });

  it("accepts the hook importing a client, and check importing lib/constructs", () => {
    expect(results.clientsFromHook).toEqual([]);
    expect(results.constructsFromCheck).toEqual([]);
  });
});

describe("each folder imports only the folders below it in LAYERS", () => {
  it.each<[CaseName, string]>([
    ["servicesFromRuntime", "lib/runtime sits below .*lib/clouds"],
    ["hookFromServices", "lib/clouds sits below .*lib/hook"],
    ["clientsFromHttp", "lib/http sits below .*lib/clients"],
    ["checkFromConstructs", "lib/constructs sits below lib/check"],
  ])("rejects %s", (name, message) => {
    expect(rulesOf(name)).toEqual([RESTRICTED]);
    expect(messagesOf(name)[0]).toMatch(new RegExp(message));
  });

  it("accepts a service importing the runtime, and the hook importing a service", () => {
    expect(results.runtimeFromServices).toEqual([]);
    expect(results.servicesFromHook).toEqual([]);
  });
});

describe("lib/contract depends on nothing", () => {
  it("rejects an import from another lib folder", () => {
    expect(rulesOf("hookFromContract")).toEqual([RESTRICTED]);
    expect(messagesOf("hookFromContract")[0]).toMatch(/only its own files and node: builtins/);
  });

  it("rejects a package import", () => {
    expect(rulesOf("packageInContract")).toEqual([RESTRICTED]);
  });

  it("accepts its own files and node: builtins", () => {
    expect(results.ownFilesInContract).toEqual([]);
  });
});

describe("one folder per cloud", () => {
  it.each<[CaseName, string]>([
    ["cloudFromCloud", "clouds/huawei/dms imports only itself, its vendor's shared folder"],
    ["otherVendorFromShared", "clouds/huawei/shared imports only itself"],
    ["cloudFromSharedLayer", "lib/check is shared by every cloud"],
    ["cloudFromConstructs", "lib/constructs is shared by every cloud"],
    ["cdktfInCloudConstruct", "from lib/constructs/framework"],
    ["cloudEmulatorFromCloudHook", "never import a construct, the emulator"],
  ])("rejects %s", (name, message) => {
    expect(rulesOf(name)).toEqual([RESTRICTED]);
    expect(messagesOf(name)[0]).toContain(message);
  });

  it("accepts a cloud importing its vendor's shared folder, and a cloud's construct its cloud", () => {
    expect(results.vendorSharedFromCloud).toEqual([]);
    expect(results.cloudConstructFromItsCloud).toEqual([]);
  });
});

describe("type-aware rules", () => {
  it("rejects a floating promise in lib/", () => {
    expect(rulesOf("floatingPromiseInLib")).toEqual(["@typescript-eslint/no-floating-promises"]);
  });

  it("accepts an awaited promise", () => {
    expect(results.awaitedPromiseInLib).toEqual([]);
  });

  it("rejects an explicit any in lib/", () => {
    expect(rulesOf("explicitAnyInLib")).toEqual(["@typescript-eslint/no-explicit-any"]);
  });
});

describe("the real tree", () => {
  it("lints every file under lib/ without a message", () => {
    const { files, messages } = lintTree("lib");
    expect(files).toBeGreaterThan(100);
    expect(messages).toEqual([]);
  }, 300_000);
});

// ---------------------------------------------------------------------------------------------

/** Lints a folder of the repository with its own config, as `npm run lint` does. */
function lintTree(folder: string): { files: number; messages: string[] } {
  const script = `
    import { ESLint } from "eslint";
    const results = await new ESLint({ cwd: process.cwd() }).lintFiles([process.argv[1]]);
    const messages = results.flatMap((r) =>
      r.messages.map((m) => \`\${r.filePath}:\${m.line} \${m.ruleId}: \${m.message}\`),
    );
    process.stdout.write(JSON.stringify({ files: results.length, messages }));
  `;
  const stdout = execFileSync(process.execPath, ["--input-type=module", "-e", script, folder], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(stdout) as { files: number; messages: string[] };
}

function rulesOf(name: CaseName): Array<string | null> {
  return results[name].map((m) => m.ruleId);
}

function messagesOf(name: CaseName): string[] {
  return results[name].map((m) => m.message);
}

/**
 * Lints every case in one child process. Untyped cases turn type information off (their made-up
 * files are not in the TypeScript project); typed cases borrow the path of a real file.
 */
function lintCases<T extends Record<string, LintCase>>(
  cases: T,
): Record<keyof T, Array<{ ruleId: string | null; message: string }>> {
  const script = `
    import { ESLint } from "eslint";
    const cases = JSON.parse(process.argv[1]);
    const typed = new ESLint({ cwd: process.cwd() });
    const syntaxOnly = new ESLint({
      cwd: process.cwd(),
      overrideConfig: {
        files: ["**/*.ts"],
        languageOptions: { parserOptions: { projectService: false } },
        rules: { "@typescript-eslint/no-floating-promises": "off" },
      },
    });
    const out = {};
    for (const [name, c] of Object.entries(cases)) {
      const [result] = await (c.typed ? typed : syntaxOnly).lintText(c.code, { filePath: c.filePath });
      out[name] = result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message }));
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const stdout = execFileSync(
    process.execPath,
    ["--input-type=module", "-e", script, JSON.stringify(cases)],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  const parsed = JSON.parse(stdout) as Record<
    keyof T,
    Array<{ ruleId: string | null; message: string }>
  >;
  expect(Object.keys(parsed).sort()).toEqual(Object.keys(cases).sort());
  return parsed;
}
