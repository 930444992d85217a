import Phaser from "phaser";
import type { BoardModule, ReplayBoard } from "../games/clientGame";
import type { StoredMatch } from "../net/api";
import { BOARD_TOP } from "../games/clientGame";
import { LoopSleep } from "../games/loopSleep";
import { COLORS } from "../ui/theme";

/** Draws a stored match's position after any number of moves with the game's replay board; sleeps between steps. */
export class ReplayScene extends Phaser.Scene {
  private board: ReplayBoard | null = null;
  private ready!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.ready = resolve));
  private readonly idle = new LoopSleep(this);

  constructor(
    private readonly module: BoardModule,
    private readonly match: StoredMatch,
  ) {
    super("replay");
  }

  create() {
    this.cameras.main.setBackgroundColor(COLORS.background).setScroll(0, BOARD_TOP);
    this.board = this.module.createReplayBoard(this, this.match);
    this.ready();
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  show(moves: number) {
    this.idle.wake();
    this.board?.show(moves);
  }

  update() {
    this.idle.update();
  }
}
