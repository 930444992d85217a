import Phaser from "phaser";
import { legalMoves, type Cell, type TicTacToeState } from "../../../../games/ticTacToe";
import type { TicTacToeState as TicTacToeRoomState, TicTacToePlayer } from "../../../../games/ticTacToeGame";
import type { Seat } from "../../../../games/types";
import { connection } from "../../net/connection";
import { GameScene, seated } from "../../scenes/GameScene";
import { COLORS, css, WIDTH } from "../../ui/theme";
import { label } from "../../ui/widgets";
import { markColor } from "./markColor";

const CELL = 180;
const TOP = 330;

/** Rules state rebuilt from the schema, only to grey out cells the rules would refuse. */
export function rulesState(board: ArrayLike<string>): TicTacToeState {
  const cells: Cell[] = Array.from({ length: 9 }, (_, i) => (board[i] === "X" || board[i] === "O" ? board[i] : null) as Cell);
  const xs = cells.map((c, i) => (c === "X" ? i : -1)).filter((i) => i >= 0);
  const os = cells.map((c, i) => (c === "O" ? i : -1)).filter((i) => i >= 0);
  // Interleave X and O so the ply count, and so the side to move, is right.
  const moves: number[] = [];
  for (let i = 0; i < xs.length + os.length; i++) moves.push(i % 2 === 0 ? xs[i >> 1] : os[i >> 1]);
  return { board: cells, moves };
}

/** The move is a cell, 0..8 row by row. */
export class TicTacToeScene extends GameScene<TicTacToeRoomState, number> {
  private cells: Phaser.GameObjects.Rectangle[] = [];
  private marks: Phaser.GameObjects.Text[] = [];
  private shown: string[] = [];

  protected createBoard() {
    this.cells = [];
    this.marks = [];
    this.shown = Array(9).fill("");
    const left = (WIDTH - CELL * 3) / 2;
    for (let i = 0; i < 9; i++) {
      const x = left + (i % 3) * CELL + CELL / 2;
      const y = TOP + Math.floor(i / 3) * CELL + CELL / 2;
      const cell = this.add.rectangle(x, y, CELL - 10, CELL - 10, COLORS.panel).setStrokeStyle(2, COLORS.border).setName(`cell:${i}`);
      cell.setInteractive({ useHandCursor: true });
      cell.on("pointerdown", () => this.play(i));
      this.cells.push(cell);
      this.marks.push(label(this, x, y, "", { size: 120, bold: true, align: "center" }));
    }
  }

  protected play(cell: number) {
    if (this.spectating || this.state.status !== "playing") return;
    // The hint only avoids a pointless round trip; the server judges the move.
    if (!this.legalCells().includes(cell)) return connection.notice(this.state.board[cell] ? "That cell is taken." : "It is not your turn.");
    connection.sendGame("move", { cell });
  }

  private legalCells(): number[] {
    if (this.mySeat < 0 || this.state.status !== "playing") return [];
    return legalMoves(rulesState(this.state.board), this.mySeat as Seat);
  }

  protected renderBoard(state: TicTacToeRoomState) {
    const legal = new Set(this.legalCells());
    const line = new Set(Array.from(state.winningLine ?? []));
    for (let i = 0; i < 9; i++) {
      const mark = state.board[i] ?? "";
      const text = this.marks[i];
      text.setText(mark).setColor(css(markColor(mark)));
      if (mark && this.shown[i] !== mark) {
        text.setScale(0.3);
        this.tweens.add({ targets: text, scale: 1, duration: 160, ease: "Back.Out" });
      }
      this.shown[i] = mark;
      const fill = line.has(i) ? COLORS.accent : legal.has(i) ? COLORS.panelLight : COLORS.panel;
      this.cells[i].setFillStyle(fill).setAlpha(legal.has(i) || mark || line.has(i) ? 1 : 0.55).setData("highlighted", line.has(i));
      if (line.has(i)) text.setColor(css(COLORS.background));
      if (legal.has(i)) this.cells[i].input!.cursor = "pointer";
      else this.cells[i].input!.cursor = "not-allowed";
    }
  }

  protected playingStatus(state: TicTacToeRoomState, me: TicTacToePlayer | undefined): string {
    const mover = seated(state)[state.turn];
    if (!mover) return "";
    if (me && mover.seat === me.seat) return `Your turn (${me.mark})`;
    return `${mover.name} to move (${mover.mark})`;
  }

  protected playerDetail(player: TicTacToePlayer): string {
    return player.mark;
  }
}
