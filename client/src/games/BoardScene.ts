import Phaser from "phaser";
import type { GameView } from "./view";
import { BOARD_TOP, type BoardInput, type BoardSceneLike } from "./clientGame";
import { COLORS } from "../ui/theme";
import { LoopSleep } from "./loopSleep";

/**
 * A game's live board: it only draws. Input comes from the buttons laid over it (BoardControls), the players,
 * clock and result from the DOM screen around it. It renders only while something moves: after a state, a
 * preview or while a tween runs, then the game loop sleeps until the next one (docs/client.md, "Idle").
 */
export abstract class BoardScene<V extends GameView, Move> extends Phaser.Scene implements BoardSceneLike<V, Move> {
  protected current: BoardInput<V> | null = null;
  private ready!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.ready = resolve));
  private readonly idle = new LoopSleep(this);

  constructor(key: string) {
    super(key);
  }

  get mySeat(): number {
    return this.current?.mySeat ?? -1;
  }

  get spectating(): boolean {
    return this.current?.spectating ?? false;
  }

  create() {
    this.cameras.main.setBackgroundColor(COLORS.background).setScroll(0, BOARD_TOP);
    this.createBoard();
    this.ready();
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  show(input: BoardInput<V>) {
    this.current = input;
    this.wake();
    this.renderBoard(input.view);
  }

  preview(_move: Move | null) {}

  protected wake() {
    this.idle.wake();
  }

  update() {
    this.idle.update();
  }

  protected abstract createBoard(): void;
  protected abstract renderBoard(view: V): void;
}
