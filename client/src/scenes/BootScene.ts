import Phaser from "phaser";
import { connection } from "../net/connection";
import { COLORS, HEIGHT, TEXT, WIDTH } from "../ui/theme";
import { label } from "../ui/widgets";

/** Who am I, and was this tab in a game before the refresh? */
export class BootScene extends Phaser.Scene {
  constructor() {
    super("boot");
  }

  create() {
    this.cameras.main.setBackgroundColor(COLORS.background);
    label(this, WIDTH / 2, HEIGHT / 2, "Connecting…", { size: 30, align: "center", color: TEXT.muted });
    this.scene.launch("notices");
    void this.start();
  }

  private async start() {
    try {
      if (!(await connection.restore())) return this.scene.start("name");
    } catch (error) {
      connection.notice(`The server cannot be reached (${(error as Error).message}). Retrying…`);
      this.time.delayedCall(2000, () => void this.start());
      return;
    }
    void connection.connectLobby().catch(() => undefined);
    const room = await connection.resume();
    this.scene.start(room ? connection.gameName! : "lobby");
  }
}
