import { Client, matchMaker, Protocol, ServerError } from "@colyseus/core";
import { Encoder, StateView } from "@colyseus/schema";
import { z } from "zod";
import type { GameDefinition } from "../games/definition";
import type { GameName } from "../games/registry";
import type { GameRules, Seat } from "../games/types";
import { ErrorCode, gameError } from "../protocol/errors";
import { parseMessage } from "../protocol/parseMessage";
import { GameState, PlayerState } from "../schema/GameState";
import type { EndReason } from "../protocol/wire";
import { shownChange, shownRating } from "../store/rows";
import type { MatchResult } from "../store/types";
import type { AuthData } from "./auth";
import type { RoomDeps, SeatSpec } from "./deps";
import { createMatch, type MatchOptions } from "./createMatch";
import { ParlorRoom } from "./ParlorRoom";
import { log } from "../base/log";
import { histogramChild, metrics } from "../base/metrics";
import { GAME_EVENTS, SEATED_KEY, type GameEndedEvent } from "./gameEvents";
import { gameListing } from "./gameListing";
import { MatchRecord, type FinalOutcome } from "./matchRecord";
import { RematchOffer, swappedSeats } from "./rematch";
import { RoomTimers } from "./roomTimers";
import { RoomChat } from "./chat";
import { checkedSeries, seriesAfter, type Series } from "./series";

/** What the server passes to a game room it creates; clients cannot create game rooms. */
export interface GameRoomOptions extends MatchOptions {
  deps: RoomDeps;
  /** The game, from the room's definition in server/app.ts (handler options: no client can set it). */
  game: GameDefinition;
  grant: string;
  players: [SeatSpec, SeatSpec];
}

interface SeatRecord {
  spec: SeatSpec;
  sessionId: string | null;
  client: Client | null;
  /** Bumped on each (re)connection so stale grace timers know they are stale. */
  epoch: number;
}

export const MAX_SPECTATORS = 64;

/**
 * Bytes of each buffer the schema encoder and serializer of a game room allocate (Encoder.BUFFER_SIZE, 8 KB by
 * default, three a room: patches, the full state, the handshake). A game's whole state is a few hundred bytes
 * (tic-tac-toe 246, the handshake 886); one that outgrows the buffer still encodes: schema re-encodes it into a
 * larger one (and warns).
 */
export const GAME_STATE_BUFFER_BYTES = 2048;

const emptyMessage = z.union([z.undefined(), z.null(), z.object({}).strict()]);

/**
 * The one room every game is played in: seats, clocks, reconnection grace, resign, rematch, spectators, server
 * bots and handing the result to the store exactly once. What differs between games comes from the game's
 * definition (games/registry.ts), passed by server/app.ts when it defines the room: its rules, its move message,
 * its schema and how rules state maps onto it, its clock and its bot. The room is the actor around plain parts:
 * the match's record and its one result (matchRecord.ts), the rematch offer (rematch.ts), its timers (roomTimers.ts)
 * and its chat (chat.ts).
 */
export class GameRoom<S = any, M = any, St extends GameState = GameState> extends ParlorRoom<St> {
  protected def!: GameDefinition<S, M, St>;
  protected rules!: GameRules<S, M>;
  protected gameName!: GameName;
  protected options!: GameRoomOptions;
  protected game!: S;
  protected seats!: [SeatRecord, SeatRecord];
  private record!: MatchRecord<M>;
  private turnMs = 0;
  private graceMs = 0;
  private rematchMs = 0;
  /** "close" is the room's own end: after a no-show, or when the rematch window has passed. */
  private timers!: RoomTimers<"turn" | "noShow" | "bot" | "close">;
  private spectatorIds = new Set<string>();
  /** Open from a finished (not aborted) end until the room closes. */
  private rematch: RematchOffer | null = null;
  /** The store's note that this game started; the result waits for it, so that it clears the note. */
  private noted: Promise<void> = Promise.resolve();
  private disposing = false;
  /** Set from a finished game's end until its result is stored (see flush). */
  private holdingPatches = false;
  /** The series before this game, and after it once it has finished (what a rematch starts from). */
  private series!: Series;
  private seriesAfterThis: Series | null = null;
  /** The chat (rooms/chat.ts): messages only, never in the state. */
  private chat!: RoomChat;

  async onCreate(options: GameRoomOptions) {
    this.deps = options.deps;
    if (options.grant !== this.deps.grant) {
      throw new ServerError(4403, `${ErrorCode.SEAT_RESERVED}: game rooms are created by the lobby, not by clients.`);
    }
    this.options = options;
    this.def = options.game;
    this.rules = this.def.rules;
    this.gameName = this.def.name as GameName;
    const { config } = this.deps;
    const settings = config.games[this.gameName];
    this.turnMs = options.turnMs ?? settings.turnMs;
    const ruleOptions = { ...settings.ruleOptions, ...(options.ruleOptions as Record<string, number> | undefined) };
    this.graceMs = options.graceMs ?? config.graceMs;
    this.rematchMs = options.rematchMs ?? config.rematchMs;
    this.maxClients = 2 + MAX_SPECTATORS;
    this.setMessageRate(config.messagesPerSecond);
    this.autoDispose = true;
    // Turn-based: no patch tick. Every change is flushed at once by flush().
    this.setPatchRate(null);
    const defaultBufferSize = Encoder.BUFFER_SIZE;
    Encoder.BUFFER_SIZE = GAME_STATE_BUFFER_BYTES;
    try {
      this.setState(this.def.schema.createState());
      // The handshake (the state's types) is encoded now, in a buffer of that size, rather than at the first join.
      (this as unknown as { _serializer: { handshake(): unknown } })._serializer.handshake();
    } finally {
      Encoder.BUFFER_SIZE = defaultBufferSize;
    }
    this.state.game = this.gameName;
    this.state.rated = options.rated;
    this.game = this.rules.initialState(ruleOptions);
    this.seats = options.players.map((spec) => ({ spec, sessionId: null, client: null, epoch: 0 })) as [SeatRecord, SeatRecord];
    this.series = checkedSeries(options.series, options.players.map((p) => p.playerId));
    this.state.seriesGames = this.series.games;
    this.record = new MatchRecord({ matchId: this.roomId, game: this.gameName, seats: options.players, rated: options.rated, options: ruleOptions });
    this.timers = new RoomTimers(this.deps.clock, (error) => log.error({ err: error, roomId: this.roomId }, "room timer failed"));
    this.seats.forEach((seat, i) => {
      if (seat.spec.bot) this.addPlayerState(`bot-${i}`, i as Seat, true);
    });
    this.syncState();

    this.onMessage(this.def.move.type, (client, payload) => this.handleMove(client, payload));
    this.onMessage("resign", (client, payload) => this.handleResign(client, payload));
    this.onMessage("rematch", (client, payload) => this.handleRematch(client, payload));
    const { store, clock } = this.deps;
    this.chat = new RoomChat({ roomId: this.roomId, store, clock, seats: options.players, reportsPer10Min: config.reportsPer10Min, sendError: (client, error) => this.sendError(client, error) });
    for (const [type, handler] of Object.entries(this.chat.handlers())) this.onMessage(type, handler);
    await this.chat.follow(this.presence);

    this.timers.set("noShow", options.noShowMs ?? config.noShowMs, () => this.abortNoShow());
    // Seated from now on, before any reservation is handed out.
    await this.markSeated(true);
    this.updateMetadata();
  }

  /**
   * A seated player whose socket dropped holds its reconnection token, or, if the join never reached it, only the
   * seat reservation it came with. Both reopen the seat during the grace period; `_onJoin` checks the player's token.
   */
  hasReservedSeat(sessionId: string, reconnectionToken?: string): boolean {
    if (super.hasReservedSeat(sessionId, reconnectionToken)) return true;
    const reserved = (this.reservedSeats as Record<string, unknown[]>)[sessionId];
    if (reconnectionToken || !reserved?.[3] || !this.seats?.some((s) => s.sessionId === sessionId)) return false;
    const waiting = Object.entries(this._reconnections).find(([, [id]]) => id === sessionId);
    if (!waiting) return false;
    (this as unknown as { _reconnectingSessionId: Map<string, string> })._reconnectingSessionId.set(sessionId, waiting[0]);
    return true;
  }

  onJoin(client: Client, options: { spectate?: unknown } | undefined, auth: AuthData) {
    const seatIndex = auth.seatFor === this.roomId ? this.seats.findIndex((s) => !s.spec.bot && s.spec.playerId === auth.playerId) : -1;
    if (seatIndex >= 0) {
      this.seatPlayer(client, seatIndex as Seat);
    } else if (options && options.spectate === true) {
      if (this.options.unlisted) {
        throw new ServerError(4403, `${ErrorCode.SPECTATE_PRIVATE}: this is a private game; its players did not open it to spectators.`);
      }
      this.spectatorIds.add(client.sessionId);
      this.state.spectators = this.spectatorIds.size;
      this.updateMetadata();
    } else {
      throw new ServerError(
        4403,
        `${ErrorCode.SEAT_RESERVED}: seats are handed out by the lobby; join with { spectate: true } to watch.`,
      );
    }
    this.chat.joined(client, auth);
    this.flush();
  }

  onLeave(client: Client, consented = false) {
    if (this.spectatorIds.delete(client.sessionId)) {
      this.chat.left(client.sessionId);
      this.state.spectators = this.spectatorIds.size;
      this.updateMetadata();
      this.flush();
      return;
    }
    const seatIndex = this.seatOf(client);
    if (seatIndex === null) return;
    const seat = this.seats[seatIndex];
    const player = this.state.players.get(client.sessionId)!;
    seat.client = null;
    this.chat.dropped(client.sessionId);
    player.connected = false;
    if (this.record.ended) return this.leftAfterEnd(client, seatIndex, consented);
    // Whether consented (a closed tab) or not (a dropped socket), the seat is kept for the grace period.
    // That includes a socket that dropped before it acknowledged the join: Colyseus refuses to wait for a client
    // that has not finished joining ("not joined"), and only its undelivered messages say so. Nothing queued for
    // a dead socket matters, so it is treated as joined, and the seat waits like any other.
    if ((client as { _enqueuedMessages?: unknown })._enqueuedMessages !== undefined) delete (client as { _enqueuedMessages?: unknown })._enqueuedMessages;
    const epoch = ++seat.epoch;
    player.reconnectDeadline = this.deps.clock.now() + this.graceMs;
    this.flush();
    // Not awaited: the leaving socket closes now, while the seat waits for its player.
    this.allowReconnection(client, this.graceMs / 1000)
      .then(this.seatTakenBack(seat, player, epoch))
      .catch(() => {
        if (seat.epoch !== epoch || this.record.ended) return;
        if (matchMaker.state === matchMaker.MatchMakerState.SHUTTING_DOWN) {
          // The server is going away, not the player: nobody abandoned anything.
          this.finishAborted("shutdown");
        } else if (this.state.status === "playing") {
          this.finish({ kind: "win", winner: (1 - seatIndex) as Seat }, "abandoned");
        } else {
          this.abortNoShow();
        }
      });
  }

  /** What a reconnection within the seat's wait does, unless a later leave (a newer epoch) has taken over the seat. */
  private seatTakenBack(seat: (typeof this.seats)[number], player: PlayerState, epoch: number) {
    return (reconnected: Client) => {
      if (seat.epoch !== epoch) return;
      seat.client = reconnected;
      player.connected = true;
      player.reconnectDeadline = 0;
      this.flush();
      this.chat.reconnected(reconnected);
    };
  }

  /**
   * A player gone from a finished game. One who left on purpose takes their rematch wish with them; a dropped socket
   * (a refresh of the result screen) may come back until the rematch window closes, and finds its wish kept.
   */
  private leftAfterEnd(client: Client, seatIndex: Seat, consented: boolean) {
    const seat = this.seats[seatIndex];
    const player = this.state.players.get(client.sessionId)!;
    const epoch = ++seat.epoch;
    const withdraw = () => {
      this.rematch?.withdraw(seatIndex);
      player.reconnectDeadline = 0;
      this.showRematch();
      this.flush();
    };
    const left = this.rematch ? this.rematch.deadline - this.deps.clock.now() : 0;
    if (consented || left <= 0 || (client as { _enqueuedMessages?: unknown })._enqueuedMessages !== undefined) return withdraw();
    player.reconnectDeadline = this.rematch!.deadline;
    this.flush();
    this.allowReconnection(client, left / 1000)
      .then(this.seatTakenBack(seat, player, epoch))
      .catch(() => {
        if (seat.epoch === epoch && !this.disposing) withdraw();
      });
  }

  /** Server shutdown: tell everyone, record a game in progress as aborted, then close. */
  onBeforeShutdown() {
    this.broadcast("server:shutdown", { message: "The server is restarting. Games in progress are aborted and count for nobody." });
    // The players see "aborted" (once it is recorded) before the room closes.
    const ended = this.record.ended ? Promise.resolve() : this.finishAborted("shutdown");
    void ended.then(() => this.disconnect(Protocol.WS_CLOSE_GOING_AWAY));
  }

  onDispose() {
    this.disposing = true;
    this.chat?.dispose();
    // A room whose onCreate refused its options never had a game to record.
    if (!this.seats) return;
    this.timers.clearAll();
    // A room that never started (nobody came) or that the process shut down mid-game still leaves a record.
    if (!this.record.ended) this.finishAborted(this.state.status === "playing" ? "shutdown" : "no_show");
  }

  // ---- message handlers ----

  private handleMove(client: Client, payload: unknown) {
    const seat = this.actingSeat(client);
    if (seat === null) return;
    const parsed = parseMessage(this.def.move.schema, payload);
    if (!parsed.ok) return this.sendError(client, parsed.error);
    const started = performance.now();
    if (this.applySeatMove(seat, this.def.move.toMove(parsed.value), client)) {
      histogramChild(metrics.moveSeconds, this.gameName).observe((performance.now() - started) / 1000);
    }
  }

  private handleResign(client: Client, payload: unknown) {
    const seat = this.actingSeat(client);
    if (seat === null) return;
    const parsed = parseMessage(emptyMessage, payload);
    if (!parsed.ok) return this.sendError(client, parsed.error);
    this.finish({ kind: "win", winner: (1 - seat) as Seat }, "resign");
  }

  private handleRematch(client: Client, payload: unknown) {
    const seat = this.seatOf(client);
    if (seat === null) return this.sendError(client, gameError(ErrorCode.NOT_A_PLAYER, "Only the two players can ask for a rematch."));
    const parsed = parseMessage(emptyMessage, payload);
    if (!parsed.ok) return this.sendError(client, parsed.error);
    if (!this.rematch) {
      return this.sendError(client, gameError(ErrorCode.REMATCH_UNAVAILABLE, "A rematch can be asked for once the game has finished."));
    }
    const answer = this.rematch.ask(seat, this.deps.clock.now(), this.seats[1 - seat].client !== null);
    if (answer === "closed") {
      return this.sendError(client, gameError(ErrorCode.REMATCH_UNAVAILABLE, "The rematch window has closed or your opponent has left."));
    }
    this.showRematch();
    this.flush();
    if (answer === "agreed") void this.startRematch();
  }

  // ---- game flow ----

  /** The seat of a client allowed to act now, or null after sending it the reason it may not. */
  private actingSeat(client: Client): Seat | null {
    const seat = this.seatOf(client);
    if (seat === null) {
      this.sendError(client, gameError(ErrorCode.NOT_A_PLAYER, "Spectators cannot act in this game."));
      return null;
    }
    if (this.record.ended) {
      this.sendError(client, gameError(ErrorCode.GAME_OVER, "The game is over."));
      return null;
    }
    if (this.state.status !== "playing") {
      this.sendError(client, gameError(ErrorCode.GAME_NOT_STARTED, "The game starts when both players have joined."));
      return null;
    }
    return seat;
  }

  /** Applies a move and flushes its patch; false if the rules refused it. */
  private applySeatMove(seat: Seat, move: M, client: Client | null): boolean {
    const applied = this.rules.apply(this.game, seat, move);
    if (!applied.ok) {
      if (client) this.sendError(client, applied.error);
      return false;
    }
    const prev = this.game;
    this.game = applied.state;
    this.record.move(seat, move, this.deps.clock.now());
    this.syncState();
    const outcome = this.rules.outcome(this.game);
    if (outcome.kind !== "ongoing") {
      this.finish(outcome, outcome.kind === "draw" ? "draw" : this.def.winReason);
      return true;
    }
    if (this.def.startsNewTurn(prev, this.game)) this.startTurnClock();
    const toAct = this.rules.toAct(this.game);
    this.updateTurn(toAct);
    this.flush();
    this.scheduleBot(toAct);
    return true;
  }

  private seatPlayer(client: Client, seat: Seat) {
    const record = this.seats[seat];
    if (record.sessionId && record.sessionId !== client.sessionId) {
      throw new ServerError(4409, `${ErrorCode.SEAT_RESERVED}: this seat is already taken.`);
    }
    record.sessionId = client.sessionId;
    record.client = client;
    const player = this.addPlayerState(client.sessionId, seat, false);
    player.connected = true;
    if (this.def.schema.hidesChoices) {
      // Each player's own view carries their @view() fields (an RPS hand).
      client.view = new StateView();
      client.view.add(player);
    }
    if (this.seats.every((s) => s.spec.bot || s.sessionId !== null)) this.start();
  }

  private addPlayerState(key: string, seat: Seat, bot: boolean): PlayerState {
    const spec = this.seats[seat].spec;
    const player = this.def.schema.createPlayer();
    player.playerId = spec.playerId;
    player.name = spec.name;
    player.seat = seat;
    player.rating = Math.round(spec.rating);
    player.bot = bot;
    player.connected = bot;
    player.series = this.series.scores[spec.playerId] ?? 0;
    this.state.players.set(key, player);
    return player;
  }

  private start() {
    this.timers.clear("noShow");
    const startedAt = this.deps.clock.now();
    this.record.start(startedAt);
    this.noted = this.deps.store
      .recordStart({
        matchId: this.roomId,
        game: this.gameName,
        players: this.seats.map((s) => ({ playerId: s.spec.playerId, name: s.spec.name })),
        rated: this.options.rated,
        startedAt,
      })
      .catch((error) => log.error({ err: error, roomId: this.roomId }, "noting the game as started failed"));
    this.state.status = "playing";
    this.syncState();
    this.startTurnClock();
    this.updateTurn();
    this.updateMetadata();
    this.scheduleBot();
  }

  private startTurnClock() {
    this.state.deadline = this.deps.clock.now() + this.turnMs;
    this.timers.set("turn", this.turnMs, () => this.finish(this.rules.timeout(this.game), "timeout"));
  }

  private updateTurn(toAct = this.rules.toAct(this.game)) {
    this.state.turn = toAct.length === 1 ? toAct[0] : -1;
  }

  private scheduleBot(toAct?: Seat[]) {
    // Most games have no bot: no rules call then.
    if (!this.seats[0].spec.bot && !this.seats[1].spec.bot) return;
    if (this.record.ended || this.state.status !== "playing" || this.timers.isPending("bot")) return;
    const botSeat = (toAct ?? this.rules.toAct(this.game)).find((seat) => this.seats[seat].spec.bot);
    if (botSeat === undefined) return;
    const [min, max] = this.deps.config.botThinkMs;
    const think = min + Math.floor(this.deps.random() * Math.max(0, max - min));
    this.timers.set("bot", think, () => {
      if (this.record.ended) return;
      const move = this.def.bot(this.game, botSeat, this.deps.random, this.deps.config.botStrength);
      if (move !== null) this.applySeatMove(botSeat, move, null);
    });
  }

  /** Ends the match with a result, once. */
  private finish(outcome: FinalOutcome, reason: EndReason) {
    this.end(outcome, reason);
  }

  /** A match that never started properly, or that the server stopped: kept in history, counted for nobody. */
  private finishAborted(reason: EndReason): Promise<void> {
    return this.end(null, reason);
  }

  /** Every path to the end of a game comes through here, and only the first one counts. */
  /** Resolves once the end is stored and shown (never rejects); at once if the game had already ended. */
  private end(outcome: FinalOutcome | null, reason: EndReason): Promise<void> {
    const result = this.record.end(outcome, reason, this.deps.clock.now());
    if (!result) return Promise.resolve();
    this.timers.clearAll();
    this.state.status = outcome ? "finished" : "aborted";
    this.state.reason = reason;
    this.state.turn = -1;
    this.state.deadline = 0;
    const winner = outcome?.kind === "win" ? outcome.winner : null;
    this.state.winner = winner ?? -1;
    if (outcome) this.seriesAfterThis = seriesAfter(this.series, this.seats.map((s) => s.spec.playerId), result.winner);
    if (outcome?.kind === "win" && outcome.line) this.state.winningLine.push(...outcome.line);
    const told = Promise.all([this.recordResult(result), this.announceEnd(), this.updateMetadata(), this.markSeated(false)]);
    if (outcome) {
      this.rematch = new RematchOffer(this.deps.clock.now() + this.rematchMs, [!!this.seats[0].spec.bot, !!this.seats[1].spec.bot]);
      this.state.rematchDeadline = this.rematch.deadline;
      this.timers.set("close", this.rematchMs, () => void this.disconnect());
    }
    // The players hear "finished" (or "aborted") once the result is stored (with its rating changes) and, in a cluster,
    // once the lobby can know it through Redis: one who queues again at once is never refused as still in this game.
    this.holdingPatches = true;
    const show = () => {
      this.holdingPatches = false;
      this.flush();
      this.chat.gameEnded();
    };
    return told.then(show, show);
  }

  private abortNoShow() {
    if (this.record.ended || this.state.status === "playing") return;
    // The room closes once its players have seen "aborted", which waits for the record.
    void this.finishAborted("no_show").then(() => {
      if (!this.disposing) this.timers.set("close", 0, () => void this.disconnect());
    });
  }

  /** Hands the result to the store; never rejects (a failure is logged, and the room carries on). */
  private async recordResult(result: MatchResult): Promise<void> {
    try {
      await this.noted;
      const recorded = await this.deps.recordResult(result);
      for (const [playerId, change] of Object.entries(recorded.ratingChanges)) {
        const seat = this.seats.findIndex((s) => s.spec.playerId === playerId);
        if (seat >= 0) {
          const player = this.playerStateOf(seat as Seat);
          player.ratingChange = shownChange(change);
          player.rating = shownRating(change.after);
        }
      }
      metrics.matches.inc({ game: result.game, outcome: result.aborted ? "aborted" : result.winner ? "win" : "draw", reason: result.reason });
    } catch (error) {
      log.error({ err: error, roomId: this.roomId, matchId: result.matchId }, "recording the result failed");
    }
  }

  /** Notes (or clears) the human players as seated here, for the lobby's ALREADY_IN_GAME check. Never rejects. */
  private async markSeated(seated: boolean): Promise<void> {
    try {
      for (const seat of this.seats) {
        if (seat.spec.bot) continue;
        if (seated) await this.presence.hset(SEATED_KEY, seat.spec.playerId, this.roomId);
        // Only if it is still this room's: a rematch may already have seated the player elsewhere.
        else if ((await this.presence.hget(SEATED_KEY, seat.spec.playerId)) === this.roomId) await this.presence.hdel(SEATED_KEY, seat.spec.playerId);
      }
    } catch (error) {
      log.warn({ err: error, roomId: this.roomId }, "updating who is seated failed");
    }
  }

  private announceEnd(): Promise<unknown> {
    const event: GameEndedEvent = {
      roomId: this.roomId,
      game: this.gameName,
      status: this.state.status as GameEndedEvent["status"],
      reason: this.state.reason,
      showed: this.seats.filter((s) => !s.spec.bot && s.sessionId !== null).map((s) => s.spec.playerId),
    };
    return Promise.resolve(this.presence.publish(GAME_EVENTS.ended, event)).catch((error) => log.warn({ err: error, roomId: this.roomId }, "publishing the game's end failed"));
  }

  private async startRematch() {
    // The room stays open while the new one is made.
    this.timers.clear("close");
    const humans = this.seats.filter((s) => !s.spec.bot).map((s) => s.spec.playerId);
    try {
      const ratings = Object.fromEntries(
        await Promise.all(humans.map(async (playerId) => [playerId, (await this.deps.store.getRating(playerId, this.gameName)).rating] as const)),
      );
      const { deps: _deps, grant: _grant, players, game: _game, series: _series, ...matchOptions } = this.options;
      // Rated, listed and clocked like this one, and the series goes on with this game in it.
      const series = this.seriesAfterThis ?? this.series;
      const match = await createMatch(this.deps, this.gameName, swappedSeats(players, ratings), { ...matchOptions, series });
      for (const seat of this.seats) {
        const reservation = match.reservations[seat.spec.playerId];
        if (seat.client && reservation) seat.client.send("rematch", { reservation });
      }
    } catch (error) {
      log.error({ err: error, roomId: this.roomId }, "rematch failed");
      this.broadcast("error", gameError(ErrorCode.REMATCH_UNAVAILABLE, "The rematch could not be started."));
    }
    this.timers.set("close", this.rematchMs, () => void this.disconnect());
  }

  // ---- small pieces ----

  protected playerStateOf(seat: Seat): PlayerState {
    const record = this.seats[seat];
    const key = record.spec.bot ? `bot-${seat}` : record.sessionId;
    return (key && this.state.players.get(key)) || this.def.schema.createPlayer();
  }

  /** Copies who wants a rematch into the schema. */
  private showRematch() {
    for (const seat of [0, 1] as const) this.playerStateOf(seat).wantsRematch = this.rematch?.wants(seat) ?? false;
  }

  private seatOf(client: Client): Seat | null {
    const index = this.seats.findIndex((s) => s.sessionId === client.sessionId);
    return index < 0 ? null : (index as Seat);
  }

  /** Copies the rules state into the schema, through the game's own mapping. */
  private syncState() {
    this.def.schema.sync(this.state, this.game, (seat) => this.playerStateOf(seat));
  }

  protected flush() {
    // Between a game's end and its result being stored, nothing is sent: any patch then would carry "finished"
    // before the rating changes, and before the lobby can know the game is over.
    if (this.holdingPatches) return;
    this.broadcastPatch();
  }

  private updateMetadata(): Promise<unknown> {
    if (this.disposing) return Promise.resolve();
    const saved = this.setMetadata(
      gameListing(this.gameName, this.state.status, this.seats.map((s) => s.spec), this.options.rated, this.spectatorIds.size, !this.options.unlisted),
    );
    // The room list lives in Redis in a cluster: a failed write is logged, never fatal.
    return Promise.resolve(saved).catch((error) => log.warn({ err: error, roomId: this.roomId }, "updating the room listing failed"));
  }
}
