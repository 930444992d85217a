import Phaser from "phaser";
import { connection, type NoticeKind } from "../net/connection";
import { COLORS, TEXT, WIDTH } from "../ui/theme";
import { label } from "../ui/widgets";

/** Runs above every screen: short notices for server errors, and the reconnecting banner. */
export class NoticeScene extends Phaser.Scene {
  private notices: Phaser.GameObjects.Container[] = [];
  private banner!: Phaser.GameObjects.Container;
  private bannerText!: Phaser.GameObjects.Text;
  private lobbyDown = false;

  constructor() {
    super("notices");
  }

  create() {
    this.banner = this.add.container(WIDTH / 2, 1040).setDepth(20).setName("reconnecting");
    const box = this.add.rectangle(0, 0, WIDTH - 40, 60, COLORS.accent);
    this.bannerText = label(this, 0, 0, "", { size: 26, bold: true, align: "center", color: TEXT.dark });
    this.banner.add([box, this.bannerText]).setVisible(false);

    const on = (event: string, fn: (...args: any[]) => void) => {
      connection.on(event, fn);
      this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => connection.off(event, fn));
    };
    on("notice", (text: string, kind: NoticeKind) => this.show(text, kind));
    on("lobby:reconnecting", () => (this.lobbyDown = true));
    on("lobby:connected", () => (this.lobbyDown = false));
  }

  update() {
    const text = connection.reconnecting ? "Reconnecting to your game…" : this.lobbyDown ? "Reconnecting to the lobby…" : "";
    this.banner.setVisible(text !== "");
    if (text) this.bannerText.setText(text);
  }

  private show(text: string, kind: NoticeKind) {
    const notice = this.add.container(WIDTH / 2, 0).setDepth(30).setName("notice");
    const t = label(this, 0, 0, text, { size: 24, align: "center", wrap: WIDTH - 100, color: TEXT.normal });
    const box = this.add.rectangle(0, 0, WIDTH - 40, t.height + 28, kind === "error" ? 0x5a2630 : COLORS.panelLight).setStrokeStyle(2, kind === "error" ? COLORS.bad : COLORS.border);
    notice.add([box, t]);
    this.notices.unshift(notice);
    this.notices.splice(3).forEach((n) => n.destroy());
    let y = 40;
    for (const n of this.notices) {
      const h = (n.list[0] as Phaser.GameObjects.Rectangle).height;
      n.y = y + h / 2;
      y += h + 8;
    }
    this.time.delayedCall(4500, () => {
      this.tweens.add({ targets: notice, alpha: 0, duration: 300, onComplete: () => {
        this.notices = this.notices.filter((n) => n !== notice);
        notice.destroy();
      } });
    });
  }
}
