import assert from "node:assert/strict";
import {
  applyMove,
  CELLS,
  cellAt,
  COLUMNS,
  connectFour,
  initialState,
  legalMoves,
  LINES,
  outcome,
  ROWS,
  seatToMove,
  timeout,
  toAct,
  type Cell,
  type ConnectFourState,
} from "../games/connectFour";
import type { Seat } from "../games/types";
import { seededRandom } from "../loadtest/seededRandom";
import { ErrorCode } from "../protocol/errors";

// --- An independent model of fours that does not use games/connectFour's LINES: walk the board in each direction.

/** Row and column steps; "falling" runs down to the right (\), "rising" up to the right (/). */
const DIRECTIONS = { horizontal: [0, 1], vertical: [1, 0], falling: [1, 1], rising: [1, -1] } as const;
type Direction = keyof typeof DIRECTIONS;

/** Every four in a row of one seat's pieces on `board`, as ascending cell indexes. */
function foursOn(board: readonly Cell[]): { seat: Seat; cells: number[]; direction: Direction }[] {
  const fours: { seat: Seat; cells: number[]; direction: Direction }[] = [];
  for (let row = 0; row < ROWS; row++) {
    for (let column = 0; column < COLUMNS; column++) {
      for (const [direction, [dr, dc]] of Object.entries(DIRECTIONS) as [Direction, readonly [number, number]][]) {
        const cells = [0, 1, 2, 3].map((i) => [row + i * dr, column + i * dc]);
        if (cells.some(([r, c]) => r < 0 || r >= ROWS || c < 0 || c >= COLUMNS)) continue;
        const indexes = cells.map(([r, c]) => r * COLUMNS + c);
        const seat = board[indexes[0]];
        if (seat !== null && indexes.every((i) => board[i] === seat)) fours.push({ seat, cells: indexes.sort((a, b) => a - b), direction });
      }
    }
  }
  return fours;
}

/** The direction a line of four runs in, from the step between its ascending cells. */
function directionOf(line: readonly number[]): Direction {
  const step = line[1] - line[0];
  return ({ 1: "horizontal", 7: "vertical", 8: "falling", 6: "rising" } as Record<number, Direction>)[step];
}

// --- Helpers over the module.

/** The board drawn top row first, for failure messages. */
const render = (s: ConnectFourState) =>
  Array.from({ length: ROWS }, (_, row) => s.board.slice(row * COLUMNS, (row + 1) * COLUMNS).map((c) => (c === null ? "." : c === 0 ? "x" : "o")).join("")).join("/");

/** Board and move history, to notice any change to a state. */
const snapshot = (s: ConnectFourState) => `${render(s)}|${s.moves.join(",")}`;

function freeze(s: ConnectFourState): ConnectFourState {
  Object.freeze(s.board);
  Object.freeze(s.moves);
  return Object.freeze(s);
}

function applied(state: ConnectFourState, seat: Seat, column: number): ConnectFourState {
  const next = applyMove(state, seat, column);
  assert.ok(next.ok, `column ${column} by seat ${seat} rejected in ${render(state)}: ${next.ok ? "" : next.error.code}`);
  return freeze(next.state);
}

/** Plays columns alternately from the empty board, failing on any rejected move. */
function play(columns: readonly number[]): ConnectFourState {
  let state = freeze(initialState());
  for (const column of columns) state = applied(state, seatToMove(state), column);
  return state;
}

/**
 * A position as one number: per column, a 1 above its pieces (bottom first, 0 or 1 each), so 7 bits a column
 * and 49 in all, exact in a double.
 */
function positionKey(state: ConnectFourState): number {
  let key = 0;
  for (let column = COLUMNS - 1; column >= 0; column--) {
    let bits = 1;
    for (let row = ROWS - 1; row >= 0 && state.board[cellAt(row, column)] !== null; row--) bits = bits * 2 + (state.board[cellAt(row, column)] as number);
    key = key * 128 + bits;
  }
  return key;
}

/** A set of position keys: open addressing over a Float64Array, several times faster than a Set of 49-bit numbers. */
class PositionSet {
  private readonly slots: Float64Array;
  size = 0;

  constructor(expected: number) {
    this.slots = new Float64Array(2 ** Math.ceil(Math.log2(expected * 2 + 1)));
  }

  /** Adds a key (never 0: every key has a 1 above each column); false when it was there already. */
  add(key: number): boolean {
    const mask = this.slots.length - 1;
    let i = (Math.imul(key | 0, 0x9e3779b1) ^ ((key / 2 ** 32) | 0)) & mask;
    for (; this.slots[i] !== 0; i = (i + 1) & mask) if (this.slots[i] === key) return false;
    this.slots[i] = key;
    this.size++;
    return true;
  }
}

/**
 * A game where each side plays a random move among those that do not make four, while it has one, so that
 * games run long and fill columns. Returns every state of the game, the last one finished.
 */
function gameAvoidingFours(random: () => number): ConnectFourState[] {
  const states = [freeze(initialState())];
  for (let state = states[0]; outcome(state).kind === "ongoing"; states.push(state)) {
    const nexts = legalMoves(state).map((column) => applied(state, seatToMove(state), column));
    const quiet = nexts.filter((next) => outcome(next).kind === "ongoing" || outcome(next).kind === "draw");
    const choices = quiet.length > 0 ? quiet : nexts;
    state = choices[Math.floor(random() * choices.length)];
  }
  return states;
}

/** A random game through legalMoves and applyMove: every state of it. */
function randomGame(random: () => number): ConnectFourState[] {
  const states = [freeze(initialState())];
  for (let state = states[0]; outcome(state).kind === "ongoing"; states.push(state)) {
    const columns = legalMoves(state);
    state = applied(state, seatToMove(state), columns[Math.floor(random() * columns.length)]);
  }
  return states;
}

/** The first game from a seeded series of games that avoid fours whose end satisfies `wanted`. */
function findGame(seed: number, wanted: (end: ConnectFourState) => boolean): ConnectFourState[] {
  const random = seededRandom(seed);
  for (let attempt = 0; attempt < 2000; attempt++) {
    const game = gameAvoidingFours(random);
    if (wanted(game[game.length - 1])) return game;
  }
  assert.fail("no such game in 2000 attempts");
}

/**
 * OEIS A212693, "Number of legal 7 X 6 Connect-Four positions after n plies" (John Tromp). "Legal" means
 * reachable in play, and play stops at the first four: the count after 8 plies is 184,275, while
 * continuing after wins would reach 186,389 (and 567,441 after 9). So won positions are counted at their
 * ply but not expanded, which is what applyMove does when it refuses moves after the end.
 */
const A212693 = [1, 7, 49, 238, 1120, 4263, 16422, 54859, 184275, 558186];

describe("connect four rules (pure)", () => {
  it("reaches the published number of positions after each of the first nine plies (OEIS A212693)", () => {
    const seen = A212693.map((count) => new PositionSet(count));
    const won = A212693.map(() => 0);
    seen[0].add(positionKey(initialState()));
    // Depth first, each position expanded once: the first time it is reached at its ply.
    const expand = (state: ConnectFourState, ply: number) => {
      if (ply === A212693.length - 1) return;
      for (const column of legalMoves(state)) {
        const next = applyMove(state, seatToMove(state), column);
        if (!next.ok) assert.fail(`${render(state)}: column ${column} rejected with ${next.error.code}`);
        if (!seen[ply + 1].add(positionKey(next.state))) continue;
        if (outcome(next.state).kind === "win") won[ply + 1]++;
        expand(next.state, ply + 1);
      }
    };
    expand(initialState(), 0);
    assert.deepEqual(
      seen.map((positions) => positions.size),
      A212693,
    );
    // The convention is exercised: wins happen from the seventh ply, and their positions are not expanded.
    assert.deepEqual(won.slice(0, 7), [0, 0, 0, 0, 0, 0, 0]);
    assert.ok(won[7] > 0 && won[8] > 0 && won[9] > 0, `won positions by ply: ${won}`);
  });

  it("LINES holds the 69 fours of the board: 24 horizontal, 21 vertical and 12 along each diagonal", () => {
    const full = Array<Cell>(CELLS).fill(0);
    const model = foursOn(full);
    assert.equal(LINES.length, 69);
    assert.deepEqual([...LINES].map((l) => l.join()).sort(), model.map((f) => f.cells.join()).sort());
    const byDirection = (direction: Direction) => LINES.filter((l) => directionOf(l) === direction).length;
    assert.deepEqual([byDirection("horizontal"), byDirection("vertical"), byDirection("falling"), byDirection("rising")], [24, 21, 12, 12]);
  });

  it("starts with 42 empty cells and seat 0 to move in any column", () => {
    const s0 = initialState();
    assert.deepEqual(s0, { board: Array(42).fill(null), moves: [] });
    assert.notEqual(initialState().board, s0.board, "each game gets its own board");
    assert.deepEqual(toAct(s0), [0]);
    assert.deepEqual(legalMoves(s0), [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(legalMoves(s0, 1), [], "seat 1 has no moves on seat 0's turn");
    assert.deepEqual(outcome(s0), { kind: "ongoing" });
    const s1 = play([3]);
    assert.deepEqual(toAct(s1), [1]);
    assert.deepEqual(legalMoves(s1, 1), [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(legalMoves(s1, 0), []);
  });

  it("indexes cells row * 7 + column with row 0 at the top, so pieces fill a column from index 35 + column upwards", () => {
    assert.equal(cellAt(0, 0), 0);
    assert.equal(cellAt(0, 6), 6);
    assert.equal(cellAt(5, 0), 35);
    assert.equal(cellAt(5, 6), 41);
    const column3 = play([3, 3, 3, 3, 3, 3]);
    assert.deepEqual(
      [38, 31, 24, 17, 10, 3].map((cell) => column3.board[cell]),
      [0, 1, 0, 1, 0, 1],
      "bottom to top, alternating",
    );
    assert.equal(column3.board.filter((c) => c !== null).length, 6);
    assert.deepEqual(legalMoves(column3), [0, 1, 2, 4, 5, 6], "a full column is no longer a legal move");
  });

  it("gravity: every move puts one piece on the lowest free cell of its column, in real games", () => {
    const random = seededRandom(3);
    let moves = 0;
    for (let g = 0; g < 100; g++) {
      const game = g % 2 ? randomGame(random) : gameAvoidingFours(random);
      for (let i = 1; i < game.length; i++) {
        const [before, after] = [game[i - 1], game[i]];
        const column = after.moves[after.moves.length - 1];
        const changed = after.board.flatMap((cell, index) => (cell !== before.board[index] ? [index] : []));
        assert.equal(changed.length, 1, render(after));
        const [cell] = changed;
        assert.equal(cell % COLUMNS, column, "in the column played");
        assert.equal(after.board[cell], seatToMove(before), "the mover's piece");
        const below = cell + COLUMNS;
        assert.ok(below >= CELLS || before.board[below] !== null, `on the floor or on a piece: ${render(after)}`);
        assert.equal(before.board[cell], null);
        moves++;
      }
      // Nothing floats: every piece stands on the floor or on another piece.
      const end = game[game.length - 1];
      end.board.forEach((seat, cell) => seat !== null && cell + COLUMNS < CELLS && assert.notEqual(end.board[cell + COLUMNS], null, render(end)));
    }
    assert.ok(moves > 2000);
  });

  describe("wins", () => {
    const cases: { name: string; columns: number[]; winner: Seat; line: number[] }[] = [
      // x: 0, 1, 2, 3 on the bottom row; o on top of the first three.
      { name: "horizontal, seat 0", columns: [0, 0, 1, 1, 2, 2, 3], winner: 0, line: [35, 36, 37, 38] },
      { name: "vertical, seat 0", columns: [3, 4, 3, 4, 3, 4, 3], winner: 0, line: [17, 24, 31, 38] },
      // x climbs from the bottom left: (row 5, column 0), (4, 1), (3, 2), (2, 3).
      { name: "rising diagonal, seat 0", columns: [0, 1, 1, 2, 2, 3, 2, 3, 3, 6, 3], winner: 0, line: [17, 23, 29, 35] },
      // The mirror image: (5, 6), (4, 5), (3, 4), (2, 3).
      { name: "falling diagonal, seat 0", columns: [6, 5, 5, 4, 4, 3, 4, 3, 3, 0, 3], winner: 0, line: [17, 25, 33, 41] },
      { name: "vertical, seat 1", columns: [0, 3, 1, 3, 0, 3, 5, 3], winner: 1, line: [17, 24, 31, 38] },
      // o on the second row from the bottom, columns 1 to 4, over x x o x.
      { name: "horizontal, seat 1", columns: [1, 1, 2, 2, 4, 3, 6, 4, 6, 3], winner: 1, line: [29, 30, 31, 32] },
    ];
    for (const { name, columns, winner, line } of cases) {
      it(`${name}: names the four, and nobody may move after it`, () => {
        const before = play(columns.slice(0, -1));
        assert.deepEqual(outcome(before), { kind: "ongoing" }, render(before));
        const state = play(columns);
        assert.deepEqual(outcome(state), { kind: "win", winner, line }, render(state));
        assert.equal(directionOf(line), foursOn(state.board)[0].direction);
        assert.deepEqual(toAct(state), []);
        assert.deepEqual(legalMoves(state, 0), []);
        assert.deepEqual(legalMoves(state, 1), []);
      });
    }

    it("five in a row names the first of its fours in LINES (the leftmost)", () => {
      // x: 0, 1, 3, 4 on the bottom row, o on top of each, then x fills the gap at 2.
      const state = play([0, 0, 1, 1, 3, 3, 4, 4, 2]);
      assert.equal(foursOn(state.board).length, 2);
      assert.deepEqual(outcome(state), { kind: "win", winner: 0, line: [35, 36, 37, 38] });
    });

    it("in random games the game ends exactly when the last piece makes four, naming a four through it; every direction occurs for both seats", () => {
      const random = seededRandom(5);
      const directions = new Set<string>();
      for (let g = 0; g < 200; g++) {
        const game = g % 2 ? randomGame(random) : gameAvoidingFours(random);
        for (const state of game) {
          const o = outcome(state);
          const fours = foursOn(state.board);
          if (fours.length === 0) {
            assert.deepEqual(o, state.moves.length === CELLS ? { kind: "draw" } : { kind: "ongoing" }, render(state));
            continue;
          }
          assert.equal(state, game[game.length - 1], "the first four ends the game");
          assert.equal(o.kind, "win", render(state));
          if (o.kind !== "win") continue;
          const column = state.moves[state.moves.length - 1];
          const lastCell = state.board.findIndex((seat, cell) => cell % COLUMNS === column && seat !== null);
          assert.equal(o.winner, seatToMove(game[game.length - 2]), "the last mover won");
          assert.ok(o.line?.includes(lastCell), `${render(state)}: ${o.line} holds the last piece`);
          assert.ok(fours.some((f) => f.seat === o.winner && f.cells.join() === o.line!.join()), `${render(state)}: ${o.line}`);
          directions.add(`${o.winner} ${directionOf(o.line!)}`);
        }
      }
      assert.equal(directions.size, 8, [...directions].join(", "));
    });

    it("a four made by the 42nd piece is a win, not a draw", () => {
      const game = findGame(42, (end) => end.moves.length === CELLS && outcome(end).kind === "win");
      const [beforeLast, end] = game.slice(-2);
      assert.deepEqual(foursOn(beforeLast.board), [], "no four before the last piece");
      assert.deepEqual(outcome(beforeLast), { kind: "ongoing" });
      assert.equal(legalMoves(beforeLast).length, 1, "one column left");
      const o = outcome(end);
      assert.ok(o.kind === "win" && o.winner === 1, `the second player drops the 42nd piece and wins: ${render(end)}`);
      assert.ok(foursOn(end.board).every((f) => f.seat === 1 && f.cells.some((c) => c < COLUMNS)), "every four runs through the top row");
      assert.deepEqual(toAct(end), []);
    });
  });

  it("a full board without four is a draw, after a real game", () => {
    const game = findGame(7, (end) => outcome(end).kind === "draw");
    const end = game[game.length - 1];
    assert.equal(end.moves.length, CELLS);
    assert.ok(end.board.every((c) => c !== null));
    assert.deepEqual(foursOn(end.board), [], render(end));
    assert.deepEqual(outcome(end), { kind: "draw" });
    assert.deepEqual(toAct(end), []);
    assert.deepEqual(legalMoves(end, 0), []);
    assert.deepEqual(legalMoves(end, 1), []);
    const more = applyMove(end, 0, 3);
    assert.ok(!more.ok && more.error.code === ErrorCode.GAME_OVER);
  });

  it("rejects every bad move with its code, in positions from real games, and accepts the rest", () => {
    const inputs = [-Infinity, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, Infinity, 1.5, 6.5, -0.5, NaN];
    const expected = (state: ConnectFourState, over: boolean, seat: Seat, column: number) => {
      if (over) return ErrorCode.GAME_OVER;
      if (seat !== state.moves.length % 2) return ErrorCode.NOT_YOUR_TURN;
      if (!Number.isInteger(column)) return ErrorCode.BAD_MESSAGE;
      if (column < 0 || column > 6) return ErrorCode.OUT_OF_RANGE;
      if (state.board[column] !== null) return ErrorCode.COLUMN_FULL;
      return null;
    };
    const random = seededRandom(11);
    const codes = new Map<string, number>();
    for (let g = 0; g < 30; g++) {
      for (const state of gameAvoidingFours(random)) {
        const before = snapshot(state);
        const over = foursOn(state.board).length > 0 || state.moves.length === CELLS;
        for (const seat of [0, 1] as Seat[]) {
          for (const column of inputs) {
            const code = expected(state, over, seat, column);
            const result = applyMove(state, seat, column);
            codes.set(code ?? "ok", (codes.get(code ?? "ok") ?? 0) + 1);
            if (code === null) {
              assert.ok(result.ok, `${render(state)} seat ${seat} column ${column}`);
              assert.deepEqual(result.state.moves, [...state.moves, column]);
              continue;
            }
            assert.ok(!result.ok, `${render(state)} seat ${seat} column ${column} should be ${code}`);
            assert.equal(result.error.code, code, `${render(state)} seat ${seat} column ${column}`);
            assert.ok(result.error.message.length > 5);
          }
        }
        assert.equal(snapshot(state), before, "neither good nor bad moves change the state they are given");
      }
    }
    // Every code, and legal moves, came up many times.
    for (const code of ["ok", ErrorCode.GAME_OVER, ErrorCode.NOT_YOUR_TURN, ErrorCode.BAD_MESSAGE, ErrorCode.OUT_OF_RANGE, ErrorCode.COLUMN_FULL]) {
      assert.ok((codes.get(code) ?? 0) >= 50, `${code}: ${codes.get(code)}`);
    }
  });

  it("one example of each bad move", () => {
    const check = (state: ConnectFourState, seat: Seat, column: number, code: string) => {
      const result = applyMove(state, seat, column);
      assert.ok(!result.ok && result.error.code === code, `seat ${seat} column ${column}: ${result.ok ? "accepted" : result.error.code}`);
    };
    const start = freeze(initialState());
    check(start, 1, 3, ErrorCode.NOT_YOUR_TURN);
    check(start, 0, 2.5, ErrorCode.BAD_MESSAGE);
    check(start, 0, NaN, ErrorCode.BAD_MESSAGE);
    check(start, 0, 7, ErrorCode.OUT_OF_RANGE);
    check(start, 0, -1, ErrorCode.OUT_OF_RANGE);
    check(play([3, 3, 3, 3, 3, 3]), 0, 3, ErrorCode.COLUMN_FULL);
    check(play([3, 4, 3, 4, 3, 4, 3]), 1, 4, ErrorCode.GAME_OVER);
  });

  it("applying a move returns a new state and leaves the previous one as it was", () => {
    const random = seededRandom(13);
    for (const state of randomGame(random).slice(0, -1)) {
      const before = snapshot(state);
      for (const column of legalMoves(state)) {
        // Frozen states would throw on a write in strict mode; the snapshot catches it anywhere.
        const next = applied(state, seatToMove(state), column);
        assert.equal(snapshot(state), before);
        assert.notEqual(next.board, state.board);
        assert.notEqual(next.moves, state.moves);
        assert.equal(next.board.filter((c) => c !== null).length, state.moves.length + 1);
      }
    }
  });

  it("on timeout, the player to move loses", () => {
    const random = seededRandom(17);
    for (const state of randomGame(random).slice(0, -1)) {
      assert.deepEqual(timeout(state), { kind: "win", winner: 1 - seatToMove(state) });
    }
    assert.deepEqual(timeout(initialState()), { kind: "win", winner: 1 });
  });

  it("the connectFour object is these functions, named connectfour", () => {
    assert.equal(connectFour.name, "connectfour");
    assert.deepEqual(connectFour.initialState(), initialState());
    assert.equal(connectFour.apply, applyMove);
    assert.equal(connectFour.outcome, outcome);
    assert.equal(connectFour.toAct, toAct);
    assert.equal(connectFour.legalMoves, legalMoves);
    assert.equal(connectFour.timeout, timeout);
  });
});
