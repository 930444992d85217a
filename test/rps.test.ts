import assert from "node:assert/strict";
import {
  choose, DEFAULT_MAX_ROUNDS, DEFAULT_WINS_NEEDED, HANDS, initialState, isHand, legalMoves, outcome, roundWinner, rps, score, timeout, toAct,
  type Hand, type RpsOptions, type RpsState,
} from "../games/rps";
import type { Outcome, Seat } from "../games/types";
import { ErrorCode } from "../protocol/errors";

// --- An independent model that does not use games/rps.

type RoundResult = Seat | "tie";
const MODEL_BEATS: readonly [Hand, Hand][] = [["rock", "scissors"], ["scissors", "paper"], ["paper", "rock"]];
const modelRound = (a: Hand, b: Hand): RoundResult =>
  MODEL_BEATS.some(([w, l]) => w === a && l === b) ? 0 : MODEL_BEATS.some(([w, l]) => w === b && l === a) ? 1 : "tie";

const ALL_PAIRS: [Hand, Hand][] = HANDS.flatMap((a) => HANDS.map((b): [Hand, Hand] => [a, b]));
const RESULTS: readonly RoundResult[] = [0, 1, "tie"];
const pairsFor = (r: RoundResult) => ALL_PAIRS.filter(([a, b]) => modelRound(a, b) === r);

/** The match outcome after these round results. */
function modelMatch(results: readonly RoundResult[], winsNeeded: number, maxRounds: number): Outcome {
  const a = results.filter((r) => r === 0).length;
  const b = results.filter((r) => r === 1).length;
  if (a === winsNeeded) return { kind: "win", winner: 0 };
  if (b === winsNeeded) return { kind: "win", winner: 1 };
  if (results.length === maxRounds) return a === b ? { kind: "draw" } : { kind: "win", winner: a > b ? 0 : 1 };
  return { kind: "ongoing" };
}

// --- Helpers over the module.

function freeze(s: RpsState): RpsState {
  for (const r of s.rounds) Object.freeze(Object.freeze(r).hands);
  Object.freeze(s.rounds);
  Object.freeze(s.pending);
  return Object.freeze(s);
}

function chosen(state: RpsState, seat: Seat, hand: Hand): RpsState {
  const next = choose(state, seat, hand);
  if (!next.ok) assert.fail(`${hand} by seat ${seat} rejected: ${next.error.code}`);
  return freeze(next.state);
}

/** Plays one round; `first` is the seat that chooses first. */
function round(state: RpsState, a: Hand, b: Hand, first: Seat = 0): RpsState {
  return first === 0 ? chosen(chosen(state, 0, a), 1, b) : chosen(chosen(state, 1, b), 0, a);
}

function rejects(state: RpsState, seat: Seat, hand: unknown, code: ErrorCode) {
  const before = JSON.stringify(state);
  const result = choose(state, seat, hand as Hand);
  assert.equal(result.ok, false, `${String(hand)} by seat ${seat} should be ${code}`);
  if (!result.ok) {
    assert.equal(result.error.code, code, `${String(hand)} by seat ${seat}`);
    assert.ok(result.error.message.length > 5);
  }
  assert.equal(JSON.stringify(state), before, "a rejected choice leaves the state unchanged");
}

const NOT_HANDS: unknown[] = ["lizard", "", "Rock", " rock", "constructor", "toString", undefined, null, 0, 1, true, {}, ["rock"]];
/** A few of them, for checks repeated at every position of a walk. */
const SOME_NOT_HANDS: unknown[] = ["lizard", "constructor", undefined];

interface Tally {
  /** Complete matches by round results (or by hands, when every hand pair is followed). */
  matches: number;
  wins: [number, number];
  draws: number;
  byLength: Record<number, number>;
}

/**
 * Walks every sequence of rounds to the end of the match, checking each position against the model.
 * By default it follows one hand pair per round result and checks, at every position, that all nine pairs
 * score as the model says; with `everyHand` it follows all nine (9^k sequences, for small matches only).
 */
function walkMatches(options: RpsOptions, { everyHand = false, thorough = false } = {}): Tally {
  const winsNeeded = options.winsNeeded ?? DEFAULT_WINS_NEEDED;
  const maxRounds = options.maxRounds ?? DEFAULT_MAX_ROUNDS;
  const tally: Tally = { matches: 0, wins: [0, 0], draws: 0, byLength: {} };
  const visit = (state: RpsState, results: RoundResult[]) => {
    const label = `${JSON.stringify(options)} after ${results.join(",") || "nothing"}`;
    const expected = modelMatch(results, winsNeeded, maxRounds);
    assert.deepEqual(outcome(state), expected, label);
    assert.deepEqual(score(state), [results.filter((r) => r === 0).length, results.filter((r) => r === 1).length], label);
    assert.deepEqual(state.rounds.map((r) => r.winner ?? "tie"), results, label);
    assert.deepEqual(state.pending, [null, null], label);

    if (expected.kind !== "ongoing") {
      tally.matches++;
      if (expected.kind === "win") tally.wins[expected.winner]++;
      else tally.draws++;
      tally.byLength[results.length] = (tally.byLength[results.length] ?? 0) + 1;
      assert.deepEqual(toAct(state), [], label);
      assert.deepEqual(legalMoves(state, 0), [], label);
      assert.deepEqual(legalMoves(state, 1), [], label);
      if (thorough) {
        for (const seat of [0, 1] as Seat[]) {
          for (const hand of [...HANDS, ...SOME_NOT_HANDS]) rejects(state, seat, hand, ErrorCode.GAME_OVER);
        }
      }
      return;
    }

    assert.deepEqual(toAct(state), [0, 1], label);
    assert.deepEqual(legalMoves(state, 0), [...HANDS], label);
    assert.deepEqual(legalMoves(state, 1), [...HANDS], label);
    const [a, b] = score(state);
    assert.deepEqual(timeout(state), a === b ? { kind: "draw" } : { kind: "win", winner: a > b ? 0 : 1 }, label);

    if (thorough) {
      // Half a round: the chooser waits for the other seat, may not choose again, and wins on timeout.
      for (const seat of [0, 1] as Seat[]) {
        const other = (1 - seat) as Seat;
        for (const hand of HANDS) {
          const half = chosen(state, seat, hand);
          assert.deepEqual(half.rounds, state.rounds, label);
          assert.deepEqual(half.pending, seat === 0 ? [hand, null] : [null, hand], label);
          assert.deepEqual(outcome(half), { kind: "ongoing" }, label);
          assert.deepEqual(toAct(half), [other], label);
          assert.deepEqual(legalMoves(half, seat), [], label);
          assert.deepEqual(legalMoves(half, other), [...HANDS], label);
          assert.deepEqual(timeout(half), { kind: "win", winner: seat }, label);
          for (const again of HANDS) rejects(half, seat, again, ErrorCode.ALREADY_CHOSEN);
          for (const bad of SOME_NOT_HANDS) {
            rejects(half, seat, bad, ErrorCode.BAD_MESSAGE);
            rejects(half, other, bad, ErrorCode.BAD_MESSAGE);
          }
        }
        for (const bad of SOME_NOT_HANDS) rejects(state, seat, bad, ErrorCode.BAD_MESSAGE);
      }
    }

    const followed = new Map<RoundResult, RpsState>();
    for (const [i, [ha, hb]] of ALL_PAIRS.entries()) {
      const r = modelRound(ha, hb);
      const next = round(state, ha, hb, (i % 2) as Seat);
      assert.deepEqual(next, round(state, ha, hb, (1 - (i % 2)) as Seat), `${label}: the order of choosing does not matter`);
      assert.deepEqual(next.rounds.slice(0, -1), state.rounds, label);
      assert.deepEqual(next.rounds.at(-1), { hands: [ha, hb], winner: r === "tie" ? null : r }, `${label} then ${ha}/${hb}`);
      assert.equal(next.winsNeeded, winsNeeded);
      assert.equal(next.maxRounds, maxRounds);
      if (everyHand) visit(next, [...results, r]);
      else if (!followed.has(r)) followed.set(r, next);
    }
    if (!everyHand) for (const r of RESULTS) visit(followed.get(r)!, [...results, r]);
  };
  visit(freeze(initialState(options)), []);
  return tally;
}

describe("rock-paper-scissors rules (pure)", () => {
  it("scores all nine hand pairs, whichever seat chooses first", () => {
    const expected: Record<string, Seat | null> = {
      "rock/rock": null, "rock/paper": 1, "rock/scissors": 0,
      "paper/rock": 0, "paper/paper": null, "paper/scissors": 1,
      "scissors/rock": 1, "scissors/paper": 0, "scissors/scissors": null,
    };
    assert.equal(ALL_PAIRS.length, 9);
    for (const [a, b] of ALL_PAIRS) {
      const winner = expected[`${a}/${b}`];
      assert.equal(roundWinner(a, b), winner, `${a}/${b}`);
      assert.equal(modelRound(a, b), winner ?? "tie", `${a}/${b} in the model`);
      for (const first of [0, 1] as Seat[]) {
        const s = round(freeze(initialState()), a, b, first);
        assert.deepEqual(s.rounds, [{ hands: [a, b], winner }]);
        assert.deepEqual(s.pending, [null, null]);
        assert.deepEqual(score(s), winner === null ? [0, 0] : winner === 0 ? [1, 0] : [0, 1]);
      }
    }
    for (const r of RESULTS) assert.equal(pairsFor(r).length, 3, `three pairs give ${r}`);
  });

  describe("every sequence of rounds ends exactly when it should", () => {
    it("default match (first to 2, at most 9 rounds): 499 result sequences, 213 won by each seat, 73 drawn; all nine hand pairs at every step", () => {
      const tally = walkMatches({}, { thorough: true });
      assert.deepEqual(tally, {
        matches: 499,
        wins: [213, 213],
        draws: 73,
        byLength: { 2: 2, 3: 8, 4: 18, 5: 32, 6: 50, 7: 72, 8: 98, 9: 219 },
      });
    });

    const configs: [RpsOptions, Omit<Tally, "byLength">][] = [
      [{ winsNeeded: 1, maxRounds: 1 }, { matches: 3, wins: [1, 1], draws: 1 }],
      [{ winsNeeded: 1, maxRounds: 4 }, { matches: 9, wins: [4, 4], draws: 1 }],
      [{ winsNeeded: 2, maxRounds: 3 }, { matches: 23, wins: [8, 8], draws: 7 }],
      [{ maxRounds: 5 }, { matches: 91, wins: [35, 35], draws: 21 }],
      [{ winsNeeded: 3, maxRounds: 5 }, { matches: 203, wins: [76, 76], draws: 51 }],
      [{ winsNeeded: 3, maxRounds: 7 }, { matches: 1051, wins: [399, 399], draws: 253 }],
      [{ winsNeeded: 1 }, { matches: 19, wins: [9, 9], draws: 1 }],
    ];
    for (const [options, expected] of configs) {
      it(`${JSON.stringify(options)}: ${expected.matches} result sequences`, () => {
        const { byLength, ...tally } = walkMatches(options);
        assert.deepEqual(tally, expected);
        const maxRounds = options.maxRounds ?? DEFAULT_MAX_ROUNDS;
        const winsNeeded = options.winsNeeded ?? DEFAULT_WINS_NEEDED;
        assert.ok(Object.keys(byLength).every((n) => +n >= winsNeeded && +n <= maxRounds));
      });
    }

    const byHand: [RpsOptions, number][] = [
      [{ winsNeeded: 1, maxRounds: 1 }, 9],
      [{ winsNeeded: 1, maxRounds: 4 }, 321],
      [{ maxRounds: 3 }, 585],
      [{ winsNeeded: 2, maxRounds: 4 }, 3_393],
    ];
    for (const [options, matches] of byHand) {
      it(`${JSON.stringify(options)}: all ${matches.toLocaleString("en")} sequences of hands`, () => {
        assert.equal(walkMatches(options, { everyHand: true }).matches, matches);
      });
    }
  });

  it("a level match at the round cap is a draw; a lead at the cap wins", () => {
    let s = freeze(initialState({ winsNeeded: 2, maxRounds: 3 }));
    for (let i = 0; i < 3; i++) s = round(s, "rock", "rock");
    assert.deepEqual(outcome(s), { kind: "draw" });
    let t = freeze(initialState({ winsNeeded: 2, maxRounds: 3 }));
    t = round(t, "rock", "rock");
    t = round(t, "rock", "rock");
    t = round(t, "paper", "rock");
    assert.deepEqual(outcome(t), { kind: "win", winner: 0 });
    let u = freeze(initialState());
    u = round(u, "rock", "paper");
    for (let i = 0; i < 8; i++) u = round(u, "scissors", "scissors");
    assert.deepEqual(outcome(u), { kind: "win", winner: 1 }, "1-0 after nine rounds");
    rejects(u, 0, "rock", ErrorCode.GAME_OVER);
  });

  describe("match length", () => {
    it("defaults to first to 2 within 9 rounds", () => {
      assert.equal(DEFAULT_WINS_NEEDED, 2);
      assert.equal(DEFAULT_MAX_ROUNDS, 9);
      assert.deepEqual(initialState(), { winsNeeded: 2, maxRounds: 9, rounds: [], pending: [null, null] });
      assert.deepEqual(rps.initialState(), initialState({}));
    });

    it("takes winsNeeded and maxRounds from options", () => {
      const one = round(freeze(initialState({ winsNeeded: 1 })), "paper", "rock");
      assert.deepEqual(outcome(one), { kind: "win", winner: 0 });
      let three = freeze(initialState({ winsNeeded: 3, maxRounds: 5 }));
      three = round(three, "paper", "rock");
      three = round(three, "rock", "paper");
      three = round(three, "paper", "rock");
      three = round(three, "paper", "rock");
      assert.deepEqual(outcome(three), { kind: "win", winner: 0 }, "3-1");
      assert.deepEqual(initialState({ winsNeeded: 5 }), { winsNeeded: 5, maxRounds: 9, rounds: [], pending: [null, null] });
      assert.deepEqual(initialState({ maxRounds: 3 }), { winsNeeded: 2, maxRounds: 3, rounds: [], pending: [null, null] });
      assert.deepEqual(initialState({ winsNeeded: 1, maxRounds: 1 }).maxRounds, 1);
      assert.deepEqual(initialState({ winsNeeded: 4, maxRounds: 100 }).maxRounds, 100);
    });

    it("throws RangeError for a match that is not well formed", () => {
      const bad: RpsOptions[] = [
        { winsNeeded: 0 }, { winsNeeded: -1 }, { winsNeeded: 1.5 }, { winsNeeded: NaN }, { winsNeeded: Infinity },
        { winsNeeded: "2" as unknown as number },
        { maxRounds: 2 }, { maxRounds: 0 }, { maxRounds: -1 }, { maxRounds: 3.5 }, { maxRounds: NaN }, { maxRounds: Infinity },
        { winsNeeded: 3, maxRounds: 4 }, { winsNeeded: 1, maxRounds: 0 },
        { winsNeeded: 6 }, // the default 9 rounds cannot hold a first-to-6 match
      ];
      for (const options of bad) assert.throws(() => initialState(options), RangeError, JSON.stringify(options));
    });
  });

  describe("choosing", () => {
    it("keeps a first choice pending until the second, then records the round and clears pending", () => {
      const s0 = freeze(initialState());
      assert.deepEqual(toAct(s0), [0, 1]);
      const s1 = chosen(s0, 1, "scissors");
      assert.deepEqual(s1.pending, [null, "scissors"]);
      assert.deepEqual(s1.rounds, []);
      assert.deepEqual(toAct(s1), [0]);
      const s2 = chosen(s1, 0, "rock");
      assert.deepEqual(s2.pending, [null, null]);
      assert.deepEqual(s2.rounds, [{ hands: ["rock", "scissors"], winner: 0 }]);
      assert.deepEqual(toAct(s2), [0, 1]);
      assert.deepEqual(s0, initialState(), "earlier states are untouched");
      assert.deepEqual(s1.pending, [null, "scissors"]);
    });

    it("ALREADY_CHOSEN when a seat chooses twice in a round, the same hand or another", () => {
      const s = chosen(freeze(initialState()), 0, "rock");
      for (const hand of HANDS) rejects(s, 0, hand, ErrorCode.ALREADY_CHOSEN);
      const t = chosen(round(freeze(initialState()), "rock", "paper"), 1, "paper");
      for (const hand of HANDS) rejects(t, 1, hand, ErrorCode.ALREADY_CHOSEN);
    });

    it("GAME_OVER after the match, for either seat and any payload", () => {
      let s = freeze(initialState());
      s = round(s, "rock", "scissors");
      s = round(s, "paper", "rock");
      assert.deepEqual(outcome(s), { kind: "win", winner: 0 });
      for (const seat of [0, 1] as Seat[]) for (const hand of [...HANDS, "lizard"]) rejects(s, seat, hand, ErrorCode.GAME_OVER);
    });

    it("BAD_MESSAGE for anything that is not a hand, before or after choosing", () => {
      for (const bad of NOT_HANDS) {
        assert.equal(isHand(bad), false, String(bad));
        rejects(freeze(initialState()), 0, bad, ErrorCode.BAD_MESSAGE);
        rejects(chosen(freeze(initialState()), 1, "rock"), 1, bad, ErrorCode.BAD_MESSAGE);
      }
      for (const hand of HANDS) assert.equal(isHand(hand), true);
    });
  });

  describe("timeout", () => {
    it("a seat that chose beats one that did not, even when behind on rounds", () => {
      const s = freeze(initialState());
      assert.deepEqual(timeout(chosen(s, 0, "rock")), { kind: "win", winner: 0 });
      assert.deepEqual(timeout(chosen(s, 1, "rock")), { kind: "win", winner: 1 });
      const oneNil = round(s, "paper", "rock");
      assert.deepEqual(timeout(chosen(oneNil, 1, "scissors")), { kind: "win", winner: 1 });
      const nilOne = round(s, "rock", "paper");
      assert.deepEqual(timeout(chosen(nilOne, 0, "scissors")), { kind: "win", winner: 0 });
    });

    it("when neither chose, the leader on rounds wins and an even score is a draw", () => {
      const s = freeze(initialState());
      assert.deepEqual(timeout(s), { kind: "draw" });
      assert.deepEqual(timeout(round(s, "rock", "rock")), { kind: "draw" }, "ties count for nobody");
      assert.deepEqual(timeout(round(s, "rock", "paper")), { kind: "win", winner: 1 });
      assert.deepEqual(timeout(round(s, "scissors", "paper")), { kind: "win", winner: 0 });
      assert.deepEqual(timeout(round(round(s, "scissors", "paper"), "rock", "paper")), { kind: "draw" });
    });
  });
});
