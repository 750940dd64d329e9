// The Terraform CDK this library runs on: the app's own `cdktf`, or `cdktn` (CDK Terrain, the
// community fork of cdktf, same API and the same Symbol.for("cdktf/…") brands). Both are
// optional peer dependencies, and this is the only module that loads either: every other file
// imports App, TerraformStack, … from here, so the constructs are built from the very copy the
// app uses, whichever it is, with no npm `overrides` in the app. framework-types.d.ts makes the
// same choice for types. With both installed, cdktn wins.

import type { Framework, ITerraformDependable, TerraformMetaArguments } from "./framework-types";

/** Package names tried in order; the first that loads is the framework. */
const CANDIDATES = ["cdktn", "cdktf"] as const;

function loadFramework(): { name: string; module: Framework } {
  for (const name of CANDIDATES) {
    try {
      // A name known only at run time: which of the two the app has.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return { name, module: require(name) as Framework };
    } catch (e) {
      // Only "this package is not installed" moves on; a broken install is reported as is.
      if (!isNotFound(e, name)) throw e;
    }
  }
  throw new Error(
    "cdktf-consumer-groups: neither cdktf nor cdktn can be loaded from here. Install the one " +
      "your app is written for: `npm install cdktf constructs` (CDK for Terraform) or " +
      "`npm install cdktn constructs` (CDK Terrain).",
  );
}

function isNotFound(e: unknown, name: string): boolean {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  return (
    code === "MODULE_NOT_FOUND" && typeof message === "string" && message.includes(`'${name}'`)
  );
}

const loaded = loadFramework();
const framework = loaded.module;

/** "cdktn" or "cdktf": the package the constructs are built from. */
export const FRAMEWORK_PACKAGE: string = loaded.name;

// Each with its type spelled out, so the emitted .d.ts names framework-types.d.ts, not cdktf.
export const Annotations: Framework["Annotations"] = framework.Annotations;
export const App: Framework["App"] = framework.App;
export const Aspects: Framework["Aspects"] = framework.Aspects;
export const AssetType: Framework["AssetType"] = framework.AssetType;
export const DefaultTokenResolver: Framework["DefaultTokenResolver"] =
  framework.DefaultTokenResolver;
export const Fn: Framework["Fn"] = framework.Fn;
export const Lazy: Framework["Lazy"] = framework.Lazy;
export const StringConcat: Framework["StringConcat"] = framework.StringConcat;
export const TerraformAsset: Framework["TerraformAsset"] = framework.TerraformAsset;
export const TerraformDataSource: Framework["TerraformDataSource"] = framework.TerraformDataSource;
export const TerraformElement: Framework["TerraformElement"] = framework.TerraformElement;
export const TerraformProvider: Framework["TerraformProvider"] = framework.TerraformProvider;
export const TerraformResource: Framework["TerraformResource"] = framework.TerraformResource;
export const TerraformStack: Framework["TerraformStack"] = framework.TerraformStack;
export const Token: Framework["Token"] = framework.Token;
export const Tokenization: Framework["Tokenization"] = framework.Tokenization;
export const hashMapper: Framework["hashMapper"] = framework.hashMapper;
export const hashMapperHcl: Framework["hashMapperHcl"] = framework.hashMapperHcl;
export const stringToHclTerraform: Framework["stringToHclTerraform"] =
  framework.stringToHclTerraform;
export const stringToTerraform: Framework["stringToTerraform"] = framework.stringToTerraform;

export type App = InstanceType<Framework["App"]>;
export type TerraformAsset = InstanceType<Framework["TerraformAsset"]>;
export type TerraformProvider = InstanceType<Framework["TerraformProvider"]>;
export type TerraformResource = InstanceType<Framework["TerraformResource"]>;
export type TerraformStack = InstanceType<Framework["TerraformStack"]>;
export type { ITerraformDependable, TerraformMetaArguments };
