import Phaser from "phaser";
import { cellAt, COLUMNS, landingRow, ROWS, type Cell } from "../../../../games/connectFour";
import type { ConnectFourState as ConnectFourRoomState } from "../../../../games/connectFourGame";
import type { PlayerState } from "../../../../schema/GameState";
import { connection } from "../../net/connection";
import { GameScene, seated } from "../../scenes/GameScene";
import { ConnectFourBoardView, CELL, PIECE_COLORS, SIDES } from "./boardView";

/** Top edge of the board's first row; the ghost piece sits one row above it. */
const TOP = 398;
const GHOST_Y = TOP - CELL / 2 - 4;

/** The room's cells as the rules read them, for the rules' own landing row. */
const rulesBoard = (board: ArrayLike<number>): Cell[] => Array.from({ length: COLUMNS * ROWS }, (_, i) => (board[i] === 0 || board[i] === 1 ? board[i] : null) as Cell);

/** The move is a column, 0..6 from the left. The column under the pointer shows where a piece would land. */
export class ConnectFourScene extends GameScene<ConnectFourRoomState, number> {
  private board!: ConnectFourBoardView;
  private ghost!: Phaser.GameObjects.Arc;
  private landing!: Phaser.GameObjects.Arc;
  private hovered = -1;
  /** Pieces on the board when my last move was sent: no second move until a patch shows it. */
  private sentAtCount = -1;

  protected createBoard() {
    this.hovered = -1;
    this.sentAtCount = -1;
    this.board = new ConnectFourBoardView(this, TOP, "cell:");
    this.landing = this.add.circle(0, 0, 31, PIECE_COLORS[0]).setAlpha(0.35).setDepth(1).setVisible(false).setName("landing");
    this.ghost = this.add.circle(0, GHOST_Y, 31, PIECE_COLORS[0]).setDepth(3).setVisible(false).setName("ghost");
    for (let column = 0; column < COLUMNS; column++) {
      // One tall target per column, over the ghost row and the board: tap anywhere in it.
      const zone = this.add.zone(this.board.columnX(column), (GHOST_Y - CELL / 2 + TOP + ROWS * CELL) / 2, CELL, TOP + ROWS * CELL - (GHOST_Y - CELL / 2));
      zone.setName(`column:${column}`).setDepth(4).setInteractive({ useHandCursor: true });
      zone.on("pointerover", () => this.hover(column));
      zone.on("pointerout", () => this.hovered === column && this.hover(-1));
      zone.on("pointerdown", () => this.play(column));
    }
  }

  private hover(column: number) {
    this.hovered = column;
    this.renderPreview();
  }

  private pieceCount(): number {
    return Array.from(this.state.board).filter((cell) => cell >= 0).length;
  }

  private myTurn(): boolean {
    return !this.spectating && this.state.status === "playing" && this.mySeat >= 0 && this.state.turn === this.mySeat;
  }

  protected play(column: number) {
    if (this.spectating || this.state.status !== "playing") return;
    // The hint only avoids a pointless round trip; the server judges the move.
    if (!this.myTurn()) return connection.notice("It is not your turn.");
    if (landingRow(rulesBoard(this.state.board), column) < 0) return connection.notice("That column is full.");
    const count = this.pieceCount();
    if (this.sentAtCount === count) return;
    this.sentAtCount = count;
    connection.sendGame("move", { column });
  }

  protected renderBoard(state: ConnectFourRoomState) {
    this.board.show(state.board, Array.from(state.winningLine ?? []), GHOST_Y);
    this.renderPreview();
  }

  /** A ghost piece above the column under the pointer and a faint one in the cell it would land in, on my turn. */
  private renderPreview() {
    const column = this.hovered;
    const row = column >= 0 && this.myTurn() && this.sentAtCount !== this.pieceCount() ? landingRow(rulesBoard(this.state.board), column) : -1;
    const color = PIECE_COLORS[this.mySeat === 1 ? 1 : 0];
    this.ghost.setVisible(row >= 0).setFillStyle(color).setX(this.board.columnX(Math.max(0, column)));
    const cell = this.board.cellCentre(cellAt(Math.max(0, row), Math.max(0, column)));
    this.landing.setVisible(row >= 0).setFillStyle(color).setPosition(cell.x, cell.y);
  }

  protected playingStatus(state: ConnectFourRoomState, me: PlayerState | undefined): string {
    const mover = seated(state)[state.turn];
    if (!mover) return "";
    if (me && mover.seat === me.seat) return `Your turn (${SIDES[me.seat]})`;
    return `${mover.name} to move (${SIDES[mover.seat]})`;
  }

  protected playerDetail(player: PlayerState): string {
    return SIDES[player.seat] ?? "";
  }
}
