// Which Terraform CDK the constructs load (lib/constructs/framework.ts):
//
// | installed          | loaded | or                                        |
// |--------------------|--------|-------------------------------------------|
// | cdktf only (repo)  | cdktf  |                                           |
// | cdktn only         | cdktn  |                                           |
// | both               | cdktn  |                                           |
// | neither            | -      | fails: names both packages and the install |
// | cdktf fails to load| -      | fails with cdktf's own error               |
//
// The test/consumer apps prove the same with real installs of each.

import * as cdktf from "cdktf";

type FrameworkModule = typeof import("../../lib/constructs/framework");

describe("the framework the constructs load", () => {
  it("loads cdktf when cdktn is not installed", () => {
    const framework = load({});

    expect(framework.FRAMEWORK_PACKAGE).toBe("cdktf");
    // A fresh module registry holds its own copy of cdktf: same class, not the same object.
    expect(framework.TerraformStack.name).toBe(cdktf.TerraformStack.name);
    expect(Object.keys(framework.TerraformStack)).toEqual(Object.keys(cdktf.TerraformStack));
  });

  it("loads cdktn when it is installed, also next to cdktf", () => {
    const cdktn = { ...cdktf, marker: "cdktn" };

    const framework = load({ cdktn: () => cdktn });

    expect(framework.FRAMEWORK_PACKAGE).toBe("cdktn");
    expect(framework.App).toBe(cdktn.App);
  });

  it("fails with an install hint when neither cdktf nor cdktn is installed", () => {
    expect(() => load({ cdktf: () => throwNotFound("cdktf") })).toThrow(
      "cdktf-consumer-groups: neither cdktf nor cdktn can be loaded from here. Install the one " +
        "your app is written for: `npm install cdktf constructs` (CDK for Terraform) or " +
        "`npm install cdktn constructs` (CDK Terrain).",
    );
  });

  it("fails with the framework's own error when it is installed but broken", () => {
    const broken = () => throwNotFound("constructs"); // cdktf present, its constructs missing

    expect(() => load({ cdktf: broken })).toThrow("Cannot find module 'constructs'");
  });
});

// ---------------------------------------------------------------------------------------------

/** framework.ts loaded afresh, with `mocks` standing in for the packages they name. */
function load(mocks: Partial<Record<"cdktf" | "cdktn", () => unknown>>): FrameworkModule {
  let loaded: FrameworkModule | undefined;
  jest.isolateModules(() => {
    for (const [name, factory] of Object.entries(mocks)) {
      jest.doMock(name, factory, { virtual: name === "cdktn" });
    }
    loaded = jest.requireActual<FrameworkModule>("../../lib/constructs/framework");
  });
  for (const name of Object.keys(mocks)) jest.dontMock(name);
  if (!loaded) throw new Error("framework.ts did not load");
  return loaded;
}

function throwNotFound(name: string): never {
  throw Object.assign(new Error(`Cannot find module '${name}'`), { code: "MODULE_NOT_FOUND" });
}
