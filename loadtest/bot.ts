import { Client, type Room } from "colyseus.js";
import { GAMES, type GameName } from "../games/registry";
import type { Seat } from "../games/types";

/** What bots measure; merged across bots and processes by the runner. */
export interface BotStats {
  /** Games finished, counted by each of their players. */
  matchesFinished: number;
  /**
   * Games finished, each counted once, for the live progress line: by the player in seat 0, or by the only
   * player against the server's bot (a game whose seat-0 player never came is missed).
   */
  matchesCounted: number;
  joins: number;
  timeToMatchMs: number[];
  moveRoundTripMs: number[];
  errors: Record<string, number>;
  /** Room ids of the games bots saw finish, with the winner's player id (null for a draw). */
  finished: { roomId: string; winner: string | null; aborted: boolean; at: number }[];
}

export function emptyStats(): BotStats {
  return { matchesFinished: 0, matchesCounted: 0, joins: 0, timeToMatchMs: [], moveRoundTripMs: [], errors: {}, finished: [] };
}

export interface BotOptions {
  /** http(s) base URL of the server. */
  httpUrl: string;
  /** ws(s) URL of the server. */
  wsUrl: string;
  name: string;
  think: [number, number];
  games: GameName[];
  random?: () => number;
  stats: BotStats;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits `ms`, or less if `cut` settles first; the timer does not outlive the wait. */
function sleepUnless(ms: number, cut: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([new Promise<void>((r) => (timer = setTimeout(r, ms))), cut]).finally(() => clearTimeout(timer));
}

/**
 * Leaves a room without hanging: colyseus.js's `leave()` waits for a close that never comes when the
 * connection is already closed or dies mid-leave, so a leave that takes too long closes the socket instead.
 */
async function leaveRoom(room: Room, withinMs = 2000): Promise<void> {
  if (!room.connection.isOpen) return;
  const left = await Promise.race([room.leave().then(() => true, () => true), sleep(withinMs).then(() => false)]);
  if (!left && room.connection.isOpen) room.connection.close();
}

/**
 * A player that signs in as a guest, joins the lobby, queues a random game, plays legal moves with a
 * human-like think time, and queues again, until stopped. Moves come from the same pure rules as the server.
 *
 * Stopping leaves the queue and ends the game in hand at once by resigning, so that every game a bot
 * joined still ends with a result both players see and the store records.
 */
export class LobbyBot {
  private client!: Client;
  private lobby: Room | null = null;
  private stopping = false;
  private lobbyGone = false;
  private starting: Promise<void> | null = null;
  private running: Promise<void> | null = null;
  /** Resolves with the lobby's `matched`, or null once a cancel went through. */
  private waiting: ((matched: any | null) => void) | null = null;
  /** Settles when stop() is called, to cut a think time or a wait short. */
  private readonly stopRequested: Promise<void>;
  private requestStop!: () => void;
  /** The game room in hand, if any, so that abandon() can close it. */
  private room: Room | null = null;
  playerId = "";
  /** True once stop() has finished: out of the queue, out of any game, out of the lobby. */
  stopped = false;

  constructor(private readonly options: BotOptions) {
    this.stopRequested = new Promise((resolve) => (this.requestStop = resolve));
  }

  private get random() {
    return this.options.random ?? Math.random;
  }

  private count(code: string) {
    const { errors } = this.options.stats;
    errors[code] = (errors[code] ?? 0) + 1;
  }

  start(): Promise<void> {
    this.starting ??= this.signInAndJoin();
    return this.starting;
  }

  private async signInAndJoin(): Promise<void> {
    const res = await fetch(`${this.options.httpUrl}/api/guest`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: this.options.name }),
    });
    if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
    const guest = (await res.json()) as { playerId: string; token: string };
    this.playerId = guest.playerId;
    this.client = new Client(this.options.wsUrl);
    this.client.auth.token = guest.token;
    const lobby = await this.client.joinOrCreate("lobby");
    this.lobby = lobby;
    this.options.stats.joins++;
    lobby.onMessage("error", (e: { code: string }) => {
      // A cancel that crossed a match in flight is expected while stopping; that game is then resigned.
      if (!(this.stopping && e.code === "NOT_QUEUED")) this.count(e.code);
      // The pairing's game could not be started: no longer queued, so stop waiting.
      if (e.code === "MATCH_FAILED") this.settle(null);
    });
    lobby.onMessage("matched", (m) => this.settle(m));
    lobby.onLeave(() => {
      this.lobbyGone = true;
      this.settle(null);
    });
    lobby.onMessage("cancelled", () => this.settle(null));
    for (const type of ["queued", "requeued", "server:shutdown"]) lobby.onMessage(type, () => {});
    this.running = this.loop(lobby);
  }

  private settle(matched: any | null) {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.(matched);
  }

  /** Leaves the queue, or resigns the game in hand, then leaves the lobby. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.requestStop();
    // A bot still signing in stops as soon as it is in the lobby.
    await this.starting?.catch(() => {});
    if (this.waiting && this.lobby && !this.lobbyGone) this.lobby.send("cancel");
    await this.running?.catch(() => {});
    if (this.lobby && !this.lobbyGone) await leaveRoom(this.lobby);
    this.stopped = true;
  }

  /** For a stop that ran out of time: closes the bot's sockets without waiting for anything. */
  abandon() {
    this.stopping = true;
    this.requestStop();
    for (const room of [this.room, this.lobby]) if (room?.connection.isOpen) room.connection.close();
  }

  private async loop(lobby: Room) {
    while (!this.stopping && !this.lobbyGone) {
      try {
        await this.playOneMatch(lobby);
      } catch (error) {
        if (this.stopping) break;
        this.count(error instanceof Error && /closed|disposed|expired|ECONNREFUSED|fetch failed/.test(error.message) ? "CONNECTION" : "BOT_FAILURE");
        await sleep(500);
      }
    }
  }

  private async playOneMatch(lobby: Room) {
    const game = this.options.games[Math.floor(this.random() * this.options.games.length)];
    const queuedAt = performance.now();
    const matched = new Promise<any | null>((resolve) => (this.waiting = resolve));
    lobby.send("queue", { game });
    const m = await matched;
    if (!m) return;
    this.options.stats.timeToMatchMs.push(performance.now() - queuedAt);
    const room = await this.client.consumeSeatReservation(m.reservation);
    this.options.stats.joins++;
    this.room = room;
    try {
      await this.play(room, m.opponent?.bot === true);
    } finally {
      this.room = null;
    }
  }

  private async play(room: Room, versusServerBot: boolean) {
    let resigned = false;
    room.onMessage("error", (e: { code: string }) => {
      // A resignation that crossed the server bot's last move is answered GAME_OVER: the game ended either way.
      if (!(resigned && e.code === "GAME_OVER")) this.count(e.code);
    });
    // A bot reads no chat: the history every joiner gets, and any line, are ignored.
    for (const type of ["rematch", "server:shutdown", "chat", "chat:history"]) room.onMessage(type, () => {});
    const mine = () => room.state.players?.get(room.sessionId);
    // One listener for the whole game: colyseus.js skips listeners when another removes itself mid-call.
    let wake: (() => void) | null = null;
    let done = false;
    const ended = new Promise<void>((resolve, reject) => {
      room.onStateChange((s: any) => {
        if (s.status === "finished" || s.status === "aborted") resolve();
        const w = wake;
        wake = null;
        w?.();
      });
      room.onLeave((code) => (code === 1000 || code === 4000 ? resolve() : reject(new Error(`room closed (${code})`))));
    });
    ended.then(() => (done = true), () => (done = true));
    const nextChange = () => Promise.race([ended, new Promise<void>((r) => (wake = r))]);
    this.nextChange = nextChange;
    while (!done) {
      const state: any = room.state;
      const me = mine();
      const playing = state.status === "playing" && me;
      // Whether a seat has a move to make now, as the game's definition reads its state.
      const toAct = (seat: number) => GAMES[state.game as GameName].client.myTurn(state, seat as Seat);
      const myTurn = playing && toAct(me.seat);
      if (this.stopping && playing && !resigned && (versusServerBot || (myTurn && !toAct(1 - me.seat)))) {
        // The stop ends the game by resigning, one round trip whatever the game's length. Against another
        // bot only while it has no move to make, so no move of its crosses the resignation.
        resigned = true;
        room.send("resign");
      }
      // Both to choose while stopping: seat 0 chooses at once, then seat 1 resigns.
      const mayMove = myTurn && !resigned && !(this.stopping && me.seat !== 0);
      if (!mayMove) {
        // A stop wakes the bot, to resign if it may; once stopping, only the game wakes it.
        await (this.stopping ? nextChange() : Promise.race([nextChange(), this.stopRequested]));
        continue;
      }
      if (!this.stopping) {
        const [min, max] = this.options.think;
        await sleepUnless(min + this.random() * (max - min), this.stopRequested);
        // A stop during the think: decide again.
        if (this.stopping) continue;
      }
      if (done || room.state.status !== "playing") continue;
      await this.move(room, state);
    }
    await ended.catch(() => {});
    if (room.state.status === "finished" || room.state.status === "aborted") {
      const s: any = room.state;
      const winnerSeat = s.winner;
      const winner = winnerSeat >= 0 ? [...s.players.values()].find((p: any) => p.seat === winnerSeat)?.playerId ?? null : null;
      this.options.stats.matchesFinished++;
      if (versusServerBot || mine()?.seat === 0) this.options.stats.matchesCounted++;
      this.options.stats.finished.push({ roomId: room.roomId, winner, aborted: s.status === "aborted", at: Date.now() });
    }
    await leaveRoom(room);
  }

  private nextChange: () => Promise<void> = () => Promise.resolve();

  /** Sends a legal move and waits for the patch that shows it: the move's round trip. */
  private async move(room: Room, state: any) {
    const sent = performance.now();
    // A move made while stopping comes without think time: not the load being measured.
    const measured = !this.stopping;
    const me = room.state.players?.get(room.sessionId);
    const move = me && GAMES[state.game as GameName].client.randomMove(state, me.seat as Seat, this.random);
    if (!move) return;
    room.send(GAMES[state.game as GameName].move.type, move.payload);
    const seen = move.played;
    try {
      // A game that ends before the move shows (the other side resigned, a clock ran out) never shows it: once the
      // game is over, nextChange() resolves at once, and waiting on would spin without yielding.
      while (!seen(room.state)) {
        if (room.state.status !== "playing") return;
        await this.nextChange();
      }
    } catch {
      return; // the room closed
    }
    if (measured) this.options.stats.moveRoundTripMs.push(performance.now() - sent);
  }
}
