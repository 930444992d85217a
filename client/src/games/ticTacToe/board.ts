import type { BoardModule } from "../clientGame";
import { TicTacToeBoard } from "./TicTacToeBoard";
import { TicTacToeReplayBoard } from "./TicTacToeReplayBoard";
import type { TicTacToeView } from "./view";

export const ticTacToeBoard: BoardModule<TicTacToeView, number> = {
  createScene: () => new TicTacToeBoard(),
  createReplayBoard: (scene, match) => new TicTacToeReplayBoard(scene, match),
};
