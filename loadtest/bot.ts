import { Client, type Room } from "colyseus.js";
import { HANDS } from "../games/rps";
import type { GameName } from "../games/registry";

/** What bots measure; merged across bots and processes by the runner. */
export interface BotStats {
  matchesFinished: number;
  joins: number;
  timeToMatchMs: number[];
  moveRoundTripMs: number[];
  errors: Record<string, number>;
  /** Room ids of the games bots saw finish, with the winner's player id (null for a draw). */
  finished: { roomId: string; winner: string | null; aborted: boolean; at: number }[];
}

export function emptyStats(): BotStats {
  return { matchesFinished: 0, joins: 0, timeToMatchMs: [], moveRoundTripMs: [], errors: {}, finished: [] };
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

/**
 * A player that signs in as a guest, joins the lobby, queues a random game, plays legal moves with a
 * human-like think time, and queues again, until stopped. Moves come from the same pure rules as the server.
 */
export class LobbyBot {
  private client!: Client;
  private lobby!: Room;
  private stopping = false;
  private lobbyGone = false;
  private running: Promise<void> | null = null;
  /** Resolves with the lobby's `matched`, or null once a cancel went through. */
  private waiting: ((matched: any | null) => void) | null = null;
  playerId = "";

  constructor(private readonly options: BotOptions) {}

  private get random() {
    return this.options.random ?? Math.random;
  }

  private count(code: string) {
    const { errors } = this.options.stats;
    errors[code] = (errors[code] ?? 0) + 1;
  }

  async start(): Promise<void> {
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
    this.lobby = await this.client.joinOrCreate("lobby");
    this.options.stats.joins++;
    this.lobby.onMessage("error", (e: { code: string }) => {
      // A cancel that crossed a match in flight is expected while stopping; the match is then played out.
      if (!(this.stopping && e.code === "NOT_QUEUED")) this.count(e.code);
      // The pairing's game could not be started: no longer queued, so stop waiting.
      if (e.code === "MATCH_FAILED") this.settle(null);
    });
    this.lobby.onMessage("matched", (m) => this.settle(m));
    this.lobby.onLeave(() => {
      this.lobbyGone = true;
      this.settle(null);
    });
    this.lobby.onMessage("cancelled", () => this.settle(null));
    for (const type of ["queued", "requeued", "server:shutdown"]) this.lobby.onMessage(type, () => {});
    this.running = this.loop();
  }

  private settle(matched: any | null) {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.(matched);
  }

  /** Leaves the queue, or finishes the game in hand, then leaves the lobby. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.waiting && !this.lobbyGone) this.lobby.send("cancel");
    await this.running?.catch(() => {});
    if (!this.lobbyGone) await this.lobby?.leave().catch(() => {});
  }

  private async loop() {
    while (!this.stopping && !this.lobbyGone) {
      try {
        await this.playOneMatch();
      } catch (error) {
        if (this.stopping) break;
        this.count(error instanceof Error && /closed|disposed|expired|ECONNREFUSED|fetch failed/.test(error.message) ? "CONNECTION" : "BOT_FAILURE");
        await sleep(500);
      }
    }
  }

  private async playOneMatch() {
    const game = this.options.games[Math.floor(this.random() * this.options.games.length)];
    const queuedAt = performance.now();
    const matched = new Promise<any | null>((resolve) => (this.waiting = resolve));
    this.lobby.send("queue", { game });
    const m = await matched;
    if (!m) return;
    this.options.stats.timeToMatchMs.push(performance.now() - queuedAt);
    const room = await this.client.consumeSeatReservation(m.reservation);
    this.options.stats.joins++;
    await this.play(room);
  }

  private async play(room: Room) {
    room.onMessage("error", (e: { code: string }) => this.count(e.code));
    for (const type of ["rematch", "server:shutdown"]) room.onMessage(type, () => {});
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
      const myTurn = state.status === "playing" && me && (state.game === "tictactoe" ? state.turn === me.seat : !me.chosen);
      if (!myTurn) {
        await nextChange();
        continue;
      }
      const [min, max] = this.options.think;
      await sleep(min + this.random() * (max - min));
      if (done || room.state.status !== "playing") continue;
      await this.move(room, state);
    }
    await ended.catch(() => {});
    if (room.state.status === "finished" || room.state.status === "aborted") {
      const s: any = room.state;
      const winnerSeat = s.winner;
      const winner = winnerSeat >= 0 ? [...s.players.values()].find((p: any) => p.seat === winnerSeat)?.playerId ?? null : null;
      this.options.stats.matchesFinished++;
      this.options.stats.finished.push({ roomId: room.roomId, winner, aborted: s.status === "aborted", at: Date.now() });
    }
    // leave() on a closed connection waits for a close that already happened.
    if (room.connection.isOpen) await room.leave().catch(() => {});
  }

  private nextChange: () => Promise<void> = () => Promise.resolve();

  /** Sends a legal move and waits for the patch that shows it: the move's round trip. */
  private async move(room: Room, state: any) {
    const sent = performance.now();
    let seen: (s: any) => boolean;
    if (state.game === "tictactoe") {
      const free = [...state.board].map((c: string, i: number) => (c === "" ? i : -1)).filter((i) => i >= 0);
      const cell = free[Math.floor(this.random() * free.length)];
      room.send("move", { cell });
      seen = (s) => s.board[cell] !== "" || s.status !== "playing";
    } else {
      const rounds = state.rounds.length;
      room.send("choose", { hand: HANDS[Math.floor(this.random() * 3)] });
      seen = (s) => s.players.get(room.sessionId)?.chosen || s.rounds.length > rounds || s.status !== "playing";
    }
    try {
      while (!seen(room.state)) await this.nextChange();
    } catch {
      return; // the room closed
    }
    this.options.stats.moveRoundTripMs.push(performance.now() - sent);
  }
}
