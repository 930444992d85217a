import assert from "node:assert/strict";
import { choose, HANDS, initialState, outcome, roundWinner, score, timeout, toAct, type Hand, type RpsState } from "../games/rps";
import type { Seat } from "../games/types";

function round(state: RpsState, a: Hand, b: Hand): RpsState {
  const first = choose(state, 0, a);
  assert.ok(first.ok);
  const second = choose(first.state, 1, b);
  assert.ok(second.ok);
  return second.state;
}

/** A pair of hands for each round result: seat 0 wins, seat 1 wins, tie. */
const HANDS_FOR: Record<"0" | "1" | "tie", [Hand, Hand]> = { "0": ["rock", "scissors"], "1": ["rock", "paper"], tie: ["paper", "paper"] };

describe("rock-paper-scissors rules (pure)", () => {
  it("scores all nine hand pairs", () => {
    const expected: Record<string, Seat | null> = {
      "rock/rock": null, "rock/paper": 1, "rock/scissors": 0,
      "paper/rock": 0, "paper/paper": null, "paper/scissors": 1,
      "scissors/rock": 1, "scissors/paper": 0, "scissors/scissors": null,
    };
    for (const a of HANDS) for (const b of HANDS) {
      assert.equal(roundWinner(a, b), expected[`${a}/${b}`], `${a}/${b}`);
      const s = round(initialState(), a, b);
      assert.deepEqual(s.rounds[0], { hands: [a, b], winner: expected[`${a}/${b}`] });
    }
  });

  it("ends every sequence of round results exactly when it should (first to 2, at most 9 rounds)", () => {
    let sequences = 0;
    const walk = (state: RpsState, results: string[]) => {
      const [a, b] = score(state);
      const o = outcome(state);
      const over = a >= 2 || b >= 2 || results.length >= 9;
      assert.equal(o.kind !== "ongoing", over, results.join(","));
      if (over) {
        sequences++;
        if (a >= 2) assert.deepEqual(o, { kind: "win", winner: 0 });
        else if (b >= 2) assert.deepEqual(o, { kind: "win", winner: 1 });
        else if (a === b) assert.deepEqual(o, { kind: "draw" });
        else assert.deepEqual(o, { kind: "win", winner: a > b ? 0 : 1 });
        assert.deepEqual(toAct(state), []);
        const late = choose(state, 0, "rock");
        assert.ok(!late.ok && late.error.code === "GAME_OVER");
        return;
      }
      for (const r of ["0", "1", "tie"] as const) walk(round(state, ...HANDS_FOR[r]), [...results, r]);
    };
    walk(initialState(), []);
    assert.ok(sequences > 100, `${sequences} sequences`);
  });

  it("a level match at the round cap is a draw; a lead at the cap wins", () => {
    let s = initialState({ winsNeeded: 2, maxRounds: 3 });
    s = round(s, "rock", "rock");
    s = round(s, "rock", "rock");
    s = round(s, "rock", "rock");
    assert.deepEqual(outcome(s), { kind: "draw" });
    let t = initialState({ winsNeeded: 2, maxRounds: 3 });
    t = round(t, "rock", "rock");
    t = round(t, "rock", "rock");
    t = round(t, "paper", "rock");
    assert.deepEqual(outcome(t), { kind: "win", winner: 0 });
  });

  it("takes its match length from options and refuses impossible ones", () => {
    const one = round(initialState({ winsNeeded: 1 }), "paper", "rock");
    assert.deepEqual(outcome(one), { kind: "win", winner: 0 });
    let three = initialState({ winsNeeded: 3, maxRounds: 5 });
    three = round(three, "paper", "rock");
    three = round(three, "paper", "rock");
    assert.equal(outcome(three).kind, "ongoing");
    three = round(three, "paper", "rock");
    assert.deepEqual(outcome(three), { kind: "win", winner: 0 });
    for (const bad of [{ winsNeeded: 0 }, { winsNeeded: 1.5 }, { winsNeeded: 3, maxRounds: 4 }, { maxRounds: -1 }]) {
      assert.throws(() => initialState(bad), RangeError, JSON.stringify(bad));
    }
  });

  it("keeps a first choice pending and hidden in state until the second, then records the round", () => {
    const s0 = initialState();
    assert.deepEqual(toAct(s0), [0, 1]);
    const s1 = choose(s0, 1, "scissors");
    assert.ok(s1.ok);
    assert.deepEqual(s1.state.pending, [null, "scissors"]);
    assert.deepEqual(s1.state.rounds, []);
    assert.deepEqual(toAct(s1.state), [0]);
    const again = choose(s1.state, 1, "rock");
    assert.ok(!again.ok && again.error.code === "ALREADY_CHOSEN");
    const s2 = choose(s1.state, 0, "rock");
    assert.ok(s2.ok);
    assert.deepEqual(s2.state.pending, [null, null]);
    assert.deepEqual(s2.state.rounds, [{ hands: ["rock", "scissors"], winner: 0 }]);
    assert.deepEqual(s0.pending, [null, null], "states are not mutated");
  });

  it("refuses a hand that is not one", () => {
    const bad = choose(initialState(), 0, "lizard" as Hand);
    assert.ok(!bad.ok && bad.error.code === "BAD_MESSAGE");
  });

  it("on timeout: a chooser beats a non-chooser; with no choices the leader wins or it is a draw", () => {
    const s = initialState();
    assert.deepEqual(timeout((choose(s, 0, "rock") as { ok: true; state: RpsState }).state), { kind: "win", winner: 0 });
    assert.deepEqual(timeout((choose(s, 1, "rock") as { ok: true; state: RpsState }).state), { kind: "win", winner: 1 });
    assert.deepEqual(timeout(s), { kind: "draw" });
    assert.deepEqual(timeout(round(s, "rock", "paper")), { kind: "win", winner: 1 });
  });
});
