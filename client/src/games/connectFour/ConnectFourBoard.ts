import type Phaser from "phaser";
import { cellAt, landingRow } from "../../../../games/connectFour";
import { BoardScene } from "../BoardScene";
import { ConnectFourBoardView, PIECE_COLORS } from "./boardView";
import { columnX, GHOST_Y, myTurn, rulesBoard, TOP, type ConnectFourView } from "./view";

/** The board, and on my turn a ghost piece above the column under the pointer (or the keyboard focus) with a faint one where it would land. */
export class ConnectFourBoard extends BoardScene<ConnectFourView, number> {
  private board!: ConnectFourBoardView;
  private ghost!: Phaser.GameObjects.Arc;
  private landing!: Phaser.GameObjects.Arc;
  private hovered = -1;

  constructor() {
    super("connectfour");
  }

  protected createBoard() {
    this.hovered = -1;
    this.board = new ConnectFourBoardView(this, TOP, "cell:");
    this.landing = this.add.circle(0, 0, 31, PIECE_COLORS[0]).setAlpha(0.35).setDepth(1).setVisible(false).setName("landing");
    this.ghost = this.add.circle(0, GHOST_Y, 31, PIECE_COLORS[0]).setDepth(3).setVisible(false).setName("ghost");
  }

  preview(column: number | null) {
    this.hovered = column ?? -1;
    this.wake();
    this.renderPreview();
  }

  protected renderBoard(view: ConnectFourView) {
    this.board.show(view.board, view.winningLine ?? [], GHOST_Y);
    this.renderPreview();
  }

  private renderPreview() {
    const view = this.current?.view;
    if (!view) return;
    const column = this.hovered;
    const row = column >= 0 && !this.spectating && myTurn(view, this.mySeat) ? landingRow(rulesBoard(view.board), column) : -1;
    const color = PIECE_COLORS[this.mySeat === 1 ? 1 : 0];
    this.ghost.setVisible(row >= 0).setFillStyle(color).setX(columnX(Math.max(0, column)));
    const cell = this.board.cellCentre(cellAt(Math.max(0, row), Math.max(0, column)));
    this.landing.setVisible(row >= 0).setFillStyle(color).setPosition(cell.x, cell.y);
  }
}
