import assert from "node:assert/strict";
import { OnlinePlayers, sameCounts } from "../lobby/lobbyCounts";

describe("lobby counts (pure)", () => {
  it("counts distinct players, however many connections each has", () => {
    const online = new OnlinePlayers();
    online.add("a");
    online.add("a");
    online.add("b");
    assert.equal(online.size, 2);
    online.remove("a");
    assert.equal(online.size, 2, "a still has a tab open");
    online.remove("a");
    assert.equal(online.size, 1);
    online.remove("zed");
    online.remove("b");
    assert.equal(online.size, 0, "a leave that was never a join changes nothing");
    online.add("b");
    assert.equal(online.size, 1);
  });

  it("compares counts by value", () => {
    const counts = { online: 3, queues: { rps: 1, tictactoe: 0 } };
    assert.equal(sameCounts(counts, { online: 3, queues: { tictactoe: 0, rps: 1 } }), true);
    assert.equal(sameCounts(counts, { online: 4, queues: { rps: 1, tictactoe: 0 } }), false);
    assert.equal(sameCounts(counts, { online: 3, queues: { rps: 2, tictactoe: 0 } }), false);
    assert.equal(sameCounts(counts, { online: 3, queues: { rps: 1 } }), false);
  });
});
