// Flat config: the recommended JS and TypeScript rules, plus
// - `layers/imports` (scripts/lint/layers.js), the one rule that keeps lib/'s architecture: the
//   layer order, one folder per cloud, the hook bundle's boundary, the Terraform CDK only in
//   construct files, lib/contract on its own;
// - no floating promises (type-aware, so only for lib/ and test/ TypeScript) and no `any` in lib/.
// test/unit/lint/architecture.test.ts proves each of these reports what it should, and that the
// real tree has no error.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import layers from "./scripts/lint/layers.js";

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

  // Architecture: one rule, every import of every lib/ file.
  {
    files: ["lib/**/*.ts"],
    plugins: { layers: layers.layersPlugin },
    rules: { "layers/imports": "error" },
  },
);
