import { ErrorCode, gameError } from "../protocol/errors";
import type { Applied, GameRules, Outcome, Seat } from "./types";

/** A cell holds the piece of the seat that dropped it there, or null. */
export type Cell = Seat | null;

export const COLUMNS = 7;
export const ROWS = 6;
export const CELLS = COLUMNS * ROWS;

export interface ConnectFourState {
  /**
   * 42 cells, index `row * 7 + column`, row 0 at the top and column 0 on the left, so it can be drawn
   * row by row. A dropped piece lands on the free cell with the highest row in its column.
   */
  readonly board: readonly Cell[];
  /** Columns in the order they were played. */
  readonly moves: readonly number[];
}

export const cellAt = (row: number, column: number): number => row * COLUMNS + column;

/** Every four in a row on the board as cell indexes, ascending; 69 in all. */
export const LINES: readonly (readonly [number, number, number, number])[] = (() => {
  const lines: [number, number, number, number][] = [];
  // right, down, down-right, down-left
  const directions = [[0, 1], [1, 0], [1, 1], [1, -1]];
  for (let row = 0; row < ROWS; row++) {
    for (let column = 0; column < COLUMNS; column++) {
      for (const [dr, dc] of directions) {
        const endRow = row + 3 * dr;
        const endColumn = column + 3 * dc;
        if (endRow >= ROWS || endColumn < 0 || endColumn >= COLUMNS) continue;
        const line = [0, 1, 2, 3].map((i) => cellAt(row + i * dr, column + i * dc)).sort((a, b) => a - b);
        lines.push(line as [number, number, number, number]);
      }
    }
  }
  return lines;
})();

/** The lines through each cell, so a win is looked for only where the last piece fell. */
export const LINES_THROUGH: readonly (readonly number[])[] = Array.from({ length: CELLS }, (_, cell) =>
  LINES.flatMap((line, i) => (line.includes(cell) ? [i] : [])),
);

export function initialState(): ConnectFourState {
  return { board: Array<Cell>(CELLS).fill(null), moves: [] };
}

/** Seat 0 moves on even plies, seat 1 on odd ones. */
export function seatToMove(state: ConnectFourState): Seat {
  return (state.moves.length % 2) as Seat;
}

/** The row a piece dropped in `column` lands on, or -1 when the column is full. */
export function landingRow(board: readonly Cell[], column: number): number {
  for (let row = ROWS - 1; row >= 0; row--) if (board[cellAt(row, column)] === null) return row;
  return -1;
}

/**
 * Only the last piece can have made four: the game ends at the first four, and states come from
 * applyMove. So only the lines through it are checked; the first such line in LINES is named.
 */
export function outcome(state: ConnectFourState): Outcome {
  const { board, moves } = state;
  if (moves.length === 0) return { kind: "ongoing" };
  const column = moves[moves.length - 1];
  const last = cellAt(landingRow(board, column) + 1, column);
  const seat = board[last];
  for (const i of LINES_THROUGH[last]) {
    const line = LINES[i];
    if (board[line[0]] === seat && board[line[1]] === seat && board[line[2]] === seat && board[line[3]] === seat) {
      return { kind: "win", winner: seat as Seat, line: [...line] };
    }
  }
  return moves.length === CELLS ? { kind: "draw" } : { kind: "ongoing" };
}

export function toAct(state: ConnectFourState): Seat[] {
  return outcome(state).kind === "ongoing" ? [seatToMove(state)] : [];
}

/** Columns that are not full, left to right, for the seat to move; nothing for the other seat or after the end. */
export function legalMoves(state: ConnectFourState, seat: Seat = seatToMove(state)): number[] {
  if (!toAct(state).includes(seat)) return [];
  const columns: number[] = [];
  for (let column = 0; column < COLUMNS; column++) if (state.board[column] === null) columns.push(column);
  return columns;
}

export function applyMove(state: ConnectFourState, seat: Seat, column: number): Applied<ConnectFourState> {
  if (outcome(state).kind !== "ongoing") return { ok: false, error: gameError(ErrorCode.GAME_OVER, "The game is over.") };
  if (seat !== seatToMove(state)) return { ok: false, error: gameError(ErrorCode.NOT_YOUR_TURN, "It is not your turn.") };
  if (!Number.isInteger(column)) return { ok: false, error: gameError(ErrorCode.BAD_MESSAGE, "column must be an integer.") };
  if (column < 0 || column >= COLUMNS) return { ok: false, error: gameError(ErrorCode.OUT_OF_RANGE, "column must be between 0 and 6.") };
  const row = landingRow(state.board, column);
  if (row < 0) return { ok: false, error: gameError(ErrorCode.COLUMN_FULL, `Column ${column} is full.`) };
  const board = state.board.slice();
  board[cellAt(row, column)] = seat;
  return { ok: true, state: { board, moves: [...state.moves, column] } };
}

/** The player whose clock ran out loses. */
export function timeout(state: ConnectFourState): Exclude<Outcome, { kind: "ongoing" }> {
  return { kind: "win", winner: (1 - seatToMove(state)) as Seat };
}

export const connectFour: GameRules<ConnectFourState, number> = {
  name: "connectfour",
  initialState,
  toAct,
  legalMoves,
  apply: applyMove,
  outcome,
  timeout,
};
