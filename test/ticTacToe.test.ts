import assert from "node:assert/strict";
import { bestTicTacToeMoves, chooseBotMove } from "../games/bot";
import { applyMove, initialState, legalMoves, LINES, outcome, seatToMove, ticTacToe, timeout, toAct, type TicTacToeState } from "../games/ticTacToe";
import type { Seat } from "../games/types";

const key = (s: TicTacToeState) => s.board.map((c) => c ?? "-").join("");

/** Plays cells alternately from the empty board, failing on any rejected move. */
function play(cells: number[]): TicTacToeState {
  let state = initialState();
  for (const cell of cells) {
    const next = applyMove(state, seatToMove(state), cell);
    assert.ok(next.ok, `move ${cell} rejected`);
    state = next.state;
  }
  return state;
}

describe("tic-tac-toe rules (pure)", () => {
  it("reaches exactly 5,478 positions: 958 terminal, 626 won by X, 316 by O, 16 drawn", () => {
    const seen = new Map<string, TicTacToeState>();
    const stack = [initialState()];
    while (stack.length) {
      const state = stack.pop()!;
      if (seen.has(key(state))) continue;
      seen.set(key(state), state);
      for (const cell of legalMoves(state)) {
        const next = applyMove(state, seatToMove(state), cell);
        assert.ok(next.ok);
        stack.push(next.state);
      }
    }
    const outcomes = [...seen.values()].map(outcome);
    assert.equal(seen.size, 5478);
    assert.equal(outcomes.filter((o) => o.kind !== "ongoing").length, 958);
    assert.equal(outcomes.filter((o) => o.kind === "win" && o.winner === 0).length, 626);
    assert.equal(outcomes.filter((o) => o.kind === "win" && o.winner === 1).length, 316);
    assert.equal(outcomes.filter((o) => o.kind === "draw").length, 16);
  });

  it("plays out exactly 255,168 games: 131,184 X wins, 77,904 O wins, 46,080 draws", () => {
    const totals = { x: 0, o: 0, draw: 0 };
    const walk = (state: TicTacToeState) => {
      const o = outcome(state);
      if (o.kind === "win") return void (o.winner === 0 ? totals.x++ : totals.o++);
      if (o.kind === "draw") return void totals.draw++;
      for (const cell of legalMoves(state)) {
        const next = applyMove(state, seatToMove(state), cell);
        if (next.ok) walk(next.state);
      }
    };
    walk(initialState());
    assert.deepEqual(totals, { x: 131_184, o: 77_904, draw: 46_080 });
  });

  it("X moves first and turns alternate", () => {
    const s0 = initialState();
    assert.deepEqual(toAct(s0), [0]);
    assert.deepEqual(legalMoves(s0), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(legalMoves(s0, 1), [], "O has no moves on X's turn");
    const s1 = play([4]);
    assert.equal(s1.board[4], "X");
    assert.deepEqual(toAct(s1), [1]);
    assert.equal(play([4, 0]).board[0], "O");
  });

  it("names the winning line for each of the eight lines", () => {
    for (const line of LINES) {
      // X takes the line; O plays elsewhere, avoiding a line of its own first.
      const others = [0, 1, 2, 3, 4, 5, 6, 7, 8].filter((c) => !line.includes(c));
      let state = initialState();
      for (let i = 0; i < 3; i++) {
        state = (applyMove(state, 0, line[i]) as { ok: true; state: TicTacToeState }).state;
        if (i < 2) {
          const reply = others.find((c) => state.board[c] === null && !LINES.some((l) => l.filter((x) => state.board[x] === "O" || x === c).length === 3));
          state = (applyMove(state, 1, reply!) as { ok: true; state: TicTacToeState }).state;
        }
      }
      assert.deepEqual(outcome(state), { kind: "win", winner: 0, line: [...line] });
      assert.deepEqual(toAct(state), []);
      assert.deepEqual(legalMoves(state, 1), []);
    }
  });

  describe("rejects illegal moves without changing the state", () => {
    const check = (state: TicTacToeState, seat: Seat, cell: number, code: string) => {
      const before = JSON.stringify(state);
      const result = applyMove(state, seat, cell);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.error.code, code);
        assert.ok(result.error.message.length > 5);
      }
      assert.equal(JSON.stringify(state), before);
    };
    it("out of turn", () => check(play([4]), 0, 0, "NOT_YOUR_TURN"));
    it("a taken cell", () => check(play([4]), 1, 4, "CELL_TAKEN"));
    it("out of range", () => {
      check(initialState(), 0, -1, "OUT_OF_RANGE");
      check(initialState(), 0, 9, "OUT_OF_RANGE");
    });
    it("not an integer", () => {
      check(initialState(), 0, 1.5, "BAD_MESSAGE");
      check(initialState(), 0, NaN, "BAD_MESSAGE");
    });
    it("after a win and after a draw", () => {
      check(play([0, 3, 1, 4, 2]), 1, 5, "GAME_OVER");
      const draw = play([0, 1, 2, 4, 3, 5, 7, 6, 8]);
      assert.deepEqual(outcome(draw), { kind: "draw" });
      check(draw, 1, 0, "GAME_OVER");
    });
  });

  it("on timeout, the player to move loses", () => {
    assert.deepEqual(timeout(initialState()), { kind: "win", winner: 1 });
    assert.deepEqual(timeout(play([4])), { kind: "win", winner: 0 });
  });

  it("the minimax bot never loses, and takes a win when there is one", () => {
    // From every position where it is to move, a strength-1 bot keeps at least the position's value.
    const random = () => 0.3;
    const results = { lost: 0, games: 0 };
    const walk = (state: TicTacToeState, botSeat: Seat) => {
      const o = outcome(state);
      if (o.kind !== "ongoing") {
        results.games++;
        if (o.kind === "win" && o.winner !== botSeat) results.lost++;
        return;
      }
      const seat = seatToMove(state);
      const moves = seat === botSeat ? [chooseBotMove(ticTacToe, state, seat, random, 1)!] : legalMoves(state);
      for (const cell of moves) walk((applyMove(state, seat, cell) as { ok: true; state: TicTacToeState }).state, botSeat);
    };
    walk(initialState(), 0);
    walk(initialState(), 1);
    assert.equal(results.lost, 0);
    assert.ok(results.games > 100);
    assert.deepEqual(bestTicTacToeMoves(play([0, 3, 1, 4])), [2], "X completes the top row");
  });
});
