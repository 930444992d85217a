import Phaser from "phaser";
import { choose, initialState as rpsInitial, isHand, type RpsState } from "../../../games/rps";
import { applyMove, initialState as tttInitial, outcome, type TicTacToeState } from "../../../games/ticTacToe";
import type { Seat } from "../../../games/types";
import { api, type StoredMatch } from "../net/api";
import { connection } from "../net/connection";
import { COLORS, css, TEXT, WIDTH } from "../ui/theme";
import { button, GAME_TITLES, label, REASONS } from "../ui/widgets";
import { HAND_WORDS } from "./RpsScene";

type Move = { seat: Seat; move: unknown; at: number };

const CELL = 170;
const TOP = 330;

/** Steps through a finished match from its stored move list, rebuilding positions with the pure rules. */
export class ReplayScene extends Phaser.Scene {
  private match: StoredMatch | null = null;
  private step = 0;
  private stepText!: Phaser.GameObjects.Text;
  private marks: Phaser.GameObjects.Text[] = [];
  private cells: Phaser.GameObjects.Rectangle[] = [];
  private roundsText!: Phaser.GameObjects.Text;

  constructor() {
    super("replay");
  }

  create(data: { matchId: string }) {
    this.match = null;
    this.step = 0;
    this.marks = [];
    this.cells = [];
    this.cameras.main.setBackgroundColor(COLORS.background);
    const title = label(this, 30, 44, "Replay", { size: 34, bold: true });
    const players = label(this, WIDTH / 2, 120, "Loading…", { size: 26, align: "center" }).setName("replay:players");
    const result = label(this, WIDTH / 2, 165, "", { size: 24, align: "center", color: TEXT.muted });
    this.stepText = label(this, WIDTH / 2, 240, "", { size: 26, align: "center", color: TEXT.accent }).setName("replay:step");
    button(this, WIDTH - 130, 44, "btn:replay-back", "Lobby", () => this.scene.start("lobby"), { width: 200, height: 56, size: 22 });
    const controls: [string, string, () => void][] = [
      ["first", "|<", () => this.go(0)],
      ["prev", "<", () => this.go(this.step - 1)],
      ["next", ">", () => this.go(this.step + 1)],
      ["last", ">|", () => this.go(Number.MAX_SAFE_INTEGER)],
    ];
    controls.forEach(([name, caption, fn], i) => button(this, 135 + i * 150, 920, `btn:replay-${name}`, caption, fn, { width: 130, height: 80, size: 32 }));

    void api
      .match(data.matchId)
      .then((match) => {
        this.match = match;
        title.setText(`Replay: ${GAME_TITLES[match.game]}`);
        players.setText(match.players.map((p, i) => `${p.name}${match.game === "tictactoe" ? ` (${"XO"[i]})` : ""}`).join("  vs  "));
        const winner = match.players.find((p) => p.playerId === match.winner);
        result.setText(`${match.aborted ? "Aborted" : winner ? `${winner.name} won` : "Draw"} · ${REASONS[match.reason] ?? match.reason}`);
        if (match.game === "tictactoe") this.createBoard();
        else this.roundsText = label(this, WIDTH / 2, 560, "", { size: 28, align: "center", wrap: 640 }).setName("replay:rounds");
        this.go(match.moves.length);
      })
      .catch((error: Error) => {
        connection.notice(`Cannot load that match: ${error.message}`);
        this.scene.start("lobby");
      });
  }

  private createBoard() {
    const left = (WIDTH - CELL * 3) / 2;
    for (let i = 0; i < 9; i++) {
      const x = left + (i % 3) * CELL + CELL / 2;
      const y = TOP + Math.floor(i / 3) * CELL + CELL / 2;
      this.cells.push(this.add.rectangle(x, y, CELL - 10, CELL - 10, COLORS.panel).setStrokeStyle(2, COLORS.border).setName(`replay:cell:${i}`));
      this.marks.push(label(this, x, y, "", { size: 110, bold: true, align: "center" }));
    }
  }

  private go(step: number) {
    const match = this.match;
    if (!match) return;
    this.step = Math.max(0, Math.min(match.moves.length, step));
    this.stepText.setText(`Move ${this.step} of ${match.moves.length}`);
    // Stored as the room recorded them: { seat, move, at } (docs/protocol.md §1).
    const moves = (match.moves as Move[]).slice(0, this.step);
    if (match.game === "tictactoe") this.showBoard(moves);
    else this.showRounds(moves);
  }

  private showBoard(moves: Move[]) {
    let state: TicTacToeState = tttInitial();
    for (const m of moves) {
      const next = applyMove(state, m.seat as Seat, m.move as number);
      if (next.ok) state = next.state;
    }
    const result = outcome(state);
    const line = new Set(result.kind === "win" ? (result.line ?? []) : []);
    state.board.forEach((cell, i) => {
      this.marks[i].setText(cell ?? "").setColor(line.has(i) ? css(COLORS.background) : css(cell === "X" ? COLORS.x : COLORS.o));
      this.cells[i].setFillStyle(line.has(i) ? COLORS.accent : COLORS.panel);
    });
  }

  private showRounds(moves: Move[]) {
    let state: RpsState = rpsInitial();
    for (const m of moves) {
      if (!isHand(m.move)) continue;
      const next = choose(state, m.seat as Seat, m.move);
      if (next.ok) state = next.state;
    }
    const names = this.match!.players.map((p) => p.name);
    const lines = state.rounds.map((r, i) => `Round ${i + 1}: ${HAND_WORDS[r.hands[0]]} v ${HAND_WORDS[r.hands[1]]}, ${r.winner === null ? "tie" : `${names[r.winner]} takes it`}`);
    state.pending.forEach((hand, seat) => hand && lines.push(`${names[seat]} chose ${HAND_WORDS[hand]}…`));
    this.roundsText.setText(lines.join("\n") || "No moves yet.");
  }
}
