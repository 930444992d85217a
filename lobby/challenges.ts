import { randomBytes } from "node:crypto";
import type { GameName } from "../games/registry";
import type { ChallengeView } from "../protocol/challenges";
import { ErrorCode, gameError, type GameError } from "../protocol/errors";
import type { ChallengePolicy, Player } from "../store/types";

/** Who sent a challenge. */
export interface Challenger {
  playerId: string;
  name: string;
  /** Their rating in the challenge's game, when they sent it. */
  rating: number;
  /** The lobby connection that sent it: it gets `matched` if still connected (else another of the challenger's). */
  sessionId: string;
}

export interface Challenge {
  /** Unguessable: the challenge link. */
  id: string;
  game: GameName;
  rated: boolean;
  from: Challenger;
  to: { playerId: string; name: string };
  createdAt: number;
  expiresAt: number;
}

/** What a player may do with a challenge: its target accepts or declines it, its challenger cancels it. */
export type ChallengeAnswer = "accept" | "decline" | "cancel";

/** 128 bits from the operating system's cryptographic source, as base64url (22 characters): the link is all that names it. */
export function newChallengeId(bytes: (n: number) => Buffer = randomBytes): string {
  return bytes(16).toString("base64url");
}

/** The challenge as the wire carries it (the sending connection stays on the server). */
export function challengeView(c: Challenge): ChallengeView<GameName> {
  return {
    id: c.id,
    game: c.game,
    rated: c.rated,
    from: { playerId: c.from.playerId, name: c.from.name, rating: Math.round(c.from.rating) },
    to: { playerId: c.to.playerId, name: c.to.name },
    createdAt: c.createdAt,
    expiresAt: c.expiresAt,
  };
}

/** What the store says about the challenged player, and about the two of them. */
export interface TargetFacts {
  /** Null for an unknown player. */
  target: Pick<Player, "id" | "name" | "isBot" | "bannedAt"> | null;
  policy: ChallengePolicy;
  challengerHasAccount: boolean;
  /** Whether the two have a recorded match together (not aborted). */
  havePlayed: boolean;
}

/** Why the store's facts forbid the challenge, or null. A banned player is "not found", like an unknown one. */
export function targetRefusal({ target, policy, challengerHasAccount, havePlayed }: TargetFacts): GameError | null {
  if (!target || target.bannedAt !== null) return gameError(ErrorCode.PLAYER_NOT_FOUND, "There is no player with that id.");
  if (target.isBot) return gameError(ErrorCode.CHALLENGE_BOT, `${target.name} is a bot; play a bot from the queue instead of challenging one.`);
  if (policy === "nobody") return gameError(ErrorCode.CHALLENGES_OFF, `${target.name} does not take challenges.`);
  if (policy === "played" && !(challengerHasAccount && havePlayed)) {
    const why = challengerHasAccount ? "" : " You are playing as a guest: claim an account first.";
    return gameError(ErrorCode.CHALLENGES_PLAYED_ONLY, `${target.name} takes challenges only from accounts they have played before.${why}`);
  }
  return null;
}

/** The refusal of a challenge to `name`, who declined this challenger recently, until `until`. */
export function backoffRefusal(name: string, until: number, now: number): GameError {
  return gameError(ErrorCode.CHALLENGE_BACKOFF, `${name} declined your challenge; you can challenge them again in ${waitText(until - now)}.`);
}

/** The refusal of an accept while the challenger is seated in a game that has not ended. */
export function challengerBusy(c: Challenge): GameError {
  return gameError(
    ErrorCode.CHALLENGER_BUSY,
    `${c.from.name} is playing another game right now; the challenge stays open, so accept it again when that game ends.`,
  );
}

/** "45 s", or whole minutes (rounded up) from a minute on. */
export function waitText(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

/**
 * The open challenges: each for `lifetimeMs`, at most `maxOpen` sent by one player at once, one per pair of players
 * (either direction). Time is passed in; ids come from `newId` (the cryptographic source by default).
 * An expired challenge is remembered for one more lifetime, so that a late answer hears "expired", not "not found".
 */
export class Challenges {
  private open = new Map<string, Challenge>();
  private expired = new Map<string, Challenge>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly maxOpen: number,
    private readonly newId: () => string = () => newChallengeId(),
  ) {}

  /** Why `fromId` may not challenge `toId` now, as far as the open challenges tell (self, one per pair, the limit), or null. */
  refusal(fromId: string, toId: string, now: number): GameError | null {
    if (fromId === toId) return gameError(ErrorCode.CHALLENGE_SELF, "You cannot challenge yourself.");
    let sent = 0;
    for (const c of this.live(now)) {
      if (c.from.playerId === fromId && c.to.playerId === toId) {
        return gameError(ErrorCode.CHALLENGE_EXISTS, `You have already challenged ${c.to.name}; wait for their answer or cancel it.`);
      }
      if (c.from.playerId === toId && c.to.playerId === fromId) {
        return gameError(ErrorCode.CHALLENGE_EXISTS, `${c.from.name} has already challenged you; accept or decline that challenge.`);
      }
      if (c.from.playerId === fromId) sent++;
    }
    if (sent >= this.maxOpen) {
      return gameError(ErrorCode.CHALLENGE_LIMIT, `You have ${sent} open challenges, the most at once; cancel one or wait for an answer.`);
    }
    return null;
  }

  /** A new challenge, or why not (checked again here: another tab may have sent one while the store was read). */
  send(from: Challenger, to: Challenge["to"], game: GameName, rated: boolean, now: number): { ok: true; challenge: Challenge } | { ok: false; error: GameError } {
    const refused = this.refusal(from.playerId, to.playerId, now);
    if (refused) return { ok: false, error: refused };
    let id = this.newId();
    while (this.open.has(id) || this.expired.has(id)) id = this.newId();
    const challenge: Challenge = { id, game, rated, from, to, createdAt: now, expiresAt: now + this.lifetimeMs };
    this.open.set(id, challenge);
    return { ok: true, challenge };
  }

  /**
   * The open challenge `id` that `playerId` may answer with `answer`, or why not. A challenge not addressed to the
   * player (nor sent by them) is "not found", so ids cannot be probed.
   */
  answerable(id: string, playerId: string, answer: ChallengeAnswer, now: number): { ok: true; challenge: Challenge } | { ok: false; error: GameError } {
    const challenge = this.open.get(id) ?? this.expired.get(id);
    const role = challenge?.from.playerId === playerId ? "challenger" : challenge?.to.playerId === playerId ? "target" : null;
    if (!challenge || !role) return { ok: false, error: gameError(ErrorCode.CHALLENGE_NOT_FOUND, "No open challenge of yours has that id; it may have been answered or withdrawn.") };
    if (now > challenge.expiresAt) return { ok: false, error: gameError(ErrorCode.CHALLENGE_EXPIRED, "That challenge has expired.") };
    if (answer === "cancel" && role === "target") {
      return { ok: false, error: gameError(ErrorCode.CHALLENGE_NOT_FOUND, "That challenge was sent to you: accept or decline it; only its challenger can cancel it.") };
    }
    if (answer !== "cancel" && role === "challenger") {
      return { ok: false, error: gameError(ErrorCode.CHALLENGE_NOT_FOUND, `That challenge is yours; only ${challenge.to.name} can ${answer} it.`) };
    }
    return { ok: true, challenge };
  }

  /** Closes `challenge` for the one who answers it; false if it closed meanwhile (answered, withdrawn or expired). */
  close(challenge: Challenge): boolean {
    if (this.open.get(challenge.id) !== challenge) return false;
    this.open.delete(challenge.id);
    return true;
  }

  /** The challenger's last lobby connection closed: the challenges they sent close with it. */
  closeFrom(playerId: string): Challenge[] {
    const closed: Challenge[] = [];
    for (const c of this.open.values()) if (c.from.playerId === playerId) closed.push(c);
    for (const c of closed) this.open.delete(c.id);
    return closed;
  }

  /** Challenges that ran out since the last call, to announce; and forgets those expired for more than a lifetime. */
  expire(now: number): Challenge[] {
    // Runs at every tick of the lobby's timer: no allocation unless something is due.
    const due: Challenge[] = [];
    for (const c of this.open.values()) if (now > c.expiresAt) due.push(c);
    for (const c of due) {
      this.open.delete(c.id);
      this.expired.set(c.id, c);
    }
    for (const [id, c] of this.expired) if (now > c.expiresAt + this.lifetimeMs) this.expired.delete(id);
    return due;
  }

  /** The player's open challenges, received and sent, oldest first. */
  listFor(playerId: string, now: number): { received: Challenge[]; sent: Challenge[] } {
    const live = [...this.live(now)];
    return { received: live.filter((c) => c.to.playerId === playerId), sent: live.filter((c) => c.from.playerId === playerId) };
  }

  /** The open challenge with this id (for its link page), or null. */
  get(id: string, now: number): Challenge | null {
    const c = this.open.get(id);
    return c && now <= c.expiresAt ? c : null;
  }

  private *live(now: number): Iterable<Challenge> {
    for (const c of this.open.values()) if (now <= c.expiresAt) yield c;
  }
}
