// The public enums are what users write; the contract's values are what the payloads carry.
// The constructs pass one for the other unchanged, so each public enum must have exactly the
// contract's members, with the same values.
import { DeletionProtection } from "../../../lib/constructs/deletion-protection";
import { RemovalPolicy } from "../../../lib/constructs/removal-policy";
import { RemovalPolicyValue } from "../../../lib/contract/names";
import { DeletionProtectionValue } from "../../../lib/contract/protection";

describe("public enums equal the contract's values", () => {
  it("RemovalPolicy", () => {
    expect({ ...RemovalPolicy }).toEqual({ ...RemovalPolicyValue });
    expect(Object.keys(RemovalPolicy).length).toBeGreaterThan(1);
  });

  it("DeletionProtection", () => {
    expect({ ...DeletionProtection }).toEqual({ ...DeletionProtectionValue });
    expect(Object.keys(DeletionProtection).length).toBeGreaterThan(2);
  });
});
