import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { hookAssetHash, hookDirectory } from "../../lib/constructs/hook-asset";
import { localExec, resourceOf, synthGroup } from "./synth-helpers";

describe("the hook asset's hash", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "cgac-asset-"));
    writeFileSync(path.join(dir, "hook.js"), "loader");
    writeFileSync(path.join(dir, "hook-bundle.js"), "bundle");
    writeFileSync(path.join(dir, "hook-bundle.js.cache"), "cache from one build");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is 32 upper-case hex digits, like cdktf's own", () => {
    expect(hookAssetHash(dir)).toMatch(/^[0-9A-F]{32}$/);
  });

  it("does not change with the V8 code cache, which differs on every build", () => {
    const before = hookAssetHash(dir);
    writeFileSync(path.join(dir, "hook-bundle.js.cache"), "cache from another build");
    expect(hookAssetHash(dir)).toBe(before);
  });

  it("changes with the code and with the file names", () => {
    const before = hookAssetHash(dir);
    writeFileSync(path.join(dir, "hook-bundle.js"), "bundle, changed");
    const changed = hookAssetHash(dir);
    expect(changed).not.toBe(before);
    rmSync(path.join(dir, "hook-bundle.js"));
    writeFileSync(path.join(dir, "hook-bundle2.js"), "bundle, changed");
    expect(hookAssetHash(dir)).not.toBe(changed);
  });

  it("names the hook program in the synthesized hooks", () => {
    const program = localExec(resourceOf(synthGroup(), "Settings")).interpreter[1];
    expect(program).toBe(`assets/ConsumerGroupsHook/${hookAssetHash(hookDirectory())}/hook.js`);
  });
});
