import { ErrorCode, gameError } from "../protocol/errors";
import type { Applied, GameRules, Outcome, Seat } from "./types";

export type Mark = "X" | "O";
export type Cell = Mark | null;

export interface TicTacToeState {
  readonly board: readonly Cell[];
  /** Cells in the order they were played. */
  readonly moves: readonly number[];
}

export const MARKS: readonly [Mark, Mark] = ["X", "O"];

export const LINES: readonly (readonly [number, number, number])[] = [
  [0, 1, 2], [3, 4, 5], [6, 7, 8],
  [0, 3, 6], [1, 4, 7], [2, 5, 8],
  [0, 4, 8], [2, 4, 6],
];

export function initialState(): TicTacToeState {
  return { board: Array<Cell>(9).fill(null), moves: [] };
}

/** X (seat 0) moves on even plies, O (seat 1) on odd ones. */
export function seatToMove(state: TicTacToeState): Seat {
  return (state.moves.length % 2) as Seat;
}

export function outcome(state: TicTacToeState): Outcome {
  for (const line of LINES) {
    const [a, b, c] = line;
    const mark = state.board[a];
    if (mark && mark === state.board[b] && mark === state.board[c]) {
      return { kind: "win", winner: MARKS.indexOf(mark) as Seat, line: [...line] };
    }
  }
  return state.moves.length === 9 ? { kind: "draw" } : { kind: "ongoing" };
}

export function toAct(state: TicTacToeState): Seat[] {
  return outcome(state).kind === "ongoing" ? [seatToMove(state)] : [];
}

export function legalMoves(state: TicTacToeState, seat: Seat = seatToMove(state)): number[] {
  if (!toAct(state).includes(seat)) return [];
  const cells: number[] = [];
  state.board.forEach((cell, i) => cell === null && cells.push(i));
  return cells;
}

export function applyMove(state: TicTacToeState, seat: Seat, cell: number): Applied<TicTacToeState> {
  if (outcome(state).kind !== "ongoing") return { ok: false, error: gameError(ErrorCode.GAME_OVER, "The game is over.") };
  if (seat !== seatToMove(state)) return { ok: false, error: gameError(ErrorCode.NOT_YOUR_TURN, "It is not your turn.") };
  if (!Number.isInteger(cell)) return { ok: false, error: gameError(ErrorCode.BAD_MESSAGE, "cell must be an integer.") };
  if (cell < 0 || cell > 8) return { ok: false, error: gameError(ErrorCode.OUT_OF_RANGE, "cell must be between 0 and 8.") };
  if (state.board[cell] !== null) return { ok: false, error: gameError(ErrorCode.CELL_TAKEN, `Cell ${cell} is already taken.`) };
  const board = state.board.slice();
  board[cell] = MARKS[seat];
  return { ok: true, state: { board, moves: [...state.moves, cell] } };
}

/** The player whose clock ran out loses. */
export function timeout(state: TicTacToeState): Exclude<Outcome, { kind: "ongoing" }> {
  return { kind: "win", winner: (1 - seatToMove(state)) as Seat };
}

export const ticTacToe: GameRules<TicTacToeState, number> = {
  name: "tictactoe",
  initialState,
  toAct,
  legalMoves,
  apply: applyMove,
  outcome,
  timeout,
};
