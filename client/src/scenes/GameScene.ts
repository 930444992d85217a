import Phaser from "phaser";
import type { Room } from "colyseus.js";
import type { MapSchema } from "@colyseus/schema";
import type { GameState, PlayerState } from "../../../schema/GameState";
import { reasonInWords, type ClientGame } from "../games/clientGame";
import { serverNow } from "../net/clock";
import { connection } from "../net/connection";
import { COLORS, TEXT, WIDTH } from "../ui/theme";
import { button, type Button, clock, label, panel, signed } from "../ui/widgets";

/** A game state's own player schema (TicTacToePlayer, RpsPlayer, …), as the client decodes it. */
export type PlayerOf<S extends GameState> = (S["players"] extends MapSchema<infer P> ? P : never) & PlayerState;

/** Players in seat order. */
export function seated<S extends GameState>(state: S): PlayerOf<S>[] {
  const list: PlayerOf<S>[] = [];
  state.players.forEach((p) => list.push(p as PlayerOf<S>));
  return list.sort((a, b) => a.seat - b.seat);
}

/**
 * What both game screens share: the two players, their connection state, the clock, resign,
 * the result with rating change, rematch and the way back. Spectators get the same screen, read-only.
 * Subclasses draw the board, say whose move it is and play a move; keys come from the game's `keys`.
 * The state types are the server's schema classes (type-only imports: nothing of the server is bundled).
 */
export abstract class GameScene<S extends GameState, Move> extends Phaser.Scene {
  protected room!: Room;
  protected spectating = false;
  protected mySeat = -1;
  private cards: { name: Phaser.GameObjects.Text; detail: Phaser.GameObjects.Text; link: Phaser.GameObjects.Text; box: Phaser.GameObjects.Rectangle }[] = [];
  private statusLine!: Phaser.GameObjects.Text;
  private clockText!: Phaser.GameObjects.Text;
  private clockBar!: Phaser.GameObjects.Rectangle;
  private resignButton!: Button;
  private leaveButton!: Button;
  private result!: Phaser.GameObjects.Container;
  private resultTitle!: Phaser.GameObjects.Text;
  private resultReason!: Phaser.GameObjects.Text;
  private resultRating!: Phaser.GameObjects.Text;
  private rematchNote!: Phaser.GameObjects.Text;
  private rematchButton!: Button;
  private closed = false;
  private turnStartedAt = 0;
  private lastDeadline = 0;
  private lastResultRender = 0;
  private readonly listeners: [string, (...args: any[]) => void][] = [];

  constructor(readonly clientGame: ClientGame<Move>) {
    super(clientGame.name);
  }

  /** Draws the board area between y = 300 and y = 880. */
  protected abstract createBoard(): void;
  protected abstract renderBoard(state: S): void;
  /** "Your turn", "Alice is thinking", … while playing. */
  protected abstract playingStatus(state: S, me: PlayerOf<S> | undefined): string;
  /** Extra line on a player's card: mark or score. */
  protected abstract playerDetail(player: PlayerOf<S>, state: S): string;
  /** A click, tap or key asks for this move; the scene sends it, or says why not. */
  protected abstract play(move: Move): void;

  get state(): S {
    return this.room.state as S;
  }

  create() {
    if (!connection.game) return this.scene.start("lobby");
    this.room = connection.game;
    this.spectating = connection.spectating;
    this.closed = false;
    this.cameras.main.setBackgroundColor(COLORS.background);

    label(this, 30, 44, this.clientGame.title, { size: 34, bold: true });
    const badge = label(this, WIDTH - 30, 44, "", { size: 22, align: "right", bold: true }).setName("badge");
    badge.setText(this.spectating ? "WATCHING" : "").setColor(TEXT.accent);
    this.statusLine = label(this, WIDTH / 2, 250, "", { size: 30, align: "center", bold: true }).setName("status");

    for (const seat of [0, 1]) {
      const x = seat === 0 ? 185 : WIDTH - 185;
      const box = panel(this, x, 145, 330, 120);
      const name = label(this, x, 112, "", { size: 28, bold: true, align: "center" }).setName(`player:${seat}`);
      const detail = label(this, x, 148, "", { size: 22, align: "center", color: TEXT.muted });
      const link = label(this, x, 180, "", { size: 20, align: "center" }).setName(`link:${seat}`);
      this.cards.push({ name, detail, link, box });
    }
    this.clockText = label(this, WIDTH / 2, 292, "", { size: 24, align: "center", color: TEXT.muted }).setName("clock");
    this.clockBar = this.add.rectangle(WIDTH / 2, 318, 600, 6, COLORS.accent);

    this.createBoard();
    this.input.keyboard?.on("keydown", (event: KeyboardEvent) => {
      // Ctrl+R reloads the page; it must not also play rock.
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      const move = this.clientGame.keys[event.key.toLowerCase()];
      if (move !== undefined && !this.spectating) this.play(move);
    });

    this.resignButton = button(this, WIDTH / 2 - 160, 960, "btn:resign", "Resign", () => this.confirmResign(), { width: 280, color: 0x4a2a2a });
    this.leaveButton = button(this, WIDTH / 2 + 160, 960, "btn:leave", "Back to lobby", () => void this.backToLobby(), { width: 280 });
    this.createResultPanel();

    this.listen("game:state", () => this.render());
    this.listen("game:reconnected", () => {
      this.room = connection.game!;
      this.render();
    });
    this.listen("game:rematch", (message: { reservation: never }) => void this.takeRematch(message.reservation));
    this.listen("game:closed", () => {
      this.closed = true;
      this.render();
    });
    this.listen("game:lost", (text: string) => {
      connection.notice(text);
      this.scene.start("lobby");
    });
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      for (const [event, fn] of this.listeners) connection.off(event, fn);
      this.listeners.length = 0;
      this.cards = [];
    });
    this.render();
  }

  protected listen(event: string, fn: (...args: any[]) => void) {
    connection.on(event, fn);
    this.listeners.push([event, fn]);
  }

  update() {
    this.tick();
  }

  /** Clocks and connection lines: every frame, and on every patch (a hidden tab gets no frames). */
  private tick() {
    if (!this.room?.state?.players || this.cards.length === 0) return;
    const state = this.state;
    const now = serverNow();
    if (state.status === "playing" && state.deadline > 0) {
      if (state.deadline !== this.lastDeadline) {
        this.lastDeadline = state.deadline;
        this.turnStartedAt = now;
      }
      const left = state.deadline - now;
      const total = Math.max(1, state.deadline - this.turnStartedAt);
      this.clockText.setText(`${clock(left)} left`).setColor(left < 5000 ? TEXT.bad : TEXT.muted);
      this.clockBar.setVisible(true).setScale(Math.max(0, Math.min(1, left / total)), 1).setFillStyle(left < 5000 ? COLORS.bad : COLORS.accent);
    } else {
      this.clockText.setText(state.status === "waiting" ? "Waiting for both players…" : "");
      this.clockBar.setVisible(false);
    }
    seated(state).forEach((p, seat) => {
      const card = this.cards[seat];
      if (card) card.link.setText(this.linkText(p, now)).setColor(p.connected || p.bot ? TEXT.good : TEXT.bad);
    });
    // The rematch window closes on the clock, not on a patch.
    if (state.status === "finished" && now - this.lastResultRender > 250) this.renderResult();
  }

  private linkText(p: PlayerOf<S>, now: number): string {
    if (p.bot) return "bot";
    if (p.connected) return "connected";
    if (p.reconnectDeadline > 0) return `disconnected, ${clock(p.reconnectDeadline - now)} to return`;
    return this.state.status === "waiting" ? "not here yet" : "left";
  }

  protected me(): PlayerOf<S> | undefined {
    return this.spectating ? undefined : (this.state.players.get(this.room.sessionId) as PlayerOf<S> | undefined);
  }

  protected render() {
    const state = this.state;
    if (!state?.players || this.cards.length === 0) return;
    const me = this.me();
    this.mySeat = me ? me.seat : -1;
    const players = seated(state);
    players.forEach((p, seat) => {
      const card = this.cards[seat];
      const you = seat === this.mySeat ? " (you)" : "";
      card.name.setText(`${p.name}${you}`);
      card.detail.setText(`${this.playerDetail(p, state)} · ${Math.round(p.rating)}`);
      const active = state.status === "playing" && (state.turn === seat || state.turn === -1);
      card.box.setStrokeStyle(active ? 4 : 2, active ? COLORS.accent : COLORS.border);
    });
    this.statusLine.setText(this.statusText(state, me));
    this.renderBoard(state);
    this.tick();
    const over = state.status === "finished" || state.status === "aborted";
    this.statusLine.setVisible(!over);
    this.resignButton.setVisible(!this.spectating && !over).setX(WIDTH / 2);
    this.leaveButton.setVisible(this.spectating && !over).setX(WIDTH / 2);
    this.renderResult();
  }

  private statusText(state: S, me: PlayerOf<S> | undefined): string {
    switch (state.status) {
      case "waiting":
        return "Waiting for your opponent to arrive…";
      case "playing":
        return this.playingStatus(state, me);
      case "aborted":
        return "Game aborted";
      default: {
        if (state.winner < 0) return "Draw";
        const winner = seated(state)[state.winner];
        return this.mySeat === state.winner ? "You won!" : this.mySeat >= 0 ? "You lost" : `${winner?.name ?? "?"} won`;
      }
    }
  }

  /** The result replaces the status line and the bottom bar, so the final board stays in view. */
  private createResultPanel() {
    const cx = WIDTH / 2;
    this.result = this.add.container(0, 0).setDepth(10).setName("result");
    const box = panel(this, cx, 975, WIDTH - 20, 200, COLORS.panel);
    this.resultTitle = label(this, cx, 250, "", { size: 40, bold: true, align: "center" }).setName("result:title");
    this.resultReason = label(this, cx, 900, "", { size: 24, align: "center", color: TEXT.muted, wrap: 660 }).setName("result:reason");
    this.resultRating = label(this, cx, 935, "", { size: 26, align: "center" }).setName("result:rating");
    this.rematchNote = label(this, cx, 292, "", { size: 24, align: "center", color: TEXT.accent }).setName("result:rematch");
    this.rematchButton = button(this, cx - 170, 1015, "btn:rematch", "Rematch", () => this.askRematch(), { width: 320, height: 70, color: COLORS.good, textColor: TEXT.dark });
    const lobby = button(this, cx + 170, 1015, "btn:result-lobby", "Back to lobby", () => void this.backToLobby(), { width: 320, height: 70 });
    this.result.add([box, this.resultTitle, this.resultReason, this.resultRating, this.rematchNote, this.rematchButton, lobby]);
    this.result.setVisible(false);
  }

  private rematchOpen(now: number): boolean {
    const state = this.state;
    const players = seated(state);
    return !this.spectating && !this.closed && state.status === "finished" && now < state.rematchDeadline && players.every((p) => p.bot || p.connected);
  }

  private renderResult() {
    const state = this.state;
    const over = state.status === "finished" || state.status === "aborted";
    // Spectators and players both see the outcome; it stays up until they leave.
    this.result.setVisible(over);
    if (!over) return;
    this.lastResultRender = serverNow();
    const players = seated(state);
    const me = this.me();
    this.resultTitle.setText(this.statusText(state, me)).setColor(state.winner < 0 ? TEXT.normal : state.winner === this.mySeat ? TEXT.good : this.mySeat >= 0 ? TEXT.bad : TEXT.normal);
    const loser = state.winner >= 0 ? players[1 - state.winner] : undefined;
    const reason = reasonInWords(this.clientGame, state.reason);
    const who = ["resign", "timeout", "abandoned"].includes(state.reason) && loser ? `${loser.seat === this.mySeat ? "You" : loser.name} ${reason}` : reason;
    this.resultReason.setText(state.status === "aborted" ? `Aborted: ${reason}. No result for anyone.` : who.charAt(0).toUpperCase() + who.slice(1));
    if (me && state.rated && me.ratingChange !== 0) this.resultRating.setText(`Rating ${signed(Math.round(me.ratingChange))}, now ${Math.round(me.rating)}`);
    else if (me && state.rated) this.resultRating.setText(`Rating ${Math.round(me.rating)}`);
    else this.resultRating.setText(state.rated ? "Rated game" : "Unrated game");
    const opponent = players.find((p) => p.seat !== this.mySeat);
    const open = this.rematchOpen(serverNow());
    this.rematchButton.setVisible(!this.spectating && state.status === "finished");
    this.rematchButton.setEnabled(open && !me?.wantsRematch).setCaption(me?.wantsRematch ? "Waiting for opponent…" : "Rematch");
    if (this.spectating) this.rematchNote.setText("");
    else if (!open && state.status === "finished") this.rematchNote.setText("Rematch no longer available");
    else this.rematchNote.setText(opponent?.wantsRematch ? `${opponent.name} wants a rematch!` : "");
  }

  private askRematch() {
    connection.sendGame("rematch");
  }

  private confirmResign() {
    const b = this.resignButton;
    if (b.getData("armed")) return connection.sendGame("resign");
    b.setData("armed", true).setCaption("Really resign?");
    this.time.delayedCall(3000, () => b.active && b.setData("armed", false).setCaption("Resign"));
  }

  private async takeRematch(reservation: never) {
    try {
      await connection.joinSeat(reservation, this.clientGame.name);
      this.scene.restart();
    } catch (error) {
      connection.notice(`Could not start the rematch: ${(error as Error).message}`);
    }
  }

  private async backToLobby() {
    await connection.leaveGame();
    this.scene.start("lobby");
  }
}
