import Phaser from "phaser";
import { reasonInWords } from "../games/clientGame";
import type { LiveGameRow } from "../../../protocol/wire";
import { CLIENT_GAME_LIST, CLIENT_GAMES, isClientGame } from "../games/registry";
import { api, type GameName, type LeaderboardRow, type StoredMatch } from "../net/api";
import { serverNow } from "../net/clock";
import { connection } from "../net/connection";
import { COLORS, TEXT, WIDTH } from "../ui/theme";
import { button, type Button, clock, label, panel, signed, spread, textInput } from "../ui/widgets";

type Tab = "play" | "watch" | "leaders" | "history";
const TABS: [Tab, string][] = [
  ["play", "Play"],
  ["watch", "Watch"],
  ["leaders", "Leaders"],
  ["history", "History"],
];
/** Matches per History page; "Older" fetches the next page by cursor. */
const HISTORY_PAGE = 8;

/** A live game of a kind this client knows (always, when client and server are built from one tree). */
type LiveGameView = LiveGameRow<GameName>;

/** What the lobby told me, kept across visits to the scene. */
const mine = {
  queued: null as null | { game: GameName; position: number; since: number },
  privateGame: null as null | { code: string; game: GameName; expiresAt: number },
  board: CLIENT_GAME_LIST[0].name,
  tab: "play" as Tab,
};

/**
 * Matchmaking and everything around it: queue or play a bot, private games by code,
 * players online, live games to watch, leaderboards with my rank, my recent matches.
 */
export class LobbyScene extends Phaser.Scene {
  private content!: Phaser.GameObjects.Container;
  private signature = "";
  private onlineText!: Phaser.GameObjects.Text;
  private queueText: Phaser.GameObjects.Text | null = null;
  private privateText: Phaser.GameObjects.Text | null = null;
  private codeInput: Phaser.GameObjects.DOMElement | null = null;
  private tabButtons = new Map<Tab, Button>();
  private leaders: { top: LeaderboardRow[]; me: LeaderboardRow | null; around: LeaderboardRow[] } | null = null;
  /** One page of my matches, the cursor of the next (older) one, and the cursors that led here (for "Newer"). */
  private history: { matches: StoredMatch[]; next: string | null; newer: (string | undefined)[]; before?: string } | null = null;
  private joining = false;
  private readonly listeners: [string, (...args: any[]) => void][] = [];

  constructor() {
    super("lobby");
  }

  create() {
    this.cameras.main.setBackgroundColor(COLORS.background);
    this.signature = "";
    this.joining = false;
    this.leaders = null;
    this.history = null;
    this.tabButtons.clear();
    label(this, 30, 50, "Parlor", { size: 44, bold: true, color: TEXT.accent });
    label(this, WIDTH - 30, 40, `Hi, ${connection.player?.name ?? ""}`, { size: 26, align: "right" }).setName("me");
    this.onlineText = label(this, WIDTH - 30, 76, "", { size: 20, align: "right", color: TEXT.muted }).setName("online");
    TABS.forEach(([tab, caption], i) => {
      const b = button(this, 96 + i * 176, 145, `tab:${tab}`, caption, () => this.showTab(tab), { width: 166, height: 62, size: 24 });
      this.tabButtons.set(tab, b);
    });
    this.content = this.add.container(0, 0);

    // The counts are updated in place (update()); a new Watch list may mean other buttons.
    this.listen("lobby:live", () => this.render());
    this.listen("lobby:connected", () => this.render());
    this.listen("lobby:reconnecting", () => {
      mine.queued = null;
      this.render();
    });
    this.listen("lobby:queued", (m: { game: GameName; position: number; since: number }) => {
      mine.queued = m;
      this.render();
    });
    this.listen("lobby:requeued", (m: { game: GameName }) => connection.notice(`Your opponent never arrived; you are back at the front of the ${CLIENT_GAMES[m.game].title} queue.`, "info"));
    this.listen("lobby:cancelled", () => {
      mine.queued = null;
      this.render();
    });
    this.listen("lobby:private:created", (m: { code: string; game: GameName; expiresAt: number }) => {
      mine.privateGame = m;
      this.render();
    });
    this.listen("lobby:matched", (m: { reservation: never; game: GameName; opponent: { name: string } }) => void this.enterMatch(m.reservation, m.game));
    this.listen("lobby:error", (e: { code: string }) => {
      if (!mine.queued) return;
      // A pairing whose game could not be started leaves the player out of the queue; a refused
      // queue (cooldown, already in a game) leaves no new ticket behind.
      if (e.code === "MATCH_FAILED") mine.queued = null;
      this.render();
    });
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      // Off the lobby screen (in a game, a replay), the lobby sends this tab nothing it does not ask for.
      connection.unsubscribeLobby("counts");
      connection.unsubscribeLobby("live");
      for (const [event, fn] of this.listeners) connection.off(event, fn);
      this.listeners.length = 0;
      this.codeInput = null;
    });

    connection.subscribeLobby("counts");
    this.showTab(mine.tab);
    void connection.connectLobby().catch((error: Error) => connection.notice(`Cannot reach the lobby: ${error.message}`));
  }

  private listen(event: string, fn: (...args: any[]) => void) {
    connection.on(event, fn);
    this.listeners.push([event, fn]);
  }

  update() {
    const counts = connection.lobby ? connection.lobbyCounts : null;
    this.onlineText.setText(counts ? `${counts.online} online` : "connecting…");
    if (counts && mine.tab === "play") {
      for (const { name: game } of CLIENT_GAME_LIST) (this.content.getByName(`waiting:${game}`) as Phaser.GameObjects.Text | null)?.setText(`${counts.queues[game] ?? 0} waiting`);
    }
    if (mine.tab === "watch") {
      for (const g of this.liveGames()) (this.content.getByName(`btn:watch:${g.roomId}`) as Button | null)?.setCaption(this.watchCaption(g));
    }
    const now = serverNow();
    if (this.queueText && mine.queued) this.queueText.setText(`Searching… position ${mine.queued.position} · waited ${clock(now - mine.queued.since)}`);
    if (this.privateText && mine.privateGame) {
      const left = mine.privateGame.expiresAt - now;
      this.privateText.setText(left > 0 ? `Code ${mine.privateGame.code} (${CLIENT_GAMES[mine.privateGame.game].title}) · expires in ${clock(left)}` : "Your code expired; create a new one.");
    }
  }

  private showTab(tab: Tab) {
    mine.tab = tab;
    // The Watch list is sent only while it is shown.
    if (tab === "watch") connection.subscribeLobby("live");
    else connection.unsubscribeLobby("live");
    for (const [t, b] of this.tabButtons) b.setAlpha(t === tab ? 1 : 0.6).setScale(t === tab ? 1.04 : 1);
    if (tab === "leaders") void this.loadLeaders();
    if (tab === "history") void this.loadHistory();
    this.signature = "";
    this.render();
  }

  private async enterMatch(reservation: never, game: GameName) {
    if (this.joining) return;
    this.joining = true;
    mine.queued = null;
    try {
      await connection.joinSeat(reservation, game);
      this.scene.start(game);
    } catch (error) {
      this.joining = false;
      connection.notice(`Could not join the game: ${(error as Error).message}`);
      this.render();
    }
  }

  /** Rebuilds the tab only when what it shows has changed, so a click is never lost to a redraw. */
  private render() {
    if (!this.content) return;
    const signature = JSON.stringify([mine.tab, mine.queued?.game, !!mine.privateGame, mine.privateGame?.code, this.describe()]);
    if (signature === this.signature) return;
    this.signature = signature;
    this.content.removeAll(true);
    this.queueText = null;
    this.privateText = null;
    this.codeInput?.setVisible(false);
    if (mine.tab === "play") this.renderPlay();
    if (mine.tab === "watch") this.renderWatch();
    if (mine.tab === "leaders") this.renderLeaders();
    if (mine.tab === "history") this.renderHistory();
  }

  private describe(): unknown {
    // Counts that change often are updated in place (update()), never by a rebuild.
    if (mine.tab === "play") return null;
    if (mine.tab === "watch") return connection.liveGames && this.liveGames().map((g) => g.roomId);
    if (mine.tab === "leaders") return [mine.board, this.leaders];
    return this.history ? [this.history.before, this.history.next, this.history.matches.map((m) => m.matchId)] : null;
  }

  private liveGames(): LiveGameView[] {
    return (connection.liveGames ?? []).filter((g) => isClientGame(g.game));
  }

  private add2<T extends Phaser.GameObjects.GameObject>(object: T): T {
    this.content.add(object);
    return object;
  }

  /** One panel per game (as many as fit between the tabs and "Play a friend"), then private codes. */
  private renderPlay() {
    const counts = connection.lobbyCounts;
    const each = Math.min(200, 450 / CLIENT_GAME_LIST.length);
    const height = each - 12;
    CLIENT_GAME_LIST.forEach(({ name: game, title }, i) => {
      const y = 200 + each * i + each / 2;
      const top = y - height / 2 + 30;
      const buttons = y + height / 2 - 40;
      this.add2(panel(this, WIDTH / 2, y, 660, height));
      this.add2(label(this, 60, top, title, { size: 30, bold: true }));
      this.add2(label(this, WIDTH - 60, top, `${counts?.queues[game] ?? 0} waiting`, { size: 22, align: "right", color: TEXT.muted }).setName(`waiting:${game}`));
      if (mine.queued?.game === game) {
        this.queueText = this.add2(label(this, 60, buttons, "Searching…", { size: 24, color: TEXT.accent }).setName("queue-status"));
        this.add2(button(this, WIDTH - 170, buttons, "btn:cancel", "Cancel", () => connection.sendLobby("cancel"), { width: 220, height: 60 }));
      } else {
        this.add2(
          button(this, 200, buttons, `btn:queue:${game}`, "Find opponent", () => connection.sendLobby("queue", { game }), {
            width: 290,
            height: 60,
            color: COLORS.good,
            textColor: TEXT.dark,
          }),
        );
        this.add2(button(this, WIDTH - 200, buttons, `btn:bot:${game}`, "Play a bot now", () => connection.sendLobby("queue", { game, vsBot: true }), { width: 290, height: 60 }));
      }
    });

    const y = 700;
    this.add2(panel(this, WIDTH / 2, y + 110, 660, 300));
    this.add2(label(this, 60, y, "Play a friend: a new code for", { size: 28, bold: true }));
    const codes = spread(CLIENT_GAME_LIST.length);
    CLIENT_GAME_LIST.forEach(({ name: game, shortTitle }, i) => {
      this.add2(
        button(this, codes.x(i), y + 70, `btn:private:${game}`, shortTitle, () => connection.sendLobby("private:create", { game }), {
          width: codes.width - 10,
          height: 60,
          size: 22,
        }),
      );
    });
    this.privateText = this.add2(label(this, WIDTH / 2, y + 140, mine.privateGame ? "" : "Or enter a friend's code:", { size: 24, align: "center", color: TEXT.accent }).setName("private-code"));
    if (!this.codeInput) {
      this.codeInput = textInput(this, 230, y + 212, { id: "code-input", placeholder: "CODE", maxLength: 12, width: 260, onEnter: () => this.joinByCode() });
      (this.codeInput.node as HTMLInputElement).style.textTransform = "uppercase";
    }
    this.codeInput.setVisible(true);
    this.add2(button(this, 520, y + 212, "btn:private-join", "Join", () => this.joinByCode(), { width: 220, height: 64 }));
  }

  private joinByCode() {
    const input = this.codeInput?.node as HTMLInputElement | undefined;
    const code = input?.value.trim() ?? "";
    if (!code) return connection.notice("Type the code your friend shared.");
    connection.sendLobby("private:join", { code });
  }

  private watchCaption(g: LiveGameView): string {
    const names = Array.from({ length: g.names.length }, (_, k) => `${g.names[k]} (${Math.round(g.ratings[k] ?? 0)})`);
    return `${CLIENT_GAMES[g.game].shortTitle}: ${names.join(" vs ")}${g.spectators ? ` · ${g.spectators} watching` : ""}`;
  }

  private renderWatch() {
    if (!connection.liveGames) return void this.add2(label(this, WIDTH / 2, 260, "Loading…", { size: 24, align: "center", color: TEXT.muted }));
    const games = this.liveGames();
    this.add2(label(this, 40, 230, games.length ? "Games being played now" : "No games being played right now.", { size: 26, color: TEXT.muted }));
    games.slice(0, 9).forEach((g, i) => {
      this.add2(button(this, WIDTH / 2, 300 + i * 84, `btn:watch:${g.roomId}`, this.watchCaption(g), () => void this.watch(g), { width: 660, height: 72, size: 21 }));
    });
  }

  private async watch(g: LiveGameView) {
    try {
      await connection.watch(g.roomId, g.game);
      this.scene.start(g.game);
    } catch (error) {
      connection.notice(`Cannot watch that game: ${(error as Error).message}`);
    }
  }

  private async loadLeaders() {
    const game = mine.board;
    const me = connection.player!;
    try {
      // A player with no rated game gets { me: null } and the top rows, not an error.
      const [top, around] = await Promise.all([api.leaderboard(game, 10), api.around(me.playerId, game, 2).catch(() => null)]);
      if (mine.board !== game) return;
      this.leaders = { top: top.rows, me: around?.me ?? null, around: around?.me ? around.rows : [] };
    } catch (error) {
      connection.notice(`Leaderboard unavailable: ${(error as Error).message}`);
    }
    this.render();
  }

  private renderLeaders() {
    const boards = spread(CLIENT_GAME_LIST.length);
    CLIENT_GAME_LIST.forEach(({ name: game, shortTitle }, i) => {
      const b = button(this, boards.x(i), 230, `btn:board:${game}`, shortTitle, () => {
        mine.board = game;
        this.leaders = null;
        this.signature = "";
        void this.loadLeaders();
        this.render();
      }, { width: boards.width, height: 56, size: 22 });
      this.add2(b.setAlpha(mine.board === game ? 1 : 0.55));
    });
    if (!this.leaders) return void this.add2(label(this, WIDTH / 2, 320, "Loading…", { size: 24, align: "center", color: TEXT.muted }));
    // A provisional rating (still settling after few games) is shown with a "?", as lichess does.
    const rating = (r: LeaderboardRow) => `${r.rating}${r.provisional ? "?" : ""}`;
    const row = (r: LeaderboardRow, y: number, name: string, highlight: boolean) =>
      this.add2(
        label(this, 40, y, `#${r.rank}  ${r.name}  ·  ${rating(r)}  ·  ${r.wins}W ${r.losses}L ${r.draws}D`, {
          size: 22,
          color: highlight ? TEXT.accent : TEXT.normal,
        }).setName(name),
      );
    const myId = connection.player?.playerId;
    const { top, me, around } = this.leaders;
    if (top.length === 0) this.add2(label(this, 40, 300, "No rated games yet. Be the first!", { size: 24, color: TEXT.muted }));
    top.forEach((r, i) => row(r, 300 + i * 40, `leader:${r.playerId}`, r.playerId === myId));
    const y = 730;
    if (me) {
      this.add2(label(this, 40, y, `Your rank: #${me.rank} · ${rating(me)}`, { size: 26, bold: true }).setName("my-rank"));
      // Rows around me that the top list already shows are not listed again.
      const listed = new Set(top.map((r) => r.playerId));
      around.filter((r) => !listed.has(r.playerId)).forEach((r, i) => row(r, y + 45 + i * 40, `around:${r.playerId}`, r.playerId === myId));
    } else this.add2(label(this, 40, y, "Play a rated game to get a rank.", { size: 24, color: TEXT.muted }).setName("my-rank"));
    if ([...top, ...around].some((r) => r.provisional)) {
      this.add2(label(this, 40, 1010, "? provisional: rated on few games so far, ranked below settled ratings", { size: 18, color: TEXT.muted }));
    }
  }

  /** Loads the page of my matches older than `before` (the newest page without it). */
  private async loadHistory(before?: string, newer: (string | undefined)[] = []) {
    try {
      const page = await api.matches(connection.player!.playerId, { before, limit: HISTORY_PAGE });
      this.history = { matches: page.matches, next: page.next, newer, before };
    } catch (error) {
      connection.notice(`History unavailable: ${(error as Error).message}`);
      this.history = { matches: [], next: null, newer: [] };
    }
    this.render();
  }

  private renderHistory() {
    const history = this.history;
    if (!history) return void this.add2(label(this, WIDTH / 2, 260, "Loading…", { size: 24, align: "center", color: TEXT.muted }));
    const first = history.newer.length === 0;
    this.add2(label(this, 40, 230, history.matches.length ? (first ? "Your recent matches (tap to replay)" : "Older matches (tap to replay)") : "No matches yet.", { size: 24, color: TEXT.muted }));
    const me = connection.player!.playerId;
    history.matches.forEach((m, i) => {
      const opponent = m.players.find((p) => p.playerId !== me)?.name ?? "?";
      const result = m.aborted ? "Aborted" : m.winner === null ? "Draw" : m.winner === me ? "Won" : "Lost";
      // Ratings arrive as whole numbers, so the change shown is exactly the difference of the ratings shown.
      const change = m.ratingChanges[me] ? ` ${signed(m.ratingChanges[me].after - m.ratingChanges[me].before)}` : "";
      const when = new Date(m.endedAt).toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
      const game = CLIENT_GAMES[m.game];
      const caption = `${game.shortTitle} vs ${opponent}: ${result}${change}\n${when} · ${reasonInWords(game, m.reason)}`;
      this.add2(button(this, WIDTH / 2, 300 + i * 82, `btn:replay:${m.matchId}`, caption, () => this.scene.start("replay", { matchId: m.matchId }), { width: 660, height: 74, size: 20 }));
    });
    const y = 300 + HISTORY_PAGE * 82 + 10;
    if (!first) {
      const back = history.newer.slice(0, -1);
      this.add2(button(this, 200, y, "btn:history-newer", "‹ Newer", () => void this.loadHistory(history.newer.at(-1), back), { width: 290, height: 64, size: 22 }));
    }
    if (history.next) {
      const next = history.next;
      this.add2(button(this, WIDTH - 200, y, "btn:history-older", "Older ›", () => void this.loadHistory(next, [...history.newer, history.before]), { width: 290, height: 64, size: 22 }));
    }
  }
}
