import type Phaser from "phaser";
import { isHand, rps } from "../../../../games/rps";
import type { StoredMatch } from "../../net/api";
import { WIDTH } from "../../ui/theme";
import { label } from "../../ui/widgets";
import { positionAfter, type ReplayBoard } from "../clientGame";
import { handWord } from "./hands";

/** The rounds so far as lines of text, and a choice made in the round not yet revealed. */
export class RpsReplayBoard implements ReplayBoard {
  private readonly rounds: Phaser.GameObjects.Text;

  constructor(
    scene: Phaser.Scene,
    private readonly match: StoredMatch,
  ) {
    this.rounds = label(scene, WIDTH / 2, 560, "", { size: 28, align: "center", wrap: 640 }).setName("replay:rounds");
  }

  show(step: number) {
    const state = positionAfter(rps, this.match, step, (move) => (isHand(move) ? move : null));
    const names = this.match.players.map((p) => p.name);
    const lines = state.rounds.map((r, i) => `Round ${i + 1}: ${handWord(r.hands[0])} v ${handWord(r.hands[1])}, ${r.winner === null ? "tie" : `${names[r.winner]} takes it`}`);
    state.pending.forEach((hand, seat) => hand && lines.push(`${names[seat]} chose ${handWord(hand)}…`));
    this.rounds.setText(lines.join("\n") || "No moves yet.");
  }
}
