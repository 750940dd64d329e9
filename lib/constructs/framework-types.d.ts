// Types of the Terraform CDK the app has (framework.ts loads the module itself). Hand-written
// and copied into dist/ as is by the build (scripts/copy-declarations.js): tsc drops comments
// such as @ts-ignore from the declarations it emits, and these two need theirs.
//
// Each import resolves only in an app that has that package. One that does not resolve is an
// error type that behaves as `any`; `HasCdktn` tells the two apart, as the keys of a real module
// are a union of names and those of `any` are all of `string` (the usual `0 extends 1 & T` test
// for `any` answers `any` here). With both installed, cdktn wins, as it does at run time.

/* eslint-disable @typescript-eslint/ban-ts-comment -- either import may be missing, see above */
// @ts-ignore
import type * as Cdktn from "cdktn";
// @ts-ignore
import type * as Cdktf from "cdktf";
/* eslint-enable @typescript-eslint/ban-ts-comment */

/** True when "cdktn" resolves for the program that reads this file. */
type HasCdktn = string extends keyof typeof Cdktn ? false : true;

/** The cdktn type where cdktn is installed, else the cdktf one. */
type Choose<FromCdktn, FromCdktf> = HasCdktn extends true ? FromCdktn : FromCdktf;

/** The module object of the framework: `typeof import("cdktn")` or `typeof import("cdktf")`. */
export type Framework = Choose<typeof Cdktn, typeof Cdktf>;

export type TerraformMetaArguments = Choose<
  Cdktn.TerraformMetaArguments,
  Cdktf.TerraformMetaArguments
>;

/** Something a Terraform resource can depend on (`depends_on`): it has a Terraform address. */
export type ITerraformDependable = Choose<Cdktn.ITerraformDependable, Cdktf.ITerraformDependable>;
