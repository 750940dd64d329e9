// The table of references beside a payload (lib/contract/refs.ts) and the prune of groups whose
// identity held references (lib/contract/manifest.ts):
//
// | case                                             | result                                          |
// |--------------------------------------------------|-------------------------------------------------|
// | a value with quotes or backslashes               | put in place as JSON text, read back unchanged  |
// | a placeholder without a value, a non-string      | HOOK_BAD_PAYLOAD naming the construct and prop  |
// | a value the cloud's rules refuse                 | synth's words: "<path>: <prop> <value> must be" |
// | stored group with a key the app declares         | kept, whatever its resolved identity            |
// | stored group a reference of the app may name     | kept                                            |
// | stored group with references, no longer declared | a delete of its resolved identity               |

import { HookCommand, PRUNE_COMMAND } from "../../../lib/contract/names";
import { parseHookPayload } from "../../../lib/contract/payload";
import { PayloadError } from "../../../lib/contract/payload-error";
import { planPrune, prunePayload } from "../../../lib/contract/manifest";
import { manifestEntries } from "../../../lib/contract/stored-manifest";
import {
  explainRefError,
  refPlaceholder,
  splitRefs,
  substituteRefs,
  type Refs,
} from "../../../lib/contract/refs";
import { groupKey } from "../../../lib/contract/group-identity";
import {
  DEFAULT_SLS_CREDENTIAL_SOURCES,
  slsIdentity,
} from "../../../lib/clouds/alibaba/sls/sls-contract";
import { CLOUDS } from "../../support/clouds";

const KEY = "0123456789abcdef";
const ID = refPlaceholder(KEY, "logstore");
const transport = {
  endpoint: "https://cn-hangzhou.log.aliyuncs.com",
  region: "cn-hangzhou",
  allowInsecureHttp: false,
  requestTimeoutMs: 10000,
  deadlineMs: 120000,
};
const wire = slsIdentity({ project: "shop-prod", logstore: ID, name: "reader" });
const ensure = (identity: object) =>
  JSON.stringify({
    v: 2,
    command: "ensure",
    identity,
    settings: { timeout: 60, order: false },
    transport,
    credentials: DEFAULT_SLS_CREDENTIAL_SOURCES,
  });
const refs = (v: unknown): Refs => ({ [ID]: { v, at: "app/Reader", prop: "logstore" } });

/** What the hook does with an argument: split, fill in, read; errors as the hook words them. */
function read(argument: string) {
  const split = splitRefs(argument);
  try {
    const text = split.refs ? substituteRefs(split.payload, split.refs) : split.payload;
    return parseHookPayload(HookCommand.ENSURE, text, CLOUDS);
  } catch (e) {
    throw explainRefError(e, split.refs);
  }
}

describe("references beside a payload", () => {
  it("fills each placeholder with its value", () => {
    const payload = read(`refs:${JSON.stringify(refs("orders"))}\n${ensure(wire)}`);

    expect(payload.identity).toEqual(
      slsIdentity({ project: "shop-prod", logstore: "orders", name: "reader" }),
    );
  });

  it("keeps a value with quotes and backslashes intact, so the rules see it as it is", () => {
    const text = substituteRefs(ensure(wire), refs('or"ders\\'));

    expect(JSON.parse(text).identity.logstore).toBe('or"ders\\');
    expect(() => read(`refs:${JSON.stringify(refs('or"ders\\'))}\n${ensure(wire)}`)).toThrow(
      /^app\/Reader: logstore "or\\"ders\\\\" must be /,
    );
  });

  it("says which construct and prop a refused value came from, as synth would", () => {
    let error: unknown;
    try {
      read(`refs:${JSON.stringify(refs("Orders Log!"))}\n${ensure(wire)}`);
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(PayloadError);
    expect((error as PayloadError).code).toBe("HOOK_BAD_PAYLOAD");
    expect((error as Error).message).toMatch(/^app\/Reader: logstore "Orders Log!" must be /);
  });

  it("refuses a placeholder without a value, and a value that is not a string", () => {
    expect(() => substituteRefs(ensure(wire), {})).toThrow(`reference ${ID} has no value`);
    expect(() => substituteRefs(ensure(wire), refs(null))).toThrow(
      /^app\/Reader: logstore null must be a non-empty string/,
    );
  });

  it("leaves an argument without a table as it is", () => {
    expect(splitRefs(ensure(wire))).toEqual({ refs: undefined, payload: ensure(wire) });
  });
});

describe("the prune of groups with references", () => {
  const managed = (identity: ReturnType<typeof slsIdentity>) => ({
    identity,
    removalPolicy: "DESTROY" as const,
    transport,
    credentials: DEFAULT_SLS_CREDENTIAL_SOURCES,
  });
  const stableKey = groupKey(
    slsIdentity({ project: "shop-prod", logstore: "@ref:", name: "reader" }),
    "reader",
  );
  // As the manifest stores it: the group under its key, and the values its references had.
  const previous = {
    v: "3",
    ...manifestEntries(stableKey, managed(wire)),
    refs: JSON.stringify(refs("orders")),
  };
  const plan = (declared: string[], patterns: Record<string, string>[] = []) =>
    planPrune(
      JSON.stringify({ ...prunePayload(previous, declared, [], patterns), command: PRUNE_COMMAND }),
      CLOUDS,
    );

  it("keeps a group whose key the app declares", () => {
    expect(plan([stableKey]).candidates).toEqual([]);
  });

  it("keeps a group the app declares by its resolved identity, as a literal", () => {
    const literal = groupKey(
      slsIdentity({ project: "shop-prod", logstore: "orders", name: "reader" }),
    );

    expect(plan([literal]).candidates).toEqual([]);
  });

  it("deletes the resolved identity of a group the app no longer declares", () => {
    expect(plan([]).candidates.map((c) => c.identity)).toEqual([
      slsIdentity({ project: "shop-prod", logstore: "orders", name: "reader" }),
    ]);
  });

  it("keeps a stored literal group that a reference of the app may name", () => {
    const literal = slsIdentity({ project: "shop-prod", logstore: "orders", name: "reader" });
    const stored = { v: "3", ...manifestEntries(groupKey(literal), managed(literal)) };
    const prune = (patterns: Record<string, string>[]) =>
      planPrune(
        JSON.stringify({ ...prunePayload(stored, [], [], patterns), command: PRUNE_COMMAND }),
        CLOUDS,
      );

    expect(prune([{ ...wire }]).candidates).toEqual([]);
    expect(prune([{ ...wire, name: "other" }]).candidates).toHaveLength(1);
    expect(prune([{ ...wire, project: "other-project" }]).candidates).toHaveLength(1);
  });
});
