import { strict as assert } from "node:assert";
import { START_STEP, stepPerMove, stepPerRound, type ReplayMatch } from "../client/src/games/replaySteps";
import { describeRpsRound, rpsReplaySteps } from "../client/src/games/rps/roundSteps";
import { ticTacToe } from "../games/ticTacToe";
import type { RecordedMove } from "../protocol/wire";

const players = [
  { playerId: "p-ann", name: "Ann" },
  { playerId: "p-bob", name: "Bob" },
];

/** A stored match's move list from (seat, move) pairs, a second apart. */
function match(moves: [0 | 1, unknown][], options?: Record<string, number>): ReplayMatch {
  return { players, moves: moves.map(([seat, move], i) => ({ seat, move, at: i * 1000 })), ...(options ? { options } : {}) };
}

/** An RPS match from whole rounds, seat 0 choosing first unless `bobFirst`. */
function rounds(hands: [string, string][], options?: Record<string, number>, bobFirst = false): ReplayMatch {
  return match(
    hands.flatMap(([a, b]) => (bobFirst ? [[1, b], [0, a]] : [[0, a], [1, b]]) as [0 | 1, string][]),
    options,
  );
}

describe("replay steps", () => {
  describe("one step per move (games of turns)", () => {
    const say = (m: RecordedMove, player: string) => `${player} plays ${String(m.move)}`;

    it("starts at the start, then says each move with its player", () => {
      const steps = stepPerMove(match([[0, 4], [1, 0], [0, 8]]), say);
      assert.deepEqual(steps, [
        START_STEP,
        { moves: 1, label: "Move 1", description: "Ann plays 4" },
        { moves: 2, label: "Move 2", description: "Bob plays 0" },
        { moves: 3, label: "Move 3", description: "Ann plays 8" },
      ]);
    });

    it("is only the start for a match without moves", () => {
      assert.deepEqual(stepPerMove(match([]), say), [START_STEP]);
    });

    it("names a seat with no player record '?'", () => {
      const lone: ReplayMatch = { ...match([[1, 3]]), players: [players[0]] };
      assert.equal(stepPerMove(lone, say)[1].description, "? plays 3");
    });
  });

  describe("RPS: one step per round", () => {
    it("groups each round's two choices, whoever chose first", () => {
      for (const bobFirst of [false, true]) {
        const steps = rpsReplaySteps(rounds([["rock", "paper"], ["scissors", "paper"], ["rock", "scissors"]], undefined, bobFirst));
        assert.deepEqual(steps, [
          START_STEP,
          { moves: 2, label: "Round 1", description: "Ann played rock, Bob played paper: Bob takes the round (0–1)" },
          { moves: 4, label: "Round 2", description: "Ann played scissors, Bob played paper: Ann takes the round (1–1)" },
          { moves: 6, label: "Round 3", description: "Ann played rock, Bob played scissors: Ann takes the round (2–1); Ann wins the match" },
        ]);
      }
    });

    it("says a tie, and counts it as a round", () => {
      const steps = rpsReplaySteps(rounds([["rock", "rock"], ["paper", "rock"]]));
      assert.deepEqual(
        steps.map((s) => [s.moves, s.label, s.description]),
        [
          [0, "Start", ""],
          [2, "Round 1", "Ann played rock, Bob played rock: a tie (0–0)"],
          [4, "Round 2", "Ann played paper, Bob played rock: Ann takes the round (1–0)"],
        ],
      );
    });

    it("plays by the match's options: first to three goes on past the default two", () => {
      const three = rounds([["rock", "scissors"], ["rock", "scissors"], ["rock", "scissors"]], { winsNeeded: 3, maxRounds: 9 });
      const steps = rpsReplaySteps(three);
      assert.equal(steps.length, 4);
      assert.match(steps[2].description, /\(2–0\)$/, "not over at two wins");
      assert.match(steps[3].description, /\(3–0\); Ann wins the match$/);
      // Under the defaults the third round is refused by the rules: its moves join a last, incomplete step.
      const byDefault = rpsReplaySteps({ ...three, options: undefined });
      assert.deepEqual(
        byDefault.map((s) => s.moves),
        [0, 2, 4, 6],
      );
      assert.match(byDefault[2].description, /Ann wins the match$/);
    });

    it("says a drawn match when the rounds run out level", () => {
      const steps = rpsReplaySteps(rounds([["rock", "scissors"], ["rock", "paper"], ["rock", "rock"]], { winsNeeded: 2, maxRounds: 3 }));
      assert.equal(steps[3].description, "Ann played rock, Bob played rock: a tie (1–1); the match is drawn");
    });

    it("makes one more, incomplete, step of a round the match ended in", () => {
      const steps = rpsReplaySteps(match([[0, "rock"], [1, "paper"], [1, "scissors"]]));
      assert.deepEqual(steps[2], { moves: 3, label: "Round 2", description: "Bob chose scissors, Ann did not choose" });
    });

    it("skips a move the rules refuse but still counts it", () => {
      const steps = rpsReplaySteps(match([[0, "rock"], [0, "lizard"], [1, "paper"]]));
      assert.deepEqual(
        steps.map((s) => [s.moves, s.label]),
        [
          [0, "Start"],
          [3, "Round 1"],
        ],
      );
      assert.equal(steps[1].description, "Ann played rock, Bob played paper: Bob takes the round (0–1)");
    });

    it("is only the start for a match without moves", () => {
      assert.deepEqual(rpsReplaySteps(match([])), [START_STEP]);
    });

    it("an incomplete round with nobody's choice says so", () => {
      const state = { winsNeeded: 2, maxRounds: 9, rounds: [], pending: [null, null] as const };
      assert.equal(describeRpsRound({ index: 0, state, complete: false }, (s) => players[s].name), "Neither player chose");
    });
  });

  describe("stepPerRound with other rules", () => {
    it("a game whose every move ends a round is one step a move", () => {
      // Tic-tac-toe with "moves made" as its rounds: a check that the helper asks only roundsOf.
      const m = match([[0, 4], [1, 0], [0, 4]]);
      const steps = stepPerRound(
        m,
        ticTacToe,
        (move) => (typeof move === "number" ? move : null),
        (s) => s.board.filter((c) => c !== null).length,
        (r) => `round ${r.index} ${r.complete ? "done" : "open"}`,
      );
      assert.deepEqual(
        steps.map((s) => [s.moves, s.label, s.description]),
        [
          [0, "Start", ""],
          [1, "Round 1", "round 0 done"],
          [2, "Round 2", "round 1 done"],
          // The refused third move (cell taken) leaves an open step.
          [3, "Round 3", "round 2 open"],
        ],
      );
    });
  });
});
