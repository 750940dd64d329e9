// The per-group creation serial ("generation") in the emulator's state snapshot: a group
// deleted and created again under the same name shows a new generation, so a test can tell a
// re-created group from one that was kept (the lifecycle explorer's oracle relies on it).

import { DmsState } from "../../lib/clouds/huawei/dms/emulator/dms-emulator-state";
import { SlsState } from "../../lib/clouds/alibaba/sls/emulator/sls-emulator-state";

const QUEUE_ID = "0611d466-a327-4b7b-8034-f84a0f6a6f42";

describe("group generations", () => {
  it("[emulator-only] gives an SLS group created again under the same name a new generation", () => {
    const state = new SlsState({ projects: { shop: { logstores: ["orders"] } } });
    state.create("shop", "orders", { name: "g", timeout: 60, order: false });
    const first = generations(state);

    state.delete("shop", "orders", "g");
    state.create("shop", "orders", { name: "g", timeout: 60, order: false });

    expect(first).toEqual([1]);
    expect(generations(state)).toEqual([2]);
    expect(state.list("shop", "orders")).toEqual([{ name: "g", timeout: 60, order: false }]);
  });

  it("[emulator-only] keeps an SLS generation across an update and a snapshot round trip", () => {
    const state = new SlsState({ projects: { shop: { logstores: ["orders"] } } });
    state.create("shop", "orders", { name: "g", timeout: 60, order: false });
    state.update("shop", "orders", "g", { timeout: 90 });

    const restored = new SlsState({ projects: { shop: { logstores: ["orders"] } } });
    restored.restore(state.snapshot());
    restored.create("shop", "orders", { name: "h", timeout: 60, order: false });

    expect(generations(restored)).toEqual([1, 2]);
  });

  it("[emulator-only] gives a DMS group created again under the same name a new generation", () => {
    const state = new DmsState(
      { projects: { p: { queues: [{ name: "billing", id: QUEUE_ID }] } } },
      () => 1_700_000_000_000,
    );
    const [first] = state.createGroups("p", QUEUE_ID, ["g"]);
    state.deleteGroup("p", QUEUE_ID, first!.id);
    const [second] = state.createGroups("p", QUEUE_ID, ["g"]);

    expect([first?.generation, second?.generation]).toEqual([1, 2]);
    expect(state.snapshot().projects["p"]?.queues[0]?.groups).toEqual([
      expect.objectContaining({ name: "g", generation: 2 }),
    ]);
  });
});

// ---------------------------------------------------------------------------------------

function generations(state: SlsState): number[] {
  return (state.snapshot().projects["shop"]?.logstores["orders"]?.groups ?? []).map(
    (g) => g.generation,
  );
}
