import Phaser from "phaser";
import { HANDS, legalMoves, type Hand } from "../../../../games/rps";
import type { RpsPlayer, RpsRoundState, RpsState as RpsRoomState } from "../../../../games/rpsGame";
import { connection } from "../../net/connection";
import { GameScene, seated } from "../../scenes/GameScene";
import { COLORS, TEXT, WIDTH } from "../../ui/theme";
import { button, type Button, label, panel } from "../../ui/widgets";
import { ensureHandTextures, HAND_WORDS, handTexture, handWord } from "./hands";

/** The move is a hand. */
export class RpsScene extends GameScene<RpsRoomState, Hand> {
  private hands: Button[] = [];
  private reveal!: Phaser.GameObjects.Container;
  private revealCards: { face: Phaser.GameObjects.Container; picture: Phaser.GameObjects.Image; word: Phaser.GameObjects.Text }[] = [];
  private revealText!: Phaser.GameObjects.Text;
  private choiceNote!: Phaser.GameObjects.Text;
  private history!: Phaser.GameObjects.Text;
  private roundsSeen = -1;

  protected createBoard() {
    ensureHandTextures(this);
    this.roundsSeen = -1;
    this.hands = [];
    this.revealCards = [];
    this.reveal = this.add.container(0, 0).setName("reveal");
    for (const seat of [0, 1]) {
      const x = seat === 0 ? 200 : WIDTH - 200;
      const card = panel(this, x, 460, 220, 200, COLORS.panelLight);
      const picture = this.add.image(0, -22, handTexture("rock")).setDisplaySize(120, 120).setVisible(false);
      const word = label(this, 0, 68, "", { size: 32, bold: true, align: "center", wrap: 200 }).setName(`revealed:${seat}`);
      const face = this.add.container(x, 460, [picture, word]);
      this.reveal.add([card, face]);
      this.revealCards.push({ face, picture, word });
    }
    this.revealText = label(this, WIDTH / 2, 595, "", { size: 28, bold: true, align: "center" }).setName("round-result");
    this.reveal.add(this.revealText);
    this.reveal.setVisible(false);

    this.choiceNote = label(this, WIDTH / 2, 650, "", { size: 26, align: "center", color: TEXT.accent }).setName("choice-note");
    HANDS.forEach((hand, i) => {
      const b = button(this, 130 + i * 230, 760, `hand:${hand}`, HAND_WORDS[hand], () => this.play(hand), {
        width: 210,
        height: 150,
        size: 26,
        icon: handTexture(hand),
        iconSize: 96,
      });
      this.hands.push(b);
    });
    this.history = label(this, WIDTH / 2, 870, "", { size: 22, align: "center", color: TEXT.muted, wrap: 640 }).setName("history");
  }

  protected play(hand: Hand) {
    if (this.spectating || this.state.status !== "playing") return;
    connection.sendGame("choose", { hand });
  }

  protected renderBoard(state: RpsRoomState) {
    const me = this.me();
    const players = seated(state);
    const opponent = players.find((p) => p.seat !== this.mySeat);
    const canChoose = !!me && state.status === "playing" && !me.chosen;
    // Reuse the rules' own notion of who may choose: a fresh round state for my seat.
    const legal = canChoose ? legalMoves({ winsNeeded: state.winsNeeded, maxRounds: state.maxRounds, rounds: [], pending: [null, null] }, me!.seat as 0 | 1) : [];
    this.hands.forEach((b, i) => {
      const hand = HANDS[i];
      b.setVisible(!this.spectating && state.status === "playing").setEnabled(legal.includes(hand));
      b.setCaption(`${HAND_WORDS[hand]}${me?.chosen && me.hand === hand ? " (chosen)" : ""}`);
    });

    if (state.status === "playing") {
      const notes: string[] = [];
      if (me) notes.push(me.chosen ? `You chose ${me.hand ? handWord(me.hand) : "a hand"}.` : "Pick a hand.");
      for (const p of this.spectating ? players : opponent ? [opponent] : []) notes.push(p.chosen ? `${p.name} has chosen.` : `${p.name} is choosing…`);
      this.choiceNote.setText(notes.join("  "));
    } else this.choiceNote.setText("");

    // Once over, the round history moves up where the hands were, clear of the result bar.
    this.history.setY(state.status === "playing" || state.status === "waiting" ? 850 : 740);
    const rounds = Array.from({ length: state.rounds.length }, (_, i) => state.rounds[i]);
    this.history.setText(
      rounds.map((r, i) => `R${i + 1}: ${handWord(r.hand0)} v ${handWord(r.hand1)} → ${r.winner < 0 ? "tie" : players[r.winner]?.name ?? "?"}`).join("   "),
    );
    if (rounds.length > 0 && rounds.length !== this.roundsSeen) this.showReveal(rounds[rounds.length - 1], rounds.length, players, this.roundsSeen >= 0);
    this.roundsSeen = rounds.length;
  }

  /** Both hands of the round just played, turned over like cards. */
  private showReveal(round: RpsRoundState, n: number, players: RpsPlayer[], animate: boolean) {
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
    const winner = round.winner >= 0 ? players[round.winner] : undefined;
    const who = winner ? (winner.seat === this.mySeat ? "You take" : `${winner.name} takes`) : "Tie:";
    this.revealText.setText(`Round ${n}: ${who} ${winner ? "the round" : "replay the round"}`).setColor(winner ? (winner.seat === this.mySeat ? TEXT.good : this.mySeat >= 0 ? TEXT.bad : TEXT.normal) : TEXT.muted);
    if (animate) {
      this.revealText.setAlpha(0);
      this.tweens.add({ targets: this.revealText, alpha: 1, duration: 250, delay: 400 });
    }
  }

  protected playingStatus(state: RpsRoomState): string {
    return `Round ${state.round} · first to ${state.winsNeeded}`;
  }

  protected playerDetail(player: RpsPlayer): string {
    return `${player.score} won`;
  }
}
