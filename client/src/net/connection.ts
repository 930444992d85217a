import { Client, type Room } from "colyseus.js";
import { CLOSE_BANNED, CLOSE_SESSION_ENDED, type LiveGameRow, type LobbyCounts, type LobbyTopic } from "../../../protocol/wire";
import { api, ApiError, type GameName, type ServerInfo } from "./api";
import { syncServerClock } from "./clock";
import { Emitter, Store } from "../base/emitter";

const TOKEN_KEY = "parlor.token";
/** Per tab, so that a refresh resumes this tab's game and a second tab starts clean. */
const GAME_KEY = "parlor.game";

/** Close codes that mean "this connection ended on purpose": no reconnection. */
const INTENTIONAL_CLOSE = new Set([1000, 1001, 4000]);

interface SavedGame {
  game: GameName;
  roomId: string;
  spectate: boolean;
  /** Single-use; replaced after every (re)connection. Absent for spectators, who simply rejoin. */
  token?: string;
}

export interface Player {
  playerId: string;
  name: string;
}

export type NoticeKind = "error" | "info";

/** An `error { code, message }` from a room. */
export interface RoomError {
  code: string;
  message: string;
}

/** Takes a room's error to show it itself (the chat's next to its box, a dialog's in the dialog): true if it did. */
export type ErrorClaim = (error: RoomError) => boolean;

/** A refusal that says the operator banned this player: a join's error (`BANNED: …`). */
const BANNED_JOIN = /\bBANNED\b/;

/** Exponential backoff with full jitter between half and all of the step: 250 ms, 500 ms, 1 s, … capped at 4 s. */
export function backoffMs(attempt: number, random = Math.random): number {
  const step = Math.min(4000, 250 * 2 ** attempt);
  return step / 2 + random() * (step / 2);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long one reconnection attempt may take; a socket refused before the join answer may never settle the promise. */
const ATTEMPT_TIMEOUT_MS = 5000;

/** Settles with the room, or rejects after `ms`; a room that arrives too late is left at once. */
function withTimeout(join: Promise<Room>, ms: number): Promise<Room> {
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new Error("timed out"));
    }, ms);
    join.then(
      (room) => {
        clearTimeout(timer);
        if (late) void room.leave(true).catch(() => undefined);
        else resolve(room);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * The client's one link to the server: who I am, the lobby room and at most one game room.
 * Scenes listen to its events; it never decides anything about a game.
 *
 * Events: notice(text, kind), lobby:<message> (lobby:counts, lobby:live, …), lobby:reconnecting, lobby:connected,
 * game:state, game:<message>, game:reconnecting, game:reconnected, game:lost(text), game:closed.
 * A banned player (a socket closed with 4403, or a join refused with BANNED) sets `banned`, and nothing reconnects.
 */
export class Connection extends Emitter {
  readonly client: Client;
  player: Player | null = null;
  // Until GET /api/info answers. The lobby lists the client registry's games, which the compiler keeps equal to the server's.
  info: ServerInfo = { games: [], reconnectGraceMs: 30_000, now: 0 };
  lobby: Room | null = null;
  /** The lobby's latest `counts` and Watch list, while subscribed (subscribeLobby); the list is null until it arrives. */
  lobbyCounts: LobbyCounts<GameName> | null = null;
  liveGames: LiveGameRow<GameName>[] | null = null;
  /** The lobby feeds the scenes shown want; sent again on every (re)join of the lobby. */
  private lobbyFeeds = new Set<LobbyTopic>();
  game: Room | null = null;
  gameName: GameName | null = null;
  spectating = false;
  /** True while a dropped game socket is being re-established. */
  reconnecting = false;
  /** Bumped whenever the current game room changes, so stale reconnect loops and callbacks stop. */
  private generation = 0;
  private lobbyWanted = false;
  private lobbyJoining: Promise<Room> | null = null;

  /** The operator has banned this player: the screens say so and nothing is joined again. */
  readonly banned = new Store(false);
  private readonly claims = { lobby: new Set<ErrorClaim>(), game: new Set<ErrorClaim>() };

  constructor() {
    super();
    const endpoint = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}`;
    this.client = new Client(endpoint);
  }

  /** Every notice shown, oldest first (the test hook reads it). */
  readonly notices: string[] = [];

  notice(text: string, kind: NoticeKind = "error") {
    this.notices.push(text);
    this.emit("notice", text, kind);
  }

  /** Lets a panel show a room's errors itself, while it is shown; any error no claim takes becomes a notice. */
  claimErrors(room: "lobby" | "game", claim: ErrorClaim): () => void {
    this.claims[room].add(claim);
    return () => this.claims[room].delete(claim);
  }

  private roomError(room: "lobby" | "game", error: RoomError) {
    for (const claim of [...this.claims[room]]) if (claim(error)) return;
    this.notice(error.message);
  }

  /** The operator banned this player: every socket is dropped on purpose and the screen says why. */
  private bannedNow() {
    this.lobbyWanted = false;
    this.generation++;
    const lobby = this.lobby;
    const game = this.game;
    this.lobby = null;
    this.game = null;
    this.gameName = null;
    this.reconnecting = false;
    sessionStorage.removeItem(GAME_KEY);
    if (game) this.emit("game:left");
    // The server closes them itself (4403); one it has not closed yet is left here.
    for (const room of [lobby, game]) if (room?.connection.isOpen) void room.leave(true).catch(() => undefined);
    this.banned.set(true);
  }

  /** Asks GET /api/info again, for a better clock offset than the first request of the page gave. */
  async syncClock(): Promise<void> {
    const sentAt = Date.now();
    const info = await api.info().catch(() => null);
    if (info) syncServerClock(info.now, sentAt, Date.now());
  }

  /** Recognises a returning player from the token kept in localStorage. */
  async restore(): Promise<boolean> {
    const sentAt = Date.now();
    this.info = await api.info().then(
      (info) => {
        syncServerClock(info.now, sentAt, Date.now());
        return info;
      },
      () => this.info,
    );
    // Two more samples once the page has loaded; the fastest round trip wins.
    setTimeout(() => void this.syncClock().then(() => this.syncClock()), 500);
    const token = localStorage.getItem(TOKEN_KEY);
    if (!token) return false;
    try {
      this.player = await api.me(token);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        localStorage.removeItem(TOKEN_KEY);
        return false;
      }
      throw error;
    }
    this.client.auth.token = token;
    return true;
  }

  async signUp(name: string): Promise<void> {
    this.adopt(await api.guest(name));
  }

  /** Signs in to an account: its new session's token becomes this browser's token, as a guest's is. */
  async signIn(username: string, password: string): Promise<void> {
    this.adopt(await api.signIn(username, password));
  }

  /** Makes a new player with an account at once, and signs this browser in to it. */
  async signUpAccount(username: string, password: string, name?: string): Promise<void> {
    this.adopt(await api.signUpAccount(username, password, name));
  }

  /** A new token (a guest's or a session's) becomes this browser's: kept, and presented by every socket from now on. */
  private adopt(session: { token: string; playerId: string; name: string }) {
    localStorage.setItem(TOKEN_KEY, session.token);
    this.client.auth.token = session.token;
    this.player = { playerId: session.playerId, name: session.name };
  }

  /** This tab's token (the one its sockets present), for the account requests; null before a name or a sign-in. */
  token(): string | null {
    return this.client.auth.token || null;
  }

  /** Signs this device out (the token is revoked on the server) and goes back to the name screen. */
  async signOut(): Promise<void> {
    const token = this.token();
    // Detached first, so the lobby's 4401 close (which would reload the page where it is) is not taken for a session ended elsewhere.
    const lobby = this.lobby;
    this.lobby = null;
    try {
      if (token) await api.logout(token);
    } catch (error) {
      this.lobby = lobby;
      throw error;
    }
    history.replaceState(null, "", "/");
    this.signedOut();
  }

  /** The server no longer knows this tab's token: forget it and start again at the name screen. */
  private signedOut() {
    this.lobbyWanted = false;
    localStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(GAME_KEY);
    location.reload();
  }

  // ---- lobby ----

  /** Joins the lobby, or returns the join already under way. */
  connectLobby(): Promise<Room> {
    if (this.banned.get()) return Promise.reject(new Error("This account is banned."));
    this.lobbyWanted = true;
    if (this.lobby?.connection.isOpen) return Promise.resolve(this.lobby);
    this.lobbyJoining ??= this.joinLobby()
      .catch((error: Error) => {
        if (BANNED_JOIN.test(String(error?.message))) this.bannedNow();
        throw error;
      })
      .finally(() => (this.lobbyJoining = null));
    return this.lobbyJoining;
  }

  private async joinLobby(): Promise<Room> {
    const room = await this.client.joinOrCreate("lobby");
    this.lobby = room;
    room.onMessage("*", (type, message) => {
      if (type === "error") this.roomError("lobby", message as RoomError);
      if (type === "server:shutdown") this.notice((message as { message: string }).message, "info");
      if (type === "counts") this.lobbyCounts = message as LobbyCounts<GameName>;
      if (type === "live" && this.lobbyFeeds.has("live")) this.liveGames = (message as { games: LiveGameRow<GameName>[] }).games;
      this.emit(`lobby:${type}`, message);
    });
    for (const topic of this.lobbyFeeds) room.send("subscribe", { topic });
    room.onLeave((code) => {
      if (this.lobby !== room) return;
      this.lobby = null;
      if (code === CLOSE_SESSION_ENDED) return this.signedOut();
      if (code === CLOSE_BANNED) return this.bannedNow();
      if (this.lobbyWanted && !INTENTIONAL_CLOSE.has(code)) void this.rejoinLobby();
    });
    this.emit("lobby:connected", room);
    return room;
  }

  /** The lobby holds no seat, so a dropped lobby is simply joined again (the queue ticket is gone). */
  private async rejoinLobby() {
    this.emit("lobby:reconnecting");
    for (let attempt = 0; this.lobbyWanted && !this.lobby; attempt++) {
      await sleep(backoffMs(Math.min(attempt, 6)));
      try {
        await this.connectLobby();
        this.notice("Reconnected to the lobby. If you were queued, queue again.", "info");
        return;
      } catch (error) {
        // A token revoked or expired while this tab was open: retrying cannot help; sign in again.
        if (/AUTH_INVALID|AUTH_REQUIRED/.test(String((error as Error)?.message))) return this.signedOut();
        if (this.banned.get()) return;
        // otherwise keep trying: the lobby has no grace period to run out
      }
    }
  }

  /** Starts a lobby feed (the counts, or the Watch list) for as long as a screen shows it; kept across reconnections. */
  subscribeLobby(topic: LobbyTopic) {
    if (this.lobbyFeeds.has(topic)) return;
    this.lobbyFeeds.add(topic);
    // Not yet joined: joinLobby() subscribes once it is.
    if (this.lobby?.connection.isOpen) this.lobby.send("subscribe", { topic });
  }

  unsubscribeLobby(topic: LobbyTopic) {
    if (!this.lobbyFeeds.delete(topic)) return;
    // A list shown again later is the fresh one the next subscription brings, not this one.
    if (topic === "live") this.liveGames = null;
    if (this.lobby?.connection.isOpen) this.lobby.send("unsubscribe", { topic });
  }

  /** Sends to the lobby; a click made while the lobby is still being joined is sent once it is. */
  sendLobby(type: string, payload?: unknown) {
    if (this.lobby?.connection.isOpen) return this.lobby.send(type, payload);
    if (!this.lobbyJoining) return this.notice("Not connected to the lobby; reconnecting…");
    void this.lobbyJoining.then(
      (room) => room.send(type, payload),
      () => this.notice("Could not reach the lobby; try again in a moment."),
    );
  }

  // ---- games ----

  /** Takes a seat reserved by the lobby (`matched`) or by a game room (`rematch`). */
  joinSeat(reservation: Parameters<Client["consumeSeatReservation"]>[0], game: GameName): Promise<Room> {
    return this.enterGame(() => this.client.consumeSeatReservation(reservation), game, false);
  }

  watch(roomId: string, game: GameName): Promise<Room> {
    if (this.game?.roomId === roomId) return Promise.resolve(this.game);
    return this.enterGame(() => this.client.joinById(roomId, { spectate: true }), game, true);
  }

  /**
   * A game's address opened (a link, a refresh, Forward): the game this tab is in already, the seat this tab held
   * (reconnected with its saved token), or else the game as a spectator.
   */
  async openGame(roomId: string): Promise<Room> {
    if (this.game?.roomId === roomId) return this.game;
    const saved = readSaved();
    if (saved?.roomId === roomId) {
      const room = await this.resume();
      if (room) return room;
    }
    return this.enterGame(() => this.client.joinById(roomId, { spectate: true }), null, true);
  }

  /** The game this tab holds a seat in, if any (kept across a refresh in sessionStorage). */
  savedGame(): { roomId: string; game: GameName; spectate: boolean } | null {
    const saved = readSaved();
    return saved && { roomId: saved.roomId, game: saved.game, spectate: saved.spectate };
  }

  /** After a page refresh: back into the game this tab was in, if it still exists. */
  async resume(): Promise<Room | null> {
    const saved = readSaved();
    if (!saved) return null;
    try {
      const room = saved.spectate ? await this.client.joinById(saved.roomId, { spectate: true }) : await this.client.reconnect(saved.token!);
      this.attachGame(room, saved.game, saved.spectate);
      return room;
    } catch {
      sessionStorage.removeItem(GAME_KEY);
      return null;
    }
  }

  sendGame(type: string, payload?: unknown) {
    if (!this.game?.connection.isOpen) return this.notice(this.reconnecting ? "Reconnecting… try again in a moment." : "Not in a game.");
    this.game.send(type, payload);
  }

  /** Leaves the current game on purpose (the seat is given up only if the game is over). */
  async leaveGame(): Promise<void> {
    const room = this.game;
    this.generation++;
    this.game = null;
    this.gameName = null;
    this.reconnecting = false;
    sessionStorage.removeItem(GAME_KEY);
    if (room) this.emit("game:left");
    if (room?.connection.isOpen) await room.leave(true).catch(() => undefined);
  }

  private async enterGame(join: () => Promise<Room>, game: GameName | null, spectate: boolean): Promise<Room> {
    // One game socket per tab: the old one is closed before the new one opens.
    await this.leaveGame();
    const room = await join().catch((error: Error) => {
      if (BANNED_JOIN.test(String(error?.message))) this.bannedNow();
      throw error;
    });
    this.attachGame(room, game ?? (room.name as GameName), spectate);
    return room;
  }

  private attachGame(room: Room, game: GameName, spectate: boolean) {
    const generation = ++this.generation;
    this.game = room;
    this.gameName = game;
    this.spectating = spectate;
    this.reconnecting = false;
    const saved: SavedGame = { game, roomId: room.roomId, spectate, token: spectate ? undefined : room.reconnectionToken };
    sessionStorage.setItem(GAME_KEY, JSON.stringify(saved));
    room.onMessage("*", (type, message) => {
      if (generation !== this.generation) return;
      if (type === "error") this.roomError("game", message as RoomError);
      if (type === "server:shutdown") this.notice((message as { message: string }).message, "info");
      this.emit(`game:${type}`, message);
    });
    room.onStateChange((state) => {
      if (generation === this.generation) this.emit("game:state", state);
    });
    this.emit("game:joined", room);
    room.onLeave((code) => {
      if (generation !== this.generation) return;
      // This device's session was ended (signed out elsewhere, or revoked): no reconnection can succeed.
      if (code === CLOSE_SESSION_ENDED) return this.signedOut();
      if (code === CLOSE_BANNED) return this.bannedNow();
      if (INTENTIONAL_CLOSE.has(code)) {
        sessionStorage.removeItem(GAME_KEY);
        this.emit("game:closed", code);
        return;
      }
      void this.reconnectGame(generation, saved);
    });
  }

  /** A dropped socket: try again with backoff until the server's grace period would have run out. */
  private async reconnectGame(generation: number, saved: SavedGame) {
    this.reconnecting = true;
    this.emit("game:reconnecting");
    const giveUpAt = Date.now() + this.info.reconnectGraceMs;
    for (let attempt = 0; Date.now() < giveUpAt; attempt++) {
      await sleep(Math.min(backoffMs(attempt), Math.max(0, giveUpAt - Date.now())));
      if (generation !== this.generation) return;
      try {
        const join = saved.spectate ? this.client.joinById(saved.roomId, { spectate: true }) : this.client.reconnect(saved.token!);
        const room = await withTimeout(join, Math.min(ATTEMPT_TIMEOUT_MS, Math.max(1, giveUpAt - Date.now())));
        if (generation !== this.generation) {
          await room.leave(true).catch(() => undefined);
          return;
        }
        this.attachGame(room, saved.game, saved.spectate);
        this.emit("game:reconnected");
        this.emit("game:state", room.state);
        return;
      } catch {
        // the server may not have noticed the drop yet, or be restarting: keep trying until the grace ends
      }
    }
    if (generation !== this.generation) return;
    this.reconnecting = false;
    this.game = null;
    sessionStorage.removeItem(GAME_KEY);
    this.emit("game:left");
    this.emit("game:lost", "Could not reconnect to the game before the grace period ran out.");
  }
}

function readSaved(): SavedGame | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(GAME_KEY) ?? "null") as SavedGame | null;
    if (!saved || typeof saved.roomId !== "string" || (!saved.spectate && typeof saved.token !== "string")) return null;
    return saved;
  } catch {
    return null;
  }
}

export const connection = new Connection();
