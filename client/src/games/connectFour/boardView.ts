import type Phaser from "phaser";
import { CELLS, COLUMNS, ROWS } from "../../../../games/connectFour";
import { COLORS, WIDTH } from "../../ui/theme";

/** Seat 0 (moves first) plays red, seat 1 yellow. */
export const PIECE_COLORS = [0xe5484d, 0xf5c542] as const;
export const SIDES = ["Red", "Yellow"] as const;

export const CELL = 76;
const RADIUS = 31;
const PAD = 10;
const FRAME = 0x2f5bd3;
const FRAME_TEXTURE = "connectfour-frame";

/** Cells as the room state holds them: -1 empty, else the seat whose piece is there. */
export type Cells = ArrayLike<number>;

/**
 * The 7×6 board, drawn for the game screen and the replay alike: pieces behind a frame with round holes, so a
 * dropped piece falls behind the frame into its cell. `top` is the top edge of row 0.
 */
export class ConnectFourBoardView {
  readonly left = (WIDTH - COLUMNS * CELL) / 2;
  private readonly pieces: Phaser.GameObjects.Arc[] = [];
  private readonly rings: Phaser.GameObjects.Arc[] = [];
  private shown: number[] = Array(CELLS).fill(-1);
  private drawn = false;
  private lineShown = "";

  constructor(
    private readonly scene: Phaser.Scene,
    readonly top: number,
    /** Prefix of each piece's name, for the test hook: `cell:` gives `cell:0`…`cell:41`. */
    cellName: string,
  ) {
    const width = COLUMNS * CELL + PAD * 2;
    const height = ROWS * CELL + PAD * 2;
    const cx = WIDTH / 2;
    const cy = top + (ROWS * CELL) / 2;
    scene.add.rectangle(cx, cy, width, height, COLORS.background).setDepth(0);
    for (let i = 0; i < CELLS; i++) {
      const { x, y } = this.cellCentre(i);
      this.pieces.push(scene.add.circle(x, y, RADIUS, PIECE_COLORS[0]).setDepth(1).setVisible(false).setName(`${cellName}${i}`));
    }
    if (!scene.textures.exists(FRAME_TEXTURE)) drawFrame(scene, width, height);
    scene.add.image(cx, cy, FRAME_TEXTURE).setDepth(2);
    for (let i = 0; i < 4; i++) this.rings.push(scene.add.circle(0, 0, RADIUS - 3).setStrokeStyle(6, 0xffffff).setDepth(3).setVisible(false));
  }

  columnX(column: number): number {
    return this.left + column * CELL + CELL / 2;
  }

  cellCentre(cell: number): { x: number; y: number } {
    return { x: this.columnX(cell % COLUMNS), y: this.top + Math.floor(cell / COLUMNS) * CELL + CELL / 2 };
  }

  /**
   * Shows `cells` with `line` highlighted. A single new piece since the last call falls from `dropFrom` (a y above
   * the board) into its cell; several at once (the first draw, a reconnection, a replay jump) simply appear.
   * Pieces that did not change are left alone, so a patch that arrives mid-fall does not cut the fall short.
   */
  show(cells: Cells, line: readonly number[], dropFrom?: number) {
    const changed: number[] = [];
    for (let i = 0; i < CELLS; i++) {
      const cell = cells[i] ?? -1;
      const piece = this.pieces[i];
      piece.setData("highlighted", line.includes(i));
      if (this.drawn && this.shown[i] === cell) continue;
      changed.push(i);
      this.scene.tweens.killTweensOf(piece);
      piece.setVisible(cell >= 0).setY(this.cellCentre(i).y);
      if (cell >= 0) piece.setFillStyle(PIECE_COLORS[cell]);
    }
    const single = changed.length === 1 && (cells[changed[0]] ?? -1) >= 0;
    const landsIn = this.drawn && single && dropFrom !== undefined ? this.drop(changed[0], dropFrom) : 0;
    this.shown = Array.from({ length: CELLS }, (_, i) => cells[i] ?? -1);
    this.drawn = true;
    const lineKey = line.join(",");
    if (lineKey !== this.lineShown) this.showLine(line, landsIn);
    this.lineShown = lineKey;
  }

  /** Tweens a piece down from `fromY` with a bounce; returns how long it takes to land, in ms. */
  private drop(cell: number, fromY: number): number {
    const piece = this.pieces[cell];
    const toY = piece.y;
    const rows = Math.floor(cell / COLUMNS) + 1;
    const duration = 180 + rows * 55;
    piece.setY(fromY);
    this.scene.tweens.add({ targets: piece, y: toY, duration, ease: "Bounce.Out" });
    return duration;
  }

  /** Rings round the winning four once the last piece has landed, pulsing. */
  private showLine(line: readonly number[], delay: number) {
    this.rings.forEach((ring, k) => {
      this.scene.tweens.killTweensOf(ring);
      const cell = line[k];
      ring.setVisible(cell !== undefined).setAlpha(0).setScale(1);
      if (cell === undefined) return;
      const { x, y } = this.cellCentre(cell);
      ring.setPosition(x, y);
      this.scene.tweens.add({ targets: ring, alpha: 1, delay, duration: 200 });
      // A few pulses, not forever: the board sleeps once nothing moves.
      this.scene.tweens.add({ targets: ring, scale: 1.12, delay: delay + 200, duration: 450, yoyo: true, repeat: 3, ease: "Sine.InOut" });
    });
  }
}

/** The frame once per game instance, as a texture: a rounded slab with a transparent hole per cell. */
function drawFrame(scene: Phaser.Scene, width: number, height: number) {
  const texture = scene.textures.createCanvas(FRAME_TEXTURE, width, height)!;
  const ctx = texture.getContext();
  ctx.fillStyle = `#${FRAME.toString(16).padStart(6, "0")}`;
  ctx.beginPath();
  ctx.roundRect(0, 0, width, height, 18);
  ctx.fill();
  ctx.globalCompositeOperation = "destination-out";
  for (let row = 0; row < ROWS; row++) {
    for (let column = 0; column < COLUMNS; column++) {
      ctx.beginPath();
      ctx.arc(PAD + column * CELL + CELL / 2, PAD + row * CELL + CELL / 2, RADIUS + 1, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  ctx.globalCompositeOperation = "source-over";
  texture.refresh();
}
