import type Phaser from "phaser";
import { ticTacToe } from "../../../../games/ticTacToe";
import type { StoredMatch } from "../../net/api";
import { COLORS, css } from "../../ui/theme";
import { label } from "../../ui/widgets";
import { positionAfter, type ReplayBoard } from "../clientGame";
import { markColor } from "./markColor";
import { CELL, cellCentre } from "./view";

export class TicTacToeReplayBoard implements ReplayBoard {
  private readonly cells: Phaser.GameObjects.Rectangle[] = [];
  private readonly marks: Phaser.GameObjects.Text[] = [];

  constructor(
    scene: Phaser.Scene,
    private readonly match: StoredMatch,
  ) {
    for (let i = 0; i < 9; i++) {
      const { x, y } = cellCentre(i);
      this.cells.push(scene.add.rectangle(x, y, CELL - 10, CELL - 10, COLORS.panel).setStrokeStyle(2, COLORS.border).setName(`replay:cell:${i}`));
      this.marks.push(label(scene, x, y, "", { size: 120, bold: true, align: "center" }));
    }
  }

  show(step: number) {
    const state = positionAfter(ticTacToe, this.match, step, (move) => (typeof move === "number" ? move : null));
    const result = ticTacToe.outcome(state);
    const line = new Set(result.kind === "win" ? (result.line ?? []) : []);
    state.board.forEach((cell, i) => {
      this.marks[i].setText(cell ?? "").setColor(line.has(i) ? css(COLORS.background) : css(markColor(cell)));
      this.cells[i].setFillStyle(line.has(i) ? COLORS.accent : COLORS.panel).setData("highlighted", line.has(i));
    });
  }
}
