// Flat config: the recommended JS and TypeScript rules, plus the rules that keep the
// architecture:
// - LAYERS orders the top-level folders of lib/: a folder imports only folders below it;
// - the Terraform CDK (cdktf, cdktn, constructs, @cdktf/*) is imported only under lib/constructs,
//   and there cdktf / cdktn only through framework.ts;
// - the folders bundled into the hook (BUNDLED) never reach the synth side, the emulator or check;
//   lib/contract imports nothing but itself and node: builtins;
// - no floating promises (type-aware, so only for lib/ and test/ TypeScript) and no `any` in lib/.
// test/unit/lint/architecture.test.ts proves each of these reports what it should, and that the
// real tree has no error.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * The top-level folders of lib/, top to bottom. A folder imports only the folders after it
 * (test/unit/lint/import-graph.test.ts proves the real tree has no cycle):
 * check (drift, repair) runs the hook's reconcile command over groups the constructs declare;
 * the hook entry (bin, main, the commands) dispatches to the services; every service runs on
 * the runtime (session, call policy, errors, report, deletion guard), which calls the clients
 * over http; all of them share the contract, the wire format.
 */
const LAYERS = [
  "check",
  "constructs",
  "hook",
  "emulator",
  "services",
  "runtime",
  "clients",
  "http",
  "contract",
];
/** The folders bundled into the hook program (lib/hook/bin.ts and what it imports). */
const BUNDLED = ["hook", "services", "runtime", "clients", "http", "contract"];
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
/** The files of lib/constructs that load cdktf or cdktn for the others. */
const FRAMEWORK_FILES = ["lib/constructs/framework.ts", "lib/constructs/framework-types.d.ts"];
const FRAMEWORK_CALL =
  "CallExpression[callee.name='require'][arguments.0.value=/^(cdktf|cdktn|constructs)(\\u002F.*)?$|^@cdktf\\u002F/], ImportExpression[source.value=/^(cdktf|cdktn|constructs)(\\u002F.*)?$|^@cdktf\\u002F/]";

/** `../` repeated: the way from a file `depth` folders below lib/ back to lib/. */
const up = (depth) => "(\\./)?" + "\\.\\./".repeat(depth);

/** For a file `depth` folders below lib/: imports of the synth side, emulator, check or lib root. */
function synthSidePaths(depth) {
  const root = up(depth);
  const outside = LAYERS.filter((layer) => !BUNDLED.includes(layer)).join("|");
  return {
    regex: `^${root}(${outside})(/.*)?$|^${root}(index|cli)?$|^${root.slice(0, -1)}$`,
    message: `The folders bundled into the hook (${BUNDLED.join(", ")}) never import lib/constructs, lib/emulator, lib/check or the library root: the hook is bundled alone.`,
  };
}

/**
 * For a file `depth` folders below lib/<layer>/: imports of a folder above it in LAYERS. For a
 * bundled folder, only the bundled folders above it: synthSidePaths covers the rest, and one
 * import is reported once.
 */
function abovePaths(layer, depth) {
  const above = LAYERS.slice(0, LAYERS.indexOf(layer)).filter(
    (other) => !BUNDLED.includes(layer) || BUNDLED.includes(other),
  );
  if (above.length === 0) return [];
  return [
    {
      regex: `^${up(depth)}(${above.join("|")})(/.*)?$`,
      message: `lib/${layer} sits below ${above.map((a) => `lib/${a}`).join(", ")} in the layer order (LAYERS in eslint.config.mjs): it never imports them.`,
    },
  ];
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
  ...LAYERS.filter((layer) => layer !== "contract").flatMap((layer) =>
    depths.map((depth) => ({
      files: [filesAt(layer, depth)],
      ...(layer === "constructs" ? { ignores: FRAMEWORK_FILES } : {}),
      rules: BUNDLED.includes(layer)
        ? restrict(FRAMEWORK_PACKAGES, synthSidePaths(depth), ...abovePaths(layer, depth))
        : layer === "constructs"
          ? restrict(FRAMEWORK_DIRECT, ...abovePaths(layer, depth))
          : restrict(FRAMEWORK_PACKAGES, ...abovePaths(layer, depth)),
    })),
  ),
  { files: FRAMEWORK_FILES, rules: restrict(...abovePaths("constructs", 1)) },
  // lib/contract is the bottom layer: it leaves its folder only for node: builtins.
  ...depths.map((depth) => ({
    files: [filesAt("contract", depth)],
    rules: restrict(FRAMEWORK_PACKAGES, synthSidePaths(depth), leavesContract(depth)),
  })),
);
