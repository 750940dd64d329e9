// The ESLint rule that keeps lib/'s architecture, in one place: `layers/imports`. CommonJS, so
// that test/unit/lint/import-graph.test.ts reads the same places.
//
// Every file under lib/ has a place, from its path:
// - a shared layer: the top-level folder (check, constructs, hook, emulator, runtime, clients,
//   http, contract);
// - a cloud's folder, lib/clouds/<vendor>/<cloud>/, or a vendor's shared folder,
//   lib/clouds/<vendor>/shared/; inside it, a `construct/` subfolder holds synth-side files
//   (the constructs' layer), an `emulator/` subfolder emulator files (the emulator's layer), and
//   every other file is the hook side of the cloud (the clouds' layer);
// - a registry, the only files that list the clouds: lib/clouds/*.ts and
//   lib/emulator/emulated-clouds.ts;
// - an entry: lib/index.ts and lib/cli.ts, which import anything.
// and the rule reports an import (import, export from, import(), require) that breaks one of:
// 1. LAYERS: a file imports only its own layer and the layers below it.
// 2. A cloud imports only its own folder, its vendor's shared folder and the shared layers; a
//    vendor's shared folder only itself and the shared layers; a shared layer no cloud at all.
// 3. The files bundled into the hook (BUNDLED layers) never load a construct, the emulator,
//    lib/check or an entry.
// 4. The Terraform CDK (cdktf, cdktn, constructs, @cdktf/*) is imported only by construct
//    files, and cdktf/cdktn there only by FRAMEWORK_FILES.
// 5. lib/contract imports only its own files and node: builtins.
// test/unit/lint/architecture.test.ts proves each reports what it should, and that the real
// tree has no error.

const path = require("node:path");

/** The layers of lib/, top to bottom. */
const LAYERS = [
  "check",
  "constructs",
  "hook",
  "emulator",
  "clouds",
  "runtime",
  "clients",
  "http",
  "contract",
];
/** The layers bundled into the hook program (lib/hook/bin.ts and what it imports). */
const BUNDLED = ["hook", "clouds", "runtime", "clients", "http", "contract"];
/** The construct files that load cdktf or cdktn for the others. */
const FRAMEWORK_FILES = ["lib/constructs/framework.ts", "lib/constructs/framework-types.d.ts"];

const FRAMEWORK_PACKAGE = /^(cdktf|cdktn|constructs)(\/.*)?$|^@cdktf\//;
const FRAMEWORK_DIRECT = /^(cdktf|cdktn)(\/.*)?$/;
const REGISTRIES = /^lib\/clouds\/[^/]+\.ts$|^lib\/emulator\/emulated-clouds\.ts$/;
const ENTRIES = ["lib/index.ts", "lib/cli.ts"];

/**
 * Where a lib/ file (repository-relative, forward slashes) sits: its layer, and for a file of
 * a cloud or vendor folder, that folder ("clouds/alibaba/sls", "clouds/alibaba/shared").
 */
function placeOf(file) {
  if (ENTRIES.includes(file)) return { layer: "entry" };
  const cloud = /^lib\/(clouds\/([^/]+)\/([^/]+))\/(.*)$/.exec(file);
  if (cloud) {
    const [, folder, vendor, name, rest] = cloud;
    const role = /(^|\/)construct\//.test(rest)
      ? "constructs"
      : /(^|\/)emulator\//.test(rest)
        ? "emulator"
        : "clouds";
    return { layer: role, folder, vendor, shared: name === "shared" };
  }
  const registry = REGISTRIES.test(file);
  const top = /^lib\/([^/]+)\//.exec(file)?.[1];
  return { layer: registry ? (top === "emulator" ? "emulator" : "clouds") : top, registry };
}

/** What is wrong with `from` importing `spec` (undefined when nothing is). */
function importProblem(from, spec) {
  const here = placeOf(from);
  if (here.layer === undefined || !from.startsWith("lib/")) return undefined;
  const constructFile = here.layer === "constructs";
  if (!spec.startsWith(".")) {
    if (here.layer === "contract" && !spec.startsWith("node:")) return CONTRACT;
    if (FRAMEWORK_PACKAGE.test(spec)) {
      if (!constructFile && here.layer !== "entry") return FRAMEWORK;
      if (FRAMEWORK_DIRECT.test(spec) && !FRAMEWORK_FILES.includes(from)) return DIRECT;
    }
    return undefined;
  }
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  if (!target.startsWith("lib/")) return undefined;
  const there = placeOf(/\.[cm]?[jt]s$/.test(target) ? target : `${target}.ts`);
  if (here.layer === "entry") return undefined;
  if (here.layer === "contract" && there.layer !== "contract") return CONTRACT;
  if (BUNDLED.includes(here.layer) && (!BUNDLED.includes(there.layer) || there.layer === "entry")) {
    return BUNDLE;
  }
  const above = LAYERS.indexOf(there.layer) < LAYERS.indexOf(here.layer);
  if (there.layer === "entry" || above) {
    return `lib/${here.layer} sits below ${there.layer === "entry" ? "the library root" : `lib/${there.layer}`} in the layer order (LAYERS in scripts/lint/layers.js): it never imports it.`;
  }
  if (there.folder && !here.registry) {
    if (!here.folder) {
      return `lib/${here.layer} is shared by every cloud: it never imports a cloud's folder (${there.folder}); only the registries list the clouds.`;
    }
    const own = there.folder === here.folder;
    const vendorShared = there.shared && there.vendor === here.vendor;
    if (!own && !(vendorShared && !here.shared)) {
      return `${here.folder} imports only itself, ${here.shared ? "" : "its vendor's shared folder, "}and the shared layers: never ${there.folder}.`;
    }
  }
  return undefined;
}

const FRAMEWORK =
  "The Terraform CDK (cdktf, cdktn, constructs, @cdktf/*) is imported only by construct files (lib/constructs and a cloud's construct/ folder), so the hook bundle stays free of it.";
const DIRECT =
  "Import App, TerraformStack, … from lib/constructs/framework (it loads the app's cdktf or cdktn); types from framework-types.";
const BUNDLE = `The files bundled into the hook (lib/${BUNDLED.join(", lib/")} and a cloud's hook files) never import a construct, the emulator, lib/check or the library root: the hook is bundled alone.`;
const CONTRACT =
  "lib/contract is the wire format both sides share: it imports only its own files and node: builtins.";

const importsRule = {
  meta: { type: "problem", schema: [], docs: { description: "lib/'s layers and cloud folders" } },
  create(context) {
    const from = path.relative(context.cwd, context.filename).split(path.sep).join("/");
    const check = (node, source) => {
      if (typeof source !== "string") return;
      const message = importProblem(from, source);
      if (message) context.report({ node, message });
    };
    const sourceOf = (node) => node.source && check(node, node.source.value);
    return {
      ImportDeclaration: sourceOf,
      ExportNamedDeclaration: sourceOf,
      ExportAllDeclaration: sourceOf,
      ImportExpression: (node) => check(node, node.source.value),
      TSImportEqualsDeclaration: (node) => check(node, node.moduleReference?.expression?.value),
      CallExpression(node) {
        if (node.callee.type === "Identifier" && node.callee.name === "require") {
          check(node, node.arguments[0]?.value);
        }
      },
    };
  },
};

const layersPlugin = { rules: { imports: importsRule } };

module.exports = { LAYERS, BUNDLED, FRAMEWORK_FILES, placeOf, importProblem, layersPlugin };
