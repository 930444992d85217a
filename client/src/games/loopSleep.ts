import type Phaser from "phaser";

/**
 * Lets a board's game loop sleep while nothing moves: `update()` each frame puts it to sleep after two frames
 * without a tween (the last one drew the final position); `wake()` before drawing something new.
 */
export class LoopSleep {
  private quietFrames = 0;

  constructor(private readonly scene: Phaser.Scene) {}

  wake() {
    this.quietFrames = 0;
    if (!this.scene.game.loop.running) this.scene.game.loop.wake();
  }

  update() {
    if (this.scene.tweens.getTweens().length > 0) this.quietFrames = 0;
    else if (++this.quietFrames > 2) this.scene.game.loop.sleep();
  }
}
