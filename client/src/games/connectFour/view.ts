import { COLUMNS, landingRow, ROWS, type Cell } from "../../../../games/connectFour";
import type { GameView } from "../view";
import { CELL } from "./boardView";

export interface ConnectFourView extends GameView {
  board: number[];
}

/** Top edge of the live board's first row; the ghost piece sits one row above it. */
export const TOP = 398;
export const GHOST_Y = TOP - CELL / 2 - 4;
export const LEFT = (720 - COLUMNS * CELL) / 2;
export const columnX = (column: number) => LEFT + column * CELL + CELL / 2;
/** One tall target per column, over the ghost row and the board: tap anywhere in it. */
export const COLUMN_TOP = GHOST_Y - CELL / 2;
export const COLUMN_BOTTOM = TOP + ROWS * CELL;

/** The room's cells as the rules read them, for the rules' own landing row. */
export const rulesBoard = (board: ArrayLike<number>): Cell[] => Array.from({ length: COLUMNS * ROWS }, (_, i) => (board[i] === 0 || board[i] === 1 ? board[i] : null) as Cell);

export const myTurn = (view: ConnectFourView, mySeat: number) => view.status === "playing" && mySeat >= 0 && view.turn === mySeat;

export const freeIn = (view: ConnectFourView, column: number) => landingRow(rulesBoard(view.board), column) + 1;
