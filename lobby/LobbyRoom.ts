import { Client, getMessageBytes, matchMaker, Protocol, ServerError } from "@colyseus/core";
import { z } from "zod";
import { GAME_NAMES, type GameName } from "../games/registry";
import { ErrorCode, GameError, gameError } from "../protocol/errors";
import { ParlorRoom } from "../rooms/ParlorRoom";
import { log } from "../base/log";
import { metrics } from "../base/metrics";
import { parseMessage } from "../protocol/parseMessage";
import type { ChallengeView } from "../protocol/challenges";
import { BOT_PLAYER, LOBBY_TOPICS, type LobbyTopic, type MatchedMessage, type PrivateCreatedMessage, type QueuedMessage } from "../protocol/wire";
import type { AuthData } from "../rooms/auth";
import { createMatch } from "../rooms/createMatch";
import type { RoomDeps, SeatSpec } from "../rooms/deps";
import type { RoomListing } from "../rooms/gameListing";
import { GAME_EVENTS, SEATED_KEY, type GameEndedEvent } from "../rooms/gameEvents";
import { LOBBY_FEED_MS, OnlinePlayers, sameCounts, type LobbyCounts } from "./lobbyCounts";
import { botFillAt, dueForBot } from "./botFill";
import { liveGames, sameLiveGames, type LiveGameRow } from "./liveGames";
import { pairFor, pairWaiting } from "./pairing";
import { DEFAULT_PLAYBAN } from "./playban";
import { normalisePrivateCode } from "./privateCode";
import { PrivateGames, type PrivateCreator } from "./privateGames";
import { activeGame, queueRefusal } from "./queueGate";
import { Bookings } from "./bookings";
import { ChallengeDesk } from "./challengeDesk";
import { parseGameMessage } from "./gameMessage";
import { TicketBook, type LobbyTicket } from "./ticketBook";
import { forgotten, joinRefusal, limitKeys, PRIVATE_JOIN_WINDOW_MS, withFailure, type FailureTimes, type PrivateJoinLimits } from "./privateJoinLimit";

// A game is any string in the shape (a wrong shape is BAD_MESSAGE); parseGameMessage then names the games.
const queueSchema = z.object({ game: z.string(), vsBot: z.boolean().optional(), botFill: z.boolean().optional() }).strict();
const botFillSchema = z.object({ enabled: z.boolean() }).strict();
const emptySchema = z.union([z.undefined(), z.null(), z.object({}).strict()]);
const privateCreateSchema = z.object({ game: z.string(), rated: z.boolean().optional(), listed: z.boolean().optional() }).strict();
const privateJoinSchema = z.object({ code: z.string().min(1).max(16) }).strict();
const topicSchema = z.object({ topic: z.enum(LOBBY_TOPICS) }).strict();

/** Sockets written per turn of the event loop when a feed goes out to its subscribers. */
const PUBLISH_SLICE = 500;

/**
 * The one lobby: waiting queues, pairing, private games, challenges and the hand-off to game rooms.
 * The room is the actor: who plays whom (pairing.ts), the open codes (privateGames.ts), who may queue (queueGate.ts)
 * and what is live (liveGames.ts) are decided on plain data; this room feeds them, and acts on what they decide.
 * Challenges are handled by the ChallengeDesk (challengeDesk.ts), which the room calls with its checks and hand-off.
 *
 * The lobby has no room state: nobody receives a patch. A client gets the counts and the Watch list only while it
 * has subscribed to them, each at most once a second and only when changed (docs/protocol.md §3).
 */
export class LobbyRoom extends ParlorRoom<object> {
  private tickets = new TicketBook();
  private privateGames!: PrivateGames;
  private challengeDesk!: ChallengeDesk;
  private bookings = new Bookings();
  /** Tickets handed to a game room, kept until it starts so a no-show can put the other player back. */
  private handedOff = new Map<string, LobbyTicket[]>();
  /** Recent failed `private:join` times, by player and by address (see privateJoinLimit.ts). */
  private joinFailures = new Map<string, FailureTimes>();
  /** Per client, the tail of its messages being handled: one client's messages are handled in the order sent. */
  private inOrder = new Map<string, Promise<void>>();
  private timers: NodeJS.Timeout[] = [];
  /** Connected clients by session id: Colyseus's clients.getById scans every lobby client, once per queue. */
  private bySession = new Map<string, Client>();
  private online = new OnlinePlayers();
  private subscribers: Record<LobbyTopic, Set<Client>> = { counts: new Set(), live: new Set() };
  /** The counts last sent to subscribers, and the Watch list last sent (null while nobody watches: not kept fresh). */
  private sentCounts: LobbyCounts | null = null;
  private live: LiveGameRow[] | null = null;
  private onGameEnded = (event: GameEndedEvent) => this.handleGameEnded(event);

  async onCreate(options: { deps: RoomDeps }) {
    this.deps = options.deps;
    this.privateGames = new PrivateGames(this.deps.config.privateCodeMs);
    const { store, clock, config } = this.deps;
    this.challengeDesk = new ChallengeDesk({
      store,
      clock,
      config,
      sendError: (client, error) => this.sendError(client, error),
      connected: (sessionId) => this.bySession.has(sessionId),
      queueGate: (playerId) => this.queueGate(playerId),
      seatedListing: (playerId) => this.seatedListing(playerId),
      bookedSince: (playerId, since) => this.bookings.bookedSince(playerId, since),
      markBooked: (playerIds) => this.markBooked(playerIds),
      leaveQueue: (playerId) => this.removeTicket(playerId),
      startMatch: (game, entrants, rated, listed) => this.startMatch(game, entrants, rated, listed, { fromQueue: false }),
    });
    // A lobby left behind by a process that died does not count: the health check forgets it.
    await matchMaker.healthCheckAllProcesses();
    const existing = await matchMaker.query({ name: "lobby" });
    if (existing.some((room) => room.roomId !== this.roomId)) {
      throw new ServerError(4409, "There is one lobby per server; join it with joinOrCreate(\"lobby\").");
    }
    this.autoDispose = false;
    this.maxClients = 100_000;
    this.setMessageRate(this.deps.config.messagesPerSecond);
    // No state and no patch interval: what clients see goes out as messages to subscribers (publish()).
    this.setPatchRate(null);

    this.onMessage("queue", (client, payload) => this.guard(client, () => this.handleQueue(client, payload)));
    this.onMessage("queue:botfill", (client, payload) => this.guard(client, () => this.handleBotFill(client, payload)));
    this.onMessage("cancel", (client, payload) => this.guard(client, () => this.handleCancel(client, payload)));
    this.onMessage("private:create", (client, payload) => this.guard(client, () => this.handlePrivateCreate(client, payload)));
    this.onMessage("private:join", (client, payload) => this.guard(client, () => this.handlePrivateJoin(client, payload)));
    this.onMessage("challenge:send", (client, payload) => this.guard(client, () => this.challengeDesk.send(client, payload)));
    this.onMessage("challenge:accept", (client, payload) => this.guard(client, () => this.challengeDesk.accept(client, payload)));
    this.onMessage("challenge:decline", (client, payload) => this.guard(client, () => this.challengeDesk.decline(client, payload)));
    this.onMessage("challenge:cancel", (client, payload) => this.guard(client, () => this.challengeDesk.cancel(client, payload)));
    this.onMessage("challenge:list", (client, payload) => this.guard(client, () => this.challengeDesk.list(client, payload)));
    this.onMessage("subscribe", (client, payload) => this.guard(client, () => this.handleSubscribe(client, payload)));
    this.onMessage("unsubscribe", (client, payload) => this.guard(client, () => this.handleUnsubscribe(client, payload)));
    this.onMessage("*", (client, type) =>
      this.sendError(client, gameError(ErrorCode.UNKNOWN_TYPE, `Unknown message type "${String(type)}".`)),
    );

    await this.presence.subscribe(GAME_EVENTS.ended, this.onGameEnded);
    const { pairingIntervalMs } = this.deps.config;
    this.timers.push(setInterval(() => this.guard(null, () => this.runPairing()), pairingIntervalMs));
    this.timers.push(setInterval(() => this.guard(null, () => this.publishFeeds()), LOBBY_FEED_MS));
  }

  onJoin(client: Client) {
    this.bySession.set(client.sessionId, client);
    const playerId = (client.auth as AuthData | undefined)?.playerId;
    if (!playerId) return;
    this.online.add(playerId);
    this.challengeDesk.join(client, playerId);
  }

  onLeave(client: Client) {
    this.bySession.delete(client.sessionId);
    this.inOrder.delete(client.sessionId);
    for (const ticket of this.tickets.ofSession(client.sessionId)) this.removeTicket(ticket.playerId);
    this.privateGames.closeFor(client.sessionId);
    for (const topic of LOBBY_TOPICS) this.subscribers[topic].delete(client);
    const playerId = (client.auth as AuthData | undefined)?.playerId;
    if (!playerId) return;
    this.online.remove(playerId);
    this.challengeDesk.leave(client, playerId);
  }

  onBeforeShutdown() {
    this.broadcast("server:shutdown", { message: "The server is restarting; queues are cleared. Join again in a moment." });
    void this.disconnect(Protocol.WS_CLOSE_GOING_AWAY);
  }

  onDispose() {
    this.timers.forEach(clearInterval);
    this.presence.unsubscribe(GAME_EVENTS.ended, this.onGameEnded);
  }

  // ---- message handlers ----

  private async handleQueue(client: Client, payload: unknown) {
    const parsed = parseGameMessage(queueSchema, payload);
    if (!parsed.ok) return this.sendError(client, parsed.error);
    const { game, vsBot, botFill } = parsed.value;
    const auth = client.auth as AuthData;
    const refusal = await this.queueGate(auth.playerId);
    if (refusal) return this.sendError(client, refusal);
    if (vsBot) {
      this.removeTicket(auth.playerId);
      return this.startBotMatch(game, { playerId: auth.playerId, name: auth.name, sessionId: client.sessionId }, false);
    }
    const ticket: LobbyTicket = {
      playerId: auth.playerId,
      name: auth.name,
      game,
      sessionId: client.sessionId,
      rating: (await this.deps.store.getRating(auth.playerId, game)).rating,
      since: this.deps.clock.now(),
      botFill: botFill ?? true,
    };
    // It may have left while the checks above waited on the store or presence.
    if (!this.bySession.get(client.sessionId)) return;
    // One ticket per player: a second `queue`, from any tab, replaces the first.
    this.removeTicket(auth.playerId);
    const partner = pairFor(ticket, this.tickets.waiting(game), ticket.since);
    if (partner) {
      this.removeTicket(partner.playerId);
      this.updateQueues();
      await this.startMatch(game, [partner, ticket], true, true, { fromQueue: true });
      return;
    }
    this.tickets.add(ticket);
    this.updateQueues();
    this.sendPositions(game);
  }

  /** Bot fill on or off for the caller's ticket, which keeps its place; answered with a fresh `queued`. */
  private handleBotFill(client: Client, payload: unknown) {
    const parsed = parseMessage(botFillSchema, payload);
    if (!parsed.ok) return this.sendError(client, parsed.error);
    const ticket = this.tickets.setBotFill((client.auth as AuthData).playerId, parsed.value.enabled);
    if (!ticket) return this.sendError(client, gameError(ErrorCode.NOT_QUEUED, "You are not in a queue, so there is no bot fill to change."));
    client.send("queued", this.queuedMessage(ticket, this.tickets.positionOf(ticket.playerId)!));
  }

  private handleCancel(client: Client, payload: unknown) {
    const parsed = parseMessage(emptySchema, payload);
    if (!parsed.ok) return this.sendError(client, parsed.error);
    const ticket = this.tickets.get((client.auth as AuthData).playerId);
    if (!ticket) return this.sendError(client, gameError(ErrorCode.NOT_QUEUED, "You are not in a queue."));
    this.removeTicket(ticket.playerId);
    client.send("cancelled", { game: ticket.game });
  }

  private handlePrivateCreate(client: Client, payload: unknown) {
    const parsed = parseGameMessage(privateCreateSchema, payload);
    if (!parsed.ok) return this.sendError(client, parsed.error);
    const auth = client.auth as AuthData;
    this.removeTicket(auth.playerId);
    const creator: PrivateCreator = { playerId: auth.playerId, name: auth.name, sessionId: client.sessionId };
    const { game, rated = false, listed = false } = parsed.value;
    const opened = this.privateGames.open(creator, game, { rated, listed }, this.deps.clock.now());
    const created: PrivateCreatedMessage = { code: opened.code, game, rated, listed, expiresAt: opened.expiresAt };
    client.send("private:created", created);
  }

  private async handlePrivateJoin(client: Client, payload: unknown) {
    const parsed = parseMessage(privateJoinSchema, payload);
    if (!parsed.ok) return this.sendError(client, parsed.error);
    const auth = client.auth as AuthData;
    // Over a limit, the code is not even looked up: a guesser learns nothing until the window passes.
    const keys = limitKeys(auth.playerId, auth.address, this.privateJoinLimits());
    const now = this.deps.clock.now();
    const limited = joinRefusal(this.joinFailures, keys, now, PRIVATE_JOIN_WINDOW_MS);
    if (limited) {
      const seconds = Math.ceil((limited.until - now) / 1000);
      const from = limited.by === "player" ? "you" : "your address";
      return this.sendError(
        client,
        gameError(ErrorCode.PRIVATE_JOIN_LIMITED, `Too many codes from ${from} opened no game; try a code again in ${seconds} s.`),
      );
    }
    const code = normalisePrivateCode(parsed.value.code);
    const found = this.privateGames.lookUp(code, auth.playerId, now);
    if (found.kind === "unknown" || found.kind === "expired") {
      for (const { key, limit } of keys) this.joinFailures.set(key, withFailure(this.joinFailures.get(key) ?? [], limit, now, PRIVATE_JOIN_WINDOW_MS));
    }
    if (found.kind === "unknown") return this.sendError(client, gameError(ErrorCode.PRIVATE_NOT_FOUND, `No private game has the code "${code}".`));
    if (found.kind === "expired") {
      return this.sendError(client, gameError(ErrorCode.PRIVATE_EXPIRED, `The code "${code}" has expired; ask for a new one.`));
    }
    if (found.kind === "own") {
      return this.sendError(client, gameError(ErrorCode.PRIVATE_OWN_GAME, "That is your own private game; share the code with a friend."));
    }
    const { game } = found;
    const [refusal, creatorSeated] = await Promise.all([this.queueGate(auth.playerId), this.seatedListing(game.creator.playerId)]);
    if (refusal) return this.sendError(client, refusal);
    const creatorRoom = activeGame(game.creator.playerId, creatorSeated);
    if (creatorRoom) {
      // Pairing now would book the creator into a second game and leave the joiner waiting for a no-show.
      return this.sendError(
        client,
        gameError(ErrorCode.PRIVATE_CREATOR_BUSY, `${game.creator.name} is playing another game right now; the code stays open, so try it again when that game ends.`),
      );
    }
    // It may have left while those checks waited on presence; the code stays open for someone else.
    if (!this.bySession.get(client.sessionId)) return;
    if (!this.privateGames.take(game)) {
      return this.sendError(client, gameError(ErrorCode.PRIVATE_NOT_FOUND, `No private game has the code "${code}".`));
    }
    // Neither may stay queued: a queue pairing as well would book them twice.
    this.removeTicket(auth.playerId);
    this.removeTicket(game.creator.playerId);
    const entrant = async (p: PrivateCreator): Promise<LobbyTicket> => ({
      ...p,
      game: game.game,
      rating: (await this.deps.store.getRating(p.playerId, game.game)).rating,
      since: now,
      botFill: false,
    });
    const pair = await Promise.all([entrant(game.creator), entrant({ playerId: auth.playerId, name: auth.name, sessionId: client.sessionId })]);
    await this.startMatch(game.game, pair, game.rated, game.listed, { fromQueue: false });
  }

  /**
   * The open challenge with this id, for its link page (GET /api/challenges/:id). Called through
   * matchMaker.remoteRoomCall, so from any process of a cluster (see findChallenge below).
   */
  publicChallenge(id: string): ChallengeView | null {
    return this.challengeDesk.publicChallenge(id);
  }

  private markBooked(playerIds: string[]) {
    this.bookings.mark(playerIds, this.deps.clock.now());
  }

  // ---- feeds ----

  /** Starts a feed with its current snapshot; subscribing again sends a fresh one. */
  private async handleSubscribe(client: Client, payload: unknown) {
    const parsed = parseMessage(topicSchema, payload);
    if (!parsed.ok) return this.sendError(client, parsed.error);
    const { topic } = parsed.value;
    this.subscribers[topic].add(client);
    if (topic === "live") this.live ??= await this.queryLiveGames();
    this.sendSnapshot(client, topic);
  }

  private sendSnapshot(client: Client, topic: LobbyTopic) {
    if (topic === "counts") {
      const counts = this.counts();
      client.send("counts", counts);
      // A subscriber now holding newer counts than the others: the next tick sends to all, changed or not.
      if (this.sentCounts && !sameCounts(counts, this.sentCounts)) this.sentCounts = null;
    } else client.send("live", { games: this.live ?? [] });
  }

  /** Stops a feed; unsubscribing from one not subscribed to is not an error (a screen left twice). */
  private handleUnsubscribe(client: Client, payload: unknown) {
    const parsed = parseMessage(topicSchema, payload);
    if (!parsed.ok) return this.sendError(client, parsed.error);
    this.subscribers[parsed.value.topic].delete(client);
  }

  // ---- pairing and hand-off ----

  private runPairing() {
    const now = this.deps.clock.now();
    for (const game of GAME_NAMES) {
      const waiting = this.tickets.waiting(game);
      if (waiting.length === 0) continue;
      const { pairs } = pairWaiting(waiting, now);
      for (const [a, b] of pairs) {
        this.removeTicket(a.playerId);
        this.removeTicket(b.playerId);
        void this.startMatch(game, [a, b], true, true, { fromQueue: true });
      }
      for (const ticket of this.tickets.waiting(game)) {
        if (!dueForBot(ticket, this.deps.config.botFillMs, now)) continue;
        this.removeTicket(ticket.playerId);
        void this.startBotMatch(game, ticket, true);
      }
    }
    this.updateQueues();
    for (const game of GAME_NAMES) this.sendPositions(game);
    this.privateGames.sweep(now);
    this.challengeDesk.sweep(now);
    this.bookings.forget(now);
    for (const [key, times] of this.joinFailures) if (forgotten(times, now, PRIVATE_JOIN_WINDOW_MS)) this.joinFailures.delete(key);
  }

  /** `listed`: on the Watch list and open to spectators (every game but a private one its creator did not list). */
  /**
   * Books two players into a new game room. `fromQueue`: they were paired from the queue, so a no-show puts whoever
   * showed back at its front; a private game's or a challenge's players asked for each other, not for a queue.
   */
  private async startMatch(game: GameName, entrants: [LobbyTicket, LobbyTicket], rated: boolean, listed: boolean, { fromQueue }: { fromQueue: boolean }) {
    const order = this.deps.random() < 0.5 ? entrants : ([entrants[1], entrants[0]] as [LobbyTicket, LobbyTicket]);
    const seats = order.map((t) => ({ playerId: t.playerId, name: t.name, rating: t.rating })) as [SeatSpec, SeatSpec];
    const now = this.deps.clock.now();
    this.markBooked(entrants.map((t) => t.playerId));
    for (const ticket of entrants) metrics.timeToMatch.observe({ game }, Math.max(0, now - ticket.since) / 1000);
    try {
      const match = await createMatch(this.deps, game, seats, { rated, unlisted: !listed });
      if (fromQueue) this.handedOff.set(match.roomId, order);
      order.forEach((ticket, i) => {
        const opponent = order[1 - i];
        const matched: MatchedMessage = {
          reservation: match.reservations[ticket.playerId],
          game,
          rated,
          botFill: false,
          opponent: { playerId: opponent.playerId, name: opponent.name, rating: Math.round(opponent.rating) },
        };
        this.bySession.get(ticket.sessionId)?.send("matched", matched);
      });
    } catch (error) {
      log.error({ err: error }, "creating a match failed");
      for (const ticket of order) {
        const client = this.bySession.get(ticket.sessionId);
        if (client) this.sendError(client, gameError(ErrorCode.MATCH_FAILED, "The game could not be started; you are no longer queued. Please queue again."));
      }
    }
  }

  /** `botFill`: the bot fills a queue ticket that found no human (rather than a `vsBot` request). */
  private async startBotMatch(game: GameName, entrant: { playerId: string; name: string; sessionId: string }, botFill: boolean) {
    this.markBooked([entrant.playerId]);
    await this.deps.store.ensureBot(BOT_PLAYER.playerId, BOT_PLAYER.name);
    const human: SeatSpec = { playerId: entrant.playerId, name: entrant.name, rating: (await this.deps.store.getRating(entrant.playerId, game)).rating };
    const bot: SeatSpec = { ...BOT_PLAYER, rating: 1500, bot: true };
    const seats = (this.deps.random() < 0.5 ? [human, bot] : [bot, human]) as [SeatSpec, SeatSpec];
    try {
      const match = await createMatch(this.deps, game, seats, { rated: false });
      const matched: MatchedMessage = {
        reservation: match.reservations[entrant.playerId],
        game,
        rated: false,
        botFill,
        opponent: { playerId: bot.playerId, name: bot.name, rating: bot.rating, bot: true },
      };
      this.bySession.get(entrant.sessionId)?.send("matched", matched);
    } catch (error) {
      log.error({ err: error }, "creating a bot match failed");
    }
  }

  /** A game room ended. If a game paired from the queue never started, whoever showed up goes back to its front. */
  private handleGameEnded(event: GameEndedEvent) {
    const tickets = this.handedOff.get(event.roomId);
    this.handedOff.delete(event.roomId);
    if (!tickets || event.reason !== "no_show") return;
    for (const ticket of tickets) {
      if (!event.showed.includes(ticket.playerId) || this.tickets.has(ticket.playerId)) continue;
      const client = this.bySession.get(ticket.sessionId);
      if (!client) continue;
      // The original `since` keeps their place: the longest wait is the front of the queue.
      this.tickets.add({ ...ticket });
      client.send("requeued", { game: ticket.game, reason: "no_show" });
    }
    this.updateQueues();
    for (const game of GAME_NAMES) this.sendPositions(game);
  }

  /** Why a player may not queue now, or null: the store and presence are read here, the gate decides. */
  private async queueGate(playerId: string): Promise<GameError | null> {
    const now = this.deps.clock.now();
    const [abandons, seated] = await Promise.all([this.deps.store.abandonsSince(playerId, now - DEFAULT_PLAYBAN.windowMs), this.seatedListing(playerId)]);
    return queueRefusal({ playerId, abandons, now, seated });
  }

  /** The listing of the room the player is noted as seated in, if it is still listed. */
  private async seatedListing(playerId: string): Promise<RoomListing | undefined> {
    // One presence read, whatever the number of rooms; then that room's own listing, so that a room
    // left behind by a process that died (and cleaned up by the health check) does not count.
    const roomId = (await this.presence.hget(SEATED_KEY, playerId)) as string | null;
    return roomId ? await matchMaker.getRoomById(roomId) : undefined;
  }

  private privateJoinLimits(): PrivateJoinLimits {
    const { privateJoinFailuresPerMinute, privateJoinFailuresPerMinutePerIp } = this.deps.config;
    return { perPlayer: privateJoinFailuresPerMinute, perAddress: privateJoinFailuresPerMinutePerIp };
  }

  // ---- what clients are told ----

  private removeTicket(playerId: string) {
    if (this.tickets.remove(playerId)) this.updateQueues();
  }

  private updateQueues() {
    for (const [game, count] of this.tickets.counts(GAME_NAMES)) metrics.queueSize.set({ game }, count);
  }

  private counts(): LobbyCounts {
    return { online: this.online.size, queues: Object.fromEntries(this.tickets.counts(GAME_NAMES)) as Record<GameName, number> };
  }

  /**
   * One message to every subscriber of a topic, encoded once, written PUBLISH_SLICE sockets at a time: thousands of
   * socket writes in one go would hold every game in the process up for tens of milliseconds.
   */
  private publish(topic: LobbyTopic, type: string, message: unknown) {
    if (this.subscribers[topic].size === 0) return;
    const bytes = getMessageBytes.raw(Protocol.ROOM_DATA, type, message);
    const clients = [...this.subscribers[topic]];
    const write = (from: number) => {
      // One that unsubscribed or left since is skipped.
      for (const client of clients.slice(from, from + PUBLISH_SLICE)) if (this.subscribers[topic].has(client)) client.enqueueRaw(bytes);
      if (from + PUBLISH_SLICE < clients.length) setImmediate(() => this.publishSlice(write, from + PUBLISH_SLICE));
    };
    this.publishSlice(write, 0);
  }

  /** One slice of a publish (a method of its own, so that the lobby bench can time the writes). */
  private publishSlice(write: (from: number) => void, from: number) {
    write(from);
  }

  /** Sends `queued` to each waiting player whose position changed (a change of bot fill is answered by its handler). */
  private sendPositions(game: GameName) {
    for (const { ticket, position } of this.tickets.changedPositions(game)) {
      this.bySession.get(ticket.sessionId)?.send("queued", this.queuedMessage(ticket, position));
    }
  }

  private queuedMessage(ticket: LobbyTicket, position: number): QueuedMessage {
    return { game: ticket.game, position, since: ticket.since, botFillAt: botFillAt(ticket, this.deps.config.botFillMs) };
  }

  private refreshes = 0;

  /** Once a second: the counts and the Watch list to their subscribers, each only if it changed. */
  private async publishFeeds() {
    // Every few seconds, forget the rooms of cluster processes that died, so their games leave
    // the list and their players can queue again. A no-op in a single process.
    if (++this.refreshes % 5 === 0) await matchMaker.healthCheckAllProcesses();
    if (this.subscribers.counts.size > 0) {
      const counts = this.counts();
      if (!this.sentCounts || !sameCounts(counts, this.sentCounts)) this.publish("counts", "counts", counts);
      this.sentCounts = counts;
    }
    if (this.subscribers.live.size === 0) {
      // Nobody watches: no query of every room, and the next subscriber gets a fresh list.
      this.live = null;
      return;
    }
    const live = await this.queryLiveGames();
    if (this.live && sameLiveGames(live, this.live)) return;
    this.live = live;
    this.publish("live", "live", { games: live });
  }

  private async queryLiveGames(): Promise<LiveGameRow[]> {
    return liveGames(await matchMaker.query({}));
  }

  /**
   * Runs a handler; an exception is logged and reported to the client, never fatal. A client's handlers
   * run one after another, so a `cancel` sent right behind a `queue` finds the ticket that queue made.
   */
  private guard(client: Client | null, fn: () => unknown) {
    const report = (error: unknown) => {
      log.error({ err: error }, "lobby handler failed");
      if (client) this.sendError(client, gameError(ErrorCode.BAD_REQUEST, "The lobby could not handle that message."));
    };
    const run = async () => {
      try {
        await fn();
      } catch (error) {
        report(error);
      }
    };
    if (!client) return void run();
    const id = client.sessionId;
    const tail = (this.inOrder.get(id) ?? Promise.resolve()).then(run);
    this.inOrder.set(id, tail);
    void tail.then(() => {
      if (this.inOrder.get(id) === tail) this.inOrder.delete(id);
    });
  }
}

/** The open challenge with this id, wherever the cluster's lobby runs; null when there is none (or no lobby). */
export async function findChallenge(id: string): Promise<ChallengeView | null> {
  const [lobby] = await matchMaker.query({ name: "lobby" });
  if (!lobby) return null;
  return ((await matchMaker.remoteRoomCall(lobby.roomId, "publicChallenge", [id])) as ChallengeView | null) ?? null;
}
