import assert from "node:assert/strict";
import { bestTicTacToeMoves } from "../games/ticTacToeBot";
import { ticTacToeGame } from "../games/ticTacToeGame";
import { applyMove, initialState, legalMoves, LINES, outcome, seatToMove, ticTacToe, timeout, toAct, type TicTacToeState } from "../games/ticTacToe";
import type { Outcome, Seat } from "../games/types";
import { ErrorCode } from "../protocol/errors";

// --- An independent model that does not use games/ticTacToe. Boards are 9-character strings of "X", "O" and "-".

const MODEL_LINES: number[][] = [];
for (let i = 0; i < 3; i++) MODEL_LINES.push([3 * i, 3 * i + 1, 3 * i + 2], [i, i + 3, i + 6]);
MODEL_LINES.push([0, 4, 8], [2, 4, 6]);

const EMPTY = "---------";
const count = (board: string, mark: string) => [...board].filter((c) => c === mark).length;
const modelTurn = (board: string): "X" | "O" => (count(board, "X") === count(board, "O") ? "X" : "O");
const modelWinningLines = (board: string) => MODEL_LINES.filter((l) => board[l[0]] !== "-" && l.every((i) => board[i] === board[l[0]]));

/** "X", "O", "draw", or null while the game goes on. */
function modelResult(board: string): "X" | "O" | "draw" | null {
  const lines = modelWinningLines(board);
  if (lines.length) return board[lines[0][0]] as "X" | "O";
  return board.includes("-") ? null : "draw";
}

/** Every position reachable from the empty board, with its result. */
function modelPositions(): Map<string, ReturnType<typeof modelResult>> {
  const seen = new Map<string, ReturnType<typeof modelResult>>();
  const queue = [EMPTY];
  for (let head = 0; head < queue.length; head++) {
    const board = queue[head];
    if (seen.has(board)) continue;
    const result = modelResult(board);
    seen.set(board, result);
    if (result !== null) continue;
    for (let i = 0; i < 9; i++) {
      if (board[i] === "-") queue.push(board.slice(0, i) + modelTurn(board) + board.slice(i + 1));
    }
  }
  return seen;
}

/** Counts complete games by backtracking, checking only the lines through each last move. */
function modelGames() {
  const totals = { x: 0, o: 0, draw: 0 };
  const board = [...EMPTY];
  const linesThrough = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => MODEL_LINES.filter((l) => l.includes(i)));
  const go = (ply: number) => {
    const mark = ply % 2 === 0 ? "X" : "O";
    for (let i = 0; i < 9; i++) {
      if (board[i] !== "-") continue;
      board[i] = mark;
      if (linesThrough[i].some(([a, b, c]) => board[a] === mark && board[b] === mark && board[c] === mark)) totals[mark === "X" ? "x" : "o"]++;
      else if (ply === 8) totals.draw++;
      else go(ply + 1);
      board[i] = "-";
    }
  };
  go(0);
  return totals;
}

// --- Helpers over the module.

const key = (s: TicTacToeState) => s.board.map((c) => c ?? "-").join("");
/** Board and move history, to notice any mutation of a state. */
const snapshot = (s: TicTacToeState) => `${key(s)}|${s.moves.join(",")}`;

function freeze(s: TicTacToeState): TicTacToeState {
  Object.freeze(s.board);
  Object.freeze(s.moves);
  return Object.freeze(s);
}

function applied(state: TicTacToeState, seat: Seat, cell: number): TicTacToeState {
  const next = applyMove(state, seat, cell);
  assert.ok(next.ok, `move ${cell} by seat ${seat} rejected: ${next.ok ? "" : next.error.code}`);
  return freeze(next.state);
}

/** Plays cells alternately from the empty board, failing on any rejected move. */
function play(cells: number[]): TicTacToeState {
  let state = freeze(initialState());
  for (const cell of cells) state = applied(state, seatToMove(state), cell);
  return state;
}

/** Every position reachable through legalMoves and applyMove, deduplicated by board. All states are frozen. */
function modulePositions(): Map<string, TicTacToeState> {
  const seen = new Map<string, TicTacToeState>();
  const stack = [freeze(initialState())];
  while (stack.length) {
    const state = stack.pop()!;
    if (seen.has(key(state))) continue;
    seen.set(key(state), state);
    if (outcome(state).kind !== "ongoing") continue;
    for (const cell of legalMoves(state)) stack.push(applied(state, seatToMove(state), cell));
  }
  return seen;
}

const resultOf = (o: Outcome) => (o.kind === "ongoing" ? null : o.kind === "draw" ? "draw" : o.winner === 0 ? "X" : "O");

function tally(results: Iterable<ReturnType<typeof modelResult>>) {
  const t = { positions: 0, terminal: 0, x: 0, o: 0, draw: 0 };
  for (const r of results) {
    t.positions++;
    if (r !== null) t.terminal++;
    if (r === "X") t.x++;
    if (r === "O") t.o++;
    if (r === "draw") t.draw++;
  }
  return t;
}

/** The literature figures for tic-tac-toe. */
const KNOWN_POSITIONS = { positions: 5478, terminal: 958, x: 626, o: 316, draw: 16 };
const KNOWN_GAMES = { x: 131_184, o: 77_904, draw: 46_080 };

describe("tic-tac-toe rules (pure)", () => {
  let positions: Map<string, TicTacToeState>;
  let model: ReturnType<typeof modelPositions>;
  before(() => {
    positions = modulePositions();
    model = modelPositions();
  });

  describe("every reachable position", () => {
    it("the independent model reaches the literature figures: 5,478 positions; 958 terminal: 626 X wins, 316 O wins, 16 draws", () => {
      assert.deepEqual(tally(model.values()), KNOWN_POSITIONS);
    });

    it("the rules reach exactly the same 5,478 positions with the same results", () => {
      assert.deepEqual(tally([...positions.values()].map((s) => resultOf(outcome(s)))), KNOWN_POSITIONS);
      assert.deepEqual([...positions.keys()].sort(), [...model.keys()].sort());
      for (const [board, state] of positions) assert.equal(resultOf(outcome(state)), model.get(board), board);
    });

    it("moves and board agree: X on even plies, O on odd ones, one mark per move", () => {
      for (const [board, state] of positions) {
        assert.equal(state.moves.length, 9 - count(board, "-"), board);
        assert.equal(new Set(state.moves).size, state.moves.length, board);
        state.moves.forEach((cell, ply) => assert.equal(state.board[cell], ply % 2 === 0 ? "X" : "O", board));
        assert.equal(seatToMove(state), modelTurn(board) === "X" ? 0 : 1, board);
      }
    });

    it("toAct and legalMoves: the side to move may take any empty cell, the other nothing; nobody once the game is over", () => {
      for (const [board, state] of positions) {
        const over = model.get(board) !== null;
        const turn: Seat = modelTurn(board) === "X" ? 0 : 1;
        const empty = [...board].flatMap((c, i) => (c === "-" ? [i] : []));
        assert.deepEqual(toAct(state), over ? [] : [turn], board);
        assert.deepEqual(legalMoves(state, turn), over ? [] : empty, board);
        assert.deepEqual(legalMoves(state, (1 - turn) as Seat), [], board);
        assert.deepEqual(ticTacToe.legalMoves(state, turn), legalMoves(state, turn), board);
      }
    });

    it("every move and every bad move gives the expected state or error, and never mutates its input", () => {
      const cells = [-Infinity, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, Infinity, 1.5, 8.5, NaN];
      const expected = (result: ReturnType<typeof modelResult>, turn: Seat, board: string, seat: Seat, cell: number) => {
        if (result !== null) return ErrorCode.GAME_OVER;
        if (seat !== turn) return ErrorCode.NOT_YOUR_TURN;
        if (!Number.isInteger(cell)) return ErrorCode.BAD_MESSAGE;
        if (cell < 0 || cell > 8) return ErrorCode.OUT_OF_RANGE;
        if (board[cell] !== "-") return ErrorCode.CELL_TAKEN;
        return null;
      };
      let accepted = 0;
      let rejected = 0;
      for (const [board, state] of positions) {
        const before = snapshot(state);
        const result0 = modelResult(board);
        const turn: Seat = modelTurn(board) === "X" ? 0 : 1;
        for (const seat of [0, 1] as Seat[]) {
          for (const cell of cells) {
            const code = expected(result0, turn, board, seat, cell);
            const result = applyMove(state, seat, cell);
            assert.equal(snapshot(state), before, `${board} seat ${seat} cell ${cell} mutated its input`);
            if (code === null) {
              accepted++;
              assert.ok(result.ok, `${board} seat ${seat} cell ${cell}`);
              assert.equal(key(result.state), board.slice(0, cell) + modelTurn(board) + board.slice(cell + 1));
              assert.deepEqual(result.state.moves, [...state.moves, cell]);
              assert.notEqual(result.state.board, state.board, "a new board, not the old one");
            } else {
              rejected++;
              assert.ok(!result.ok, `${board} seat ${seat} cell ${cell} should be ${code}`);
              assert.equal(result.error.code, code, `${board} seat ${seat} cell ${cell}`);
              assert.ok(result.error.message.length > 5);
            }
          }
        }
      }
      // Each ongoing position has one legal move per empty cell.
      assert.equal(accepted, [...model.entries()].filter(([, r]) => r === null).reduce((n, [b]) => n + count(b, "-"), 0));
      assert.equal(accepted + rejected, positions.size * 2 * cells.length);
    });

    it("a win names a line of the winner's marks, the first one in LINES when there are two", () => {
      const lineKey = (l: readonly number[]) => l.join("");
      const seenLines = new Set<string>();
      let doubles = 0;
      for (const [board, state] of positions) {
        const o = outcome(state);
        if (o.kind !== "win") continue;
        const lines = modelWinningLines(board);
        assert.ok(o.line, board);
        assert.ok(lines.some((l) => lineKey(l) === lineKey(o.line!)), `${board}: ${o.line}`);
        assert.ok(o.line.every((i) => board[i] === (o.winner === 0 ? "X" : "O")), board);
        assert.equal(lineKey(o.line), lineKey(LINES.find((l) => lines.some((m) => lineKey(m) === lineKey(l)))!), board);
        if (lines.length > 1) doubles++;
        seenLines.add(`${o.winner}:${lineKey(o.line)}`);
      }
      assert.equal(seenLines.size, 16, "both players win on each of the eight lines somewhere");
      assert.ok(doubles > 0, "some final moves complete two lines at once");
    });

    it("on timeout, the player to move loses, in every position still in play", () => {
      for (const [board, state] of positions) {
        if (model.get(board) !== null) continue;
        assert.deepEqual(timeout(state), { kind: "win", winner: modelTurn(board) === "X" ? 1 : 0 }, board);
      }
    });
  });

  it("the independent model plays out the literature's 255,168 games: 131,184 X wins, 77,904 O wins, 46,080 draws", () => {
    assert.deepEqual(modelGames(), KNOWN_GAMES);
  });

  it("the rules play out the same 255,168 games", () => {
    const totals = { x: 0, o: 0, draw: 0 };
    const walk = (state: TicTacToeState) => {
      const o = outcome(state);
      if (o.kind === "win") return void (o.winner === 0 ? totals.x++ : totals.o++);
      if (o.kind === "draw") return void totals.draw++;
      for (const cell of legalMoves(state)) {
        const next = applyMove(state, seatToMove(state), cell);
        if (!next.ok) assert.fail(`${key(state)}: move ${cell} rejected`);
        walk(next.state);
      }
    };
    walk(initialState());
    assert.deepEqual(totals, KNOWN_GAMES);
    assert.equal(totals.x + totals.o + totals.draw, 255_168);
  });

  it("starts empty with X to move", () => {
    const s0 = initialState();
    assert.deepEqual(s0, { board: Array(9).fill(null), moves: [] });
    assert.notEqual(initialState().board, s0.board, "each game gets its own board");
    assert.deepEqual(toAct(s0), [0]);
    assert.deepEqual(legalMoves(s0), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(legalMoves(s0, 1), [], "O has no moves on X's turn");
    assert.deepEqual(outcome(s0), { kind: "ongoing" });
    const s1 = play([4]);
    assert.equal(s1.board[4], "X");
    assert.deepEqual(toAct(s1), [1]);
    assert.equal(play([4, 0]).board[0], "O");
  });

  it("names the winning line for each of the eight lines, for X and for O", () => {
    for (const line of LINES) {
      for (const winner of [0, 1] as Seat[]) {
        // The winner takes the line; the loser plays elsewhere without making a line of its own.
        const loserMark = winner === 0 ? "O" : "X";
        const others = [0, 1, 2, 3, 4, 5, 6, 7, 8].filter((c) => !line.includes(c));
        const safe = (state: TicTacToeState) =>
          others.find((c) => state.board[c] === null && !LINES.some((l) => l.every((x) => state.board[x] === loserMark || x === c)))!;
        let state = freeze(initialState());
        if (winner === 1) state = applied(state, 0, safe(state));
        for (let i = 0; i < 3; i++) {
          state = applied(state, winner, line[i]);
          if (i < 2) state = applied(state, (1 - winner) as Seat, safe(state));
        }
        assert.deepEqual(outcome(state), { kind: "win", winner, line: [...line] }, `${winner} on ${line}`);
        assert.deepEqual(toAct(state), []);
        assert.deepEqual(legalMoves(state, 0), []);
        assert.deepEqual(legalMoves(state, 1), []);
      }
    }
  });

  it("a ninth move that completes a line is a win, not a draw", () => {
    const state = play([0, 1, 2, 4, 3, 5, 7, 6, 8]);
    assert.deepEqual(outcome(state), { kind: "draw" });
    const win = play([0, 1, 2, 4, 3, 5, 7, 8, 6]);
    assert.deepEqual(outcome(win), { kind: "win", winner: 0, line: [0, 3, 6] });
  });

  describe("rejects illegal moves with ok: false and leaves the state unchanged", () => {
    const check = (state: TicTacToeState, seat: Seat, cell: number, code: string) => {
      const before = snapshot(state);
      const result = applyMove(state, seat, cell);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.error.code, code);
        assert.ok(result.error.message.length > 5);
      }
      assert.equal(snapshot(state), before);
    };
    it("out of turn", () => {
      check(initialState(), 1, 4, "NOT_YOUR_TURN");
      check(play([4]), 0, 0, "NOT_YOUR_TURN");
    });
    it("a taken cell, by either mark", () => {
      check(play([4]), 1, 4, "CELL_TAKEN");
      check(play([4, 0]), 0, 0, "CELL_TAKEN");
    });
    it("out of range", () => {
      check(initialState(), 0, -1, "OUT_OF_RANGE");
      check(initialState(), 0, 9, "OUT_OF_RANGE");
    });
    it("not an integer", () => {
      check(initialState(), 0, 1.5, "BAD_MESSAGE");
      check(initialState(), 0, NaN, "BAD_MESSAGE");
    });
    it("after a win and after a draw", () => {
      const win = play([0, 3, 1, 4, 2]);
      assert.deepEqual(outcome(win), { kind: "win", winner: 0, line: [0, 1, 2] });
      check(win, 1, 5, "GAME_OVER");
      check(win, 0, 5, "GAME_OVER");
      const draw = play([0, 1, 2, 4, 3, 5, 7, 6, 8]);
      assert.deepEqual(outcome(draw), { kind: "draw" });
      check(draw, 1, 0, "GAME_OVER");
      check(draw, 0, 0, "GAME_OVER");
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
      const moves = seat === botSeat ? [ticTacToeGame.bot(state, seat, random, 1)!] : legalMoves(state);
      for (const cell of moves) walk((applyMove(state, seat, cell) as { ok: true; state: TicTacToeState }).state, botSeat);
    };
    walk(initialState(), 0);
    walk(initialState(), 1);
    assert.equal(results.lost, 0);
    assert.ok(results.games > 100);
    assert.deepEqual(bestTicTacToeMoves(play([0, 3, 1, 4])), [2], "X completes the top row");
  });
});
