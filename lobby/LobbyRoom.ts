import { Client, getMessageBytes, matchMaker, Protocol, ServerError } from "@colyseus/core";
import { z } from "zod";
import { GAME_NAMES, isGameName, type GameName } from "../games/registry";
import { ErrorCode, GameError, gameError } from "../protocol/errors";
import { ParlorRoom } from "../rooms/ParlorRoom";
import { log } from "../base/log";
import { metrics } from "../base/metrics";
import { parseMessage } from "../protocol/parseMessage";
import {
  DECLINE_REASONS,
  type ChallengeAcceptedMessage,
  type ChallengeCancelledMessage,
  type ChallengeDeclinedMessage,
  type ChallengeExpiredMessage,
  type ChallengeListMessage,
  type ChallengeReceivedMessage,
  type ChallengeSentMessage,
  type ChallengeView,
} from "../protocol/challenges";
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
import { backoffRefusal, challengerBusy, Challenges, challengeView, targetRefusal, type Challenge, type TargetFacts } from "./challenges";
import { BACKOFF_WINDOW_MS, backoffUntil, forgotten as declinesForgotten, withDecline, type BackoffPolicy, type DeclineTimes } from "./challengeBackoff";
import { TicketBook, type LobbyTicket } from "./ticketBook";
import { forgotten, joinRefusal, limitKeys, PRIVATE_JOIN_WINDOW_MS, withFailure, type FailureTimes, type PrivateJoinLimits } from "./privateJoinLimit";

// A game is any string in the shape (a wrong shape is BAD_MESSAGE); parseGameMessage then names the games.
const queueSchema = z.object({ game: z.string(), vsBot: z.boolean().optional(), botFill: z.boolean().optional() }).strict();
const botFillSchema = z.object({ enabled: z.boolean() }).strict();
const emptySchema = z.union([z.undefined(), z.null(), z.object({}).strict()]);
const privateCreateSchema = z.object({ game: z.string(), rated: z.boolean().optional(), listed: z.boolean().optional() }).strict();
const privateJoinSchema = z.object({ code: z.string().min(1).max(16) }).strict();
const topicSchema = z.object({ topic: z.enum(LOBBY_TOPICS) }).strict();
const challengeSendSchema = z.object({ to: z.string().min(1).max(64), game: z.string(), rated: z.boolean().optional() }).strict();
const challengeIdSchema = z.object({ id: z.string().min(1).max(64) }).strict();
const challengeDeclineSchema = z.object({ id: z.string().min(1).max(64), reason: z.enum(DECLINE_REASONS).optional() }).strict();

/** A message that names a game: its shape, then whether the server has that game (UNKNOWN_GAME). */
function parseGameMessage<T extends { game: string }>(
  schema: z.ZodType<T>,
  payload: unknown,
): { ok: true; value: T & { game: GameName } } | { ok: false; error: GameError } {
  const parsed = parseMessage(schema, payload);
  if (!parsed.ok) return parsed;
  const { game } = parsed.value;
  if (!isGameName(game)) {
    const shown = JSON.stringify(game.length > 32 ? `${game.slice(0, 32)}…` : game);
    return { ok: false, error: gameError(ErrorCode.UNKNOWN_GAME, `There is no game ${shown}; the games are ${GAME_NAMES.join(", ")}.`) };
  }
  return { ok: true, value: parsed.value as T & { game: GameName } };
}

/** How long the lobby remembers that it booked a player into a game (see LobbyRoom.bookedAt). */
const BOOKING_MEMORY_MS = 60_000;
/** Sockets written per turn of the event loop when a feed goes out to its subscribers. */
const PUBLISH_SLICE = 500;

/**
 * The one lobby: waiting queues, pairing, private games and the hand-off to game rooms.
 * The room is the actor: who plays whom (pairing.ts), the open codes (privateGames.ts), who may queue (queueGate.ts)
 * and what is live (liveGames.ts) are decided on plain data; this room feeds them, and acts on what they decide.
 *
 * The lobby has no room state: nobody receives a patch. A client gets the counts and the Watch list only while it
 * has subscribed to them, each at most once a second and only when changed (docs/protocol.md §3).
 */
export class LobbyRoom extends ParlorRoom<object> {
  private tickets = new TicketBook();
  private privateGames!: PrivateGames;
  private challenges!: Challenges;
  /** Recent declines, by challenger and challenged (see challengeBackoff.ts). */
  private declines = new Map<string, DeclineTimes>();
  /**
   * When each player was last booked into a game by this lobby. A seat check that began before then may have read
   * presence before their room noted them, so a challenge accepted on it would book them twice.
   */
  private bookedAt = new Map<string, number>();
  /** Tickets handed to a game room, kept until it starts so a no-show can put the other player back. */
  private handedOff = new Map<string, LobbyTicket[]>();
  /** Recent failed `private:join` times, by player and by address (see privateJoinLimit.ts). */
  private joinFailures = new Map<string, FailureTimes>();
  /** Per client, the tail of its messages being handled: one client's messages are handled in the order sent. */
  private inOrder = new Map<string, Promise<void>>();
  private timers: NodeJS.Timeout[] = [];
  /** Connected clients by session id: Colyseus's clients.getById scans every lobby client, once per queue. */
  private bySession = new Map<string, Client>();
  /** Each player's lobby connections (tabs): a challenge reaches all of them. */
  private byPlayer = new Map<string, Set<Client>>();
  private online = new OnlinePlayers();
  private subscribers: Record<LobbyTopic, Set<Client>> = { counts: new Set(), live: new Set() };
  /** The counts last sent to subscribers, and the Watch list last sent (null while nobody watches: not kept fresh). */
  private sentCounts: LobbyCounts | null = null;
  private live: LiveGameRow[] | null = null;
  private onGameEnded = (event: GameEndedEvent) => this.handleGameEnded(event);

  async onCreate(options: { deps: RoomDeps }) {
    this.deps = options.deps;
    this.privateGames = new PrivateGames(this.deps.config.privateCodeMs);
    this.challenges = new Challenges(this.deps.config.challengeMs, this.deps.config.challengesOpenMax);
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
    this.onMessage("challenge:send", (client, payload) => this.guard(client, () => this.handleChallengeSend(client, payload)));
    this.onMessage("challenge:accept", (client, payload) => this.guard(client, () => this.handleChallengeAccept(client, payload)));
    this.onMessage("challenge:decline", (client, payload) => this.guard(client, () => this.handleChallengeDecline(client, payload)));
    this.onMessage("challenge:cancel", (client, payload) => this.guard(client, () => this.handleChallengeCancel(client, payload)));
    this.onMessage("challenge:list", (client, payload) => this.guard(client, () => this.handleChallengeList(client, payload)));
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
    let tabs = this.byPlayer.get(playerId);
    if (!tabs) this.byPlayer.set(playerId, (tabs = new Set()));
    tabs.add(client);
    // Challenges made while they were away (or from another tab); a player with none hears nothing.
    const list = this.challengeList(playerId);
    if (list.received.length > 0 || list.sent.length > 0) client.send("challenge:list", list);
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
    const tabs = this.byPlayer.get(playerId);
    tabs?.delete(client);
    if (tabs && tabs.size > 0) return;
    this.byPlayer.delete(playerId);
    // Their last lobby connection: the challenges they sent close with it (as a private code does).
    for (const c of this.challenges.closeFrom(playerId)) this.tellBoth(c, "challenge:cancelled", { id: c.id, reason: "offline" } satisfies ChallengeCancelledMessage);
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
      await this.startMatch(game, [partner, ticket], true, true);
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
    await this.startMatch(game.game, pair, game.rated, game.listed);
  }

  // ---- challenges (lobby/challenges.ts decides; docs/protocol.md §3 Challenges) ----

  private async handleChallengeSend(client: Client, payload: unknown) {
    const parsed = parseGameMessage(challengeSendSchema, payload);
    if (!parsed.ok) return this.sendError(client, parsed.error);
    const auth = client.auth as AuthData;
    const { to, game, rated = false } = parsed.value;
    // What the open challenges tell first: no store read for a challenge that cannot be made anyway.
    const early = this.challenges.refusal(auth.playerId, to, this.deps.clock.now());
    if (early) return this.sendError(client, early);
    const [facts, rating] = await Promise.all([this.targetFacts(auth.playerId, to), this.deps.store.getRating(auth.playerId, game)]);
    const refusal = targetRefusal(facts);
    if (refusal) return this.sendError(client, refusal);
    const target = { playerId: to, name: facts.target!.name };
    const now = this.deps.clock.now();
    const until = backoffUntil(this.declines.get(pairKey(auth.playerId, to)) ?? [], now, this.backoffPolicy());
    if (until !== null) return this.sendError(client, backoffRefusal(target.name, until, now));
    // Every lobby connection of theirs closed while the store was read: nothing to send from.
    if (!this.byPlayer.has(auth.playerId)) return;
    const from = { playerId: auth.playerId, name: auth.name, rating: rating.rating, sessionId: client.sessionId };
    const sent = this.challenges.send(from, target, game, rated, now);
    if (!sent.ok) return this.sendError(client, sent.error);
    const challenge = challengeView(sent.challenge);
    this.tell(auth.playerId, "challenge:sent", { challenge } satisfies ChallengeSentMessage);
    this.tell(to, "challenge:received", { challenge } satisfies ChallengeReceivedMessage);
  }

  /** The store's facts on the challenged player; whether they have played each other is read only when it matters. */
  private async targetFacts(challengerId: string, targetId: string): Promise<TargetFacts> {
    const { store } = this.deps;
    const [target, preferences] = await Promise.all([store.getPlayer(targetId), store.preferences(targetId)]);
    const policy = preferences.challenges;
    if (!target || policy !== "played") return { target, policy, challengerHasAccount: false, havePlayed: false };
    const [account, havePlayed] = await Promise.all([store.accountOf(challengerId), store.havePlayed(challengerId, targetId)]);
    return { target, policy, challengerHasAccount: account !== null, havePlayed };
  }

  /** Checked as a private:join: the accepter as for a queue, the challenger for a game still running. */
  private async handleChallengeAccept(client: Client, payload: unknown) {
    const parsed = parseMessage(challengeIdSchema, payload);
    if (!parsed.ok) return this.sendError(client, parsed.error);
    const auth = client.auth as AuthData;
    const checkedAt = this.deps.clock.now();
    const found = this.challenges.answerable(parsed.value.id, auth.playerId, "accept", checkedAt);
    if (!found.ok) return this.sendError(client, found.error);
    const { challenge } = found;
    const [refusal, challengerSeated] = await Promise.all([this.queueGate(auth.playerId), this.seatedListing(challenge.from.playerId)]);
    if (refusal) return this.sendError(client, refusal);
    // Booking now would give the challenger a second game and leave the accepter waiting for a no-show. Booked
    // since the check began (another of their challenges accepted meanwhile) counts as seated.
    const bookedSince = (playerId: string) => (this.bookedAt.get(playerId) ?? -Infinity) >= checkedAt;
    if (activeGame(challenge.from.playerId, challengerSeated) || bookedSince(challenge.from.playerId)) {
      return this.sendError(client, challengerBusy(challenge));
    }
    if (bookedSince(auth.playerId)) {
      return this.sendError(client, gameError(ErrorCode.ALREADY_IN_GAME, "You have just been matched into another game; finish or resign it first."));
    }
    // The accepter left while those checks waited: the challenge stays open for another of their tabs.
    if (!this.bySession.get(client.sessionId)) return;
    // Cancelled, or closed with the challenger's last connection, while the checks waited.
    if (!this.challenges.close(challenge)) {
      return this.sendError(client, gameError(ErrorCode.CHALLENGE_NOT_FOUND, "That challenge was withdrawn meanwhile."));
    }
    // Neither may stay queued: a queue pairing as well would book them twice.
    this.removeTicket(auth.playerId);
    this.removeTicket(challenge.from.playerId);
    this.markBooked([auth.playerId, challenge.from.playerId]);
    this.tellBoth(challenge, "challenge:accepted", { id: challenge.id } satisfies ChallengeAcceptedMessage);
    const entrant = async (playerId: string, name: string): Promise<LobbyTicket> => {
      const { rating } = await this.deps.store.getRating(playerId, challenge.game);
      // Chosen after that read: the challenge's own tab may have closed meanwhile, and another of theirs plays.
      const sessionId = playerId === auth.playerId ? client.sessionId : this.sessionOf(challenge.from);
      return { playerId, name, rating, sessionId, game: challenge.game, since: this.deps.clock.now(), botFill: false };
    };
    const pair = await Promise.all([entrant(challenge.from.playerId, challenge.from.name), entrant(auth.playerId, auth.name)]);
    await this.startMatch(challenge.game, pair, challenge.rated, true);
  }

  private handleChallengeDecline(client: Client, payload: unknown) {
    const parsed = parseMessage(challengeDeclineSchema, payload);
    if (!parsed.ok) return this.sendError(client, parsed.error);
    const auth = client.auth as AuthData;
    const now = this.deps.clock.now();
    const found = this.challenges.answerable(parsed.value.id, auth.playerId, "decline", now);
    if (!found.ok) return this.sendError(client, found.error);
    const { challenge } = found;
    this.challenges.close(challenge);
    const key = pairKey(challenge.from.playerId, auth.playerId);
    this.declines.set(key, withDecline(this.declines.get(key) ?? [], now, this.backoffPolicy()));
    this.tellBoth(challenge, "challenge:declined", { id: challenge.id, reason: parsed.value.reason ?? "generic" } satisfies ChallengeDeclinedMessage);
  }

  private handleChallengeCancel(client: Client, payload: unknown) {
    const parsed = parseMessage(challengeIdSchema, payload);
    if (!parsed.ok) return this.sendError(client, parsed.error);
    const found = this.challenges.answerable(parsed.value.id, (client.auth as AuthData).playerId, "cancel", this.deps.clock.now());
    if (!found.ok) return this.sendError(client, found.error);
    this.challenges.close(found.challenge);
    this.tellBoth(found.challenge, "challenge:cancelled", { id: found.challenge.id, reason: "cancelled" } satisfies ChallengeCancelledMessage);
  }

  private handleChallengeList(client: Client, payload: unknown) {
    const parsed = parseMessage(emptySchema, payload);
    if (!parsed.ok) return this.sendError(client, parsed.error);
    client.send("challenge:list", this.challengeList((client.auth as AuthData).playerId));
  }

  /**
   * The open challenge with this id, for its link page (GET /api/challenges/:id). Called through
   * matchMaker.remoteRoomCall, so from any process of a cluster (see findChallenge below).
   */
  publicChallenge(id: string): ChallengeView | null {
    const challenge = typeof id === "string" ? this.challenges.get(id, this.deps.clock.now()) : null;
    return challenge ? challengeView(challenge) : null;
  }

  private challengeList(playerId: string): ChallengeListMessage {
    const { received, sent } = this.challenges.listFor(playerId, this.deps.clock.now());
    return { received: received.map(challengeView), sent: sent.map(challengeView) };
  }

  /** The challenge's own lobby connection if it is still open, else another of the challenger's. */
  private sessionOf(from: Challenge["from"]): string {
    if (this.bySession.has(from.sessionId)) return from.sessionId;
    const [other] = this.byPlayer.get(from.playerId) ?? [];
    return other?.sessionId ?? from.sessionId;
  }

  private backoffPolicy(): BackoffPolicy {
    const { challengeBackoffBaseMs, challengeBackoffMaxMs } = this.deps.config;
    return { baseMs: challengeBackoffBaseMs, maxMs: challengeBackoffMaxMs, windowMs: BACKOFF_WINDOW_MS };
  }

  /** Expired challenges are announced to both; decline records that no longer count are forgotten. */
  private sweepChallenges(now: number) {
    for (const c of this.challenges.expire(now)) this.tellBoth(c, "challenge:expired", { id: c.id } satisfies ChallengeExpiredMessage);
    const policy = this.backoffPolicy();
    for (const [key, times] of this.declines) if (declinesForgotten(times, now, policy)) this.declines.delete(key);
    // A seat check takes milliseconds; a booking a minute old is in presence by now.
    for (const [playerId, at] of this.bookedAt) if (at < now - BOOKING_MEMORY_MS) this.bookedAt.delete(playerId);
  }

  private markBooked(playerIds: string[]) {
    const now = this.deps.clock.now();
    for (const playerId of playerIds) this.bookedAt.set(playerId, now);
  }

  /** A message to every lobby connection of the player (none while they are away). */
  private tell(playerId: string, type: string, message: unknown) {
    for (const client of this.byPlayer.get(playerId) ?? []) client.send(type, message);
  }

  /** What happened to a challenge goes to every lobby connection of both players, so that each tab shows it. */
  private tellBoth(challenge: Challenge, type: string, message: unknown) {
    this.tell(challenge.from.playerId, type, message);
    this.tell(challenge.to.playerId, type, message);
  }

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
        void this.startMatch(game, [a, b], true, true);
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
    this.sweepChallenges(now);
    for (const [key, times] of this.joinFailures) if (forgotten(times, now, PRIVATE_JOIN_WINDOW_MS)) this.joinFailures.delete(key);
  }

  /** `listed`: on the Watch list and open to spectators (every game but a private one its creator did not list). */
  private async startMatch(game: GameName, entrants: [LobbyTicket, LobbyTicket], rated: boolean, listed: boolean) {
    const order = this.deps.random() < 0.5 ? entrants : ([entrants[1], entrants[0]] as [LobbyTicket, LobbyTicket]);
    const seats = order.map((t) => ({ playerId: t.playerId, name: t.name, rating: t.rating })) as [SeatSpec, SeatSpec];
    const now = this.deps.clock.now();
    this.markBooked(entrants.map((t) => t.playerId));
    for (const ticket of entrants) metrics.timeToMatch.observe({ game }, Math.max(0, now - ticket.since) / 1000);
    try {
      const match = await createMatch(this.deps, game, seats, { rated, unlisted: !listed });
      this.handedOff.set(match.roomId, order);
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

  /** A game room ended. If it never started, whoever showed up goes back to the front of the queue. */
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

/** One challenger and the player they challenged (declines count per pair, in this direction only). */
function pairKey(challengerId: string, targetId: string): string {
  return JSON.stringify([challengerId, targetId]);
}

/** The open challenge with this id, wherever the cluster's lobby runs; null when there is none (or no lobby). */
export async function findChallenge(id: string): Promise<ChallengeView | null> {
  const [lobby] = await matchMaker.query({ name: "lobby" });
  if (!lobby) return null;
  return ((await matchMaker.remoteRoomCall(lobby.roomId, "publicChallenge", [id])) as ChallengeView | null) ?? null;
}
