// Flat config: the recommended JS and TypeScript rules, plus the rules that keep the
// architecture (style.md §1, §5):
// - the Terraform CDK (cdktf, cdktn, constructs, @cdktf/*) is imported only under lib/constructs,
//   and there cdktf / cdktn only through framework.ts;
// - the runtime layers (hook, clients, http, contract, services) never reach the synth side,
//   the emulator or check; lib/contract imports nothing but itself and node: builtins;
// - no floating promises (type-aware, so only for lib/ and test/ TypeScript) and no `any` in lib/.
// test/unit/lint/architecture.test.ts proves each of these reports what it should.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Layers that run in the hook process or are shared with it (lib/services: the per-cloud folders). */
const RUNTIME_LAYERS = ["hook", "runtime", "clients", "http", "contract", "services"];
/** Deepest folder nesting under lib/ the relative-path patterns are generated for. */
const MAX_DEPTH = 4;

const FRAMEWORK_PACKAGES = {
  regex: "^(cdktf|cdktn|constructs)(/.*)?$|^@cdktf/",
  message:
    "The Terraform CDK (cdktf, cdktn, constructs, @cdktf/*) is imported only under lib/constructs/, so the hook bundle stays free of it.",
};
const FRAMEWORK_DIRECT = {
  regex: "^(cdktf|cdktn)(/.*)?$",
  message:
    "Import App, TerraformStack, … from ./framework (it loads the app's cdktf or cdktn); types from ./framework-types.",
};
const FRAMEWORK_CALL =
  "CallExpression[callee.name='require'][arguments.0.value=/^(cdktf|cdktn|constructs)(\\u002F.*)?$|^@cdktf\\u002F/], ImportExpression[source.value=/^(cdktf|cdktn|constructs)(\\u002F.*)?$|^@cdktf\\u002F/]";

/** `../` repeated: the way from a file `depth` folders below lib/ back to lib/. */
const up = (depth) => "(\\./)?" + "\\.\\./".repeat(depth);

/** For a file `depth` folders below lib/: imports of the synth side, emulator, check or lib root. */
function synthSidePaths(depth) {
  const root = up(depth);
  return {
    regex: `^${root}(constructs|emulator|check)(/.*)?$|^${root}(index|cli)?$|^${root.slice(0, -1)}$`,
    message:
      "The runtime layers (hook, clients, http, contract, services) never import lib/constructs, lib/emulator, lib/check or the library root: the hook is bundled alone.",
  };
}

/** For a file `depth` folders below lib/contract/: any import that leaves lib/contract. */
function leavesContract(depth) {
  return {
    regex: `^${up(depth)}|^(?!node:|\\.)`,
    message:
      "lib/contract is the wire format both sides share: it imports only its own files and node: builtins.",
  };
}

/** The glob for TypeScript files exactly `depth` folders below lib/<layer>/ (depth 1 = the folder). */
const filesAt = (layer, depth) => `lib/${layer}/${"*/".repeat(depth - 1)}*.ts`;

const restrict = (...patterns) => ({
  "@typescript-eslint/no-restricted-imports": ["error", { patterns }],
});

const depths = Array.from({ length: MAX_DEPTH }, (_, i) => i + 1);

export default tseslint.config(
  // test/consumer/apps: users' apps, type-checked by their own tsc in the consumer test.
  {
    ignores: ["dist/", "cdktf.out/", "node_modules/", "coverage/", ".gen/", "test/consumer/apps/"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        __dirname: "readonly",
        console: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        fetch: "readonly",
        URL: "readonly",
        Buffer: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },

  // Type-aware rules, for lib/ and test/ TypeScript only: scripts/, examples/ and the
  // .js files stay on the fast syntax-only path. The project service reuses tsconfig.json.
  {
    files: ["lib/**/*.ts", "test/**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: { "@typescript-eslint/no-floating-promises": "error" },
  },
  { files: ["lib/**/*.ts"], rules: { "@typescript-eslint/no-explicit-any": "error" } },

  // Architecture. A later block replaces an earlier one's options for the same rule, so each
  // block below lists every pattern that applies to its files.
  {
    files: ["lib/**/*.ts"],
    ignores: ["lib/constructs/**"],
    rules: restrict(FRAMEWORK_PACKAGES),
  },
  {
    files: ["lib/**/*.ts"],
    ignores: ["lib/constructs/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: FRAMEWORK_CALL, message: FRAMEWORK_PACKAGES.message },
      ],
    },
  },
  {
    files: ["lib/constructs/**/*.ts"],
    ignores: ["lib/constructs/framework.ts", "lib/constructs/framework-types.d.ts"],
    rules: restrict(FRAMEWORK_DIRECT),
  },
  ...RUNTIME_LAYERS.filter((layer) => layer !== "contract").flatMap((layer) =>
    depths.map((depth) => ({
      files: [filesAt(layer, depth)],
      rules: restrict(FRAMEWORK_PACKAGES, synthSidePaths(depth)),
    })),
  ),
  ...depths.map((depth) => ({
    files: [filesAt("contract", depth)],
    rules: restrict(FRAMEWORK_PACKAGES, synthSidePaths(depth), leavesContract(depth)),
  })),
);
