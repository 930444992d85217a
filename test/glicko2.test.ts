import assert from "node:assert/strict";
import { DEFAULT_RATING, rate } from "../rating/glicko2";

describe("Glicko-2 ratings (pure)", () => {
  it("the winner goes up and the loser down, by the same amount between equals", () => {
    const { a, b } = rate(DEFAULT_RATING, DEFAULT_RATING, 1);
    assert.ok(a.rating > 1500 && b.rating < 1500);
    assert.ok(Math.abs(a.rating - 1500 - (1500 - b.rating)) < 1e-9);
    assert.ok(a.deviation < DEFAULT_RATING.deviation, "a game makes the rating more certain");
  });

  it("a draw between equals keeps ratings and shrinks deviation", () => {
    const { a, b } = rate(DEFAULT_RATING, DEFAULT_RATING, 0.5);
    assert.ok(Math.abs(a.rating - 1500) < 1e-9 && Math.abs(b.rating - 1500) < 1e-9);
    assert.ok(a.deviation < 350 && b.deviation < 350);
  });

  it("is symmetric: swapping sides and score gives the same numbers", () => {
    const strong = { rating: 1800, deviation: 80, volatility: 0.06 };
    const weak = { rating: 1400, deviation: 200, volatility: 0.06 };
    const one = rate(strong, weak, 0);
    const two = rate(weak, strong, 1);
    assert.deepEqual(one.a, two.b);
    assert.deepEqual(one.b, two.a);
  });

  it("an upset moves ratings more than an expected result", () => {
    const strong = { rating: 1800, deviation: 80, volatility: 0.06 };
    const weak = { rating: 1400, deviation: 80, volatility: 0.06 };
    const expected = rate(strong, weak, 1);
    const upset = rate(strong, weak, 0);
    assert.ok(1800 - upset.a.rating > expected.a.rating - 1800);
  });

  it("is pure: the same inputs give the same outputs", () => {
    const x = { rating: 1620, deviation: 120, volatility: 0.059 };
    assert.deepEqual(rate(x, DEFAULT_RATING, 1), rate(x, DEFAULT_RATING, 1));
  });
});
