import type { Client } from "@colyseus/core";
import { z } from "zod";
import type { Config } from "../base/config";
import type { GameName } from "../games/registry";
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
import { ErrorCode, gameError, type GameError } from "../protocol/errors";
import { parseMessage } from "../protocol/parseMessage";
import type { AuthData } from "../rooms/auth";
import type { Clock } from "../rooms/deps";
import type { RoomListing } from "../rooms/gameListing";
import type { Store } from "../store/types";
import { BACKOFF_WINDOW_MS, backoffUntil, forgotten as declinesForgotten, withDecline, type BackoffPolicy, type DeclineTimes } from "./challengeBackoff";
import { backoffRefusal, challengerBusy, Challenges, challengeView, targetRefusal, type Challenge, type TargetFacts } from "./challenges";
import { parseGameMessage } from "./gameMessage";
import { activeGame } from "./queueGate";
import type { LobbyTicket } from "./ticketBook";

const challengeSendSchema = z.object({ to: z.string().min(1).max(64), game: z.string(), rated: z.boolean().optional() }).strict();
const challengeIdSchema = z.object({ id: z.string().min(1).max(64) }).strict();
const challengeDeclineSchema = z.object({ id: z.string().min(1).max(64), reason: z.enum(DECLINE_REASONS).optional() }).strict();
const challengeListSchema = z.union([z.undefined(), z.null(), z.object({}).strict()]);

/** What the desk needs of the lobby room: its store, time and settings, and the checks and hand-off it shares with private games. */
export interface ChallengeDeskRoom {
  store: Pick<Store, "getRating" | "getPlayer" | "preferences" | "accountOf" | "havePlayed">;
  clock: Pick<Clock, "now">;
  config: Pick<Config, "challengeMs" | "challengesOpenMax" | "challengeBackoffBaseMs" | "challengeBackoffMaxMs">;
  sendError(client: Client, error: GameError): void;
  /** Whether this lobby connection is still open. */
  connected(sessionId: string): boolean;
  /** Why the player may not queue now (and so may not accept), or null. */
  queueGate(playerId: string): Promise<GameError | null>;
  /** The listing of the room the player is noted as seated in, if it is still listed. */
  seatedListing(playerId: string): Promise<RoomListing | undefined>;
  /** Whether the lobby booked the player into a game at `since` or later. */
  bookedSince(playerId: string, since: number): boolean;
  markBooked(playerIds: string[]): void;
  /** Takes the player's queue ticket away, if they have one. */
  leaveQueue(playerId: string): void;
  startMatch(game: GameName, entrants: [LobbyTicket, LobbyTicket], rated: boolean, listed: boolean): Promise<void>;
}

/**
 * The lobby's challenges (docs/protocol.md §3 Challenges): the open ones (challenges.ts decides), the recent declines
 * (challengeBackoff.ts decides), and each player's lobby connections (tabs), every one of which hears what happens
 * to a challenge of theirs. The lobby room registers the messages and calls in here.
 */
export class ChallengeDesk {
  private challenges: Challenges;
  /** Recent declines, by challenger and challenged (see challengeBackoff.ts). */
  private declines = new Map<string, DeclineTimes>();
  /** Each player's lobby connections (tabs): a challenge reaches all of them. */
  private tabs = new Map<string, Set<Client>>();

  constructor(private readonly room: ChallengeDeskRoom) {
    this.challenges = new Challenges(room.config.challengeMs, room.config.challengesOpenMax);
  }

  /** A lobby connection of the player opened: it hears their open challenges, if they have any. */
  join(client: Client, playerId: string) {
    let tabs = this.tabs.get(playerId);
    if (!tabs) this.tabs.set(playerId, (tabs = new Set()));
    tabs.add(client);
    // Challenges made while they were away (or from another tab); a player with none hears nothing.
    const list = this.challengeList(playerId);
    if (list.received.length > 0 || list.sent.length > 0) client.send("challenge:list", list);
  }

  leave(client: Client, playerId: string) {
    const tabs = this.tabs.get(playerId);
    tabs?.delete(client);
    if (tabs && tabs.size > 0) return;
    this.tabs.delete(playerId);
    // Their last lobby connection: the challenges they sent close with it (as a private code does).
    for (const c of this.challenges.closeFrom(playerId)) this.tellBoth(c, "challenge:cancelled", { id: c.id, reason: "offline" } satisfies ChallengeCancelledMessage);
  }

  async send(client: Client, payload: unknown) {
    const { room } = this;
    const parsed = parseGameMessage(challengeSendSchema, payload);
    if (!parsed.ok) return room.sendError(client, parsed.error);
    const auth = client.auth as AuthData;
    const { to, game, rated = false } = parsed.value;
    // What the open challenges tell first: no store read for a challenge that cannot be made anyway.
    const early = this.challenges.refusal(auth.playerId, to, room.clock.now());
    if (early) return room.sendError(client, early);
    const [facts, rating] = await Promise.all([this.targetFacts(auth.playerId, to), room.store.getRating(auth.playerId, game)]);
    const refusal = targetRefusal(facts);
    if (refusal) return room.sendError(client, refusal);
    const target = { playerId: to, name: facts.target!.name };
    const now = room.clock.now();
    const until = backoffUntil(this.declines.get(pairKey(auth.playerId, to)) ?? [], now, this.backoffPolicy());
    if (until !== null) return room.sendError(client, backoffRefusal(target.name, until, now));
    // Every lobby connection of theirs closed while the store was read: nothing to send from.
    if (!this.tabs.has(auth.playerId)) return;
    const from = { playerId: auth.playerId, name: auth.name, rating: rating.rating, sessionId: client.sessionId };
    const sent = this.challenges.send(from, target, game, rated, now);
    if (!sent.ok) return room.sendError(client, sent.error);
    const challenge = challengeView(sent.challenge);
    this.tell(auth.playerId, "challenge:sent", { challenge } satisfies ChallengeSentMessage);
    this.tell(to, "challenge:received", { challenge } satisfies ChallengeReceivedMessage);
  }

  /** Checked as a private:join: the accepter as for a queue, the challenger for a game still running. */
  async accept(client: Client, payload: unknown) {
    const { room } = this;
    const parsed = parseMessage(challengeIdSchema, payload);
    if (!parsed.ok) return room.sendError(client, parsed.error);
    const auth = client.auth as AuthData;
    const checkedAt = room.clock.now();
    const found = this.challenges.answerable(parsed.value.id, auth.playerId, "accept", checkedAt);
    if (!found.ok) return room.sendError(client, found.error);
    const { challenge } = found;
    const [refusal, challengerSeated] = await Promise.all([room.queueGate(auth.playerId), room.seatedListing(challenge.from.playerId)]);
    if (refusal) return room.sendError(client, refusal);
    // Booking now would give the challenger a second game and leave the accepter waiting for a no-show. Booked
    // since the check began (another of their challenges accepted meanwhile) counts as seated.
    if (activeGame(challenge.from.playerId, challengerSeated) || room.bookedSince(challenge.from.playerId, checkedAt)) {
      return room.sendError(client, challengerBusy(challenge));
    }
    if (room.bookedSince(auth.playerId, checkedAt)) {
      return room.sendError(client, gameError(ErrorCode.ALREADY_IN_GAME, "You have just been matched into another game; finish or resign it first."));
    }
    // The accepter left while those checks waited: the challenge stays open for another of their tabs.
    if (!room.connected(client.sessionId)) return;
    // Cancelled, or closed with the challenger's last connection, while the checks waited.
    if (!this.challenges.close(challenge)) {
      return room.sendError(client, gameError(ErrorCode.CHALLENGE_NOT_FOUND, "That challenge was withdrawn meanwhile."));
    }
    // Neither may stay queued: a queue pairing as well would book them twice.
    room.leaveQueue(auth.playerId);
    room.leaveQueue(challenge.from.playerId);
    room.markBooked([auth.playerId, challenge.from.playerId]);
    this.tellBoth(challenge, "challenge:accepted", { id: challenge.id } satisfies ChallengeAcceptedMessage);
    const entrant = async (playerId: string, name: string): Promise<LobbyTicket> => {
      const { rating } = await room.store.getRating(playerId, challenge.game);
      // Chosen after that read: the challenge's own tab may have closed meanwhile, and another of theirs plays.
      const sessionId = playerId === auth.playerId ? client.sessionId : this.sessionOf(challenge.from);
      return { playerId, name, rating, sessionId, game: challenge.game, since: room.clock.now(), botFill: false };
    };
    const pair = await Promise.all([entrant(challenge.from.playerId, challenge.from.name), entrant(auth.playerId, auth.name)]);
    await room.startMatch(challenge.game, pair, challenge.rated, true);
  }

  decline(client: Client, payload: unknown) {
    const { room } = this;
    const parsed = parseMessage(challengeDeclineSchema, payload);
    if (!parsed.ok) return room.sendError(client, parsed.error);
    const auth = client.auth as AuthData;
    const now = room.clock.now();
    const found = this.challenges.answerable(parsed.value.id, auth.playerId, "decline", now);
    if (!found.ok) return room.sendError(client, found.error);
    const { challenge } = found;
    this.challenges.close(challenge);
    const key = pairKey(challenge.from.playerId, auth.playerId);
    this.declines.set(key, withDecline(this.declines.get(key) ?? [], now, this.backoffPolicy()));
    this.tellBoth(challenge, "challenge:declined", { id: challenge.id, reason: parsed.value.reason ?? "generic" } satisfies ChallengeDeclinedMessage);
  }

  cancel(client: Client, payload: unknown) {
    const { room } = this;
    const parsed = parseMessage(challengeIdSchema, payload);
    if (!parsed.ok) return room.sendError(client, parsed.error);
    const found = this.challenges.answerable(parsed.value.id, (client.auth as AuthData).playerId, "cancel", room.clock.now());
    if (!found.ok) return room.sendError(client, found.error);
    this.challenges.close(found.challenge);
    this.tellBoth(found.challenge, "challenge:cancelled", { id: found.challenge.id, reason: "cancelled" } satisfies ChallengeCancelledMessage);
  }

  list(client: Client, payload: unknown) {
    const parsed = parseMessage(challengeListSchema, payload);
    if (!parsed.ok) return this.room.sendError(client, parsed.error);
    client.send("challenge:list", this.challengeList((client.auth as AuthData).playerId));
  }

  /** The open challenge with this id, for its link page; null when there is none. */
  publicChallenge(id: string): ChallengeView | null {
    const challenge = typeof id === "string" ? this.challenges.get(id, this.room.clock.now()) : null;
    return challenge ? challengeView(challenge) : null;
  }

  /** Expired challenges are announced to both; decline records that no longer count are forgotten. */
  sweep(now: number) {
    for (const c of this.challenges.expire(now)) this.tellBoth(c, "challenge:expired", { id: c.id } satisfies ChallengeExpiredMessage);
    const policy = this.backoffPolicy();
    for (const [key, times] of this.declines) if (declinesForgotten(times, now, policy)) this.declines.delete(key);
  }

  /** The store's facts on the challenged player; whether they have played each other is read only when it matters. */
  private async targetFacts(challengerId: string, targetId: string): Promise<TargetFacts> {
    const { store } = this.room;
    const [target, preferences] = await Promise.all([store.getPlayer(targetId), store.preferences(targetId)]);
    const policy = preferences.challenges;
    if (!target || policy !== "played") return { target, policy, challengerHasAccount: false, havePlayed: false };
    const [account, havePlayed] = await Promise.all([store.accountOf(challengerId), store.havePlayed(challengerId, targetId)]);
    return { target, policy, challengerHasAccount: account !== null, havePlayed };
  }

  private challengeList(playerId: string): ChallengeListMessage {
    const { received, sent } = this.challenges.listFor(playerId, this.room.clock.now());
    return { received: received.map(challengeView), sent: sent.map(challengeView) };
  }

  /** The challenge's own lobby connection if it is still open, else another of the challenger's. */
  private sessionOf(from: Challenge["from"]): string {
    if (this.room.connected(from.sessionId)) return from.sessionId;
    const [other] = this.tabs.get(from.playerId) ?? [];
    return other?.sessionId ?? from.sessionId;
  }

  private backoffPolicy(): BackoffPolicy {
    const { challengeBackoffBaseMs, challengeBackoffMaxMs } = this.room.config;
    return { baseMs: challengeBackoffBaseMs, maxMs: challengeBackoffMaxMs, windowMs: BACKOFF_WINDOW_MS };
  }

  /** A message to every lobby connection of the player (none while they are away). */
  private tell(playerId: string, type: string, message: unknown) {
    for (const client of this.tabs.get(playerId) ?? []) client.send(type, message);
  }

  /** What happened to a challenge goes to every lobby connection of both players, so that each tab shows it. */
  private tellBoth(challenge: Challenge, type: string, message: unknown) {
    this.tell(challenge.from.playerId, type, message);
    this.tell(challenge.to.playerId, type, message);
  }
}

/** One challenger and the player they challenged (declines count per pair, in this direction only). */
function pairKey(challengerId: string, targetId: string): string {
  return JSON.stringify([challengerId, targetId]);
}
