import type Phaser from "phaser";
import { isHand, rps, score, type RpsState } from "../../../../games/rps";
import type { StoredMatch } from "../../net/api";
import { COLORS, TEXT } from "../../ui/theme";
import { label } from "../../ui/widgets";
import { positionAfter, type ReplayBoard } from "../clientGame";
import { handImage } from "./hands";

/** Columns of the board, in the replay screen's 720-wide design space; rows fill y = 400..875 below the header. */
const X = { round: 30, hand0: 215, mark: 360, hand1: 505, running: 690 } as const;
const HEADER_Y = 340;
const ROWS_TOP = 400;
const ROWS_BOTTOM = 875;
/**
 * The board's smallest text, in design px: 14 CSS px or more on a 390 px phone, where the board is about 358 px
 * wide (test/e2e/layout.e2e.ts checks it).
 */
const TEXT_SIZE = 30;
/** A row is at most this tall, and at least this (so its text fits); rows that do not fit drop the oldest. */
const ROW_MAX = 100;
const ROW_MIN = 52;
/** A name over its hand column is cut to this width, clear of the other name and of the score at the right. */
const NAME_WIDTH = 240;

function fitName(text: Phaser.GameObjects.Text, name: string): Phaser.GameObjects.Text {
  for (let n = name.length - 1; text.width > NAME_WIDTH && n > 1; n--) text.setText(`${name.slice(0, n)}…`);
  return text;
}

/**
 * The rounds so far as pictures: a row per round with both hands, the winner's on a lit panel and the loser's
 * faded, ">" "<" or "=" between them and the running score at the right; under a header with the names and the
 * match score.
 * A choice made in a round not yet revealed shows faded, its row ending in "…".
 * Test-hook names: `replay:score`, `replay:round:<i>` (0-based) with `replay:round:<i>:<seat>` for its hands
 * (the winner's marked highlighted), `replay:pending:<seat>`.
 */
export class RpsReplayBoard implements ReplayBoard {
  private root: Phaser.GameObjects.Container | null = null;
  private step = -1;
  private roundsShown = 0;
  private turning: Phaser.GameObjects.Image[] = [];

  constructor(
    private readonly scene: Phaser.Scene,
    private readonly match: StoredMatch,
  ) {}

  show(step: number) {
    const state = positionAfter(rps, this.match, step, (move) => (isHand(move) ? move : null));
    const revealedNow = step === this.step + 1 && state.rounds.length > this.roundsShown;
    this.step = step;
    this.roundsShown = state.rounds.length;
    this.scene.tweens.killTweensOf(this.turning);
    this.turning = [];
    this.root?.destroy();
    this.root = this.scene.add.container(0, 0);
    this.drawHeader(state);
    this.drawRows(state, revealedNow);
  }

  private drawHeader(state: RpsState) {
    const root = this.root!;
    const [a, b] = score(state);
    const name = (seat: number, x: number) => {
      const text = this.match.players[seat]?.name ?? "?";
      return fitName(label(this.scene, x, HEADER_Y, text, { size: TEXT_SIZE, bold: true, align: "center" }), text);
    };
    // The match score heads the running-score column.
    root.add([
      name(0, X.hand0),
      name(1, X.hand1),
      label(this.scene, X.running, HEADER_Y, `${a}–${b}`, { size: 32, bold: true, align: "right", color: TEXT.accent }).setName("replay:score"),
    ]);
  }

  private drawRows(state: RpsState, revealedNow: boolean) {
    const root = this.root!;
    const pending = state.pending.some((h) => h !== null);
    const count = state.rounds.length + (pending ? 1 : 0);
    if (count === 0) {
      root.add(label(this.scene, X.mark, (ROWS_TOP + ROWS_BOTTOM) / 2, "No moves yet.", { size: TEXT_SIZE, align: "center", color: TEXT.muted }));
      return;
    }
    const height = Math.max(ROW_MIN, Math.min(ROW_MAX, (ROWS_BOTTOM - ROWS_TOP) / count));
    const fits = Math.floor((ROWS_BOTTOM - ROWS_TOP) / height);
    const first = Math.max(0, count - fits);
    const size = Math.min(height - 10, 88);
    const rowY = (i: number) => ROWS_TOP + (i - first) * height + height / 2;
    const running = [0, 0];

    state.rounds.forEach((round, i) => {
      if (round.winner !== null) running[round.winner]++;
      if (i < first) return;
      const y = rowY(i);
      const row = this.scene.add.container(0, 0).setName(`replay:round:${i}`);
      const back = this.scene.add.rectangle(X.mark, y, 700, height - 4, i % 2 ? COLORS.background : COLORS.panel);
      row.add([back, label(this.scene, X.round, y, `R${i + 1}`, { size: TEXT_SIZE, color: TEXT.muted })]);
      const pictures = [X.hand0, X.hand1].map((x, seat) => {
        const won = round.winner === seat;
        if (won) row.add(this.scene.add.rectangle(x, y, size + 10, size + 6, COLORS.good, 0.3).setStrokeStyle(3, COLORS.good));
        const picture = handImage(this.scene, x, y, round.hands[seat], size)
          .setName(`replay:round:${i}:${seat}`)
          .setData("highlighted", won)
          .setAlpha(round.winner === null || won ? 1 : 0.45);
        row.add(picture);
        return picture;
      });
      const mark = round.winner === null ? "=" : round.winner === 0 ? ">" : "<";
      row.add(label(this.scene, X.mark, y, mark, { size: 34, bold: true, align: "center", color: round.winner === null ? TEXT.muted : TEXT.good }));
      row.add(label(this.scene, X.running, y, `${running[0]}–${running[1]}`, { size: TEXT_SIZE, align: "right", color: TEXT.muted }));
      root.add(row);
      // Stepping forward onto a round turns its hands over, as the live game does.
      if (revealedNow && i === state.rounds.length - 1) {
        this.turning = pictures;
        pictures.forEach((p, seat) => {
          const scaleX = p.scaleX;
          p.setScale(0, p.scaleY);
          this.scene.tweens.add({ targets: p, scaleX, duration: 250, delay: seat * 100, ease: "Cubic.Out" });
        });
      }
    });

    if (pending) {
      const i = state.rounds.length;
      const y = rowY(i);
      const row = this.scene.add.container(0, 0).setName(`replay:round:${i}`);
      row.add([
        this.scene.add.rectangle(X.mark, y, 700, height - 4, i % 2 ? COLORS.background : COLORS.panel),
        label(this.scene, X.round, y, `R${i + 1}`, { size: TEXT_SIZE, color: TEXT.muted }),
        label(this.scene, X.mark, y, "…", { size: 34, align: "center", color: TEXT.muted }),
      ]);
      [X.hand0, X.hand1].forEach((x, seat) => {
        const hand = state.pending[seat];
        row.add(
          hand
            ? handImage(this.scene, x, y, hand, size).setAlpha(0.6).setName(`replay:pending:${seat}`)
            : label(this.scene, x, y, "choosing", { size: TEXT_SIZE, align: "center", color: TEXT.muted }),
        );
      });
      root.add(row);
    }
  }
}
