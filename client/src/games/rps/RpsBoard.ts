import type Phaser from "phaser";
import { HANDS } from "../../../../games/rps";
import { BoardScene } from "../BoardScene";
import { COLORS, TEXT, WIDTH } from "../../ui/theme";
import { label, panel } from "../../ui/widgets";
import { ensureHandTextures, handTexture, handWord } from "./hands";
import { HAND_H, HAND_W, HAND_Y, handX, REVEAL_Y, type RpsView } from "./view";

/** The hands to pick from (their captions are the buttons over them) and the last round's two hands, turned over like cards. */
export class RpsBoard extends BoardScene<RpsView, string> {
  private picks: Phaser.GameObjects.GameObject[] = [];
  private reveal!: Phaser.GameObjects.Container;
  private revealCards: { face: Phaser.GameObjects.Container; picture: Phaser.GameObjects.Image; word: Phaser.GameObjects.Text }[] = [];
  private revealText!: Phaser.GameObjects.Text;
  private roundsSeen = -1;

  constructor() {
    super("rps");
  }

  protected createBoard() {
    ensureHandTextures(this);
    this.roundsSeen = -1;
    this.revealCards = [];
    this.picks = [];
    this.reveal = this.add.container(0, 0).setName("reveal");
    for (const seat of [0, 1]) {
      const x = seat === 0 ? 200 : WIDTH - 200;
      const card = panel(this, x, REVEAL_Y, 220, 200, COLORS.panelLight);
      const picture = this.add.image(0, -22, handTexture("rock")).setDisplaySize(120, 120).setVisible(false);
      const word = label(this, 0, 68, "", { size: 32, bold: true, align: "center", wrap: 200 }).setName(`revealed:${seat}`);
      const face = this.add.container(x, REVEAL_Y, [picture, word]);
      this.reveal.add([card, face]);
      this.revealCards.push({ face, picture, word });
    }
    this.revealText = label(this, WIDTH / 2, 600, "", { size: 30, bold: true, align: "center" }).setName("round-result");
    this.reveal.add(this.revealText);
    this.reveal.setVisible(false);
    HANDS.forEach((hand, i) => {
      // The picture only; the caption is the button laid over it.
      this.picks.push(panel(this, handX(i), HAND_Y, HAND_W, HAND_H, COLORS.panelLight), this.add.image(handX(i), HAND_Y - 18, handTexture(hand)).setDisplaySize(96, 96));
    });
  }

  protected renderBoard(view: RpsView) {
    const picking = !this.spectating && view.status === "playing";
    for (const pick of this.picks) (pick as Phaser.GameObjects.Image).setVisible(picking);
    const players = Object.values(view.players).sort((a, b) => a.seat - b.seat);
    const rounds = view.rounds ?? [];
    if (rounds.length > 0 && rounds.length !== this.roundsSeen) this.showReveal(rounds[rounds.length - 1], rounds.length, players.map((p) => p.name), this.roundsSeen >= 0);
    this.roundsSeen = rounds.length;
  }

  private showReveal(round: RpsView["rounds"][number], n: number, names: string[], animate: boolean) {
    this.reveal.setVisible(true);
    [round.hand0, round.hand1].forEach((hand, seat) => {
      const { face, picture, word } = this.revealCards[seat];
      word.setText(handWord(hand));
      picture.setVisible((HANDS as readonly string[]).includes(hand));
      if (picture.visible) picture.setTexture(handTexture(hand)).setDisplaySize(120, 120);
      if (animate) {
        face.setScale(0, 1);
        this.tweens.add({ targets: face, scaleX: 1, duration: 350, delay: seat * 120, ease: "Cubic.Out" });
      }
    });
    const mySeat = this.mySeat;
    const winner = round.winner;
    const who = winner >= 0 ? (winner === mySeat ? "You take" : `${names[winner] ?? "?"} takes`) : "Tie:";
    this.revealText.setText(`Round ${n}: ${who} ${winner >= 0 ? "the round" : "replay the round"}`).setColor(winner >= 0 ? (winner === mySeat ? TEXT.good : mySeat >= 0 ? TEXT.bad : TEXT.normal) : TEXT.muted);
    if (animate) {
      this.revealText.setAlpha(0);
      this.tweens.add({ targets: this.revealText, alpha: 1, duration: 250, delay: 400 });
    }
  }
}
