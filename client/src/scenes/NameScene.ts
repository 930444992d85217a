import Phaser from "phaser";
import { CLIENT_GAME_LIST } from "../games/registry";
import { connection } from "../net/connection";
import { COLORS, TEXT, WIDTH } from "../ui/theme";
import { button, label, textInput } from "../ui/widgets";

/** First visit: pick a name; the guest token that comes back is what recognises this browser later. */
export class NameScene extends Phaser.Scene {
  private busy = false;

  constructor() {
    super("name");
  }

  create() {
    this.busy = false;
    this.cameras.main.setBackgroundColor(COLORS.background);
    label(this, WIDTH / 2, 220, "Parlor", { size: 84, bold: true, align: "center", color: TEXT.accent });
    label(this, WIDTH / 2, 320, `${CLIENT_GAME_LIST.map((game) => game.title).join(" · ")}\nagainst people or bots.`, { size: 28, align: "center", color: TEXT.muted, wrap: WIDTH - 60 });
    label(this, WIDTH / 2, 470, "What should we call you?", { size: 32, align: "center" });
    const input = textInput(this, WIDTH / 2, 560, {
      id: "name-input",
      placeholder: "Your name",
      maxLength: 20,
      width: 440,
      onEnter: (el) => void this.submit(el),
    }).node as HTMLInputElement;
    button(this, WIDTH / 2, 670, "btn:play", "Play", () => void this.submit(input), { width: 440, color: COLORS.good, textColor: TEXT.dark });
    label(this, WIDTH / 2, 760, "Letters, digits, spaces, _ and -; up to 20.", { size: 22, align: "center", color: TEXT.muted });
    this.time.delayedCall(50, () => input.focus());
  }

  private async submit(input: HTMLInputElement) {
    const name = input.value.trim();
    if (!name) return connection.notice("Type a name first.");
    if (this.busy) return;
    this.busy = true;
    try {
      await connection.signUp(name);
      this.scene.start("lobby");
    } catch (error) {
      this.busy = false;
      connection.notice((error as Error).message);
    }
  }
}
