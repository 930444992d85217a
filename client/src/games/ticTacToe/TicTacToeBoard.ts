import type Phaser from "phaser";
import { BoardScene } from "../BoardScene";
import { COLORS, css } from "../../ui/theme";
import { label } from "../../ui/widgets";
import { markColor } from "./markColor";
import { CELL, cellCentre, legalCells, type TicTacToeView } from "./view";

/** The 3×3 board: marks pop in, cells that cannot be played are dimmed, the winning line is lit. */
export class TicTacToeBoard extends BoardScene<TicTacToeView, number> {
  private cells: Phaser.GameObjects.Rectangle[] = [];
  private marks: Phaser.GameObjects.Text[] = [];
  private shown: string[] = [];

  constructor() {
    super("tictactoe");
  }

  protected createBoard() {
    this.cells = [];
    this.marks = [];
    this.shown = Array(9).fill("");
    for (let i = 0; i < 9; i++) {
      const { x, y } = cellCentre(i);
      this.cells.push(this.add.rectangle(x, y, CELL - 10, CELL - 10, COLORS.panel).setStrokeStyle(2, COLORS.border).setName(`cell:${i}`));
      this.marks.push(label(this, x, y, "", { size: 120, bold: true, align: "center" }));
    }
  }

  protected renderBoard(view: TicTacToeView) {
    const legal = new Set(legalCells(view, this.mySeat));
    const myTurn = legal.size > 0;
    const line = new Set(view.winningLine ?? []);
    for (let i = 0; i < 9; i++) {
      const mark = view.board[i] ?? "";
      const text = this.marks[i];
      text.setText(mark).setColor(css(markColor(mark)));
      if (mark && this.shown[i] !== mark) {
        text.setScale(0.3);
        this.tweens.add({ targets: text, scale: 1, duration: 160, ease: "Back.Out" });
      }
      this.shown[i] = mark;
      // On my turn the cells I can play are lit and outlined; the others are plainly darker, not just a shade off.
      const playable = legal.has(i);
      const fill = line.has(i) ? COLORS.accent : playable ? COLORS.playable : myTurn && !mark ? COLORS.dimmed : COLORS.panel;
      this.cells[i].setFillStyle(fill).setStrokeStyle(playable ? 4 : 2, playable ? COLORS.accent : COLORS.border).setData("highlighted", line.has(i));
      if (line.has(i)) text.setColor(css(COLORS.background));
    }
  }
}
