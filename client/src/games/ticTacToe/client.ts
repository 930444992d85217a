import { MARKS } from "../../../../games/ticTacToe";
import type { ClientGame } from "../clientGame";
import { TicTacToeReplayBoard } from "./TicTacToeReplayBoard";
import { TicTacToeScene } from "./TicTacToeScene";

const CELL_NAMES = ["top left", "top middle", "top right", "middle left", "centre", "middle right", "bottom left", "bottom middle", "bottom right"];

export const ticTacToeClient = {
  name: "tictactoe",
  title: "Tic-tac-toe",
  shortTitle: "Tic-tac-toe",
  sides: MARKS,
  reasons: { line: "three in a row" },
  // 1–9 as the cells read, row by row from the top left.
  keys: Object.fromEntries(CELL_NAMES.map((_, cell) => [String(cell + 1), cell])),
  scene: TicTacToeScene,
  describeMove: (m, player) => `${player} (${MARKS[m.seat]}) takes the ${CELL_NAMES[m.move as number] ?? "?"}`,
  createReplayBoard: (scene, match) => new TicTacToeReplayBoard(scene, match),
} satisfies ClientGame<number>;
