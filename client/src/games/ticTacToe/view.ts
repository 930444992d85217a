import { legalMoves, type Cell, type TicTacToeState } from "../../../../games/ticTacToe";
import type { Seat } from "../../../../games/types";
import type { GameView, PlayerView } from "../view";

export interface TicTacToeView extends GameView {
  board: string[];
  players: Record<string, PlayerView & { mark: string }>;
}

/** Rules state rebuilt from the room's board, only to know which cells the rules would allow. */
export function rulesState(board: ArrayLike<string>): TicTacToeState {
  const cells: Cell[] = Array.from({ length: 9 }, (_, i) => (board[i] === "X" || board[i] === "O" ? board[i] : null) as Cell);
  const xs = cells.map((c, i) => (c === "X" ? i : -1)).filter((i) => i >= 0);
  const os = cells.map((c, i) => (c === "O" ? i : -1)).filter((i) => i >= 0);
  // Interleave X and O so the ply count, and so the side to move, is right.
  const moves: number[] = [];
  for (let i = 0; i < xs.length + os.length; i++) moves.push(i % 2 === 0 ? xs[i >> 1] : os[i >> 1]);
  return { board: cells, moves };
}

export function legalCells(view: TicTacToeView, mySeat: number): number[] {
  if (mySeat < 0 || view.status !== "playing") return [];
  return legalMoves(rulesState(view.board), mySeat as Seat);
}

/** Cell geometry on the board, shared by the scene that draws it and the buttons laid over it. */
export const CELL = 180;
export const TOP = 330;
export const cellCentre = (i: number) => ({ x: (720 - CELL * 3) / 2 + (i % 3) * CELL + CELL / 2, y: TOP + Math.floor(i / 3) * CELL + CELL / 2 });
