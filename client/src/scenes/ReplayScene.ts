import Phaser from "phaser";
import { reasonInWords, type ClientGame, type ReplayBoard } from "../games/clientGame";
import { CLIENT_GAMES } from "../games/registry";
import { api, type StoredMatch } from "../net/api";
import { connection } from "../net/connection";
import { COLORS, TEXT, WIDTH } from "../ui/theme";
import { button, label } from "../ui/widgets";

/** Steps through a finished match from its stored move list; the game's replay board rebuilds each position with the pure rules. */
export class ReplayScene extends Phaser.Scene {
  private match: StoredMatch | null = null;
  private clientGame: ClientGame | null = null;
  private board: ReplayBoard | null = null;
  private step = 0;
  private stepText!: Phaser.GameObjects.Text;
  private moveText!: Phaser.GameObjects.Text;

  constructor() {
    super("replay");
  }

  create(data: { matchId: string }) {
    this.match = null;
    this.clientGame = null;
    this.board = null;
    this.step = 0;
    this.cameras.main.setBackgroundColor(COLORS.background);
    const title = label(this, 30, 44, "Replay", { size: 34, bold: true });
    const players = label(this, WIDTH / 2, 120, "Loading…", { size: 26, align: "center" }).setName("replay:players");
    const result = label(this, WIDTH / 2, 165, "", { size: 24, align: "center", color: TEXT.muted });
    this.stepText = label(this, WIDTH / 2, 230, "", { size: 26, align: "center", color: TEXT.accent }).setName("replay:step");
    this.moveText = label(this, WIDTH / 2, 270, "", { size: 22, align: "center", color: TEXT.muted }).setName("replay:move");
    button(this, WIDTH - 130, 44, "btn:replay-back", "Lobby", () => this.scene.start("lobby"), { width: 200, height: 56, size: 22 });
    const controls: [string, string, () => void][] = [
      ["first", "|<", () => this.go(0)],
      ["prev", "<", () => this.go(this.step - 1)],
      ["next", ">", () => this.go(this.step + 1)],
      ["last", ">|", () => this.go(Number.MAX_SAFE_INTEGER)],
    ];
    controls.forEach(([name, caption, fn], i) => button(this, 135 + i * 150, 920, `btn:replay-${name}`, caption, fn, { width: 130, height: 80, size: 32 }));
    const keys: Record<string, () => void> = { arrowleft: controls[1][2], arrowright: controls[2][2], home: controls[0][2], end: controls[3][2] };
    this.input.keyboard?.on("keydown", (event: KeyboardEvent) => keys[event.key.toLowerCase()]?.());

    void api
      .match(data.matchId)
      .then((match) => {
        const game: ClientGame = CLIENT_GAMES[match.game];
        this.match = match;
        this.clientGame = game;
        title.setText(`Replay: ${game.title}`);
        players.setText(match.players.map((p, i) => `${p.name}${game.sides ? ` (${game.sides[i]})` : ""}`).join("  vs  "));
        const winner = match.players.find((p) => p.playerId === match.winner);
        result.setText(`${match.aborted ? "Aborted" : winner ? `${winner.name} won` : "Draw"} · ${reasonInWords(game, match.reason)}`);
        this.board = game.createReplayBoard(this, match);
        this.go(match.moves.length);
      })
      .catch((error: Error) => {
        connection.notice(`Cannot load that match: ${error.message}`);
        this.scene.start("lobby");
      });
  }

  private go(step: number) {
    const { match, clientGame: game, board } = this;
    if (!match || !game || !board) return;
    this.step = Math.max(0, Math.min(match.moves.length, step));
    this.stepText.setText(`Move ${this.step} of ${match.moves.length}`);
    const last = match.moves[this.step - 1];
    this.moveText.setText(last ? game.describeMove(last, match.players[last.seat]?.name ?? "?") : "");
    board.show(this.step);
  }
}
