import assert from "node:assert/strict";
import { checkedSeries, NEW_SERIES, seriesAfter } from "../rooms/series";

const pair = ["ann", "ben"] as const;

describe("the rematch series (pure)", () => {
  it("adds each finished game: a win 1, a draw ½ each, a loss 0", () => {
    const afterWin = seriesAfter(NEW_SERIES, pair, "ann");
    assert.deepEqual(afterWin, { games: 1, scores: { ann: 1, ben: 0 } });
    const afterDraw = seriesAfter(afterWin, pair, null);
    assert.deepEqual(afterDraw, { games: 2, scores: { ann: 1.5, ben: 0.5 } });
    assert.deepEqual(seriesAfter(afterDraw, ["ben", "ann"], "ben"), { games: 3, scores: { ann: 1.5, ben: 1.5 } }, "sides swapped, same players");
    assert.deepEqual(afterWin, { games: 1, scores: { ann: 1, ben: 0 } }, "the earlier series is not changed");
  });

  it("a room without a series starts a new one", () => {
    assert.deepEqual(checkedSeries(undefined, pair), NEW_SERIES);
  });

  it("accepts a well-formed series of these two players, and refuses anything else", () => {
    assert.deepEqual(checkedSeries({ games: 2, scores: { ann: 1.5, ben: 0.5 } }, pair), { games: 2, scores: { ann: 1.5, ben: 0.5 } });
    for (const bad of [
      null,
      { games: 1 },
      { games: -1, scores: {} },
      { games: 1.5, scores: { ann: 1.5 } },
      { games: 1, scores: { ann: 1, eve: 0 } },
      { games: 1, scores: { ann: 0.3, ben: 0.7 } },
      { games: 1, scores: { ann: 5 } },
      { games: 1, scores: { ann: 1 }, extra: true },
      { games: 1, scores: { ann: "1" } },
    ]) {
      assert.throws(() => checkedSeries(bad, pair), Error, JSON.stringify(bad));
    }
  });
});
