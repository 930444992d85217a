import type Phaser from "phaser";
import { connectFour } from "../../../../games/connectFour";
import type { StoredMatch } from "../../net/api";
import { positionAfter, type ReplayBoard } from "../clientGame";
import { ConnectFourBoardView } from "./boardView";

const TOP = 380;

export class ConnectFourReplayBoard implements ReplayBoard {
  private readonly board: ConnectFourBoardView;
  private step = -1;

  constructor(
    scene: Phaser.Scene,
    private readonly match: StoredMatch,
  ) {
    this.board = new ConnectFourBoardView(scene, TOP, "replay:cell:");
  }

  show(step: number) {
    const state = positionAfter(connectFour, this.match, step, (move) => (typeof move === "number" ? move : null));
    const result = connectFour.outcome(state);
    // One step forward drops the piece as it fell in the game; other jumps redraw at once.
    const forward = step === this.step + 1;
    this.step = step;
    this.board.show(
      state.board.map((cell) => cell ?? -1),
      result.kind === "win" ? (result.line ?? []) : [],
      forward ? TOP - 40 : undefined,
    );
  }
}
